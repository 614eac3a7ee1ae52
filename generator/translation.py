"""The other language's summary: translation memory first, then an offline model, then the extractive summary of
an article of the same story written in that language, else a fact sentence built without translation and marked
pending. Pure functions (the memory, the model and the stories are handed in)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from generator.calendar_names import format_long_date
from generator.entities import morph
from generator.models import Article, Entity, Knowledge, MemoryEntry
from generator.stories import story_features
from generator.translit import name_key, name_to_latin, to_cyrillic, to_latin

LANGUAGES = ("en", "ru")
PENDING = {"en": "translation pending", "ru": "перевод ожидается"}
METHOD_WORDS = {  # how a page names each method, in the reader's language
    "extractive": {"en": "extractive summary", "ru": "извлечённые предложения"},
    "reviewed": {"en": "reviewed translation", "ru": "проверенный перевод"},
    "machine": {"en": "machine translation", "ru": "машинный перевод"},
    "same-story": {"en": "same story, not a translation", "ru": "тот же сюжет, не перевод"},
    "facts": {"en": "facts only, translation pending", "ru": "только факты, перевод ожидается"},
}
WAITING = ("same-story", "facts")  # methods of a summary that still waits for a translation
Translate = Callable[[list[str]], tuple[list[str], str]]  # sentences -> (translations, model name)


@dataclass(frozen=True)
class Origin:
    """The article a same-story summary was taken from."""

    seed: str
    slug: str
    outlet: str  # who it is credited to: its source, else the outlet that published it
    title: str


@dataclass(frozen=True)
class Summary:
    """A summary in one language and how it was made."""

    language: str
    text: str
    method: str  # extractive | reviewed | machine | same-story | facts
    model: str | None = None
    origin: Origin | None = None  # same-story: where the text comes from
    fact_line: str = ""  # same-story: the fact sentence, for places that cannot say where the text comes from

    def as_tuple(self) -> tuple:
        """Its fields as plain tuples, for digests: a dataclass's repr costs several times as much."""
        origin = self.origin
        return (self.language, self.text, self.method, self.model,
                (origin.seed, origin.slug, origin.outlet, origin.title) if origin else None, self.fact_line)


def memory_key(text: str) -> str:
    """The translation memory's key for a source text: its white-space-folded SHA-256, 16 hex digits."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def own_summary(article: Article) -> Summary:
    """The extractive summary in the article's own language."""
    return Summary(article.language, own_text(article), "extractive")


def own_text(article: Article) -> str:
    """The text of the article's own summary (`own_summary`), without making the summary."""
    return " ".join(article.summary) or article.description


def pick_same_story(article: Article, language: str, story: list[Article], duplicates: dict[str, str]) -> Article | None:
    """The article of `article`'s story written in `language` whose summary stands in for a translation: not a
    syndicated copy, closest in date, then sharing most of what tells the event, then the earliest, then by seed."""
    if language == article.language:
        return None
    candidates = [a for a in story if a.language == language and a.seed not in duplicates and own_text(a)]
    if not candidates:
        return None

    def days(other: Article) -> int:
        return abs((other.date - article.date).days) if other.date and article.date else 1 << 20

    nearest = min(days(c) for c in candidates)
    candidates = [c for c in candidates if days(c) == nearest]
    mine = story_features(article) if len(candidates) > 1 else frozenset()

    def rank(other: Article) -> tuple[float, dt.date, str]:
        theirs = story_features(other) if mine else frozenset()
        union = len(mine | theirs)
        return -(len(mine & theirs) / union if union else 0.0), other.date or dt.date.max, other.seed

    return min(candidates, key=rank)


