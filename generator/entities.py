"""Entities and topics: who, where, which organizations, what about. Pure functions over text + knowledge.

Russian words are compared by every lemma pymorphy3 offers (so `Жапаровым`, `Киргизии`, `Москву` meet their
dictionary forms); English words by lower case without a possessive; the letters of the Central Asian Cyrillic
alphabets as their Russian counterparts (`Тоқаев` is `Токаев`), and in a Turkic or Tajik text a word also without
its case ending (`Бишкектин`, `Rahmonning`). Names the knowledge files do not know are still found by context.

A capitalized phrase is a person only with evidence: a role word or an animate noun in apposition before it
(`adviser Yury Ushakov`, `вратарь Шерхан Калмурза`), a verb of saying after it, a first name, a surname's ending, a
name particle (`von der`, `uulu`), or its surname standing alone elsewhere in the text; and it is never one when a
word of it makes it a place, a building, an event or an organization, when it follows `the`, or when it is a credit
(`Reporting by`, `Photo/Name`). A preposition before a capitalized word makes it a place (`in Osh`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pymorphy3
import snowballstemmer

from generator.models import Entity, Found, Knowledge, Topic
from generator.translit import name_key, name_to_latin

_SENTENCE_GAP = re.compile(r"[.!?]\s*[\"“«]?\s*$")
_QUOTE_GAP = re.compile(r"[«\"“„]\s*$")
_ADJECTIVE_END = re.compile(r"(?:ий|ый|ой|ая|ое|ые|ого|ому|ым|ом)$")
_WORD = re.compile(r"[^\W_](?:[\w’'ʻ‘.-]*[^\W_.])?")
_POSSESSIVE = re.compile(r"[’']s$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters of the Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic alphabets compared as the Russian letters they stand for.
_FOLD = str.maketrans({"қ": "к", "ғ": "г", "ү": "у", "ұ": "у", "ө": "о", "ә": "а", "ң": "н", "һ": "х", "ҳ": "х",
                       "ҷ": "дж", "ӣ": "и", "ӯ": "у", "і": "и", "ў": "у", "ҝ": "г", "ʻ": "'", "‘": "'", "’": "'",
                       "ʼ": "'", "`": "'"})
# Case endings of Turkic languages and Tajik, stripped (once) to compare a name: `Бишкектин` -> `бишкек`.
_CYRILLIC_TURKIC = (
    "нын нин нун дын дин дун тын тин тун ны ни ну ды ди ду ты ти ту га ге го ка ке ко на не да де до та те то "
    "нда нде ндо дан ден дон тан тен тон нан нен нон мен бен пен дагы деги таги теги".split()
)
_CASE_SUFFIXES = {
    "kk": _CYRILLIC_TURKIC, "ky": _CYRILLIC_TURKIC, "tt": _CYRILLIC_TURKIC, "ba": _CYRILLIC_TURKIC,
    "tg": ("ро", "и", "хо"),
    "uz": tuple("ning ni ga ka qa da ta dan tan dagi нинг ни га да дан даги".split()),
    "tk": tuple("nyň niň yň iň da de dan den a e ny ni".split()),
    "az": tuple("nın nin nun nün da də dan dən ya yə".split()),
}
MAX_TOPICS = 4
_PLACE_PREPOSITIONS = frozenset("in to from near at".split())
# Words that are never part of a name, even capitalized at the start of a sentence.
_NOT_NAMES = frozenset(
    "the a an his her their its this that these those he she it they we i you our my your on in at of and or but "
    "for with by as to from into onto over under after before since during until while when where why how what "
    "which who whom whose if then than there here also both each every all some any many most more other such no "
    "not only yet so because although though despite meanwhile however still just even now today yesterday "
    "tomorrow earlier later last next new former first second third one two three according amid among between "
    "against about around without within across through following per via "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Words before a name that say who the person is (English): offices, honorifics, trades.
_EN_ROLES = frozenset(
    "president minister prime chancellor king queen prince princess emir sheikh sultan pope patriarch mr mrs ms "
    "dr sir lord dame leader counterpart spokesman spokeswoman spokesperson adviser advisor aide envoy ambassador "
    "diplomat consul general secretary chairman chairwoman chair governor mayor premier senator official "
    "commander colonel lieutenant admiral marshal officer coach manager captain striker forward defender "
    "goalkeeper midfielder winger player boxer fighter wrestler judoka champion titleholder challenger opponent "
    "referee tennis star skater skier athlete ceo director head chief deputy vice analyst economist expert "
    "strategist founder co-founder owner candidate lawmaker legislator mp congressman congresswoman judge "
    "prosecutor lawyer attorney journalist reporter correspondent editor columnist writer author novelist poet "
    "composer pianist conductor singer actor actress artist filmmaker businessman businesswoman tycoon "
    "oligarch billionaire banker investor trader entrepreneur ombudsman representative commissioner activist "
    "blogger dissident professor scientist researcher historian akim hokim speaker".split()
)
_EN_SAID = frozenset(
    "said says told added noted stressed explained announced wrote stated emphasized emphasised insisted argued "
    "warned admitted recalled replied confirmed declared urged".split()
)
# Russian words (lemmas) before a name that say who the person is.
_RU_ROLES = frozenset(
    "президент премьер премьер-министр министр вице-премьер замминистра глава губернатор врио мэр посол "
    "пресс-секретарь помощник советник депутат сенатор спикер председатель зампред директор гендиректор "
    "руководитель лидер коммунист кандидат тренер наставник форвард нападающий защитник вратарь голкипер "
    "полузащитник хавбек игрок спортсмен спортсменка теннисист теннисистка боксер боксёр борец чемпион "
    "чемпионка соперник претендент рефери арбитр генсек генерал командующий министр-председатель аким хоким "
    "экономист аналитик эксперт политолог журналист писатель поэт композитор пианист дирижер дирижёр певец "
    "певица актер актёр актриса режиссер режиссёр художник бизнесмен предприниматель основатель миллиардер "
    "представитель омбудсмен прокурор судья адвокат раис торага господин госпожа г-н г-жа".split()
)
_RU_SAID = frozenset(
    "заявить сказать отметить сообщить добавить подчеркнуть пояснить рассказать считать уточнить написать "
    "признаться напомнить указать объявить".split()
)
# Nouns that make a capitalized phrase a place, a building, an event or an organization, never a person.
_NOT_PERSON_WORDS = frozenset(
    "square street avenue palace airport base hall university stadium arena center centre forum summit cup league "
    "championship ministry committee council bank company group party union republic region oblast province "
    "district city bridge tower river lake sea mountains park museum theatre theater cathedral mosque church "
    "hotel station port exchange agency fund organization organisation association federation institute academy "
    "school college court parliament assembly duma senate government office service news times post daily week "
    "day games olympics open tournament club team fc corporation inc ltd llc plc gmbh ag jsc pjsc llp airlines "
    "airways railways energy oil gas holding media press television tv radio channel administration cabinet "
    "commission authority department bureau spirit initiative program programme project plan strategy doctrine "
    "treaty agreement declaration charter award prize festival expo conference congress corridor pipeline "
    "journal magazine review gazette telegraph herald tribune agency world asia europe africa america politics "
    "international watch rights partners capital holdings ventures securities investments motors systems "
    "industries resources logistics petroleum mining metals steel telecom pharma road highway railway garden "
    "gardens monument memorial cemetery embankment boulevard gate island valley canal dam factory "
    "oilfield terminal zone market mall hospital clinic prison library gallery opera ballet orchestra "
    "foundation trust alliance coalition movement front army forces navy guard police brigade regiment fleet "
    "medal resolution protocol accord pact format process dialogue talks week month year trophy "
    "series grand prix marathon rally race match derby final finals state states kingdom emirates islands ocean "
    "gulf strait peninsula desert steppe "
    "economy business society sport sports culture science technology health opinion analysis markets finance "
    "lifestyle travel".split()
)
# Russian lemmas that make a capitalized word next to them a place: before it (`в селе Явон`) or after it
# (`Айнинского района`).
_RU_PLACE_BEFORE = frozenset(
    "город село посёлок поселок деревня аул кишлак река озеро улица проспект площадь гора остров аэропорт "
    "станция".split()
)
_RU_PLACE_NOUNS = _RU_PLACE_BEFORE | frozenset("район область край округ республика провинция штат море хребет долина".split())
# Lower-case words that belong inside a name (`Ursula von der Leyen`) or close it (`Nurlanbek Turgunbek uulu`).
_PARTICLES = frozenset(
    "von van der den de da del della di du la le bin ibn al el ben ter ten фон ван дер де да дель ди ибн аль бен".split()
)
# Of them, those that are found in names of people only (`Rio de Janeiro` has a particle too).
_NAME_PARTICLES = frozenset(
    "von van der den bin ibn фон ван дер ибн uulu kyzy uly qyzy ogly oglu ogli qizi уулу кызы улы оглы".split()
)
_PATRONYMIC_PARTICLES = frozenset(
    "uulu kyzy uly qyzy ogly oglu ogli o'g'li oʻgʻli ugli qizi уулу кызы улы қызы оглы угли кизи".split()
)
_ALL_PARTICLES = _PARTICLES | _PATRONYMIC_PARTICLES
# Words that introduce a credit (a byline, a photographer), not a person of the story.
_CREDIT_WORDS = frozenset(
    "reporting writing editing additional compiled photo photos video text illustration graphics by фото текст "
    "автор видео источник".split()
)
_SURNAME = re.compile(
    r"(?:ov|ev|yov|ova|eva|in|ina|yn|sky|skiy|skii|skaya|enko|yan|ian|uly|ulu|kyzy|qyzy|uulu|zade|zoda|dze|shvili|"
    r"off|ovich|evich|ovic|evic|ić|ich|ов|ев|ёв|ова|ева|ёва|ин|ына|ина|ын|ский|ская|цкий|цкая|енко|ян|улы|кызы|уулу|"
    r"заде|зода|дзе|швили|вич)$"
)
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ0-9]{2,}$")


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    """The Russian morphological analyzer (loaded once per process)."""
    return pymorphy3.MorphAnalyzer()


def fold(word: str) -> str:
    """A word in lower case, `ё` as `е`, the Central Asian Cyrillic letters as Russian ones, one apostrophe."""
    return word.lower().replace("ё", "е").translate(_FOLD)


@lru_cache(maxsize=300_000)
def word_keys(word: str) -> frozenset[str]:
    """Every form a word may stand for: its lower case, without a possessive, and each of its Russian lemmas; a
    compound adjective also as its first part (`Vienna-registered` is `vienna`, `Swiss-based` is `swiss`)."""
    lower = _POSSESSIVE.sub("", fold(word))
    keys = {lower}
    if _CYRILLIC.search(word):
        keys.update(p.normal_form.replace("ё", "е") for p in morph().parse(lower))
    if "-" in word and word.rsplit("-", 1)[1][:1].islower() and word[:1].isupper():
        keys |= word_keys(word.split("-", 1)[0])
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def name_keys(word: str) -> frozenset[str]:
    """The forms a word of a person's name stands for: its lower case and its lemmas as a name (`Саидов` is not
    the plural of `Саид`)."""
    lower = _POSSESSIVE.sub("", fold(word))
    keys = {lower}
    if _CYRILLIC.search(word):
        keys.update(p.normal_form.replace("ё", "е") for p in morph().parse(lower)
                    if any(tag in p.tag for tag in ("Name", "Surn", "Patr")) and "plur" not in p.tag)
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def _suffix_keys(word: str, language: str) -> frozenset[str]:
    """A word of a Turkic or Tajik text without one case ending (`Кыргызстанга` -> `кыргызстан`)."""
    lower = _POSSESSIVE.sub("", fold(word))
    return frozenset(lower[: -len(s)] for s in _CASE_SUFFIXES[language] if lower.endswith(s) and len(lower) - len(s) >= 3)


@lru_cache(maxsize=300_000)
def russian_tags(word: str) -> frozenset[str]:
    """Proper-noun tags pymorphy3 gives a Russian word among its likely parses (Name, Surn, Patr, Geox, Orgn)."""
    tags: set[str] = set()
    for parse in morph().parse(word)[:3]:
        tags.update(tag for tag in ("Name", "Surn", "Patr", "Geox", "Orgn") if tag in parse.tag)
    return frozenset(tags)


@lru_cache(maxsize=100_000)
def _russian_kind(word: str) -> str:
    """What a Russian word of the dictionary is by its first parse: `function` (a preposition, conjunction,
    pronoun, adverb, verb...), `adjective` (not a surname), `animate` (a common animate noun in the singular),
    `common` (an inanimate common noun), or '' (a name, or a word pymorphy3 does not know)."""
    lower = word.lower()
    parses = morph().parse(lower)
    if not parses:
        return ""
    first = parses[0]
    if any(t in first.tag for t in ("Name", "Surn", "Patr", "Geox", "Orgn")):
        return ""
    pos = first.tag.POS
    if not morph().word_is_known(lower):  # a guess from the ending says little about a name (`Толчинского`)
        return ""
    if pos in ("PREP", "CONJ", "PRCL", "NPRO", "ADVB", "PRED", "INTJ", "NUMR", "COMP", "VERB", "INFN", "GRND"):
        return "function"
    if any(p.tag.POS in ("ADJF", "PRTF") for p in parses[:3]) and not any("Surn" in p.tag for p in parses[:3]):
        return "adjective"
    if pos == "NOUN" and "anim" in first.tag and "sing" in first.tag:
        return "animate"
    if pos == "NOUN" and "inan" in first.tag and not any(
            t in p.tag for p in parses[:3] for t in ("Name", "Surn", "Patr", "Geox", "Orgn")):
        return "common"  # `Политика`, `Встреча`: a rubric or a sentence's first word, never part of a name
    return ""


class Token(NamedTuple):
    """A word of a text (a named tuple: a text makes thousands, and a frozen dataclass is slow to build)."""

    text: str
    keys: frozenset[str]
    capital: bool
    sentence_start: bool
    offset: int = 0
    joined: bool = False  # only spaces separate it from the previous word (no comma, no sentence end)
    gap: str = ""  # the characters between the previous word and this one
    line: int = 0


def tokenize(text: str, language: str = "") -> list[Token]:
    """Words of a text with their comparison keys and case (in a Turkic or Tajik text, also without case endings)."""
    tokens = []
    previous_end = 0
    line = 0
    suffixes = language in _CASE_SUFFIXES
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()]
        line += gap.count("\n")
        start = not tokens or bool(_SENTENCE_GAP.search(gap)) or "\n" in gap
        word = match.group(0)
        joined = bool(tokens) and gap.strip() == "" and "\n" not in gap
        keys = word_keys(word) | _suffix_keys(word, language) if suffixes else word_keys(word)
        if word[:1].isupper() and _CYRILLIC.search(word):
            keys |= _surname_keys(word)
        tokens.append(Token(word, keys, word[:1].isupper(), start, match.start(), joined, gap, line))
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
    """First-word key -> aliases starting with it, longest first (the index the knowledge carries, if it does)."""
    if knowledge.aliases is not None:
        return knowledge.aliases
    index: dict[str, list[_Alias]] = {}
    for order, entity in enumerate(knowledge.entities):
        names = [(name, False) for name in entity.names]
        if entity.kind == "person":
            names += [(name.split()[-1], True) for name in (entity.en, entity.ru) if len(name.split()) > 1]
        for name, partial in names:
            words = _WORD.findall(name)
            if len(words) > 1 and words[0].lower() == "the":
                words = words[1:]  # the article is not part of the name: `the Caspian` starts at `Caspian`
            if not words:
                continue
            partial = partial or (entity.kind == "person" and len(words) == 1)  # one word: maybe a namesake
            keys = tuple(name_keys(w) if entity.kind == "person" else word_keys(w) for w in words)
            alias = _Alias(keys, tuple(w[:1].isupper() for w in words), entity, partial, order)
            for key in alias.keys[0]:
                index.setdefault(key, []).append(alias)
    for aliases in index.values():
        aliases.sort(key=lambda a: (-len(a.keys), a.partial, a.order))
    return index


@dataclass(frozen=True, eq=False)
class Lexicon:
    """What the knowledge files tell about names, prepared once per `Knowledge` (hashed by identity: cheap)."""

    knowledge: Knowledge
    index: dict[str, list[_Alias]]
    first_names: dict[Entity, frozenset[str]]  # each known person's first names (keys)
    all_first_names: frozenset[str]
    outlets: frozenset[str]  # one-word names of news outlets and agencies (`Reuters`): never part of a name


@lru_cache(maxsize=8)
def lexicon(knowledge: Knowledge) -> Lexicon:
    """The knowledge files' aliases, first names and outlet names, for one `Knowledge`."""
    first = {e: frozenset(k for n in e.names if len(n.split()) > 1 for k in word_keys(n.split()[0]))
             for e in knowledge.entities if e.kind == "person"}
    outlets = frozenset(fold(n) for p in knowledge.publishers for n in (p.name, *p.aliases) if len(n.split()) == 1)
    return Lexicon(knowledge, alias_index(knowledge), first, frozenset(k for keys in first.values() for k in keys), outlets)


