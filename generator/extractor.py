"""Extract stage: one pure `extract_<field>` function per metadata field, each returning `Found(value, source)`."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from generator.cleaner import classify_line, clean_text, count_words
from generator.dates import (
    find_day_month,
    find_full_dates,
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
from generator.models import Article, Cleaned, Found, Header, Knowledge, Seed

_DATELINE = re.compile(
    r"^(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]{2,}(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+){0,3})\s*(?=,|:|\(|\s[—–-]\s)"
)
_DATELINE_AGENCY = re.compile(
    r"^.{0,60}?(?:/\s*(?P<slash>[^/\s][^/]{0,30}?)\s*/|\((?P<paren>[^()]{2,30})\)\s*[—–-]|\s[—–]\s(?P<dash>[^.—–]{2,30})\.\s)"
)
_DATELINE_PREFIX = re.compile(
    r"^[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]{2,}(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+){0,3}\s*"
    r"(?:,\s*[^./:(]{1,25})?\s*(?:[.:]\s*)?(?:/[^/]{1,30}/\s*\.?|\([^()]{1,30}\)\s*[—–-]?)?\s*[—–:-]?\s*"
)
_URL_DATE = (
    re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"/(\d{4})(\d{2})(\d{2})(?:/|[-_]|$)"),
)
_ATTRIBUTION = re.compile(
    r"(?:according to|reported by|citing|сообщает|сообщило|сообщили|передает|передаёт|по данным|пишет)\s+(?:the\s+)?"
    r"(?P<after>[\w.«»\"-]+(?:\s+[\w.«»\"-]+){0,2})"
    r"|(?P<before>[\w.-]+(?:\s+[\w.-]+)?)\s+(?:news agency\s+)?(?:reported|said|reports)\b",
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


def extract_title(header: Header | None, cleaned: Cleaned, max_words: int) -> Found | None:
    """Headline: the header's title, else the best title line of the page, else one made from the lead."""
    if header and header.rest and classify_header_rest(header.rest) == "title":
        return Found(_safe_title(header.rest), "header")
    if cleaned.title_candidates:
        return Found(_safe_title(cleaned.title_candidates[0]), "text")
    if cleaned.paragraphs:
        headline = make_headline(cleaned.paragraphs[0], max_words)
        if headline:
            return Found(_safe_title(headline), "lead")
    return None


def make_headline(lead: str, max_words: int) -> str:
    """A short headline from a lead paragraph: its first clause, cut only between words."""
    text = _DATELINE_PREFIX.sub("", lead, count=1) if _DATELINE.match(lead) else lead
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


def extract_url(header: Header | None) -> Found | None:
    """The article's web address from the header, only when it is http(s)."""
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
    """Publication date: header > URL > dateline > text > page date, each checked against a sane window."""
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
    if url:
        for pattern in _URL_DATE:
            match = pattern.search(urlsplit(url).path)
            if match:
                day = sane(make_date(*map(int, match.groups())), "URL")
                if day:
                    return Found(day, "url", tuple(warnings))
                break
    reference = cleaned.page_date if cleaned.page_date and min_date <= cleaned.page_date <= max_date else None
    text = "\n".join(cleaned.paragraphs)
    full_dates = [d for d in find_full_dates(text) if min_date <= d <= (reference or max_date)]
    lead = find_dateline_paragraph(cleaned)
    if lead:
        month_day = find_day_month(lead[:60])
        if month_day:
            matching = [d for d in full_dates if (d.month, d.day) == month_day]
            day = matching[-1] if matching else (resolve_day_month(*month_day, reference) if reference else None)
            if sane(day, "dateline"):
                return Found(day, "dateline", tuple(warnings))
    for day in cleaned.byline_dates:
        if sane(day, "byline"):
            return Found(day, "text", tuple(warnings))
    for weekday, month, day_number in find_weekday_dates(text):
        anchor = reference or (max(full_dates) if full_dates else None)
        day = resolve_weekday_date(weekday, month, day_number, anchor) if anchor else None
        if sane(day, "text"):
            return Found(day, "text", tuple(warnings))
    if full_dates:
        return Found(max(full_dates), "text", tuple(warnings))
    if reference:
        warnings.append(f"no publication date in the text; using the page's date {reference.isoformat()}")
        return Found(reference, "page-date", tuple(warnings))
    warnings.append("no publication date found")
    return Found(None, "none", tuple(warnings))


