"""Finding and resolving dates written in English or Russian text. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from generator.calendar_names import match_weekday, month_lookup, month_pattern

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    months = month_pattern()
    return {
        "dmy": re.compile(rf"(?<!\d)(\d{{1,2}})(?:\s+|-)({months})\.?,?(?:\s+|-)(\d{{4}})(?!\d)", re.IGNORECASE),
        "mdy": re.compile(rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE),
        "weekday_dm": re.compile(rf"\b([A-Za-zА-Яа-яЁё]+)\s*,?\s+(\d{{1,2}})(?:\s*[-–—]\s*\d{{1,2}})?\s+({months})\b(?!\.?,?\s+\d{{4}})", re.IGNORECASE),
        "weekday_md": re.compile(rf"\b([A-Za-zА-Яа-яЁё]+)\s*,?\s+({months})\.?\s+(\d{{1,2}})(?:\s*[-–—]\s*\d{{1,2}})?\b(?!,?\s+\d{{4}})", re.IGNORECASE),
        "month_year": re.compile(rf"^(?:(?:архив(?: новостей)?|(?:news )?archive)\s*:?\s*)?({months})\.?,?\s+(\d{{4}})(?:\s*(?:г\.?|года?))?$", re.IGNORECASE),
        "day_month_line": re.compile(
            rf"^(?:([A-Za-zА-Яа-яЁё]+)\s*,?\s+)?(?:(\d{{1,2}})\s+({months})|({months})\.?\s+(\d{{1,2}}))\.?"
            rf"(?:\s*,?\s*(?:в\s+|at\s+)?{_CLOCK})?(?:\s*[—–|-]\s*\d+\s*min(?:ute)?s?\s+read)?$", re.IGNORECASE),
        "day_month": re.compile(rf"(?<!\d)(\d{{1,2}})\s+({months})\b|\b({months})\.?\s+(\d{{1,2}})\b", re.IGNORECASE),
    }


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers do not form one (2023-02-30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_iso_date(text: str) -> dt.date | None:
    """`YYYY-MM-DD` exactly, or None."""
    match = _ISO.fullmatch(text.strip())
    return make_date(*map(int, match.groups())) if match else None


def find_full_dates(text: str) -> list[dt.date]:
    """Every complete date (day, month and year) written in the text, in text order."""
    found: list[tuple[int, dt.date]] = []
    months = month_lookup()
    for match in _ISO.finditer(text):
        day = make_date(*map(int, match.groups()))
        if day:
            found.append((match.start(), day))
    for match in _DOTTED.finditer(text):
        day = make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if day:
            found.append((match.start(), day))
    for match in _patterns()["dmy"].finditer(text):
        day = make_date(int(match.group(3)), months[match.group(2).lower()], int(match.group(1)))
        if day:
            found.append((match.start(), day))
    for match in _patterns()["mdy"].finditer(text):
        day = make_date(int(match.group(3)), months[match.group(1).lower()], int(match.group(2)))
        if day:
            found.append((match.start(), day))
    return [day for _, day in sorted(found, key=lambda pair: pair[0])]


def find_weekday_dates(text: str) -> list[tuple[int, int, int]]:
    """(weekday, month, day) for each `в понедельник, 8 мая` / `Monday, May 8` without a year."""
    months = month_lookup()
    found = []
    for match in _patterns()["weekday_dm"].finditer(text):
        weekday = match_weekday(match.group(1))
        if weekday is not None:
            found.append((match.start(), (weekday, months[match.group(3).lower()], int(match.group(2)))))
    for match in _patterns()["weekday_md"].finditer(text):
        weekday = match_weekday(match.group(1))
        if weekday is not None:
            found.append((match.start(), (weekday, months[match.group(2).lower()], int(match.group(3)))))
    return [triple for _, triple in sorted(found)]


def find_day_month(text: str) -> tuple[int, int] | None:
    """The first (month, day) written without a year (`May 8`, `8 мая`), or None."""
    months = month_lookup()
    match = _patterns()["day_month"].search(text)
    if not match:
        return None
    if match.group(1):
        return months[match.group(2).lower()], int(match.group(1))
    return months[match.group(3).lower()], int(match.group(4))


def resolve_weekday_date(weekday: int, month: int, day: int, on_or_before: dt.date) -> dt.date | None:
    """The latest date on or before `on_or_before` that falls on that weekday, month and day (28-year search)."""
    for year in range(on_or_before.year, on_or_before.year - 29, -1):
        candidate = make_date(year, month, day)
        if candidate and candidate <= on_or_before and candidate.weekday() == weekday:
            return candidate
    return None


def resolve_day_month(month: int, day: int, on_or_before: dt.date) -> dt.date | None:
    """The latest `month`/`day` on or before a reference date (a dateline without a year)."""
    for year in (on_or_before.year, on_or_before.year - 1):
        candidate = make_date(year, month, day)
        if candidate and candidate <= on_or_before:
            return candidate
    return None


_RELATIVE_DAY = re.compile(
    r"^(?:(?P<today>сегодня|today)|(?P<yesterday>вчера|yesterday)|(?P<before>позавчера))\s*,?\s*(?:в\s+|at\s+)?"
    r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?$"
    r"|^(?P<days>[1-6])\s+(?:days?|дн(?:я|ей))\s+(?:ago|назад)$",
    re.IGNORECASE,
)


def parse_partial_date_line(line: str) -> tuple[str, tuple[int, ...]] | None:
    """A whole line that dates the page only in part: ('month-year', (year, month)) for an archive widget
    (`Ноябрь 2025`), ('day-month', (month, day, weekday or -1)) for a byline without a year (`14 сен, 21:00`),
    ('days-ago', (days,)) for one the page's own date resolves (`Вчера, 17:20`, `Today at 9:15`, `2 days ago`)."""
    stripped = _PAREN_TAIL.sub("", line).strip(" .,|#*•—–-«»<>‹›")
    relative = _RELATIVE_DAY.match(stripped) if len(stripped) <= 40 else None
    if relative:
        back = 0 if relative.group("today") else 1 if relative.group("yesterday") else 2 if relative.group("before") else 0
        return "days-ago", (int(relative.group("days") or back),)
    if not stripped or len(stripped) > 40 or not any(ch.isdigit() for ch in stripped):
        return None
    months = month_lookup()
    match = _patterns()["month_year"].match(stripped)
    if match:
        return "month-year", (int(match.group(2)), months[match.group(1).lower()])
    match = _patterns()["day_month_line"].match(stripped)
    if match:
        weekday = match_weekday(match.group(1)) if match.group(1) else None
        if match.group(1) and weekday is None:
            return None
        month, day = (months[match.group(3).lower()], int(match.group(2))) if match.group(2) else (months[match.group(4).lower()], int(match.group(5)))
        return "day-month", (month, day, -1 if weekday is None else weekday)
    return None