def is_first_name(token: Token, lex: Lexicon) -> bool:
    """A known person's first name, or a word pymorphy3 knows as a first name (Russian)."""
    if token.keys & lex.all_first_names:
        return True
    return bool(_CYRILLIC.search(token.text)) and "Name" in russian_tags(token.text)


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int
    partial: bool


def find_mentions(tokens: list[Token], knowledge: Knowledge, title_lines: frozenset[int] = frozenset()) -> list[Mention]:
    """Known entities named in the tokens, longest match first, each token used once.

    A word of a name needs a capital letter where the knowledge file has one, except after the first word
    (`Sverdlovsk region`). A surname alone is not the known person when another first name stands before it
    (`Саида Мирзиеева` is not Shavkat Mirziyoyev) or another capitalized word follows it (`Francis Fukuyama`)."""
    lex = lexicon(knowledge)
    index = lex.index
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
            if not all(t.keys & k for t, k in zip(span, alias.keys)) or (alias.capitals[0] and not span[0].capital):
                continue
            if alias.partial and _other_person(tokens, position, end, alias.entity, lex, title_lines):
                continue
            match = Mention(alias.entity, position, end, alias.partial)
            break
        if match:
            mentions.append(match)
            position = match.end
        else:
            position += 1
    return resolve_namesakes(mentions, knowledge)