def extract_source(cleaned: Cleaned, url: str | None, knowledge: Knowledge) -> Found | None:
    """Who wrote it: dateline agency > `Source:` line > promo naming the publication > attribution > URL domain."""
    lead = find_dateline_paragraph(cleaned)
    match = _DATELINE_AGENCY.match(lead) if lead else None
    if match:
        name = (match.group("slash") or match.group("paren") or match.group("dash")).strip()
        return Found(_canonical(name, knowledge), "dateline")
    for kind in ("source-line", "byline", "promo"):
        for signal_kind, value in cleaned.signals:
            if signal_kind == kind:
                return Found(_canonical(value, knowledge), kind)
    for match in _ATTRIBUTION.finditer("\n".join(cleaned.paragraphs)):
        phrase = match.group("after") or match.group("before")
        publisher = _find_publisher_in(phrase, knowledge)
        if publisher and publisher.agency:
            return Found(publisher.name, "attribution")
    host = urlsplit(url).hostname if url else None
    if host:
        publisher = knowledge.find_domain(host)
        return Found(publisher.name if publisher else host.removeprefix("www."), "url")
    return None


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
    """ISO 639-1 code of the text's language (en, ru, or another code / 'und', reported, never mislabeled)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return Found("und", "script", ("no letters to tell the language by",))
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    if max(cyrillic, latin) < 0.5 * len(letters):
        return Found("und", "script", ("text is in neither Latin nor Cyrillic script",))
    if cyrillic >= latin:
        lower = text.lower()
        if sum(lower.count(ch) for ch in "іїєґ") > 0.005 * len(letters):
            return Found("uk", "script", ("text is Ukrainian, not English or Russian",))
        if lower.count("ў") > 0.002 * len(letters):
            return Found("be", "script", ("text is Belarusian, not English or Russian",))
        return Found("ru", "script")
    words = re.findall(r"[a-zà-ÿąćęłńóśźżğışç]+", text.lower())
    shares = {lang: sum(1 for w in words if w in stop) / max(len(words), 1) for lang, stop in _STOPWORD_SETS.items()}
    best = max(sorted(shares), key=lambda lang: shares[lang])
    if best == "en" and shares["en"] >= 0.05:
        return Found("en", "stopwords")
    if shares[best] >= 0.05:
        return Found(best, "stopwords", (f"text looks {best}, not English or Russian",))
    return Found("en", "script", ("Latin-script text with few English words; assumed English",))


def find_dateline_paragraph(cleaned: Cleaned) -> str:
    """The paragraph that opens with a dateline: the first, or one of the next two after a standfirst."""
    return next((p for p in cleaned.paragraphs[:3] if _DATELINE.match(p)), "")


def extract_dateline(cleaned: Cleaned) -> Found | None:
    """The place of a dateline opening the article (`MOSCOW, May 8.` -> Moscow)."""
    match = _DATELINE.match(find_dateline_paragraph(cleaned))
    if not match:
        return None
    place = match.group("place").strip(" .-")
    return Found(re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), place.lower()), "text")


def extract_description(cleaned: Cleaned) -> Found | None:
    """One whole sentence for the page's meta description: the lead's first, without its dateline."""
    lead = cleaned.paragraphs[0] if cleaned.paragraphs else ""
    if _DATELINE.match(lead):
        lead = _DATELINE_PREFIX.sub("", lead, count=1)
    sentence = _SENTENCE_END.split(lead, maxsplit=1)[0].strip()
    return Found(sentence, "lead") if sentence else None


def extract_own_summary(cleaned: Cleaned, language: str) -> Found:
    """Two to four whole sentences in the article's own language (its dateline left out)."""
    paragraphs = list(cleaned.paragraphs)
    if paragraphs and _DATELINE.match(paragraphs[0]):
        paragraphs[0] = _DATELINE_PREFIX.sub("", paragraphs[0], count=1)
    return Found(extract_summary(tuple(paragraphs), language), "extractive")


def _canonical(name: str, knowledge: Knowledge) -> str:
    name = " ".join(name.split()).strip(" .,:;\"«»“”")
    publisher = knowledge.find_publisher(name)
    return publisher.name if publisher else name


def _find_publisher_in(phrase: str, knowledge: Knowledge):
    words = phrase.strip(" .,«»\"").split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            publisher = knowledge.find_publisher(" ".join(words[start : start + size]).strip(" .,«»\""))
            if publisher:
                return publisher
    return None


def extract_article(
    seed: Seed, knowledge: Knowledge, learned: frozenset[str], min_date: dt.date, max_date: dt.date, headline_words: int
) -> Article:
    """Clean a seed and run every field extractor; raise `SeedError` when no article text is left."""
    header = seed.header
    lead = header.rest if header and header.rest and classify_header_rest(header.rest) != "title" else None
    cleaned = clean_text(seed.text, knowledge, learned, lead=lead)
    if not cleaned.paragraphs:
        raise SeedError(seed.name, "no article text left after removing navigation, footers and other boilerplate")
    title = extract_title(header, cleaned, headline_words)
    if title is None:
        raise SeedError(seed.name, "no title and no lead to make one from")
    url = extract_url(header)
    url_value = url.value if url else None
    date = extract_date(header, url_value, cleaned, min_date, max_date)
    source = extract_source(cleaned, url_value, knowledge)
    outlet = extract_outlet(cleaned, url_value, source.value if source else None, knowledge)
    language = extract_language(" ".join(cleaned.paragraphs))
    dateline = extract_dateline(cleaned)
    description = extract_description(cleaned)
    full_text = "\n".join((str(title.value), *cleaned.paragraphs))
    findings = find_entities(full_text, str(language.value), knowledge)
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
