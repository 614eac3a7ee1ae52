"""Entities and topics: who, where, which organizations, what about. Pure functions over text + knowledge.

Russian words are compared by every lemma pymorphy3 offers (so `Жапаровым`, `Киргизии`, `Москву` meet their
dictionary forms); English words by lower case without a possessive. Names the knowledge files do not know are
still found by context: a role word before a run of capitalized words (`adviser Yury Ushakov`), a preposition
before a place (`in Osh`), and pymorphy3's name, surname and place tags for Russian.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
import snowballstemmer

from generator.models import Entity, Found, Knowledge, Topic
from generator.translit import to_latin

_WORD = re.compile(r"[^\W_](?:[\w’'.-]*[^\W_.])?")
_POSSESSIVE = re.compile(r"[’']s$")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_ROLES = frozenset(
    "president minister prime chancellor king queen mr mrs ms dr leader counterpart spokesman spokeswoman "
    "spokesperson adviser advisor aide envoy ambassador general secretary chairman chairwoman governor mayor "
    "premier senator official commander".split()
)
MAX_TOPICS = 4
_PLACE_PREPOSITIONS = frozenset("in to from near at".split())
_SAID = frozenset("said says told added noted stressed".split())
_NOT_NAMES = frozenset(
    "the a an his her their its this that these those he she it they we i on in at of and or but for with "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    """The Russian morphological analyzer (loaded once per process)."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=300_000)
def word_keys(word: str) -> frozenset[str]:
    """Every form a word may stand for: its lower case, without a possessive, and each of its Russian lemmas."""
    lower = _POSSESSIVE.sub("", word.lower().replace("ё", "е"))
    keys = {lower}
    if _CYRILLIC.search(word):
        keys.update(p.normal_form.replace("ё", "е") for p in morph().parse(word))
    return frozenset(keys)


@lru_cache(maxsize=300_000)
def russian_tags(word: str) -> frozenset[str]:
    """Proper-noun tags pymorphy3 gives a Russian word among its likely parses (Name, Surn, Patr, Geox, Orgn)."""
    tags: set[str] = set()
    for parse in morph().parse(word)[:3]:
        tags.update(tag for tag in ("Name", "Surn", "Patr", "Geox", "Orgn") if tag in parse.tag)
    return frozenset(tags)


@dataclass(frozen=True)
class Token:
    text: str
    keys: frozenset[str]
    capital: bool
    sentence_start: bool
    offset: int = 0
    joined: bool = False  # only spaces separate it from the previous word (no comma, no sentence end)


def tokenize(text: str) -> list[Token]:
    """Words of a text with their comparison keys and case."""
    tokens = []
    previous_end = 0
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()]
        start = not tokens or bool(re.search(r"[.!?]\s*[\"“«]?\s*$", gap)) or "\n" in gap
        word = match.group(0)
        joined = bool(tokens) and gap.strip() == "" and "\n" not in gap
        tokens.append(Token(word, word_keys(word), word[:1].isupper(), start, match.start(), joined))
        previous_end = match.end()
    return tokens


@dataclass(frozen=True)
class _Alias:
    keys: tuple[frozenset[str], ...]
    capitals: tuple[bool, ...]
    entity: Entity
    partial: bool  # a surname alone: ambiguous between namesakes
    order: int  # the entity's place in its knowledge file: the first listed wins a tie


@lru_cache(maxsize=8)
def alias_index(knowledge: Knowledge) -> dict[str, list[_Alias]]:
    """First-word key -> aliases starting with it, longest first."""
    index: dict[str, list[_Alias]] = {}
    for order, entity in enumerate(knowledge.entities):
        names = [(name, False) for name in entity.names]
        if entity.kind == "person":
            names += [(name.split()[-1], True) for name in (entity.en, entity.ru) if len(name.split()) > 1]
        for name, partial in names:
            words = _WORD.findall(name)
            if not words:
                continue
            partial = partial or (entity.kind == "person" and len(words) == 1)  # one word: maybe a namesake
            alias = _Alias(tuple(word_keys(w) for w in words), tuple(w[:1].isupper() for w in words), entity, partial, order)
            for key in alias.keys[0]:
                index.setdefault(key, []).append(alias)
    for aliases in index.values():
        aliases.sort(key=lambda a: (-len(a.keys), a.partial, a.order))
    return index


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int
    partial: bool