def _other_person(tokens: list[Token], start: int, end: int, entity: Entity, lex: Lexicon,
                  title_lines: frozenset[int]) -> bool:
    """A known surname that here belongs to someone else: another first name before it, or a name after it."""
    if start > 0 and tokens[start].joined and tokens[start - 1].capital and not tokens[start].sentence_start:
        before = tokens[start - 1]
        if is_first_name(before, lex) and not before.keys & lex.first_names[entity]:
            return True
    if end < len(tokens) and tokens[end].joined and tokens[end].capital and tokens[end].line not in title_lines:
        after = tokens[end]
        if (after.text.lower() not in _NOT_NAMES and not _ACRONYM.match(after.text) and not is_first_name(after, lex)
                and not _is_role(after) and not any(key in lex.index for key in after.keys)):
            return True
    return False


@lru_cache(maxsize=8)
def entity_order(knowledge: Knowledge) -> dict[Entity, int]:
    """Each known entity's place in its knowledge file (the first listed wins a tie)."""
    return {entity: number for number, entity in reversed(list(enumerate(knowledge.entities)))}


@lru_cache(maxsize=8)
def people_by_surname(knowledge: Knowledge) -> dict[str, tuple[Entity, ...]]:
    """Known people by each of their surnames (lower case)."""
    index: dict[str, list[Entity]] = {}
    for entity in knowledge.entities:
        if entity.kind == "person":
            for surname in sorted(entity.surnames):
                index.setdefault(surname, []).append(entity)
    return {surname: tuple(people) for surname, people in index.items()}