_URL_YEAR_MONTH = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:/|$)|/((?:19|20)\d\d)/")


def find_url_year_month(path: str) -> tuple[int, int | None] | None:
    """(year, month or None) from a URL path such as `/2025/11/…` or `/2025/…`."""
    match = _URL_YEAR_MONTH.search(path)
    if not match:
        return None
    if match.group(1):
        return int(match.group(1)), int(match.group(2))
    return int(match.group(3)), None


_PAREN_TAIL = re.compile(r"\s*\([^()]{0,60}\)\s*$")
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?:a\.?m\.?|p\.?m\.?))?(?:\s*(?:UTC|GMT|MSK|МСК)\s*[+-]?\d{0,2}(?::\d{2})?)?"


_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
# A line in Cyrillic, or with a 24-hour time of day and no a.m./p.m., writes its slashed dates day first.
_DAY_FIRST = re.compile(r"[а-яё]|(?<!\d)(?:1[3-9]|2[0-3])[:.]\d\d(?!\s*[ap]\.?m)", re.IGNORECASE)
_DATE_LINE_FILLER = frozenset(
    "published updated posted last modified on at in by am pm a.m. p.m. et est edt gmt utc msk мск cet bst pst "
    "опубликовано обновлено обновлен обновлена дата публикации изменено в г г. года".split()
)
_DATE_LINE_WORDS = 4  # words a date line may carry besides its date (`Published`, `By Reuters`, `in Nation on`)


def parse_date_line(line: str) -> tuple[dt.date, bool] | None:
    """(date, is a byline) when a short line is a date as page headers and bylines print it; a byline carries a
    time of day or other words (`Published`, `4 min read`), a bare date may be the day the page was viewed
    (`26 ноября 2025 года 15:48`, `Oct. 8, 2025, at 9:41 a.m.`, `Published 02/18/2025, 09:17 AM`)."""
    if len(line) > 120 or not any(ch.isdigit() for ch in line):
        return None
    stripped = _PAREN_TAIL.sub("", line).strip(" .,|#*•—–-")
    tail = line.rstrip()
    if not stripped or len(stripped) > 90 or (tail.endswith(".") and not re.search(r"(?:a\.m|p\.m|г|\d)\.$", tail)):
        return None
    spans = _date_spans(stripped, _DAY_FIRST.search(line) is not None)
    if not spans:
        return None
    rest = stripped
    for start, end, _ in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = re.sub(_CLOCK, " ", rest, flags=re.IGNORECASE)
    words = [w.strip(".,:;|()—–-").lower() for w in rest.split()]
    words = [w for w in words if any(ch.isalpha() for ch in w) and w not in _DATE_LINE_FILLER and match_weekday(w) is None]
    if len(words) > _DATE_LINE_WORDS:
        return None
    first = min(spans)[2]
    return first, bool(re.search(r"\d:\d\d", stripped) or words)


def _date_spans(text: str, day_first: bool = False) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of each complete date in a short text, slashed dates included: month first as in the US
    (`02/18/2025`), day first where the line is written the European way (`day_first`: `05/12/2014 - 21:52 (по МСК)`)."""
    spans = []
    months = month_lookup()
    for match in _ISO.finditer(text):
        day = make_date(*map(int, match.groups()))
        if day:
            spans.append((match.start(), match.end(), day))
    for match in _DOTTED.finditer(text):
        day = make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if day:
            spans.append((match.start(), match.end(), day))
    for match in _SLASHED.finditer(text):
        first, second, year = map(int, match.groups())
        if day_first:
            first, second = second, first
        day = make_date(year, first, second) or make_date(year, second, first)
        if day:
            spans.append((match.start(), match.end(), day))
    for match in _patterns()["dmy"].finditer(text):
        day = make_date(int(match.group(3)), months[match.group(2).lower()], int(match.group(1)))
        if day:
            spans.append((match.start(), match.end(), day))
    for match in _patterns()["mdy"].finditer(text):
        day = make_date(int(match.group(3)), months[match.group(1).lower()], int(match.group(2)))
        if day:
            spans.append((match.start(), match.end(), day))
    return spans
