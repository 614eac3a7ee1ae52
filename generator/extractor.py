"""Extract stage: one pure `extract_<field>` function per metadata field, each returning `Found(value, source)`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pycld2

from generator.cleaner import classify_line, clean_text, count_words, normalize_line
from generator.credits import extract_credit
from generator.dates import (
    find_day_month,
    find_full_dates,
    find_url_year_month,
    find_weekday_dates,
    make_date,
    parse_iso_date,
    resolve_day_month,
    resolve_weekday_date,
)
from generator.entities import extract_organizations, extract_people, extract_places, extract_topics, find_entities
from generator.errors import SeedError
from generator.stories import find_fact_sentences, make_fingerprint
from generator.summarizer import extract_summary
from generator.models import Article, Cleaned, Found, Header, Knowledge, Seed, TitleLine
from generator.translit import to_latin

_DATELINE = re.compile(
    r"^(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]{2,}(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁ'’-]+){0,3})(?:/[A-ZА-ЯЁ'’ -]{3,30})?\s*"
    r"(?=,|:|\.\s|\(|\s[—–-]{1,2}\s)"
    # a place in ordinary case needs a day and month after it (`Кызылорда. 20 января. КазТАГ –`), or an agency in
    # brackets or after a dash (`Samarkand (Uzbekistan) (AFP) –`, `Ташкент, Узбекистан – АН Podrobno.uz.`)
    # (a date the sentence runs on from is no dateline: `Напомним, 5 июня сборная сыграла…`)
    r"|^(?P<town>[A-ZА-ЯЁ][a-zа-яё]+(?:[ -][A-ZА-ЯЁ][a-zа-яё]+)?)(?=[.,]\s+(?:\d{1,2}\s+[A-Za-zА-Яа-яЁё]{3,9}|"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2})\b(?:,?\s+\d{4}(?:\s*(?:г\.|года))?)?\s*(?:[.,:/(—–-]|$)|(?:,\s*[A-ZА-ЯЁ][a-zа-яё]+|\s*\([A-ZА-ЯЁ][a-zа-яё]+\))?\s*(?:\([^()]{2,40}\)\s*[—–-]{1,2}\s|"
    r"[—–]\s+\S))"
)
_DATELINE_PREFIX = re.compile(
    r"^[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]{2,}(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+){0,3}(?:/[A-ZА-ЯЁ'’ -]{3,30})?\s*"
    r"(?:,\s*[^./:(]{1,25})?\s*(?:[.:]\s*)?(?:/[^/]{1,30}/\s*\.?|\([^()]{1,30}\)\s*[—–-]?)?\s*[—–:-]?\s*"
)
# A dateline led by a place in ordinary case: `Москва. 26 ноября. INTERFAX.RU - `, `Samarkand (Uzbekistan) (AFP) – `,
# `Ташкент, Узбекистан – АН Podrobno.uz. `, `Tashkent, Uzbekistan (UzDaily.com) -- `.
_TOWN_PREFIX = re.compile(
    r"""^[A-ZА-ЯЁ][a-zа-яё]+(?:[A-ZА-ЯЁ][a-zа-яё]+)?(?:[ -][A-ZА-ЯЁ][a-zа-яё]+)?  # `Samarkand`, `CentralAsia`, `Nur-Sultan`
    (?:,\s*[A-ZА-ЯЁ][a-zа-яё]+|\s*\([A-ZА-ЯЁ][a-zа-яё]+\))?
    (?P<date>[.,]\s+(?:\d{1,2}\s+[A-Za-zА-Яа-яЁё]{3,9}|[A-Z][a-z]{2,8}\.?\s+\d{1,2})\.?)?
    \s*(?P<agency>\([^()]{2,40}\))?
    \s*(?:(?P<before>[A-ZА-ЯЁ«"][\w.«»"’ -]{1,30}?)\s+)?
    (?P<dash>[—–-]{1,2}\s+(?:(?P<after>[^.—–\s][^.—–]{0,30}?(?:\.[a-z]{2,4})?)\.\s+(?=[A-ZА-ЯЁ«"]))?)?""",
    re.VERBOSE,
)


def strip_dateline(paragraph: str) -> str:
    """A lead paragraph without its dateline and agency credit (`MOSCOW, May 8. /TASS/.`, `Москва. 26 ноября.
    INTERFAX.RU -`), or as it is."""
    if _DATELINE.match(paragraph) and _DATELINE.match(paragraph).group("place"):
        return _DATELINE_PREFIX.sub("", paragraph, count=1)
    match = _TOWN_PREFIX.match(paragraph)
    if match and match.group("dash") and (match.group("date") or match.group("after") or "(" in match.group(0)):
        rest = paragraph[match.end():]
        return rest if rest[:1].isupper() or rest[:1] in "«\"" else paragraph
    if match and match.group("date") and not match.group("dash") and not match.group("before"):
        rest = paragraph[match.end():].lstrip()
        return rest if rest[:1].isupper() else paragraph
    return paragraph


_URL_DATE = (
    re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"/(\d{4})(\d{2})(\d{2})(?:/|[-_]|$)"),
)
_SENTENCE_END = re.compile(r"(?<=[^A-ZА-ЯЁ.][.!?])[\"”»]?\s+(?=[\"“«]?[A-ZА-ЯЁ0-9])")
_CLAUSE_BREAK = re.compile(
    r",\s+(?:according|which|who|whom|where|while|after|before|as|said|saying|adding|citing|reported|"
    r"который|которая|которое|которые|где|когда|после|согласно|сообщает|сообщил|заявил|отметил|передает|"
    r"говорится|сообщается|пишет|отмечается)\b"
    r"|,\s+(?:\w+\s+){0,5}(?:said|says|told|reported|added|noted|сказал|заявил|сообщил|отметил|добавил)\b"
    r"|\s(?:where|which|who|whose|где|который|которая|которые)\s|;|:\s|\s[—–]\s",
    re.IGNORECASE,
)
_WEAK_END = frozenset(
    "a an the of to in on at for with and or but by from as that this its his her their is are was were be "
    "и в во на с со к ко по о об от для из за а но что как не".split()
)
_PHRASE_START = frozenset(
    "of to in on at for with by from as that which who and or but while after before during "
    "и в во на с со к ко по о об от для из за а но что как где который которая которые после перед во время".split()
)
_STOPWORDS = {
    "en": "the of and to in a is that for on was with as by at from it said has have his are be this will",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden",
    "fr": "le la les de des et en un une du est que pour dans qui au sur par pas avec il elle ce sont",
    "es": "el la de que y en los del se las por un para con una su al es lo como más pero sus le ha",
    "it": "il di che la per un in non una sono del della le si con da gli al dei ha questo anche",
    "tr": "ve bir bu da de ile için olarak daha çok ama gibi en ki olan",
    "pl": "i w na z do że się nie jest to o od po jak przez za dla",
}
_STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}


def classify_header_rest(rest: str) -> str:
    """'title' when the header's trailing text is a headline (003), 'body' when it starts the article (004),
    'text' when it is anything else (a site label): then it is cleaned like any other line."""
    if _DATELINE.match(rest) or count_words(rest) > 25:
        return "body"
    if re.search(r"[.!?][\"”»]?\s+[A-ZА-ЯЁ\"“«]", rest):
        return "body"
    if count_words(rest) < 3 or "@" in rest or classify_line(rest):
        return "text"
    return "title"


def extract_title(header: Header | None, cleaned: Cleaned, max_words: int, url: str | None = None,
                  knowledge: Knowledge | None = None) -> Found | None:
    """Headline: the best-scoring line of the page's opening (the header's title among them), else one made from
    the lead. A rubric glued to it is split off and a wire prefix (`UPDATE 2-`) dropped."""
    candidates = [(title, "text") for title in cleaned.titles]
    if header and header.rest and classify_header_rest(header.rest) == "title":
        candidates.insert(0, (TitleLine(header.rest, line=-1), "header"))
    lead = cleaned.paragraphs[0] if cleaned.paragraphs else ""
    context = _TitleContext(
        lead_keys=frozenset(_content_keys(lead)),
        slug_keys=frozenset(_content_keys(_url_slug(url))),
        labels=frozenset(normalize_line(t) for t in cleaned.site_tags),
        knowledge=knowledge,
        host=(urlsplit(url).hostname or "").removeprefix("www.") if url else "",
    )
    titles = [clean_headline(candidate.text, knowledge) for candidate, _ in candidates]
    substantial = [where == "text" and _is_substantial(title) and not candidate.captioned
                   for title, (candidate, where) in zip(titles, candidates)]
    cluster = _final_cluster(substantial, [candidate.line for candidate, _ in candidates], cleaned.text_line)
    scored = []
    for position, (title, (candidate, where)) in enumerate(zip(titles, candidates)):
        if not title:
            continue
        if where == "header":
            place = "header"
        elif cluster and position == cluster[0]:
            place = "top"  # a headline stands above its deck, byline and caption, just above the text
        elif position in cluster:
            place = "below"
        else:
            place = "above" if substantial[position] else "label"
        score = score_headline(title, place, context, candidate.repeated)
        if candidate.captioned:
            score -= 1.5
        scored.append((score, -position, title, where))
    if scored:
        best = max(scored)
        if best[0] > HEADLINE_MIN_SCORE:
            return Found(_safe_title(best[2]), best[3])
    if lead:
        headline = make_headline(lead, max_words)
        if headline:
            return Found(_safe_title(headline), "lead")
    return None


HEADLINE_MIN_SCORE = -2.0
_WIRE_PREFIX = re.compile(
    r"^(?:(?:update|wrapup|refile|corrected|correction|exclusive|breaking(?: news)?|urgent|flash|rpt|analysis|"
    r"factbox|insight|explainer|live|video|photos?|срочно|молния|эксклюзив|обновлено|видео|фото)"
    r"(?:\s*\d{1,2})?\s*(?:[-:—–|]\s*|\s+[-—–]\s+))+",
    re.IGNORECASE,
)
# Section names sites print above (and scrapers glue to) a headline: a kind of line, in both languages.
SECTION_WORDS = frozenset(
    "news world politics economy business society sport sports culture science tech technology health opinion "
    "opinions region regions incidents analytics analysis finance markets energy asia europe lifestyle travel "
    "politic economics interview interviews video photo official central "
    "новости мир политика экономика бизнес общество спорт культура наука технологии здоровье мнения мнение регионы "
    "происшествия аналитика финансы рынки энергетика власть армия экология образование авто туризм интервью "
    "официально видео фото религия право закон безопасность медицина соцсфера транспорт сельское хозяйство "
    "football soccer hockey tennis boxing футбол хоккей теннис бокс биатлон"
    .split()
)
_GLUED = re.compile(r"^(?P<rubric>[A-ZА-ЯЁ][a-zа-яё]{2,}(?:\s[a-zа-яё]{2,})?)(?P<rest>[A-ZА-ЯЁ«\"“][\w«\"“])")
_SPORT_SLUG = re.compile(
    r"^(?:soccer|football|tennis|olympics|athletics|boxing|cycling|golf|motor racing|formula one|cricket|rugby|"
    r"basketball|ice hockey|hockey|swimming|wrestling|chess|esports|judo|skiing|biathlon|figure skating|volleyball)-(?=\S)",
    re.IGNORECASE,
)
_SITE_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+[|—–-]\s+(?P<site>[^|—–]{2,40})$")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_BANNER = re.compile(
    r"\b(?:news agency|information agency|news portal|news site|state news|independent news|news from|news and analysis|"
    r"информационн\w+ (?:агентств\w*|портал\w*|сайт\w*)|агентство \w+ информации|новостной портал|новости \w+ и \w+)\b"
)