def find_mentions(tokens: list[Token], knowledge: Knowledge) -> list[Mention]:
    """Known entities named in the tokens, longest match first, each token used once."""
    index = alias_index(knowledge)
    mentions: list[Mention] = []
    position = 0
    while position < len(tokens):
        match = None
        candidates = {id(a): a for key in tokens[position].keys for a in index.get(key, ())}
        for alias in sorted(candidates.values(), key=lambda a: (-len(a.keys), a.partial, a.order)):
            end = position + len(alias.keys)
            span = tokens[position:end]
            # A name needs a capital letter somewhere in the text (`Кант`, not `кант`); an alias written all in lower
            # case in the knowledge files (a Russian adjective such as `российский`) does not.
            if len(span) < len(alias.keys) or (any(alias.capitals) and not any(t.capital for t in span)):
                continue
            if all(t.keys & k and (t.capital or not cap) for t, k, cap in zip(span, alias.keys, alias.capitals)):
                match = Mention(alias.entity, position, end, alias.partial)
                break
        if match:
            mentions.append(match)
            position = match.end
        else:
            position += 1
    return resolve_namesakes(mentions, knowledge)


def resolve_namesakes(mentions: list[Mention], knowledge: Knowledge) -> list[Mention]:
    """A bare surname shared by two known people means the one named in full in the same text."""
    named_in_full = {m.entity for m in mentions if not m.partial}
    resolved = []
    for mention in mentions:
        if mention.partial and mention.entity not in named_in_full:
            namesakes = [e for e in knowledge.entities if e.kind == "person" and e.surnames & mention.entity.surnames]
            full = [e for e in namesakes if e in named_in_full]
            if full:
                mention = Mention(full[0], mention.start, mention.end, True)
        resolved.append(mention)
    return resolved


def _unknown_runs(tokens: list[Token], taken: set[int]) -> list[tuple[int, int]]:
    runs = []
    position = 0
    while position < len(tokens):
        if tokens[position].capital and position not in taken and tokens[position].text.lower() not in _NOT_NAMES:
            end = position
            end += 1
            while end < len(tokens) and tokens[end].capital and tokens[end].joined and end not in taken and end - position < 4:
                end += 1
            runs.append((position, end))
            position = end
        else:
            position += 1
    return runs


_SURNAME = re.compile(
    r"(?:ov|ev|yov|ova|eva|in|ina|yn|sky|skiy|skii|skaya|enko|yan|ian|uly|ulu|kyzy|qyzy|uulu|zade|dze|shvili|off|"
    r"ов|ев|ёв|ова|ева|ёва|ин|ына|ина|ын|ский|ская|цкий|цкая|енко|ян|улы|кызы|уулу|заде|дзе|швили)$"
)
# Nouns that make a capitalized phrase a place, a building or an event, never a person.
_NOT_PERSON_WORDS = frozenset(
    "square street avenue palace airport base hall university stadium arena center centre forum summit cup league "
    "championship ministry committee council bank company group party union republic region oblast province "
    "district city bridge tower river lake mountains park museum theatre theater cathedral mosque church hotel "
    "station port exchange agency fund organization organisation association federation institute academy school "
    "college court parliament assembly duma senate government office service news times post daily week day "
    "games olympics open tournament club team fc corporation inc ltd llc plc airlines airways railways energy "
    "oil gas holding media press television tv radio channel square".split()
)
_RU_ROLES = frozenset(
    "президент премьер премьер-министр министр вице-премьер замминистра глава губернатор врио мэр посол "
    "пресс-секретарь помощник советник депутат сенатор спикер председатель зампред директор гендиректор "
    "руководитель лидер коммунист кандидат тренер наставник форвард нападающий защитник вратарь полузащитник "
    "хавбек игрок спортсмен спортсменка теннисист теннисистка боксер боксёр борец чемпион чемпионка "
    "генсек генерал командующий министр-председатель аким хоким мэр экономист аналитик эксперт политолог "
    "журналист писатель актер актёр певец певица бизнесмен предприниматель основатель миллиардер "
    "представитель омбудсмен прокурор судья адвокат".split()
)
_RU_SAID = frozenset(
    "заявил заявила сказал сказала отметил отметила сообщил сообщила добавил добавила подчеркнул подчеркнула "
    "пояснил пояснила рассказал рассказала считает уточнил уточнила написал написала".split()
)
_EN_SAID = _SAID | frozenset("explained announced wrote stated emphasized emphasised insisted argued warned".split())
_EN_ROLES = _ROLES | frozenset(
    "coach striker forward defender goalkeeper midfielder player boxer wrestler champion tennis star "
    "ceo director head chief deputy analyst economist expert founder candidate lawmaker deputy judge "
    "prosecutor lawyer journalist writer businessman billionaire ombudsman representative commissioner".split()
)