def resolve_namesakes(mentions: list[Mention], knowledge: Knowledge) -> list[Mention]:
    """A bare surname shared by two known people means the one named in full in the same text."""
    named_in_full = {m.entity for m in mentions if not m.partial}
    resolved = []
    by_surname = people_by_surname(knowledge)
    for mention in mentions:
        if mention.partial and mention.entity not in named_in_full:
            namesakes = {e for surname in sorted(mention.entity.surnames) for e in by_surname.get(surname, ())}
            full = sorted((e for e in namesakes if e in named_in_full), key=entity_order(knowledge).__getitem__)
            if full:
                mention = Mention(full[0], mention.start, mention.end, True)
        resolved.append(mention)
    return resolved


def _is_role(token: Token) -> bool:
    roles = _RU_ROLES if _CYRILLIC.search(token.text) else _EN_ROLES
    return bool(token.keys & roles) or token.text.lower() in roles


def _title_lines(tokens: list[Token]) -> frozenset[int]:
    """Lines written in title case (`Tokayev Names New Economy Minister`), where a capital is no evidence."""
    lines: dict[int, list[Token]] = {}
    for token in tokens:
        lines.setdefault(token.line, []).append(token)
    titles = set()
    for line, words in lines.items():
        long = [t for t in words[1:] if len(t.text) >= 4 and t.text.isalpha() and not _CYRILLIC.search(t.text)]
        if len(words) <= 25 and len(long) >= 3 and sum(not t.capital for t in long) <= 1:
            titles.add(line)
    return frozenset(titles)


def _name_like(token: Token, taken: set[int], position: int) -> bool:
    """A capitalized word that may be part of a name: not taken by a known entity, not a function word, not an
    acronym, not a Russian function word or adjective of the dictionary, nor its inanimate common noun opening a
    sentence (`Политика Штольц`: a rubric glued to a surname)."""
    if not token.capital or position in taken or token.text.lower() in _NOT_NAMES or _ACRONYM.match(token.text):
        return False
    if "-" in token.text and token.text.rsplit("-", 1)[1][:1].islower():
        return False  # a compound adjective: `Chevron-led`, `Swiss-based`, `кыргызско-российский`
    if any(ch.isdigit() for ch in token.text) or any(part.lower() in _NOT_NAMES for part in token.text.split("-")):
        return False  # `Baa1`, `January-September`
    if _CYRILLIC.search(token.text):
        kind = _russian_kind(token.text)
        if kind in ("function", "adjective") or (kind == "common" and token.sentence_start):
            return False  # (mid-sentence, a capitalized rare noun may be a name: `Рант`, `Усик`)
    return True