@dataclass(frozen=True)
class _TitleContext:
    lead_keys: frozenset[str]
    slug_keys: frozenset[str]
    labels: frozenset[str]
    knowledge: Knowledge | None
    host: str


def clean_headline(line: str, knowledge: Knowledge | None = None) -> str:
    """A headline line without a glued rubric (`ПолитикаТокаев …`), a wire prefix, or a trailing site name."""
    text = " ".join(line.split())
    match = _GLUED.match(text)
    if match and _is_rubric(match.group("rubric"), knowledge):
        text = text[match.end("rubric"):]
    text = _WIRE_PREFIX.sub("", text).strip()
    text = _SPORT_SLUG.sub("", text, count=1)
    if knowledge:
        words = text.split()
        for size in (3, 2, 1):
            if len(words) > size + 3 and knowledge.find_publisher(" ".join(words[-size:])):
                text = " ".join(words[:-size])  # a credit the scraper glued to the headline
                break
    match = _SITE_SUFFIX.match(text)
    if match and knowledge and (knowledge.find_publisher(match.group("site")) or "." in match.group("site")):
        text = match.group("title")
    return text


def _is_rubric(word: str, knowledge: Knowledge | None) -> bool:
    if word.casefold() in SECTION_WORDS:
        return True
    if knowledge is None:
        return False
    folded = word.casefold()
    return any(e.kind == "place" and folded in (e.en.casefold(), e.ru.casefold()) for e in knowledge.entities)