def find_unknown(tokens: list[Token], taken: set[int], language: str) -> dict[str, list[str]]:
    """People, places and organizations the knowledge files do not know, found by context or by tags.

    A capitalized phrase is a person only with evidence: a role word before it, a verb of saying after it, a first
    name (Russian morphology) or a surname's ending, and no word that makes it a place or a building."""
    found: dict[str, list[str]] = {"person": [], "place": [], "organization": []}
    for start, end in _unknown_runs(tokens, taken):
        words = tokens[start:end]
        cyrillic = bool(_CYRILLIC.search(words[0].text))
        roles = _RU_ROLES if cyrillic else _EN_ROLES
        while words and words[0].text.lower() in roles:
            words = words[1:]
            start += 1
        if not words:
            continue
        before = [t.text.lower() for t in tokens[max(0, start - 3) : start]]
        after = tokens[end].text.lower() if end < len(tokens) else ""
        if any(w.text.lower() in _NOT_PERSON_WORDS for w in words):
            continue
        if cyrillic:
            person = _russian_person(words, before, after)
            if person:
                found["person"].append(person)
                continue
            tags = [russian_tags(t.text) for t in words]
            if len(words) == 1 and "Geox" in tags[0] and not words[0].sentence_start:
                found["place"].append(_lemma_title(words[0].text, ("Geox",)))
            elif len(words) == 1 and "Orgn" in tags[0]:
                found["organization"].append(_lemma_title(words[0].text, ("Orgn",)))
            continue
        name = " ".join(_POSSESSIVE.sub("", t.text) for t in words)
        role = bool(set(before) & _EN_ROLES) or after in _EN_SAID or before[-2:] == ["according", "to"]
        surname = 2 <= len(words) <= 3 and bool(_SURNAME.search(words[-1].text.lower()))
        if len(words) >= 2 and (role or surname):
            found["person"].append(name)
        elif before and before[-1] in _PLACE_PREPOSITIONS and len(words) <= 2 and not words[0].sentence_start:
            found["place"].append(name)
    return found


def _russian_person(words: list[Token], before: list[str], after: str) -> str | None:
    """A Russian-script run as a person's name in the nominative, or None without evidence."""
    tags = [russian_tags(t.text) for t in words]
    first_name = "Name" in tags[0] and len(words) >= 2
    by_tags = all(tag & {"Name", "Surn", "Patr"} for tag in tags) and any("Surn" in tag for tag in tags)
    surname = bool(_SURNAME.search(_nominative_surname(words[-1].text, None).lower()))
    context = bool(set(before) & _RU_ROLES) or after in _RU_SAID
    if len(words) == 1:
        if not (context and (surname or "Surn" in tags[0])):
            return None
        return _nominative_surname(words[0].text, None)
    if not (first_name or by_tags or context or (surname and len(words) <= 3)):
        return None
    feminine = _is_feminine_name(words[0].text) if "Name" in tags[0] else None
    parts = [_lemma_title(t.text, ("Name", "Patr")) if ("Name" in tag or "Patr" in tag) and i < len(words) - 1
             else _nominative_surname(t.text, feminine) for i, (t, tag) in enumerate(zip(words, tags))]
    return " ".join(parts)


_SURNAME_CASES = (
    # (ending of an oblique form, masculine nominative ending, feminine nominative ending)
    ("овым", "ов", "ова"), ("евым", "ев", "ева"), ("иным", "ин", "ина"), ("овой", "ов", "ова"), ("евой", "ев", "ева"),
    ("иной", "ин", "ина"), ("ову", "ов", "ова"), ("еву", "ев", "ева"), ("ину", "ин", "ина"), ("ове", "ов", "ов"),
    ("еве", "ев", "ев"), ("ине", "ин", "ин"), ("ова", "ов", "ова"), ("ева", "ев", "ева"), ("ина", "ин", "ина"),
    ("ского", "ский", "ский"), ("скому", "ский", "ский"), ("ским", "ский", "ский"), ("ской", "ский", "ская"),
    ("скую", "ский", "ская"),
)


def _nominative_surname(word: str, feminine: bool | None) -> str:
    """A Russian surname in the nominative (`Ушакова` -> `Ушаков` for a man, `Рыбакиной` -> `Рыбакина`)."""
    lower = word.lower()
    for ending, masculine_end, feminine_end in _SURNAME_CASES:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            if feminine is None and ending in ("ова", "ева", "ина"):
                return word  # a woman's nominative or a man's genitive: without a first name, leave it
            stem = word[: len(word) - len(ending)]
            return stem + (feminine_end if feminine else masculine_end)
    return word


@lru_cache(maxsize=50_000)
def _is_feminine_name(word: str) -> bool | None:
    for parse in morph().parse(word):
        if "Name" in parse.tag:
            return "femn" in parse.tag
    return None


