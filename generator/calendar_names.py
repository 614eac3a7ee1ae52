"""Month and weekday names of English and Russian (and the months of the region's other languages) from Babel's
locale data, for parsing dates in text."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from babel.dates import format_date, get_day_names, get_month_names

LOCALES = ("en", "ru")
# Sites of the region print their dates in the state language too, on Russian pages as well (`16 ақп. 2026`,
# `07 Sentabr 2025`): their month names are read, never written.
OTHER_MONTH_LOCALES = ("kk", "uz", "az", "tg")
_VOWELS = set("aeiouyаеёиоуыэюя")
_RUSSIAN_OR_ENGLISH = re.compile(r"[a-zа-яё]+")


@lru_cache(maxsize=1)
def month_lookup() -> dict[str, int]:
    """Lower-case month name or abbreviation (any case form Babel knows) -> month number."""
    names: dict[str, int] = {}
    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context=context, locale=locale).items():
                    names[name.lower().rstrip(".")] = number
    for name, number in list(names.items()):
        if locale_of(name) == "ru" and len(name) > 3:
            names.setdefault(name[:3], number)  # news agencies write `25 ноя`, `8 сен`
    for locale in OTHER_MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, context="format", locale=locale).items():
                name = name.lower().rstrip(".")
                # an abbreviation that could be a Russian or English word (`там`, `sen`) is not read as a month
                if width == "wide" or not _RUSSIAN_OR_ENGLISH.fullmatch(name):
                    names.setdefault(name, number)
    names["sept"] = 9  # news-style abbreviation that CLDR lacks
    return names


def locale_of(word: str) -> str:
    """'ru' for a Cyrillic word, else 'en'."""
    return "ru" if any("\u0400" <= ch <= "\u04ff" for ch in word) else "en"


@lru_cache(maxsize=1)
def weekday_stems() -> tuple[tuple[str, int], ...]:
    """(stem, weekday 0=Monday) pairs; a Russian stem drops the final vowel so that `в среду` matches `среда`."""
    stems = []
    for locale in LOCALES:
        for number, name in get_day_names("wide", context="format", locale=locale).items():
            name = name.lower()
            stems.append((name[:-1] if name[-1] in _VOWELS else name, number))
    return tuple(sorted(stems, key=lambda pair: -len(pair[0])))


def match_weekday(word: str) -> int | None:
    """Weekday number of a (possibly inflected) weekday word, or None."""
    word = word.lower()
    for stem, number in weekday_stems():
        if word.startswith(stem) and len(word) - len(stem) <= 2:
            return number
    return None


def month_pattern() -> str:
    """A regex alternation of every month name, longest first, for use inside larger patterns."""
    return "|".join(re.escape(name) for name in sorted(month_lookup(), key=len, reverse=True))


@lru_cache(maxsize=4096)
def format_month_label(year: int, month: int) -> str:
    """'May 2023 · май 2023': the month in both languages, stand-alone forms."""
    day = dt.date(year, month, 1)
    return " · ".join(format_date(day, "LLLL y", locale=locale) for locale in LOCALES)


@lru_cache(maxsize=65536)
def format_long_date(day: dt.date, locale: str) -> str:
    """A date as a reader of that language writes it: '9 May 2023' / '9 мая 2023 г.'."""
    return format_date(day, "d MMMM y", locale=locale) + (" г." if locale == "ru" else "")