def summarize_in(
    article: Article, language: str, memory: dict[str, MemoryEntry], translate: Translate | None, knowledge: Knowledge,
    same_story: Article | None = None,
) -> tuple[Summary, MemoryEntry | None]:
    """The summary in `language`: the article's own, a memory entry, a fresh machine translation (returned as a new
    memory entry too), the summary of `same_story` (an article of its story in that language), or a fact sentence."""
    if language == article.language:
        return own_summary(article), None
    source = own_text(article)
    if article.language in LANGUAGES and source:
        entry = memory.get(memory_key(source)) if memory else None
        if entry and entry.source.split() == source.split():
            return Summary(language, entry.text, entry.method, entry.model), None
        if translate and article.summary:
            sentences, model = translate(list(article.summary))
            text = " ".join(s.strip() for s in sentences if s.strip())
            if text:
                new = MemoryEntry(memory_key(source), language, source, text, "machine", model, article.seed)
                return Summary(language, text, "machine", model), new
    facts = dict(article.fact_lines).get(language)
    if facts is None:
        facts = make_fact_line(article, language, knowledge)
    if same_story:
        origin = Origin(same_story.seed, same_story.slug, same_story.source or same_story.outlet or same_story.seed,
                        same_story.title)
        return Summary(language, own_text(same_story), "same-story", origin=origin, fact_line=facts), None
    return Summary(language, facts, "facts"), None


def plain_summaries(summaries: dict[str, tuple[Summary, ...]]) -> dict[str, tuple[Summary, ...]]:
    """The summaries for places that show a text without saying where it comes from (feeds, search results):
    a same-story summary is another article's text, so these get its fact sentence."""
    return {
        seed: tuple(Summary(s.language, s.fact_line, "facts") if s.method == "same-story" else s for s in made)
        for seed, made in summaries.items()
    }


def count_waiting(articles: list[Article], summaries: dict[str, tuple[Summary, ...]]) -> tuple[tuple[str, str, int, int], ...]:
    """(source language, target language, summaries waiting for a translation, of them shown as a same-story
    summary) for each direction an installed model could serve, in `LANGUAGES` order."""
    counts: dict[tuple[str, str], list[int]] = {}
    for article in articles:
        for summary in summaries.get(article.seed, ()):
            if article.language in LANGUAGES and summary.language != article.language and summary.method in WAITING:
                found = counts.setdefault((article.language, summary.language), [0, 0])
                found[0] += 1
                found[1] += summary.method == "same-story"
    return tuple((s, t, *counts[(s, t)]) for s in LANGUAGES for t in LANGUAGES if (s, t) in counts)


def find_stale_entries(memory: dict[str, MemoryEntry], articles: list[Article]) -> list[str]:
    """Messages for entries whose source text changed: edited by hand, or made for an older summary of a seed."""
    by_seed = {a.seed: a for a in articles}  # keyed only for the seeds the memory names: it is small, the archive is not
    messages = []
    for key, entry in sorted(memory.items()):
        if memory_key(entry.source) != key:
            messages.append(f"entry {key}: its source text no longer matches its key (stale)")
        elif entry.seed in by_seed and memory_key(own_text(by_seed[entry.seed])) != key:
            messages.append(f"entry {key} was made for an older summary of {entry.seed} (stale)")
    return messages


# --- the fact sentence ---------------------------------------------------------------------------------------------

# Cues read in the article's own language: a verb is said of people only when a sentence of the headline or the
# summary names them with one of these (and says nothing of a future or planned event).
_MEETING = {"en": re.compile(r"\b(?:met|meets?|meeting|talks|summit|negotiations)\b", re.IGNORECASE),
            "ru": re.compile(r"(?<!\w)(?:встреч|встрет|переговор|саммит)\w*", re.IGNORECASE)}
_SAYING = {"en": re.compile(r"^(?:said|says|stated|told|noted|stressed|emphasi[sz]ed|announced|declared|added)$"),
           "ru": re.compile(r"^(?:заявил|сказал|отметил|подчеркнул|сообщил|указал|добавил)а?$")}
_FUTURE = {"en": re.compile(r"\b(?:will|would|shall|(?:plans?|planned|scheduled|expected|set|is|are) to|upcoming|ahead of|"
                           r"next (?:week|month|year)|for (?:talks|a meeting|negotiations))\b", re.IGNORECASE),
           "ru": re.compile(r"(?<!\w)(?:встретятся|проведут|провед[её]т|состоится|планиру\w*|предсто\w*|намерен\w*|"
                            r"ожида\w*|на переговоры|для переговоров|на встречу)(?!\w)", re.IGNORECASE)}