def _unknown_runs(tokens: list[Token], taken: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalized words joined by spaces (name particles inside, a patronymic particle at the end)."""
    runs = []
    position = 0
    while position < len(tokens):
        if not _name_like(tokens[position], taken, position):
            position += 1
            continue
        end = position + 1
        while end < len(tokens) and tokens[end].joined and end - position < 6:
            word = tokens[end].text.lower()
            if _name_like(tokens[end], taken, end):
                end += 1
            elif word in _PARTICLES:
                after = end
                while after < len(tokens) and tokens[after].joined and tokens[after].text.lower() in _PARTICLES:
                    after += 1
                if (after - end > 2 or after >= len(tokens) or not tokens[after].joined
                        or not _name_like(tokens[after], taken, after)):
                    break
                end = after + 1
            elif word in _PATRONYMIC_PARTICLES:
                end += 1
                break
            else:
                break
        runs.append((position, end))
        position = end
    return runs


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    role: bool  # a role word right before it (inside its run or before the run)


def _candidates(tokens: list[Token], run: tuple[int, int]) -> list[_Candidate]:
    """The parts of a run between role words (`Health Minister Kanybek Dosmambetov` -> `Kanybek Dosmambetov`)."""
    start, end = run
    parts = []
    segment_start, role = start, False
    for position in range(start, end):
        if _is_role(tokens[position]):
            if position > segment_start:
                parts.append(_Candidate(segment_start, position, role))
            segment_start, role = position + 1, True
    if segment_start < end:
        parts.append(_Candidate(segment_start, end, role))
    return parts


def _core(tokens: list[Token], start: int, end: int) -> list[int]:
    """The words of a candidate that are not lower-case name particles (`von`, `uulu`)."""
    return [i for i in range(start, end) if tokens[i].capital or tokens[i].text not in _ALL_PARTICLES]


def _trim(tokens: list[Token], candidate: _Candidate, lex: Lexicon) -> _Candidate:
    """A name is its last two words (three with a first name and a patronymic, or a known first name first):
    `Technical Supervision Meder Mashiev` -> `Meder Mashiev`."""
    start, end = candidate.start, candidate.end
    core = _core(tokens, start, end)
    if len(core) > 2:
        first = core[-3]
        three = is_first_name(tokens[first], lex) and (
            not _CYRILLIC.search(tokens[first].text) or "Patr" in russian_tags(tokens[core[-2]].text))
        start = first if three else core[-2]
    return _Candidate(start, end, candidate.role and start == candidate.start)


def find_unknown(tokens: list[Token], taken: set[int], language: str, knowledge: Knowledge,
                 title_lines: frozenset[int] = frozenset()) -> dict[str, list]:
    """People, places and organizations the knowledge files do not know, found by context or by tags.

    People come as tuples of possible nominative forms, the likeliest first (`Саиду Мирзиееву` may be Саид
    Мирзиеев or Саида Мирзиеева: the other mentions in the text decide). A capitalized word standing alone
    without evidence goes to `surname`: it counts only as a mention of a full name of the same text."""
    lex = lexicon(knowledge)
    found: dict[str, list] = {"person": [], "surname": [], "place": [], "organization": []}
    lower_words = frozenset(t.text.lower() for t in tokens if not t.capital)
    runs = _unknown_runs(tokens, taken)
    alone = Counter(tokens[s].text for s, e in runs if e - s == 1)
    places: list[tuple[int, int]] = []
    for run in runs:
        cyrillic = bool(_CYRILLIC.search(tokens[run[0]].text))
        for candidate in _candidates(tokens, run):
            candidate = _trim(tokens, candidate, lex)
            start, end = candidate.start, candidate.end
            words = tokens[start:end]
            if _not_a_person(tokens, start, end, lex):
                if not cyrillic:
                    places.append((start, end))
                continue
            if cyrillic:
                if language not in ("ru", "en", ""):
                    person = _turkic_person(words, language)
                else:
                    person = _russian_person(tokens, start, end, candidate.role)
                if person:
                    found["person"].append(person)
                    continue
                if len(words) == 1:
                    found["surname"].append(tuple(_surname_alone(words[0].text)))
                    if language == "ru" and not _quoted(words[0]):
                        places.append((start, end))
                continue
            person = _english_person(tokens, start, end, candidate.role, alone, lower_words, title_lines, lex)
            if person and len(person.split()) > 1:
                found["person"].append((person,))
            elif len(words) == 1:
                found["surname"].append((_POSSESSIVE.sub("", words[0].text),))
            if not person:
                places.append((start, end))
    # a person's surname is the person (`a pass from Courtois`, `с Муте`), and what speaks is no place (`Gunvor said`)
    surnames = {fold(form.split()[-1]) for forms in found["person"] for form in forms}
    speakers = {fold(t.text) for t, after in zip(tokens, tokens[1:]) if after.text.lower() in _EN_SAID and after.joined}
    for start, end in places:
        last = tokens[end - 1]
        if {fold(f) for f in _surname_alone(_POSSESSIVE.sub("", last.text))} & surnames or fold(last.text) in speakers:
            continue
        if _CYRILLIC.search(last.text):
            _russian_place_or_organization(last, found)
        else:
            _maybe_place(tokens, start, end, title_lines, found)
    return found


def _quoted(token: Token) -> bool:
    """A word in quotation marks: the name of a club, a company, a brand or an event (`«Барыс»`)."""
    return bool(_QUOTE_GAP.search(token.gap))


def _russian_place_or_organization(word: Token, found: dict[str, list]) -> None:
    """A Russian word pymorphy3 tags as a place (not at a sentence start, not an adjective) or an organization."""
    tags = russian_tags(word.text)
    if "Geox" in tags and not word.sentence_start and not _ADJECTIVE_END.search(word.text.lower()):
        found["place"].append(_lemma_title(word.text, ("Geox",)))
    elif "Orgn" in tags:
        found["organization"].append(_lemma_title(word.text, ("Orgn",)))


def _maybe_place(tokens: list[Token], start: int, end: int, title_lines: frozenset[int], found: dict[str, list]) -> None:
    """A capitalized phrase of one or two words right after `in`, `to`, `from`, `near`, `at` is a place, unless a
    lower-case word follows it (`to Western markets`: an adjective) or it is in a title-case line."""
    words = tokens[start:end]
    if (_CYRILLIC.search(words[0].text) or words[0].sentence_start or start == 0 or len(_core(tokens, start, end)) > 2
            or words[0].line in title_lines or any(ch.isdigit() for w in words for ch in w.text)):
        return
    after = tokens[end] if end < len(tokens) else None
    if after is not None and after.joined and not after.capital and after.text.lower() not in _NOT_NAMES:
        return
    if tokens[start - 1].text.lower() in _PLACE_PREPOSITIONS and words[0].joined and len(words) <= 2:
        if not any(w.text.lower() in _NOT_PERSON_WORDS for w in words[1:]):
            found["place"].append(" ".join(_POSSESSIVE.sub("", t.text) for t in words))


def _not_a_person(tokens: list[Token], start: int, end: int, lex: Lexicon) -> bool:
    """Vetoes: a word of a place, building, event, organization or outlet; `the` before it; a credit line."""
    words = tokens[start:end]
    if any(w.text.lower() in _NOT_PERSON_WORDS or fold(_POSSESSIVE.sub("", w.text)) in lex.outlets for w in words):
        return True
    before = tokens[start - 1] if start > 0 else None
    if before is not None and words[0].joined and before.text.lower() == "the":
        return True
    # a credit: `Reporting by X`, `By X` opening a line, `Photo: X`, `Sputnik/X/Pool`
    if "/" in words[0].gap or (end < len(tokens) and tokens[end].gap.strip().startswith("/")):
        return True
    if before is not None and before.text.lower() == "by":
        line_opens = start < 2 or tokens[start - 2].line != before.line
        if line_opens or tokens[start - 2].text.lower() in _CREDIT_WORDS:
            return True
    if before is not None and before.text.lower() in _CREDIT_WORDS and ":" in words[0].gap:
        return True
    if _CYRILLIC.search(words[0].text):
        after = tokens[end] if end < len(tokens) else None
        if before is not None and before.keys & _RU_PLACE_BEFORE and not before.capital:
            return True
        if after is not None and after.keys & _RU_PLACE_NOUNS and not after.capital:
            return True
    return False


def _english_person(tokens: list[Token], start: int, end: int, role: bool, alone: Counter[str],
                    lower_words: frozenset[str], title_lines: frozenset[int], lex: Lexicon) -> str | None:
    """An English-text candidate as a name, or None without evidence."""
    words = tokens[start:end]
    core = _core(tokens, start, end)
    if not core:
        return None
    name = " ".join(_POSSESSIVE.sub("", t.text) for t in words)
    before = tokens[start - 1] if start > 0 else None
    after = tokens[end] if end < len(tokens) else None
    if before is not None and not role and _is_role(before) and (words[0].joined or words[0].gap.strip() == ","):
        role = True
    said = after is not None and after.text.lower() in _EN_SAID and not after.sentence_start
    said = said or (start >= 2 and [t.text.lower() for t in tokens[start - 2 : start]] == ["according", "to"])
    in_title = words[0].line in title_lines
    if len(core) == 1:
        # a surname alone: joins a full name of the same text, never a person on its own without a role or a verb
        return name if (role or said) and not in_title else None
    if in_title:
        return name if role or said else None
    surname = len(core) <= 3 and bool(_SURNAME.search(tokens[core[-1]].text.lower()))
    first = is_first_name(tokens[core[0]], lex)
    particle = any(not t.capital and t.text in _NAME_PARTICLES for t in words)
    last = _POSSESSIVE.sub("", tokens[core[-1]].text)
    recurs = alone.get(last, 0) + alone.get(last + "'s", 0) + alone.get(last + "’s", 0) > 0 and last.lower() not in lower_words
    if role or said or surname or first or particle or recurs:
        return name
    return None


def _turkic_person(words: list[Token], language: str) -> tuple[str, ...] | None:
    """In a Kazakh, Kyrgyz or Tajik text: a first name and a surname with a surname's ending (case ending off)."""
    if len(words) != 2:
        return None
    last = _POSSESSIVE.sub("", fold(words[1].text))
    stems = sorted(_suffix_keys(words[1].text, language), key=len) if language in _CASE_SUFFIXES else []
    for stem in [*stems, last]:  # a case ending off first: `Бектеновтің` is Бектенов, not a surname in -ин
        if _SURNAME.search(stem):
            surname = words[1].text[: len(words[1].text) - (len(last) - len(stem))]
            return (f"{words[0].text} {surname}",)
    return None


def _russian_person(tokens: list[Token], start: int, end: int, role: bool) -> tuple[str, ...] | None:
    """A Russian-script candidate as a person's name in the nominative (its possible forms), or None without
    evidence: a first name, name tags, a surname's ending, a role or an animate noun before it, a verb of saying."""
    words = tokens[start:end]
    tags = [russian_tags(t.text) for t in words]
    first_name = "Name" in tags[0] and len(words) >= 2
    by_tags = all(tag & {"Name", "Surn", "Patr"} for tag in tags) and any("Surn" in tag for tag in tags)
    forms = _nominative_forms(words, _verb_gender(tokens, end), _apposition(tokens, start))
    surname = any(_SURNAME.search(f.split()[-1].lower()) for f in forms) or "Surn" in tags[-1]
    particle = words[-1].text.lower() in _PATRONYMIC_PARTICLES
    # a name-like first word and the next capitalized word declined alike (`Карлосом Адамесом`)
    agreed = len(words) == 2 and any(case != "nomn" and _decline_back(words[1].text, case, feminine) not in (None, words[1].text)
                                     for _, case, feminine, _ in _name_parses(words[0].text))
    context = role or _russian_context(tokens, start, end)
    if len(words) == 1:
        if not (context and (surname or "Surn" in tags[0])):
            return None
        return forms
    if not (first_name or by_tags or context or particle or agreed or (surname and len(words) <= 3)):
        return None
    return forms


def _apposition(tokens: list[Token], start: int) -> tuple[str, bool] | None:
    """The case and gender (feminine?) of a lower-case animate noun right before a name (`коммуниста`)."""
    if start == 0 or tokens[start - 1].capital or tokens[start].sentence_start:
        return None
    for parse in morph().parse(tokens[start - 1].text)[:1]:
        if parse.tag.POS == "NOUN" and "anim" in parse.tag and "sing" in parse.tag and parse.tag.case in _CASES:
            if parse.tag.gender in ("masc", "femn"):
                return parse.tag.case, parse.tag.gender == "femn"
    return None


def _verb_gender(tokens: list[Token], end: int) -> bool | None:
    """Whether the past-tense verb right after a name is feminine (True) or masculine (False), else None."""
    if end >= len(tokens) or tokens[end].capital or tokens[end].sentence_start:
        return None
    for parse in morph().parse(tokens[end].text)[:1]:
        if parse.tag.POS == "VERB" and "past" in parse.tag and parse.tag.gender in ("masc", "femn"):
            return parse.tag.gender == "femn"
    return None


def _russian_context(tokens: list[Token], start: int, end: int) -> bool:
    """A role word or an animate noun in apposition right before (`вратарь хозяев Шерхан Калмурза`, `канадца Ги
    Буше`), or a verb of saying right before or after."""
    before = [tokens[i] for i in range(max(0, start - 2), start)]
    if before and not tokens[start].sentence_start:
        last = before[-1]
        if not last.capital and (last.keys & (_RU_ROLES | _RU_SAID) or _russian_kind(last.text) == "animate"):
            return True
        if (len(before) == 2 and not last.capital and not before[0].capital and before[0].keys & _RU_ROLES
                and not last.sentence_start):
            return True  # a role, then its genitive (`голкипер мадридцев`)
    after = tokens[end] if end < len(tokens) else None
    return after is not None and not after.sentence_start and bool(after.keys & _RU_SAID)


# Endings of a Russian surname by case, (oblique, nominative), for a man and for a woman. `C` stands for any
# consonant: `Рихтера` -> `Рихтер`, `Михайловичем` -> `Михайлович`, `Ларой` -> `Лара`.
_MASCULINE = {
    "gent": (("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"),
             ("ына", "ын"), ("ия", "ий"), ("Cы", "Cа"), ("Cа", "C")),
    "accs": (("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"),
             ("ына", "ын"), ("ия", "ий"), ("Cу", "Cа"), ("Cа", "C")),
    "datv": (("скому", "ский"), ("цкому", "цкий"), ("ову", "ов"), ("еву", "ев"), ("ёву", "ёв"), ("ину", "ин"),
             ("ыну", "ын"), ("ию", "ий"), ("Cу", "C")),
    "ablt": (("ским", "ский"), ("цким", "цкий"), ("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"),
             ("ыным", "ын"), ("ием", "ий"), ("Cой", "Cа"), ("Cом", "C"), ("Cем", "C")),
    "loct": (("ском", "ский"), ("цком", "цкий"), ("ове", "ов"), ("еве", "ев"), ("ёве", "ёв"), ("ине", "ин"),
             ("ыне", "ын"), ("ии", "ий"), ("Cе", "C")),
}
_FEMININE = {
    "gent": (("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ской", "ская"), ("цкой", "цкая"),
             ("ии", "ия"), ("Cы", "Cа")),
    "datv": (("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ской", "ская"), ("цкой", "цкая"),
             ("ии", "ия"), ("Cе", "Cа")),
    "ablt": (("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ской", "ская"), ("цкой", "цкая"),
             ("ией", "ия"), ("Cой", "Cа")),
    "loct": (("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ской", "ская"), ("цкой", "цкая"),
             ("ии", "ия"), ("Cе", "Cа")),
    "accs": (("ову", "ова"), ("еву", "ева"), ("ёву", "ёва"), ("ину", "ина"), ("скую", "ская"), ("цкую", "цкая"),
             ("ию", "ия"), ("Cу", "Cа")),
}
_CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _decline_back(word: str, case: str, feminine: bool) -> str | None:
    """A surname in `case` brought to the nominative, or None when no ending of that case fits."""
    if case == "nomn":
        return word
    lower = word.lower()
    for oblique, nominative in (_FEMININE if feminine else _MASCULINE).get(case, ()):
        if oblique.startswith("C"):
            ending = oblique[1:]
            if lower.endswith(ending) and len(lower) > len(ending) + 2 and lower[-len(ending) - 1] in _CONSONANTS:
                stem = word[: len(word) - len(ending)]
                return stem + nominative[1:]
        elif lower.endswith(oblique) and len(lower) > len(oblique) + 1:
            return word[: len(word) - len(oblique)] + nominative
    return None


def _name_parses(word: str) -> list[tuple[str, str, bool, float]]:
    """(nominative, case, feminine, score) of a first name by pymorphy3 (a declinable name known as Name or Surn)."""
    found = []
    for parse in morph().parse(word):
        if ("Name" in parse.tag or "Surn" in parse.tag) and "Fixd" not in parse.tag and parse.tag.case in _CASES:
            nominative = "-".join(p.capitalize() for p in parse.normal_form.split("-"))
            found.append((nominative, parse.tag.case, "femn" in parse.tag, parse.score))
    return found


def _nominative_forms(words: list[Token], gender: bool | None = None,
                      apposition: tuple[str, bool] | None = None) -> tuple[str, ...]:
    """A Russian name (first name, patronymic, surname) in the nominative: every reading the first name's case and
    gender allow, the likeliest first (`Андрея Михайловича` -> `Андрей Михайлович`)."""
    texts = [t.text for t in words]
    particle = texts[-1] if texts[-1].lower() in _PATRONYMIC_PARTICLES else ""
    if particle:
        texts = texts[:-1]
    if len(texts) == 1:
        forms = _surname_alone(texts[0])
    else:
        forms = []
        readings = _name_parses(texts[0]) if "Name" in russian_tags(texts[0]) or "Surn" in russian_tags(texts[0]) else []
        # readings that agree with the words around the name first: a noun in apposition before it in case and
        # gender (`у коммуниста Александра Ивачева`), a past-tense verb after it in gender (`Саида Мирзиеева
        # прибыла`); then the likeliest, the nominative on a tie
        readings.sort(key=lambda r: (apposition is not None and (r[1], r[2]) != apposition,
                                     gender is not None and r[2] != gender, -round(r[3], 2), r[1] != "nomn"))
        for nominative, case, feminine, _score in readings:
            surname = _decline_back(texts[-1], case, feminine)
            if surname is None:
                continue
            middle = [_lemma_title(t, ("Patr",)) if "Patr" in russian_tags(t) else t for t in texts[1:-1]]
            forms.append(" ".join([nominative, *middle, surname]))
        if not forms and readings and re.search(r"(?:[оеиуюэ]|ых|их)$", texts[-1].lower()):
            # an indeclinable surname after a declined first name (`Николая Давыденко`)
            forms = [" ".join([nominative, *texts[1:]]) for nominative, *_ in readings]
        if not forms:  # an indeclinable or unknown first name: only endings no nominative has go (-ом, -ой, -у),
            # and the first name in the same case when it has the same ending (`Питером Ларденом`)
            words_now = list(texts)
            if not _nominative_surname_parse(texts[-1]):
                for case in ("ablt", "datv"):
                    surname = _decline_back(texts[-1], case, False)
                    if surname is not None:
                        first = _decline_back(texts[0], case, False) if texts[0][-2:] == texts[-1][-2:] else None
                        words_now = [first or texts[0], *texts[1:-1], surname]
                        break
            forms.append(" ".join(words_now))
    forms = list(dict.fromkeys(forms))
    return tuple(f"{f} {particle}" if particle else f for f in forms)


@lru_cache(maxsize=100_000)
def _surname_keys(word: str) -> frozenset[str]:
    """A capitalized Russian word's nominatives as a surname (`Саидова` -> `саидов`), to meet known surnames
    pymorphy3 does not know."""
    return frozenset(fold(form) for form in _surname_alone(word))


def _nominative_surname_parse(word: str) -> bool:
    return any("nomn" in p.tag and ("Surn" in p.tag or "Name" in p.tag) for p in morph().parse(word)[:2])


def _surname_alone(word: str) -> list[str]:
    """Every nominative a surname standing alone may have (`Паслера` -> Паслер or Паслера), itself first."""
    forms = [word]
    for case in _CASES[1:]:
        for feminine in (False, True):
            form = _decline_back(word, case, feminine)
            if form and form not in forms:
                forms.append(form)
    return forms


def canonical_people(names: list, known: set[str], surnames: list | None = None) -> list[str]:
    """Unknown people under one Latin-script name each (Денис Паслер -> Denis Pasler, in any article's language).

    Each name may come with its possible readings (a tuple): the reading other mentions of the text share wins. A
    surname alone joins the full name it belongs to (in this article, known people included), in any case form."""
    readings = [(n,) if isinstance(n, str) else tuple(n) for n in names]
    support = Counter(form for forms in readings for form in set(forms))
    priority: dict[str, int] = {}  # a tie goes to the reading the earliest mention prefers
    for form in (f for forms in readings for f in forms):
        priority.setdefault(form, len(priority))
    chosen = [max(forms, key=lambda f: (support[f], -priority[f])) for forms in readings]
    latin = [name_to_latin(name) for name in chosen]
    full = sorted({n for n in latin if len(n.split()) > 1} | known)
    by_surname: dict[str, str] = {}
    for name in full:
        # by a spelling-blind key: a surname alone is spelled as a first word (Сатыбалдиев -> Satybaldiyev), its
        # full name's surname as a surname (Satybaldiev)
        by_surname.setdefault(name_key(name.split()[-1]), name)
    result = []
    for name, forms in zip(latin, readings):
        if len(name.split()) == 1:
            name = next((by_surname[k] for k in (name_key(name_to_latin(f)) for f in forms) if k in by_surname), name)
        result.append(name)
    for forms in surnames or ():
        forms = (forms,) if isinstance(forms, str) else forms
        joined = next((by_surname[k] for k in (name_key(name_to_latin(f)) for f in forms) if k in by_surname), None)
        if joined:
            result.append(joined)
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


def split_compounds(tokens: list[Token], knowledge: Knowledge) -> list[Token]:
    """A hyphenated word of capitalized parts that no known name starts with, one of whose parts is known, as its
    parts (`Russia-Central Asia` -> Russia, Central Asia; `Kyrgyzstan-Tajikistan`)."""
    index = alias_index(knowledge)
    result = []
    for token in tokens:
        parts = token.text.split("-")
        if (len(parts) > 1 and all(p[:1].isupper() for p in parts) and not any(k in index for k in token.keys)
                and any(_known_part(p, last=(n == len(parts) - 1), index=index) for n, p in enumerate(parts))):
            offset = token.offset
            for number, part in enumerate(parts):
                result.append(Token(part, word_keys(part), True, token.sentence_start and number == 0, offset,
                                    token.joined if number == 0 else True, token.gap if number == 0 else "-", token.line))
                offset += len(part) + 1
        else:
            result.append(token)
    return result


def _known_part(part: str, last: bool, index: dict[str, list[_Alias]]) -> bool:
    """A part of a compound is a known name (`Russia`), or, last, the first word of one (`Central` [Asia])."""
    aliases = [a for k in word_keys(part) for a in index.get(k, ())]
    return any(len(a.keys) == 1 and not a.partial for a in aliases) or (last and any(len(a.keys) > 1 for a in aliases))


def find_entities(text: str, language: str, knowledge: Knowledge) -> EntityFindings:
    """All people, places and organizations of a text, canonical English names for the known ones."""
    tokens = split_compounds(tokenize(text, language), knowledge)
    title_lines = _title_lines(tokens) if language == "en" else frozenset()
    mentions = find_mentions(tokens, knowledge, title_lines)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    counts: dict[str, Counter[str]] = {"person": Counter(), "place": Counter(), "organization": Counter()}
    first: dict[str, int] = {}
    for mention in mentions:
        counts[mention.entity.kind][mention.entity.en] += 1
        first.setdefault(mention.entity.en, mention.start)
    known_names = {e.en for e in knowledge.entities} | {e.ru for e in knowledge.entities}
    unknown = find_unknown(tokens, taken, language, knowledge, title_lines)
    people = unknown.pop("person")
    surnames = unknown.pop("surname")
    known_people = {m.entity.en for m in mentions if m.entity.kind == "person"}
    unknown["person"] = canonical_people(people, known_people, surnames)
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