def score_headline(title: str, place: str, context: _TitleContext, repeated: bool = False) -> float:
    """How much a line looks like the article's headline: its length, case and end, whether the page prints it
    twice, how many of its words the URL slug and the lead share, and where it stands: `top` (the first line of
    the block just above the text: a headline comes before its deck), `below` (a deck, byline or caption),
    `above` (further up the page), `label` (a short line), `header` (the scraper's header line)."""
    words = count_words(title)
    if words < 2:
        return -10.0
    score = 0.0
    score += 1.0 if 5 <= words <= 22 else 0.0 if words == 4 else -1.0 if words < 4 else (-3.0 if words > 32 else -1.0)
    if title.endswith(".") and not title.endswith(".."):
        score -= 1.5
    if title.endswith(":"):
        score -= 2.0
    letters = [ch for ch in title if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.7 * len(letters) and words >= 2:
        score -= 2.0
    if _CLOCK.search(title) or find_full_dates(title):
        score -= 2.5
    if _looks_like_menu(title):
        score -= 4.0
    if title[:2] in ("* ", "• ", "- ", "– ", "— "):
        score -= 2.0  # a bullet: one of the summary points wire stories print above the text
    key = normalize_line(title)
    if repeated and words >= 5:
        score += 2.0
    if key in context.labels:
        score -= 3.0
    if context.knowledge and context.knowledge.find_publisher(title):
        score -= 6.0
    if context.host and key.replace(" ", "") in context.host.replace(".", ""):
        score -= 6.0
    label = context.host.split(".")[-2] if context.host.count(".") >= 1 else ""
    if (label and len(label) >= 3 and label in key.replace(" ", "")) or _BANNER.search(key):
        score -= 2.5  # the site's name or its description of itself
    keys = set(_content_keys(title))
    if keys:
        if context.slug_keys:
            score += 3.0 * len(keys & context.slug_keys) / len(keys)
        if context.lead_keys:
            score += 1.5 * len(keys & context.lead_keys) / len(keys)
    score += {"header": 1.5, "top": 1.5, "below": 0.0, "above": -0.5, "label": -0.5}[place]
    return score


def _looks_like_menu(title: str) -> bool:
    """A row of section names flattened into one line: Latin and Cyrillic words together, or Russian words that
    nearly all start with a capital (a Russian headline is written in sentence case)."""
    words = [w for w in title.split() if any(ch.isalpha() for ch in w)]
    if len(words) < 4 or re.search(r"[,.:;!?«»\"“”]", title):
        return False
    latin = sum(1 for w in words if re.match(r"[A-Za-z]", w))
    cyrillic = sum(1 for w in words if re.match(r"[А-Яа-яЁё]", w))
    if latin >= 2 and cyrillic >= 1:
        return True
    capitals = sum(1 for w in words if w[:1].isupper())
    return cyrillic >= 4 and capitals >= 0.6 * len(words)


CLUSTER_GAP = 6  # lines between a headline and its deck, or a deck and the text: a byline, a date, a caption


def _final_cluster(substantial: list[bool], lines: list[int], text_line: int) -> list[int]:
    """Positions of the substantial candidates of the block just above the text (each within a few lines of the
    next, the last within a few lines of the text), top first."""
    members: list[int] = []
    below = text_line
    for position in range(len(substantial) - 1, -1, -1):
        if not substantial[position]:
            continue
        if below - lines[position] > CLUSTER_GAP:
            break
        members.append(position)
        below = lines[position]
    return members[::-1]


def _is_substantial(title: str) -> bool:
    """A line long enough to be a headline or a deck (not a label, a byline or a date)."""
    return count_words(title) >= 5 and not _CLOCK.search(title) and not find_full_dates(title)


def _content_keys(text: str) -> list[str]:
    """Five-letter Latin prefixes of a text's longer words (Cyrillic transliterated), for comparing a headline with
    its lead and its URL slug whatever the inflection or script."""
    latin = to_latin(text).lower()
    return [w[:5] for w in re.findall(r"[a-z0-9]{4,}", latin) if not w.isdigit()]


def _url_slug(url: str | None) -> str:
    if not url:
        return ""
    path = urlsplit(url).path
    parts = [p for p in path.split("/") if p and not p.isdigit()]
    return " ".join(re.split(r"[-_.]", parts[-1])) if parts else ""


def make_headline(lead: str, max_words: int) -> str:
    """A short headline from a lead paragraph: its first clause, cut only between words."""
    text = strip_dateline(lead)
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    clause = _CLAUSE_BREAK.split(sentence, maxsplit=1)[0].strip()
    words = shorten_titles_of_people(clause.split())
    if len(words) > max_words:
        # Cut where a new phrase starts (before a preposition or conjunction), never inside a word.
        breaks = [i for i in range(max_words // 2, max_words + 1) if words[i].lower() in _PHRASE_START]
        words = words[: breaks[-1]] if breaks else words[:max_words]
    while words and words[-1].lower().strip(",;:") in _WEAK_END:
        words.pop()
    headline = " ".join(words).rstrip(",;:—– ")
    headline = headline.rstrip(".") if not headline.endswith("..") else headline
    return headline[:1].upper() + headline[1:]


_ROLE_WORDS = frozenset(
    "president prime minister chancellor king queen secretary chairman chairwoman leader premier governor mayor "
    "foreign defense defence general ambassador spokesman spokeswoman "
    "президент премьер-министр министр председатель глава лидер генсек губернатор мэр посол пресс-секретарь".split()
)


def shorten_titles_of_people(words: list[str]) -> list[str]:
    """`Russian President Vladimir Putin` -> `Putin`: a headline names people by surname."""
    result: list[str] = []
    index = 0
    while index < len(words):
        end = index
        while end < len(words) and words[end][:1].isupper() and not words[end][-1:] in ",;:.":
            end += 1
        run = words[index:end]
        if len(run) >= 3 and any(w.lower() in _ROLE_WORDS for w in run[:-2]):
            result.append(run[-1])
            index = end
        else:
            result.append(words[index])
            index += 1
    return result


def _safe_title(title: str) -> str:
    # Angle brackets in a title reach `<title>` through the theme's `striptags`, which unescapes: keep them out.
    return " ".join(title.replace("<", "‹").replace(">", "›").split())


def extract_url(header: Header | None, cleaned: Cleaned | None = None) -> Found | None:
    """The article's web address: the header's, else one the page prints as a line of its own; http(s) only."""
    if (not header or not header.url_text) and cleaned and cleaned.urls:
        return Found(cleaned.urls[0], "text")
    if not header or not header.url_text:
        return None
    url = header.url_text
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return Found(url, "header")
    return Found(None, "header", (f"header URL '{url[:80]}' is not an http(s) address; ignored",))


def extract_date(
    header: Header | None,
    url: str | None,
    cleaned: Cleaned,
    min_date: dt.date,
    max_date: dt.date,
) -> Found | None:
    """Publication date: header > URL > dateline > byline > a date combined from parts (`inferred`) > text.

    Parts combine only where they agree: a day and month (dateline, a byline without a year, `в среду, 12
    ноября`) take their year from the URL or an archive widget, or from the page's date when a weekday fixes it.
    Where nothing fixes the year there is no date: the page's own date (the day it was viewed) is not the
    article's."""
    warnings: list[str] = []

    def sane(day: dt.date | None, where: str) -> dt.date | None:
        if day is None:
            return None
        if not min_date <= day <= max_date:
            warnings.append(f"{where} date {day.isoformat()} is outside {min_date.isoformat()}..{max_date.isoformat()}; ignored")
            return None
        return day

    if header:
        day = parse_iso_date(header.date_text)
        if day is None:
            warnings.append(f"header date '{header.date_text[:40]}' is not a real date; ignored")
        elif sane(day, "header"):
            return Found(day, "header", tuple(warnings))
    path = urlsplit(url).path if url else ""
    if path:
        for pattern in _URL_DATE:
            match = pattern.search(path)
            if match:
                day = sane(make_date(*map(int, match.groups())), "URL")
                if day:
                    return Found(day, "url", tuple(warnings))
                break
    reference = cleaned.page_date if cleaned.page_date and min_date <= cleaned.page_date <= max_date else None
    text = "\n".join(cleaned.paragraphs)
    full_dates = [d for d in find_full_dates(text) if min_date <= d <= (reference or max_date)]
    lead = find_dateline_paragraph(cleaned)
    dateline_day = find_day_month(lead[:60]) if lead else None
    if dateline_day:
        matching = [d for d in full_dates if (d.month, d.day) == dateline_day]
        if matching and sane(matching[-1], "dateline"):
            return Found(matching[-1], "dateline", tuple(warnings))
    for day in cleaned.byline_dates:
        if sane(day, "byline"):
            return Found(day, "text", tuple(warnings))
    if cleaned.days_ago and reference:  # `Вчера, 17:20` under the headline of a page viewed on its own date
        day = sane(reference - dt.timedelta(days=cleaned.days_ago[0]), "inferred")
        if day:
            return Found(day, "inferred", tuple(warnings), "a byline's day counted back from the page's date")
    # Parts of a date: (month, day, weekday or -1, where) and (year, month or None, where).
    days = [(m, d, w, "byline") for m, d, w in cleaned.day_months]
    if dateline_day:
        days.insert(0, (*dateline_day, -1, "dateline"))
    days += [(m, d, w, "text") for w, m, d in find_weekday_dates(text[:1500])]
    years: list[tuple[int, int | None, str]] = []
    url_year = find_url_year_month(path) if path else None
    if url_year:
        years.append((*url_year, "URL"))
    years += [(y, m, "archive widget") for y, m in cleaned.month_years]
    for month, day_number, weekday, where in days:
        for year, year_month, year_where in years:
            if year_month not in (None, month):
                continue
            day = make_date(year, month, day_number)
            if day and (weekday < 0 or day.weekday() == weekday) and sane(day, "inferred"):
                return Found(day, "inferred", tuple(warnings), f"day from the {where}, year from the {year_where}")
        if weekday >= 0 and (reference or full_dates):
            anchor = reference or max(full_dates)
            day = resolve_weekday_date(weekday, month, day_number, anchor)
            if sane(day, "inferred"):
                return Found(day, "inferred", tuple(warnings), f"weekday and day from the {where}, year from the page's date")
        if where == "byline" and reference:
            # Sites print a byline without its year only in the year it is read: the page's date gives the year.
            day = resolve_day_month(month, day_number, reference)
            if day and day.year == reference.year and sane(day, "inferred"):
                return Found(day, "inferred", tuple(warnings), "day from the byline, year from the page's date")
    if full_dates:
        return Found(max(full_dates), "text", tuple(warnings))
    if reference:
        warnings.append(f"no publication date in the text; the page's own date {reference.isoformat()} is the day it was viewed, not used")
    else:
        warnings.append("no publication date found")
    return Found(None, "none", tuple(warnings))


def extract_source(cleaned: Cleaned, url: str | None, knowledge: Knowledge) -> Found | None:
    """Who wrote it: the agency credited (dateline, source line, byline, attribution), else the outlet itself
    (promo, site banner, copyright, URL domain); see `generator.credits`."""
    return extract_credit(cleaned, url, knowledge)


def extract_outlet(cleaned: Cleaned, url: str | None, source: str | None, knowledge: Knowledge) -> Found | None:
    """Where it was published (copyright line or URL domain), when that differs from the source."""
    candidates: list[tuple[str, str]] = [(_canonical(v, knowledge), "copyright") for k, v in cleaned.signals if k == "copyright"]
    host = urlsplit(url).hostname if url else None
    if host:
        publisher = knowledge.find_domain(host)
        candidates.append((publisher.name if publisher else host.removeprefix("www."), "url"))
    for name, where in candidates:
        if name and name != source:
            return Found(name, where)
    return None


def extract_language(text: str) -> Found:
    """ISO 639-1 code of the text's language (en, ru, or another code / 'und', reported, never mislabeled).

    CLD2 (pycld2) tells apart the Cyrillic languages a letter count confuses (Kazakh, Kyrgyz, Tajik, Uzbek,
    Ukrainian, Belarusian, Russian); the script alone decides only when CLD2 has too little text to say."""
    if not any(ch.isalpha() for ch in text):
        return Found("und", "script", ("no letters to tell the language by",))
    code = _cld2_language(text)
    if code in ("en", "ru"):
        return Found(code, "cld2")
    if code:
        return Found(code, "cld2", (f"text is {_LANGUAGE_NAMES.get(code, code)} ({code}), not English or Russian",))
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    if max(cyrillic, latin) < 0.5 * len(letters):
        return Found("und", "script", ("text is in neither Latin nor Cyrillic script",))
    if cyrillic >= latin:
        return Found("ru", "script")
    words = re.findall(r"[a-zà-ÿąćęłńóśźżğışç]+", text.lower())
    shares = {lang: sum(1 for w in words if w in stop) / max(len(words), 1) for lang, stop in _STOPWORD_SETS.items()}
    best = max(sorted(shares), key=lambda lang: shares[lang])
    if best == "en" and shares["en"] >= 0.05:
        return Found("en", "stopwords")
    if shares[best] >= 0.05:
        return Found(best, "stopwords", (f"text looks {best}, not English or Russian",))
    return Found("en", "script", ("Latin-script text with few English words; assumed English",))


_LANGUAGE_NAMES = {
    "kk": "Kazakh", "ky": "Kyrgyz", "uz": "Uzbek", "tg": "Tajik", "tk": "Turkmen", "uk": "Ukrainian",
    "be": "Belarusian", "az": "Azerbaijani", "hy": "Armenian", "ka": "Georgian", "mn": "Mongolian", "tt": "Tatar",
    "ba": "Bashkir", "de": "German", "fr": "French", "es": "Spanish", "tr": "Turkish", "zh": "Chinese",
}
_CLD2_ALIASES = {"iw": "he", "jw": "jv", "in": "id", "mo": "ro"}


def _cld2_language(text: str) -> str | None:
    # CLD2 wants valid UTF-8: lone surrogates (from broken scrapes) would make it refuse the whole text.
    clean = text.encode("utf-8", "ignore").decode("utf-8")
    try:
        reliable, _, details = pycld2.detect(clean, bestEffort=True)
    except pycld2.error:
        return None
    code = details[0][1] if details else "un"
    if code in ("un", "xxx") or (not reliable and len(clean) < 200):
        return None
    code = code.split("-")[0]
    return _CLD2_ALIASES.get(code, code)


def find_dateline_paragraph(cleaned: Cleaned) -> str:
    """The paragraph that opens with a dateline: the first, or one of the next two after a standfirst."""
    return next((p for p in cleaned.paragraphs[:3] if _DATELINE.match(p)), "")


def extract_dateline(cleaned: Cleaned, knowledge: Knowledge | None = None) -> Found | None:
    """The place of a dateline opening the article (`MOSCOW, May 8.` -> Moscow)."""
    match = _DATELINE.match(find_dateline_paragraph(cleaned))
    if not match:
        return None
    place = (match.group("place") or match.group("town")).strip(" .-")
    if knowledge is not None and knowledge.find_publisher(place):
        return None  # `ТАСС, 27 ноября.`: an agency's credit, not a place
    return Found(re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), place.lower()), "text")


def extract_description(cleaned: Cleaned) -> Found | None:
    """One whole sentence for the page's meta description: the lead's first, without its dateline."""
    lead = strip_dateline(cleaned.paragraphs[0]) if cleaned.paragraphs else ""
    sentence = _SENTENCE_END.split(lead, maxsplit=1)[0].strip()
    return Found(sentence, "lead") if sentence else None


def extract_own_summary(cleaned: Cleaned, language: str) -> Found:
    """Two to four whole sentences in the article's own language (its dateline left out)."""
    paragraphs = list(cleaned.paragraphs)
    if paragraphs:
        paragraphs[0] = strip_dateline(paragraphs[0])
    return Found(extract_summary(tuple(paragraphs), language), "extractive")


def _canonical(name: str, knowledge: Knowledge) -> str:
    name = " ".join(name.split()).strip(" .,:;\"«»“”")
    publisher = knowledge.find_publisher(name)
    return publisher.name if publisher else name


def extract_article(
    seed: Seed, knowledge: Knowledge, learned: frozenset[str], min_date: dt.date, max_date: dt.date, headline_words: int
) -> Article:
    """Clean a seed and run every field extractor; raise `SeedError` when no article text is left."""
    header = seed.header
    lead = header.rest if header and header.rest and classify_header_rest(header.rest) != "title" else None
    cleaned = clean_text(seed.text, knowledge, learned, lead=lead)
    if not cleaned.paragraphs:
        raise SeedError(seed.name, "no article text left after removing navigation, footers and other boilerplate")
    url = extract_url(header, cleaned)
    url_value = url.value if url else None
    title = extract_title(header, cleaned, headline_words, url_value, knowledge)
    if title is None:
        raise SeedError(seed.name, "no title and no lead to make one from")
    date = extract_date(header, url_value, cleaned, min_date, max_date)
    source = extract_source(cleaned, url_value, knowledge)
    outlet = extract_outlet(cleaned, url_value, source.value if source else None, knowledge)
    language = extract_language(" ".join(cleaned.paragraphs))
    dateline = extract_dateline(cleaned, knowledge)
    description = extract_description(cleaned)
    full_text = "\n".join((str(title.value), *cleaned.paragraphs))
    findings = find_entities(full_text, str(language.value), knowledge)
    head = find_entities(str(title.value), str(language.value), knowledge)  # the event's actors, for stories
    topics = extract_topics(full_text, str(language.value), cleaned.site_tags, knowledge)
    summary = extract_own_summary(cleaned, str(language.value))
    warnings = tuple(w for found in (url, date, language) if found for w in found.warnings)
    page_date = cleaned.page_date if cleaned.page_date and cleaned.page_date != date.value else None
    return Article(
        seed=seed.name,
        seed_sha256=seed.sha256,
        slug="",
        title=str(title.value),
        title_source=title.source,
        # the page's meta description opens the summary (the lead sentence when the summary has none)
        description=summary.value[0] if summary.value else (str(description.value) if description else ""),
        date=date.value,
        date_source=date.source if date.value else None,
        date_evidence=date.evidence if date.value else "",
        title_people=head.people,
        title_names=(*head.places, *head.organizations),
        page_date=page_date,
        language=str(language.value),
        source=source.value if source else None,
        outlet=outlet.value if outlet else None,
        url=url_value,
        dateline=dateline.value if dateline else None,
        paragraphs=cleaned.paragraphs,
        site_tags=cleaned.site_tags,
        people=extract_people(findings).value,
        places=extract_places(findings).value,
        organizations=extract_organizations(findings).value,
        topics=topics.value,
        summary=summary.value,
        fingerprint=make_fingerprint(cleaned.paragraphs, str(language.value)),
        facts=find_fact_sentences(full_text, findings.spans, str(language.value), start=len(str(title.value)) + 1),
        warnings=warnings,
    )