_THAT = frozenset({"that", "что", "чтобы"})
_SAYING_REACH = 4  # words between a name and its verb of saying
_WORD = re.compile(r"\w[\w'’-]*")


@dataclass(frozen=True)
class Actors:
    """Who an article is about, and what the headline or the summary says they did."""

    kind: str  # meeting | statement | '' (named only)
    people: tuple[str, ...]
    place: str = ""  # a meeting's place, when its sentence says `in Moscow`, `в Москве` (as `places` names it)


def find_actors(article: Article, knowledge: Knowledge) -> Actors:
    """Who met whom or who made a statement, as far as a sentence of the headline or the summary tells it; else
    the people the article names first."""
    rank = {name: i for i, name in enumerate(article.people)}
    language = article.language
    sentences = [(s, _named_in(s, article)) for s in (article.title, *article.summary)]
    for sentence, named in sentences if language in _MEETING else ():
        named = tuple(sorted(set(named) & rank.keys(), key=rank.__getitem__))
        if len(named) == 2 and _MEETING[language].search(sentence) and not _FUTURE[language].search(sentence):
            return Actors("meeting", named, _place_in(sentence, article, knowledge))
        if len(named) == 1 and _speaks(sentence, named[0], language):
            return Actors("statement", named)
    listed = list(dict.fromkeys((*article.title_people, *article.people)))
    return Actors("", tuple(listed[:3]))


_PLACE_REACH = 6  # words between a meeting's verb or noun and the place it is put in


def _place_in(sentence: str, article: Article, knowledge: Knowledge) -> str:
    """The city or site a meeting's sentence puts it in, next to its verb or noun (`talks in Bishkek`, `провели в
    Астане переговоры`; not `from Astana`, `из Астаны`, nor a country named for something else)."""
    language = article.language
    cues = [m.start() for m in _MEETING[language].finditer(sentence)]
    for place in article.places:
        entity = knowledge.find_entity(place)
        if entity and entity.place_kind not in ("city", "site"):
            continue
        for name in (entity.en, entity.ru) if entity else (place,):
            stem = name[:-1] if re.search(r"[а-яё]$", name) and len(name) > 3 else name  # Москв-а, -е, -у
            for found in re.finditer(rf"(?<!\w)(?:in|в|во)\s+{re.escape(stem)}", sentence):
                if any(len(_WORD.findall(sentence[min(cue, found.start()) : max(cue, found.start())])) <= _PLACE_REACH
                       for cue in cues):
                    return place
    return ""


def _named_in(sentence: str, article: Article) -> tuple[str, ...]:
    """The article's people a sentence names, by their surname in any spelling or case form (`Жапарова`,
    `Zhaparov` name Sadyr Japarov)."""
    keys = {name_key(w) for w in _WORD.findall(sentence) if w[:1].isupper()}
    return tuple(p for p in article.people if any(_is_surname(k, p) for k in keys))


def _is_surname(key: str, person: str) -> bool:
    surname = name_key(person.split()[-1])
    return key == surname or (len(surname) >= 4 and key.startswith(surname) and len(key) - len(surname) <= 3)


def _speaks(sentence: str, person: str, language: str) -> bool:
    """Whether a verb of saying stands next to the person's surname (`Putin emphasized`, `said Putin`), not in
    `X said that Putin …`; or the sentence is a headline quoting them (`Putin: Russia to …`)."""
    words = _WORD.findall(sentence)
    spots = [i for i, w in enumerate(words) if w[:1].isupper() and _is_surname(name_key(w), person)]
    if re.match(rf"[^:]{{0,40}}\b{re.escape(words[spots[0]])}:\s", sentence) if spots else False:
        return True
    verbs = [i for i, w in enumerate(words) if _SAYING[language].match(w.lower())]
    for spot in spots:
        for verb in verbs:
            between = {w.lower() for w in words[min(spot, verb) + 1 : max(spot, verb)]}
            if abs(spot - verb) <= _SAYING_REACH + 1 and not (verb < spot and between & _THAT):
                return True
    return False


