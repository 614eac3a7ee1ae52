"""Who wrote an article: the agency it credits, else the outlet that published it. One pure function,
`extract_credit`, reads the kinds of credit a news page prints, strongest first:

1. a dateline credit opening the lead (`MOSCOW, May 8. /TASS/.`, `ASTANA (Reuters) -`, `АСТАНА, 5 янв - РИА
   Новости.`, `Москва. 26 ноября. INTERFAX.RU -`, `ТАСС, 27 ноября.`);
2. an explicit source line (`Source: X`, `Источник: X`, `По материалам X`, `via X`);
3. a byline naming a publisher (`By Name, Reuters`, `By THE ASSOCIATED PRESS`);
4. an attribution in the lead (`..., Kazinform News Agency reports.`, `..., передает Sputnik.`);
5. a line that is only an agency's name (a wire credit under the headline);
6. an attribution or a wire sign-off closing the text (`— пишет РИА Новости.`, `(Reporting by ... Reuters ...)`);
7. the outlet itself: a promo naming the publication, the site's name printed at the top of the page, the
   copyright line, the URL's domain (a known publisher's name, else the bare domain).

Citations inside the body (`according to Xinhua`, `сообщил министр`) are not credits: only the lead and the
closing paragraph are read for attributions, and only reporting verbs count there. A name the knowledge files do
not know is reported as the text prints it when its shape says it is an outlet (`reports Daryo.uz`, `(UzDaily.com)`,
`/Khovar/`); known names come back canonical (`knowledge.find_publisher`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from generator.cleaner import ALL_RIGHTS_RESERVED
from generator.models import Cleaned, Found, Knowledge, Publisher

LEAD_PARAGRAPHS = 5  # a dateline credit opens one of the first paragraphs (after a standfirst or a caption)
LEAD_MIN_WORDS = 12  # the lead is the first paragraph at least this long
BYLINE_PARAGRAPHS = 6  # bylines printed as paragraphs stand near the top of the text
MAX_NAME_WORDS = 6

_DASH = r"(?:-{1,2}|[—–])"
_QUOTES = "«»\"“”„'‘’"
_OUTER = " .,:;|/()[]" + _QUOTES + "—–-"
# A name shaped like a web address: `Tengrinews.kz`, `INTERFAX.RU`, `UzDaily.com`.
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?(?P<host>(?:[\w-]+\.)+[a-zA-Z]{2,12})(?:/\S*)?$")
# Words that introduce or qualify an outlet's name (`ИА «Авеста»`, `Kazinform News Agency`), in either language.
_OUTLET_WORDS = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:(?:state|national|international|information|news|press)\s+)*(?:news\s+)?"
    r"(?:agency|portal|outlet|website|site|newspaper|service|channel)\s+"
    r"|^(?:ИА|АН|МИА|НИАТ|АМИТ|ИАА|РИА|ИД|информационное\s+агентство|агентство|издание|газета|портал|сайт|"
    r"телеканал|радио|журнал)\s+",
    re.IGNORECASE,
)
_OUTLET_SUFFIX = re.compile(
    r"\s+(?:(?:international\s+)?(?:news\s+|information\s+)?agency|news|correspondent|reporter|"
    r"корреспондент|корреспонденты)$",
    re.IGNORECASE,
)
_LEGAL_FORM = re.compile(
    r"^(?:АО|ООО|ЗАО|ОАО|ПАО|ТОО|ГУП|ФГУП|ИД|МИА)\s+|\s*,?\s+(?:LLC|Ltd\.?|Limited|Inc\.?|L\.?P\.?|PLC|GmbH|S\.?A\.?|"
    r"Corp\.?|Co\.?|Company|Enterprises|Media Network|Group)$",
    re.IGNORECASE,
)
_YEARS = re.compile(r"(?<!\w)(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?(?!\w)")
_COPYRIGHT_WORDS = re.compile(rf"copyright|©|\(c\)|{ALL_RIGHTS_RESERVED}", re.IGNORECASE)
_NOT_CREDITS = frozenset(
    "photo photos video update updated file archive live фото видео обновлено архив онлайн".split()
)
_SEPARATOR = re.compile(r"\s+[|—–-]\s+|\s*\|\s*")

# 1. Dateline credits. The head before the credit is a place and/or a date: capitalized words, numbers, a month.
_HEAD_TOKEN = re.compile(r"[(]?[^\W\d_][\w'’.\-/]*[)]?|[\w.\-/]*\d[\w.\-/]*")
_SLASH = re.compile(rf"^(?P<head>[^/]{{0,70}}?)(?<=[\s\d.,])/\s*(?P<name>[^/\s][^/]{{0,40}}?)\s*/(?=[\s.,:;]|{_DASH}|$)")
_PAREN = re.compile(rf"\((?P<name>[^()]{{1,40}})\)\s*(?:{_DASH}\s*|\.\s+(?=\w))")
_AFTER_DASH = re.compile(
    rf"^(?P<head>[^—–]{{2,70}}?)\s+{_DASH}\s*(?P<name>(?:[^.\s—–]|\.(?=\w)|\s(?=\S)){{2,45}}?)\.(?=\s|$)"
)
_BEFORE_DASH = re.compile(
    rf"^(?P<head>.{{2,60}}?[.,])\s*(?P<name>[^\W\d_](?:[^.,\s—–-]|[.-](?=\w)|\s(?=[^\s—–-])){{0,40}}?)\s*{_DASH}\s"
)
_NAME_FIRST = re.compile(r"^(?P<name>[^,.\d]{2,35}),\s*(?P<date>\d{1,2}\s+[^\W\d_]{3,10}|[^\W\d_]{3,10}\.?\s+\d{1,2})\.\s")

# 2. Explicit source lines.
_SOURCE_LINE = re.compile(
    r"^(?:source|sources|источник|источники|по материалам|по информации|via)\b(?!\s+(?:фото|photo|image))"
    r"\s*[:—–-]?\s*(?P<name>.{2,80}?)[.\s]*$",
    re.IGNORECASE,
)

# 3. Bylines.
_BYLINE = re.compile(r"^by\s+(?P<rest>\S.{0,100})$", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|\||/|\s[-—–]\s|\sand\s|\swith\s|\sfor\s|\sи\s|\sin\s)\s*", re.IGNORECASE)

# 4, 6. Attributions: a reporting verb with the name after it, or the name before it.
_PRESENT_VERBS = (r"reports|informs|writes|сообщает|сообщают|передает|передаёт|передают|пишет|пишут|информирует|"
                  r"приводит|приводят")
_PAST_VERBS = r"сообщило|сообщили"  # `Об этом сообщили РИА Новости в министерстве`: told the outlet (the lead only)
_VERB_THEN_NAME = {
    past: re.compile(
        rf"(?:^|[\s,(—–-])(?:{_PRESENT_VERBS}{'|' + _PAST_VERBS if past else ''})\s+"
        r"(?P<name>[^.,;:!?()]{2,80}(?:\.\w[^.,;:!?()]{0,40})?)",
        re.IGNORECASE,
    )
    for past in (False, True)
}
_AFTER_NAME = r"reports|informs|writes|сообщает|передает|передаёт|пишет|информирует"
_NAME_THEN_VERB = re.compile(rf"(?P<name>[^.,;:!?()—–]{{2,80}}?)\s+(?:{_AFTER_NAME})\b", re.IGNORECASE)
_NAME_THEN_REPORTED = re.compile(r"(?P<name>[^.,;:!?()—–]{2,80}?)\s+(?:reported|has reported)\b", re.IGNORECASE)
# The verbs alone: a paragraph without one is never scanned by the (slower) patterns that capture the name before it.
_ANY_VERB = re.compile(rf"\b(?:{_AFTER_NAME})\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:reported|has reported)\b", re.IGNORECASE)
_ROLE_WORDS = re.compile(r"^(?:(?:a|the|its|our)\s+)?(?:own\s+)?(?:correspondents?|reporters?|корреспондент\w*)\s+(?:of\s+|for\s+)?",
                         re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|compiled|editing|written|reported|prepared)\s+by\b", re.IGNORECASE
)


def extract_credit(cleaned: Cleaned, url: str | None, knowledge: Knowledge) -> Found | None:
    """Who wrote the article (see the module's docstring for the order of the rules), or None when nothing says."""
    names = _Names(knowledge)
    for rule in (_dateline_credit, _source_line, _byline, _lead_attribution, _agency_line, _closing_credit,
                 _promo, _banner, _copyright):
        found = rule(cleaned, names)
        if found:
            return found
    host = (urlsplit(url).hostname or "") if url else ""
    if host:
        publisher = knowledge.find_domain(host)
        if publisher:
            return Found(publisher.name, "url")
        return _domain_holder(cleaned, names, host) or Found(host.lower().removeprefix("www."), "url")
    return _copyright_holder(cleaned, names)


class _Names:
    """Name look-ups against the knowledge files: publishers (canonical names) and places (never a credit)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._places: frozenset[str] | None = None

    def publisher(self, text: str) -> Publisher | None:
        """The known publisher a name (as printed) denotes: by name or alias, by web domain, or without its
        quotes, an outlet word (`ИА`, `news agency`) or a correspondent's title."""
        name = _strip(text)
        if not name:
            return None
        seen = set()
        for form in _forms(name):
            if form in seen or not form:
                continue
            seen.add(form)
            publisher = self.knowledge.find_publisher(form)
            if publisher:
                return publisher
            domain = _DOMAIN.match(form)
            if domain and "." in form:
                publisher = self.knowledge.find_domain(domain.group("host"))
                if publisher:
                    return publisher
        return None

    def canonical(self, text: str) -> str:
        publisher = self.publisher(text)
        return publisher.name if publisher else _strip(text)

    def is_place(self, text: str) -> bool:
        if self._places is None:
            self._places = frozenset(
                n.casefold() for e in self.knowledge.entities if e.kind == "place" for n in e.names
            )
        return _strip(text).casefold() in self._places


def _strip(text: str) -> str:
    return " ".join(text.split()).strip(_OUTER)


def _forms(name: str) -> Iterator[str]:
    """A printed name and the plainer forms it may be known by."""
    yield name
    unquoted = _strip(re.sub(f"[{_QUOTES}]", " ", name))
    yield unquoted
    for form in (name, unquoted):
        bare = _strip(_OUTLET_SUFFIX.sub("", _OUTLET_WORDS.sub("", form)))
        yield bare
        yield _strip(_ROLE_WORDS.sub("", bare))
    quoted = re.search(r"«([^«»]{2,40})»", name)
    if quoted:
        yield _strip(quoted.group(1))


def _is_outlet_shaped(name: str) -> bool:
    """An unknown name printed the way outlets are: a web address, `ИА «X»`, or mixed case inside a word
    (`UzDaily`, `КазТАГ`, `AKIpress`)."""
    name = _strip(name)
    if not name or len(name.split()) > 4:
        return False
    if _DOMAIN.match(name) and not name.replace(".", "").isdigit():
        return True
    if _OUTLET_WORDS.match(name + " ") and re.search(r"[«\"“]", name):
        return True
    return any(re.search(r"[a-zа-яё][A-ZА-ЯЁ]|^[A-ZА-ЯЁ]{2,}[a-zа-яё]{2,}", word) for word in name.split())


def _is_web_name(name: str) -> bool:
    """An unknown outlet a reporting verb names is reported only when it is named by its address (`Daryo.uz`):
    a capitalized word there is as likely a person's name."""
    name = _strip(name)
    return bool(_DOMAIN.match(name)) and any(ch.isalpha() for ch in name.split(".")[0]) and name[:1].isalnum()


def _looks_like_name(name: str) -> bool:
    """Short, starting with a letter or a digit (`24.kg`), and not a date or a number."""
    name = _strip(name)
    words = name.split()
    return bool(words) and len(words) <= MAX_NAME_WORDS and name[:1].isalnum() and not re.fullmatch(r"[\d\W_]+", name)


# 1. Dateline credits --------------------------------------------------------------------------------------------


def _dateline_credit(cleaned: Cleaned, names: _Names) -> Found | None:
    for paragraph in cleaned.paragraphs[:LEAD_PARAGRAPHS]:
        name = _credit_in_dateline(paragraph, names)
        if name:
            return Found(names.canonical(name), "dateline")
    return None


def _credit_in_dateline(paragraph: str, names: _Names) -> str | None:
    """The agency a lead's dateline credits, if the paragraph opens with one."""
    text = paragraph[:200]
    match = _SLASH.match(text)
    if match and _is_head(match.group("head"), allow_empty=True) and _is_credit_name(match.group("name")) \
            and not names.is_place(match.group("name")):
        return match.group("name")
    for match in _PAREN.finditer(text[:130]):
        head = text[: match.start()]
        name = match.group("name")
        if not _is_head(head, allow_empty=True):
            break
        if names.is_place(name) or _is_acronym_of(name, head):
            continue
        if re.fullmatch(r"[A-Z]{2}", name) and not names.publisher(name):
            # a country code after the outlet's name: `CentralAsia (KZ) -`
            words = _strip(head).split(",")[0].strip()
            if words and not names.is_place(words) and (names.publisher(words) or _is_outlet_shaped(words)):
                return words
            continue
        if _is_credit_name(name) and (names.publisher(name) or _is_outlet_shaped(name) or name.isupper()):
            return name
    match = _AFTER_DASH.match(text)
    if match and _is_head(match.group("head")) and _credible(match.group("name"), names):
        return match.group("name")
    match = _BEFORE_DASH.match(text)
    if match and _is_head(match.group("head")) and _credible(match.group("name"), names):
        return match.group("name")
    match = _NAME_FIRST.match(text)
    if match and names.publisher(match.group("name")) and not names.is_place(match.group("name")):
        return match.group("name")
    return None


def _is_credit_name(name: str) -> bool:
    """A name a dateline may credit: short, opening with a capital or a digit, not a photo or update label."""
    name = _strip(name)
    return _looks_like_name(name) and not name[:1].islower() and name.casefold() not in _NOT_CREDITS


def _is_head(head: str, allow_empty: bool = False) -> bool:
    """A dateline's head: a place and/or a date (`ASTANA, June 17`, `Москва. 26 ноября.`, `Tashkent, Uzbekistan`)."""
    head = head.strip(" ,.:")
    if not head:
        return allow_empty
    if len(head) > 70 or re.search(r"[.!?]\s+[a-zа-яё]", head) or re.search(r"[\"«»“”]", head):
        return False
    tokens = _HEAD_TOKEN.findall(head)
    rest = _HEAD_TOKEN.sub("", head)
    if not tokens or len(tokens) > 8 or re.search(r"[^\s,.:()/]", rest):
        return False
    has_digit = any(any(ch.isdigit() for ch in t) for t in tokens)
    lower = [t for t in tokens if t.strip("()")[:1].islower()]
    capitals = any(len(t) > 2 and t.strip("()").isupper() for t in tokens)
    return len(lower) <= (1 if has_digit else 0) and (has_digit or capitals or len(tokens) <= 3)


def _is_acronym_of(name: str, head: str) -> bool:
    """`(EAEU)` after `Eurasian Economic Union`: an abbreviation, not a credit."""
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", head) if w[0].isupper())
    return len(name) >= 2 and name.isupper() and name in initials


def _credible(name: str, names: _Names) -> bool:
    """A name after (or before) a dateline's dash is a credit when it is a known publisher or shaped like an outlet."""
    if not _is_credit_name(name) or names.is_place(name):
        return False
    return bool(names.publisher(name)) or _is_outlet_shaped(name)


# 2. Explicit source lines ---------------------------------------------------------------------------------------


def _source_line(cleaned: Cleaned, names: _Names) -> Found | None:
    for kind, value in cleaned.signals:
        if kind == "source-line" and _looks_like_name(_host_or_name(value)):
            return Found(_named(value, names), "source-line")
    lines = (*cleaned.paragraphs[:BYLINE_PARAGRAPHS], *cleaned.paragraphs[-3:], *cleaned.title_candidates)
    for line in lines:
        # the line itself, or the sentence closing a paragraph (`... в регионе. По материалам ТАСС.`)
        last = re.split(r"(?<=[.!?])\s+(?=[(\[]?\w)", line.strip())[-1]
        if len(last.split()) > 10:
            continue
        match = _SOURCE_LINE.match(last.strip(" ()[]"))
        if match:
            name = match.group("name")
            if names.publisher(_host_or_name(name)) or _is_outlet_shaped(_host_or_name(name)):
                return Found(_named(name, names), "source-line")
    return None


def _host_or_name(value: str) -> str:
    """A URL's host (`https://tass.ru/x` -> `tass.ru`), else the text."""
    value = _strip(value)
    if "/" in value or value.lower().startswith("www."):
        match = _DOMAIN.match(value)
        if match:
            return match.group("host").lower().removeprefix("www.")
    return value


def _named(value: str, names: _Names) -> str:
    return names.canonical(_host_or_name(value))


# 3. Bylines -----------------------------------------------------------------------------------------------------


def _byline(cleaned: Cleaned, names: _Names) -> Found | None:
    signed = [value for kind, value in cleaned.signals if kind == "byline"]
    lines = (*signed, *cleaned.title_candidates, *cleaned.site_tags, *cleaned.paragraphs[:BYLINE_PARAGRAPHS])
    for line in lines:
        match = _BYLINE.match(line.strip())
        if not match or len(line.split()) > 16 or (line.rstrip()[-1:] in ".!?" and len(line.split()) > 6):
            continue
        name = _publisher_in_byline(match.group("rest"), names)
        if name:
            return Found(name, "byline")
    return None


def _publisher_in_byline(rest: str, names: _Names) -> str | None:
    parts = [_strip(p) for p in _BYLINE_SPLIT.split(rest)]
    found: list[Publisher] = []
    for part in [_strip(rest), *parts]:
        publisher = names.publisher(part)
        if publisher and publisher not in found:
            found.append(publisher)
    if found:
        return next((p for p in found if p.agency), found[0]).name
    shaped = [p for p in parts if _DOMAIN.match(p) and "." in p]
    return shaped[0] if shaped else None


# 4, 6. Attributions ---------------------------------------------------------------------------------------------


LEAD_PARAGRAPHS = 3  # an agency credited as having reported it (`Kabar news agency reported`) near the top


def _lead_attribution(cleaned: Cleaned, names: _Names) -> Found | None:
    opening = [p for p in cleaned.paragraphs if len(p.split()) >= LEAD_MIN_WORDS][:LEAD_PARAGRAPHS]
    name = _attributed(opening[0], names, past=True) if opening else None
    for paragraph in opening[1:]:
        if name:
            break
        for match in _NAME_THEN_REPORTED.finditer(paragraph) if _REPORTED.search(paragraph) else ():
            name = _trailing_name(match.group("name"), names, agencies_only=True)
            if name:
                break
    return Found(name, "attribution") if name else None


def _closing_credit(cleaned: Cleaned, names: _Names) -> Found | None:
    for paragraph in reversed(cleaned.paragraphs[-2:]):
        if _SIGN_OFF.match(paragraph):
            agencies = [p for p in _publishers_in(paragraph, names) if p.agency]
            if agencies:
                return Found(agencies[0].name, "sign-off")
    if cleaned.paragraphs and len(cleaned.paragraphs) > 1:
        name = _attributed(cleaned.paragraphs[-1], names)
        if name:
            return Found(name, "attribution")
    return None


def _attributed(paragraph: str, names: _Names, past: bool = False) -> str | None:
    """The publisher a paragraph's reporting verb credits (`..., Trend reports`, `..., передает Sputnik`); with
    `past`, also a past-tense report by an agency (`..., Kabar news agency reported`), which further down the text is
    a citation."""
    for match in _VERB_THEN_NAME[past].finditer(paragraph):
        name = _leading_name(match.group("name"), names)
        if name:
            return name
    for match in _NAME_THEN_VERB.finditer(paragraph) if _ANY_VERB.search(paragraph) else ():
        name = _trailing_name(match.group("name"), names)
        if name:
            return name
    for match in _NAME_THEN_REPORTED.finditer(paragraph) if past and _REPORTED.search(paragraph) else ():
        # past tense is a citation unless an agency is named
        name = _trailing_name(match.group("name"), names, agencies_only=True)
        if name:
            return name
    return None


def _leading_name(text: str, names: _Names) -> str | None:
    """The longest run of words opening `text` that names a known publisher, else an outlet's web address."""
    words = _strip_role(text).split()[: MAX_NAME_WORDS + 2]
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        publisher = names.publisher(candidate)
        if publisher:
            return publisher.name
    if words and _is_web_name(words[0]):
        return _strip(words[0])
    return None


def _trailing_name(text: str, names: _Names, agencies_only: bool = False) -> str | None:
    """The longest run of words closing `text` that names a known publisher, else an outlet's web address."""
    text = _OUTLET_SUFFIX.sub("", _strip(text))
    text = _OUTLET_SUFFIX.sub("", text)
    words = text.split()[-(MAX_NAME_WORDS + 2):]
    for start in range(len(words)):
        candidate = " ".join(words[start:])
        publisher = names.publisher(candidate)
        if publisher and (publisher.agency or not agencies_only):
            return publisher.name
    if words and _is_web_name(words[-1]) and not agencies_only:
        return _strip(words[-1])
    return None


def _strip_role(text: str) -> str:
    text = _strip(text)
    for _ in range(2):
        text = _ROLE_WORDS.sub("", text)
        text = re.sub(r"^(?:the|a|an|агентство|издание|портал|сайт|газета|телеканал)\s+", "", text, flags=re.IGNORECASE)
    return text


def _publishers_in(text: str, names: _Names) -> list[Publisher]:
    words = re.findall(r"[\w.&'-]+", text)
    found: list[Publisher] = []
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            publisher = names.publisher(" ".join(words[start : start + size]))
            if publisher and publisher not in found:
                found.append(publisher)
    return found


# 5. Agency credit lines -----------------------------------------------------------------------------------------


def _agency_line(cleaned: Cleaned, names: _Names) -> Found | None:
    for kind, value in cleaned.signals:
        if kind == "byline":
            publisher = names.publisher(value)
            if publisher and publisher.agency:
                return Found(publisher.name, "byline")
    return None


# 7. The outlet itself -------------------------------------------------------------------------------------------


def _promo(cleaned: Cleaned, names: _Names) -> Found | None:
    for kind, value in cleaned.signals:
        if kind == "promo" and _looks_like_name(value):
            return Found(names.canonical(value), "promo")
    return None


def _banner(cleaned: Cleaned, names: _Names) -> Found | None:
    """The site's name printed at the top of the page (alone, or before its tagline: `Vesti.kg — Новости ...`)."""
    lines: list[str] = [v for k, v in cleaned.signals if k == "byline"]
    lines += [*cleaned.title_candidates[:3], *cleaned.site_tags]
    for line in lines:
        for part in _parts(line):
            publisher = names.publisher(part)
            if publisher:
                return Found(publisher.name, "banner")
    return None


def _parts(line: str) -> Iterable[str]:
    yield line
    parts = _SEPARATOR.split(line)
    if len(parts) > 1:
        yield parts[0]


def _copyright(cleaned: Cleaned, names: _Names) -> Found | None:
    for holder in _copyright_names(cleaned):
        for form in _holder_forms(holder):
            publisher = names.publisher(form)
            if publisher:
                return Found(publisher.name, "copyright")
    return None


def _holder_name(holder: str) -> str:
    """A copyright holder without the mark, its years and its legal form (`© 2024 Steppe Media LLC` -> `Steppe Media`)."""
    return _strip(_LEGAL_FORM.sub("", _strip(_YEARS.sub(" ", _COPYRIGHT_WORDS.sub(" ", holder)))))


def _copyright_holder(cleaned: Cleaned, names: _Names) -> Found | None:
    """With no URL to go by, the copyright holder as printed (its years and legal form dropped)."""
    for holder in _copyright_names(cleaned):
        name = _holder_name(holder)
        if _looks_like_name(name) and any(ch.isalpha() for ch in name):
            return Found(names.canonical(name), "copyright")
    return None


def _domain_holder(cleaned: Cleaned, names: _Names, host: str) -> Found | None:
    """The copyright holder as printed when its name spells the site's domain (`Malay Mail` of `malaymail.com`)."""
    labels = set(host.lower().split(".")[:-1])
    for holder in _copyright_names(cleaned):
        name = _holder_name(holder)
        if _looks_like_name(name) and re.sub(r"[\W_]+", "", name.casefold()) in labels:
            return Found(names.canonical(name), "copyright")
    return None


def _copyright_names(cleaned: Cleaned) -> Iterator[str]:
    for kind, value in cleaned.signals:
        if kind == "copyright":
            yield value


def _holder_forms(holder: str) -> list[str]:
    """`—2024 АО «Интерфакс»` -> [`АО «Интерфакс»`, `Интерфакс`]: the holder's name without years and legal form."""
    text = _strip(_YEARS.sub(" ", _COPYRIGHT_WORDS.sub(" ", holder)))
    plain = _strip(_LEGAL_FORM.sub("", text))
    forms = [text] if plain == text else [text, plain]
    for part in _SEPARATOR.split(plain):
        if _strip(part) and _strip(part) not in forms:
            forms.append(_strip(part))
    return [f for f in forms if f and any(ch.isalpha() for ch in f)]