def canonical_people(names: list[str], known: set[str]) -> list[str]:
    """Unknown people under one Latin-script name each (Денис Паслер -> Denis Pasler, in any article's language); a
    surname alone joins the full name it belongs to (in this article, known people included)."""
    latin = [to_latin(name) for name in names]
    full = sorted({n for n in latin if len(n.split()) > 1} | known)
    by_surname: dict[str, str] = {}
    for name in full:
        by_surname.setdefault(name.split()[-1].casefold(), name)
    result = []
    for name in latin:
        if len(name.split()) == 1:
            name = by_surname.get(name.casefold(), name)
        result.append(name)
    return result


def _lemma_title(word: str, wanted: tuple[str, ...]) -> str:
    for parse in morph().parse(word):
        if any(tag in parse.tag for tag in wanted):
            return "-".join(part.capitalize() for part in parse.normal_form.split("-"))
    return word


@dataclass(frozen=True)
class EntityFindings:
    """Canonical names by kind, most mentioned first."""

    people: tuple[str, ...]
    places: tuple[str, ...]
    organizations: tuple[str, ...]
    spans: tuple[tuple[int, str], ...] = ()  # (character offset, canonical name) of each known mention


def find_entities(text: str, language: str, knowledge: Knowledge) -> EntityFindings:
    """All people, places and organizations of a text, canonical English names for the known ones."""
    tokens = tokenize(text)
    mentions = find_mentions(tokens, knowledge)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    counts: dict[str, Counter[str]] = {"person": Counter(), "place": Counter(), "organization": Counter()}
    first: dict[str, int] = {}
    for mention in mentions:
        counts[mention.entity.kind][mention.entity.en] += 1
        first.setdefault(mention.entity.en, mention.start)
    known_names = {e.en for e in knowledge.entities} | {e.ru for e in knowledge.entities}
    unknown = find_unknown(tokens, taken, language)
    unknown["person"] = canonical_people(unknown["person"], {m.entity.en for m in mentions if m.entity.kind == "person"})
    for kind, names in unknown.items():
        for position, name in enumerate(names):
            if name not in known_names:
                counts[kind][name] += 1
                first.setdefault(name, len(tokens) + position)

    def ordered(kind: str) -> tuple[str, ...]:
        return tuple(sorted(counts[kind], key=lambda n: (-counts[kind][n], first[n], n)))

    spans = tuple((tokens[m.start].offset, m.entity.en) for m in mentions)
    return EntityFindings(ordered("person"), ordered("place"), ordered("organization"), spans)


def extract_people(findings: EntityFindings) -> Found:
    """People named in the article (canonical English names where known)."""
    return Found(findings.people, "knowledge+context")


def extract_places(findings: EntityFindings) -> Found:
    """Places named in the article, countries also through their adjectives (`Russian`, `киргизский`)."""
    return Found(findings.places, "knowledge+context")


def extract_organizations(findings: EntityFindings) -> Found:
    """Organizations named in the article."""
    return Found(findings.organizations, "knowledge+context")


@lru_cache(maxsize=2)
def stemmer(language: str):
    """A Snowball stemmer (snowballstemmer uses PyStemmer's C code when it is installed)."""
    return snowballstemmer.stemmer("russian" if language == "ru" else "english")


@lru_cache(maxsize=300_000)
def stem_word(word: str, language: str) -> str:
    """The Snowball stem of one lower-case word."""
    return stemmer(language).stemWord(word)


def stem_words(text: str, language: str) -> list[str]:
    """Snowball stems of the words of a text (for topic terms)."""
    return [stem_word(w.lower().replace("ё", "е"), language) for w in _WORD.findall(text)]


@lru_cache(maxsize=8)
def topic_terms(knowledge: Knowledge, language: str) -> tuple[tuple[Topic, tuple[tuple[str, ...], ...]], ...]:
    return tuple((topic, tuple(tuple(stem_words(term, language)) for term in topic.terms(language))) for topic in knowledge.topics)


def extract_topics(text: str, language: str, site_tags: tuple[str, ...], knowledge: Knowledge) -> Found:
    """Taxonomy topics whose terms occur at least `min_hits` times; a site's own tag naming a topic counts too."""
    stems = stem_words(text, language)
    positions: dict[str, list[int]] = {}
    for index, stem in enumerate(stems):
        positions.setdefault(stem, []).append(index)
    tag_words = {w.lower() for line in site_tags for w in _WORD.findall(line)}
    scores = []
    for topic, terms in topic_terms(knowledge, language if language in ("en", "ru") else "en"):
        hits = 0
        for term in terms:
            starts = positions.get(term[0], []) if term else []
            hits += sum(1 for i in starts if tuple(stems[i : i + len(term)]) == term)
        if {topic.en.lower(), topic.ru.lower()} & tag_words:
            hits += topic.min_hits
        if hits >= topic.min_hits:
            scores.append((hits, topic.key))
    best = sorted(scores, key=lambda s: (-s[0], s[1]))[:MAX_TOPICS]
    return Found(tuple(key for _, key in best), "terms")