def entity_name(canonical: str, language: str, knowledge: Knowledge, person: bool = False) -> str:
    """A name in the reader's language: the knowledge files' own, else transliterated into the reader's script."""
    entity = knowledge.find_entity(canonical)
    if entity:
        return entity.ru if language == "ru" else entity.en
    if language == "ru":
        return to_cyrillic(canonical)
    return name_to_latin(canonical) if person else to_latin(canonical)


@lru_cache(maxsize=4096)
def find_place(name: str, knowledge: Knowledge) -> Entity | None:
    """The known place a dateline names: by its canonical English name, else by any of its names (a Russian
    article's dateline is written as the text writes it, `Москва`)."""
    found = knowledge.find_entity(name)
    if found:
        return found
    folded = name.casefold()
    return next((e for e in knowledge.entities if e.kind == "place" and any(n.casefold() == folded for n in e.names)), None)


def join_names(names: list[str], language: str) -> str:
    """`A, B and C` / `A, B и C`."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'и' if language == 'ru' else 'and'} {names[-1]}"


def make_fact_line(article: Article, language: str, knowledge: Knowledge) -> str:
    """What can be said of an article in a language without translating it, as sentences: the date, who met whom
    (and where the text says) or who made a statement, else the place of the dateline and who is named; what else
    is named; the topics. Names are the knowledge files' own, else transliterated into the reader's script."""
    actors = find_actors(article, knowledge)
    people = [entity_name(p, language, knowledge, person=True) for p in actors.people]
    date = format_long_date(article.date, language) if article.date else ""
    if language == "ru" and actors.kind == "statement" and not gender_ru(people[0]):
        actors = Actors("", actors.people)  # `сделал` or `сделала`: without knowing which, no verb
    if actors.kind:
        clause = _clause(actors, people, language, knowledge)
        first, used = (f"{date}: {clause}" if date else clause), actors.place
    else:
        known = find_place(article.dateline, knowledge) if article.dateline else None
        used = known.en if known else (article.dateline or "")
        head = _head(date, entity_name(used, language, knowledge) if used else "", known.place_kind if known else "", language)
        first = f"{head}: {join_names(people, language)}" if head and people else head
    rest = [entity_name(p, language, knowledge, person=True) for p in article.people if p not in actors.people][:2]
    rest += [entity_name(p, language, knowledge) for p in article.places if p != used][:3]
    rest += [entity_name(o, language, knowledge) for o in article.organizations if knowledge.find_entity(o)][:2]
    rest = list(dict.fromkeys(n for n in rest if n not in people))[:5]
    if not people and first:  # a date and a place alone say little: what the article names goes with them
        first, rest = f"{first}: {join_names(rest[:4], language)}" if rest else first, rest[4:]
    sentences = [first] if first else []
    if not first and people:
        rest = [*people, *rest][:6]
    if rest:
        also = ("Также упоминаются" if first else "Упоминаются") if language == "ru" else ("Also mentioned" if first else "Mentioned")
        sentences.append(f"{also}: {join_names(rest, language)}")
    labels = [(t.ru if language == "ru" else t.en) for t in (knowledge.find_topic(k) for k in article.topics) if t]
    if labels:
        sentences.append(f"{'Темы' if language == 'ru' else 'Topics'}: {', '.join(_lower_first(label) for label in labels)}")
    return " ".join(_upper_first(s) + "." for s in sentences)


def _clause(actors: Actors, people: list[str], language: str, knowledge: Knowledge) -> str:
    """`Tokayev met Japarov in Astana`, `Токаев и Жапаров встретились в Астане`, `Putin made a statement`."""
    place = entity_name(actors.place, language, knowledge) if actors.place else ""
    if language == "ru":
        if actors.kind == "statement":
            return f"{people[0]} {'сделала' if gender_ru(people[0]) == 'femn' else 'сделал'} заявление"
        known = knowledge.find_entity(actors.place) if actors.place else None
        where = locative_ru(place, known.place_kind if known else "") if place else None
        tail = f" {where}" if where else (f" (место: {place})" if place else "")
        return f"{join_names(people, language)} встретились{tail}"
    if actors.kind == "statement":
        return f"{people[0]} made a statement"
    return f"{people[0]} met {people[1]}" + (f" in {place}" if place else "")


def _head(date: str, place: str, kind: str, language: str) -> str:
    """`On 9 March 2024 in Astana` / `9 марта 2024 г. в Астане`; a Russian place that cannot be put after `в`
    follows as `(место: …)`."""
    if language != "ru":
        return " ".join(filter(None, (f"On {date}" if date else "", f"in {place}" if place else "")))
    where = locative_ru(place, kind) if place else None
    if place and not where:
        return f"{date} (место: {place})" if date else f"место — {place}"
    return " ".join(filter(None, (date, where)))


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() else label  # `CIS affairs` keeps its capitals


_NO_CASE = frozenset("оеиуыэю")  # Актобе, Баку, Тбилиси: foreign names ending in these vowels do not decline


@lru_cache(maxsize=4096)
def locative_ru(place: str, kind: str = "") -> str | None:
    """`в Астане`, `во Владивостоке`, `в Нижнем Новгороде`: a Russian place name after `в`, or None when that is
    not sure (a name the dictionary does not know as a place and the knowledge files do not call a city, region or
    country; a site, which may want `на`)."""
    words = place.split()
    if not words or kind == "site" or re.search(r"[^\w\s-]", place):
        return None
    *adjectives, noun = words
    parse = next((p for p in morph().parse(noun.lower()) if "Geox" in p.tag and p.is_known
                  and (p.tag.case == "nomn" or "Fixd" in p.tag)), None)
    if parse:
        inflected = parse.inflect({"loct"})
        if not inflected:
            return None
        last = _recase(noun, inflected.word)
        gender = parse.tag.gender
    elif not adjectives and kind in ("city", "region", "country"):
        last = _decline_foreign(noun)
        gender = None
    else:
        return None
    if last is None:
        return None
    before = []
    for word in adjectives:
        adjective = next((p for p in morph().parse(word.lower()) if p.tag.POS == "ADJF" and p.tag.case == "nomn"
                          and p.tag.gender == gender), None)
        inflected = adjective.inflect({"loct", gender}) if adjective and gender else None
        if not inflected:
            return None
        before.append(_recase(word, inflected.word))
    phrase = " ".join([*before, last])
    preposition = "во" if re.match(r"[ВвФф][^аеёиоуыэюяАЕЁИОУЫЭЮЯ]", phrase) else "в"
    return f"{preposition} {phrase}"


def _decline_foreign(word: str) -> str | None:
    """The locative of a place name the dictionary does not know, by its ending (the last part of a hyphenated
    name declines: Жалал-Абад -> Жалал-Абаде); None where the ending does not tell."""
    head, _, last = word.rpartition("-")
    lower = last.lower()
    if not lower or lower[-1] in _NO_CASE:
        return word
    if lower.endswith("ия"):
        new = last[:-1] + "и"
    elif lower[-1] in "ая" or lower[-1] == "й":
        new = last[:-1] + "е"
    elif lower[-1] in "ьъ":
        return None
    elif re.match(r"[бвгджзклмнпрстфхцчшщ]", lower[-1]):
        new = last + "е"
    else:
        return None
    return f"{head}-{new}" if head else new


def _recase(original: str, lower: str) -> str:
    """A pymorphy3 form (lower case) written with the capitals of the original, part by part of a hyphenated name."""
    parts, forms = original.split("-"), lower.split("-")
    if len(parts) != len(forms):
        return lower[:1].upper() + lower[1:]
    return "-".join(f[:1].upper() + f[1:] if p[:1].isupper() else f for p, f in zip(parts, forms))


_MASCULINE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ской)$")
_FEMININE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")


@lru_cache(maxsize=4096)
def gender_ru(name: str) -> str | None:
    """`masc` or `femn` for a person's name in Russian, by the surname's ending or a first name the dictionary
    knows; None when neither tells."""
    words = name.split()
    if len(words) > 1:
        if _FEMININE_SURNAME.search(words[-1]):
            return "femn"
        if _MASCULINE_SURNAME.search(words[-1]):
            return "masc"
    genders = {p.tag.gender for p in morph().parse(words[0].lower()) if "Name" in p.tag and p.is_known}
    return genders.pop() if len(genders) == 1 else None
