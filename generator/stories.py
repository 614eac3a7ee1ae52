"""Corpus stage: near-duplicate articles, cross-language story clusters, and what each source adds."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain

from slugify import slugify

from generator.calendar_names import format_month_label
from generator.cleaner import normalize_line
from generator.models import Article, Checkpoint, Knowledge
from generator.sentences import split_sentences
from generator.translit import name_key

DUPLICATE_SHARE = 0.6  # share of sentences two texts must have in common to count as one syndicated article
STORY_MIN_SIMILARITY = 0.22  # development corpus: 0.20-0.25 all give pairwise F1 0.95-0.97 (held-out: 0.92)
HEADLINE_WEIGHT = 3  # the entities of a headline name the event's actors: they count three times
STORY_MAX_SPAN = 3  # a story covers at most three date windows, however many links chain on
# how far back a feature's rarity is counted (see `cluster_stories`): a quarter, the news of the season, so an article
# added to a month long past reweighs the stories of the quarter after it, not of the year after it...
IDF_WINDOW_DAYS = 90
IDF_MIN_ARTICLES = 500  # ...and among how many articles at least (a small archive: all of them)
# A sentence remembers its first holders only: an original is always among them (it comes first), and a stock
# sentence repeated in thousands of articles must not make detection quadratic.
MAX_HOLDERS = 32  # overlap of canonical entities two articles need to tell the same story
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Story:
    """Articles about one event across outlets and languages."""

    id: str
    title_en: str
    title_ru: str
    seeds: tuple[str, ...]  # member articles (primaries and their duplicates), newest first
    start: dt.date | None
    end: dt.date | None


def make_fingerprint(paragraphs: tuple[str, ...], language: str) -> tuple[str, ...]:
    """Hashes of the normalized sentences of six words or more: an article's fingerprint (an article-level field)."""
    return tuple(sorted({
        hashlib.blake2b(normalize_line(s).encode("utf-8"), digest_size=8).hexdigest()
        for p in paragraphs for s in split_sentences(p, language) if len(s.split()) >= 6
    }))


def sentence_keys(article: Article) -> frozenset[str]:
    """An article's sentence fingerprint as a set."""
    if article.fingerprint or article.paragraphs is None:  # read from the cache: stored as made from its paragraphs
        return frozenset(article.fingerprint)
    return frozenset(make_fingerprint(article.paragraphs, article.language))


def _unchanged_prefix(inputs: tuple[str, ...], previous: Checkpoint | None) -> int:
    """How many leading inputs are those of the previous pass."""
    if previous is None:
        return 0
    count = 0
    for mine, theirs in zip(inputs, previous.inputs):
        if mine != theirs:
            break
        count += 1
    return min(count, len(previous.decisions))


def find_duplicates(articles: list[Article]) -> dict[str, str]:
    """Seed -> seed of the article it repeats (the earliest, then first by name), for syndicated copies."""
    return find_duplicates_resuming(articles, {}, None)[0]


def find_duplicates_resuming(
    articles: list[Article], identity: dict[str, str], previous: Checkpoint | None
) -> tuple[dict[str, str], Checkpoint]:
    """`find_duplicates`, replaying the decisions of `previous` (a checkpoint of the same pass) for the articles
    before the first one whose identity or place in date order changed; with the checkpoint of this pass."""
    ordered = sorted(articles, key=lambda a: (a.date or dt.date.max, a.seed))
    inputs = tuple(f"{a.seed}\0{a.date}\0{identity.get(a.seed, '')}" for a in ordered)
    resume = _unchanged_prefix(inputs, previous) if identity else 0
    position = {a.seed: number for number, a in enumerate(ordered)}
    holders: dict[str, list[str]] = defaultdict(list)
    primary_of: dict[str, str] = {}
    decisions: list[int] = []
    for number, article in enumerate(ordered[:resume]):  # as decided before: only the index of sentences is rebuilt
        decision = previous.decisions[number]
        decisions.append(decision)
        if decision >= 0:
            primary_of[article.seed] = ordered[decision].seed
            continue
        for sentence in article.fingerprint or sentence_keys(article):
            if len(holders[sentence]) < MAX_HOLDERS:
                holders[sentence].append(article.seed)
    keys = {a.seed: sentence_keys(a) for a in ordered[resume:]}
    for article in ordered[resume:]:
        mine = keys[article.seed]
        shared = Counter(chain.from_iterable(holders.get(sentence, ()) for sentence in mine))
        need = DUPLICATE_SHARE * len(mine)  # fewer shared sentences can never pass the test below
        # most shared sentences first; a tie goes to the earlier article, never to the order of a set of hashes
        for other, count in sorted((item for item in shared.items() if item[1] >= need), key=lambda item: (-item[1], position[item[0]])):
            if other not in keys:  # an article of the replayed part
                keys[other] = sentence_keys(ordered[position[other]])
            if count >= DUPLICATE_SHARE * max(len(mine), len(keys[other])):
                primary_of[article.seed] = primary_of.get(other, other)
                decisions.append(position[primary_of[article.seed]])
                break
        else:
            decisions.append(-1)
            for sentence in mine:
                if len(holders[sentence]) < MAX_HOLDERS:
                    holders[sentence].append(article.seed)
    return primary_of, Checkpoint(inputs, tuple(decisions))


def entity_set(article: Article) -> frozenset[str]:
    """Everything an article names, for comparing articles."""
    return frozenset((*article.people, *article.places, *article.organizations))


_STORY_NUMBER = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)")


def story_features(article: Article) -> frozenset[str]:
    """What tells an article's event, in any language: its people (by surname, any spelling), places and
    organizations; the entities of its headline apart (a headline names the event's actors); its topics; and the
    numbers it gives (`21%`, `5-0`), years and small counts left out. Read from the article when the per-seed
    stage stored them there."""
    if article.features or article.paragraphs is None:  # read from the cache: stored as the per-seed stage made them
        return frozenset(article.features)
    people = set(article.people)
    features = {"e:" + _entity_key(name, name in people) for name in entity_set(article)}
    features |= {"h:" + _entity_key(name, True) for name in article.title_people}
    features |= {"h:" + _entity_key(name, False) for name in article.title_names}
    features |= {"t:" + topic for topic in article.topics}
    for match in _STORY_NUMBER.finditer(" ".join(article.paragraphs)):
        value = float(match.group(1).replace(",", "."))
        if not (value.is_integer() and (value < 10 or 1900 <= value <= 2100)):
            features.add(f"n:{value:g}")
    features.discard("e:")
    features.discard("h:")
    return frozenset(features)


def _entity_key(name: str, person: bool) -> str:
    words = name.split()
    return name_key(words[-1] if person and len(words) > 1 else name)


def cluster_stories(articles: list[Article], duplicates: dict[str, str], knowledge: Knowledge, window_days: int) -> list[Story]:
    """Group articles into stories, whatever their language (see `cluster_stories_resuming`)."""
    return cluster_stories_resuming(articles, duplicates, knowledge, window_days, {}, None)[0]


def cluster_stories_resuming(
    articles: list[Article], duplicates: dict[str, str], knowledge: Knowledge, window_days: int,
    identity: dict[str, str], previous: Checkpoint | None,
) -> tuple[list[Story], Checkpoint]:
    """Group articles into stories, whatever their language: in date order, each article joins the open story whose
    articles of the last `window_days` it resembles most on average (overlap of `story_features` weighted by their
    rarity, headline entities weighing triple, at least 0.22), else starts one; copies join their original. Rarity
    is counted among the articles of the quarter up to that day (at least IDF_MIN_ARTICLES of them, reaching back,
    or at the archive's start forward), so a new article reweighs no story before it, nor any a quarter after it. The
    decisions of `previous` (this pass's checkpoint from the last run) are replayed up to the first article whose
    `identity` or place changed (`_replayable`); returns the stories and this run's checkpoint."""
    primaries = sorted((a for a in articles if a.seed not in duplicates), key=lambda a: (a.date or dt.date.max, a.seed))
    features = {a.seed: story_features(a) for a in primaries}
    dated = [a for a in primaries if a.date]
    span = dt.timedelta(days=max(IDF_WINDOW_DAYS, window_days))
    counts: Counter[str] = Counter()  # features of the articles dated within `span` up to the current day
    size = head = tail = after = first = 0  # the sample is dated[tail:head]
    weight: dict[str, float] = {}
    mass: dict[str, float] = {}

    def weigh(feature: str) -> float:
        if feature not in weight:
            weight[feature] = math.log(1 + size / counts[feature]) * (HEADLINE_WEIGHT if feature.startswith("h:") else 1)
        return weight[feature]

    def weigh_all(seed: str) -> float:
        if seed not in mass:  # `fsum` is correctly rounded: the same in any order (a plain sum in set order is not)
            mass[seed] = math.fsum(map(weigh, features[seed]))
        return mass[seed]

    def similarity(a: str, b: str) -> float:
        shared = math.fsum(map(weigh, features[a] & features[b]))
        total = weigh_all(a) + weigh_all(b) - shared  # the weight of the union
        return shared / total if total > 0 else 0.0

    inputs = tuple(f"{a.seed}\0{a.date}\0{identity.get(a.seed, '')}" for a in dated)
    resume = _replayable(inputs, previous) if identity else 0
    groups: list[list[Article]] = []
    founders: list[int] = []  # each group's first article, by position
    decisions: list[int] = []
    for number, article in enumerate(dated[:resume]):  # as decided before (same articles, same samples)
        decision = previous.decisions[number]
        decisions.append(decision)
        if decision == len(groups):
            groups.append([article])
            founders.append(number)
        else:
            groups[decision].append(article)
    if resume < len(dated):
        start = dated[resume].date
        open_groups = [g for g in range(len(groups)) if (start - groups[g][-1].date).days <= window_days]
    day = None
    # the last run's decisions again once they must be the same (see `_Tail`): past the change, its rarity sample and
    # every story still open are the last run's
    tail_run = _Tail(inputs, previous) if previous and identity and all(identity.get(a.seed) for a in dated) else None
    matched = max(resume, tail_run.start) if tail_run else len(dated)  # decisions from here on are the last run's
    in_window = 0  # the first article of the last `window_days` up to this day
    for position in range(resume, len(dated)):
        article = dated[position]
        if article.date != day:  # the quarter up to this day: every article of the day in, older ones out
            day = article.date
            while after < len(dated) and dated[after].date <= day:
                after += 1
            while dated[first].date < day - span:
                first += 1
            # the sample: the quarter up to this day, reaching further back (then, at the archive's start, forward) to
            # IDF_MIN_ARTICLES articles; both ends only move forward
            low, high = min(first, max(0, after - IDF_MIN_ARTICLES)), max(after, min(IDF_MIN_ARTICLES, len(dated)))
            while (day - dated[in_window].date).days > window_days:
                in_window += 1
            if tail_run and low > tail_run.start and after > IDF_MIN_ARTICLES + abs(tail_run.offset) and matched <= in_window:
                replayed = tail_run.replay(position, len(groups), {inputs[f]: g for g, f in enumerate(founders)})
                if replayed is not None:
                    for number, decision in enumerate(replayed, start=position):
                        decisions.append(decision)
                        if decision == len(groups):
                            groups.append([dated[number]])
                        else:
                            groups[decision].append(dated[number])
                    break
            if head == tail < low:  # nothing counted yet (a resumed pass): start at the sample, not the archive
                head = tail = low
            while head < high:
                counts.update(features[dated[head].seed])
                head += 1
            while tail < low:
                counts.subtract(features[dated[tail].seed])
                tail += 1
            size = head - tail
            weight.clear()
            mass.clear()
        open_groups = [g for g in open_groups if (article.date - groups[g][-1].date).days <= window_days]
        best: tuple[float, int] | None = None
        for number in open_groups:
            members = groups[number]
            if (article.date - members[0].date).days > STORY_MAX_SPAN * window_days:  # a running theme, not one event
                continue
            near = [m for m in members if (article.date - m.date).days <= window_days]
            if not near or not any(features[article.seed] & features[m.seed] for m in near):
                continue
            score = math.fsum(similarity(article.seed, m.seed) for m in near) / len(near)
            if score >= STORY_MIN_SIMILARITY and (best is None or score > best[0]):
                best = (score, number)
        decision = best[1] if best else len(groups)
        if tail_run and position >= tail_run.start and not tail_run.agrees(position, inputs[founders[decision]] if best else None):
            matched = position + 1
        decisions.append(decision)
        if best:
            groups[decision].append(article)
        else:
            groups.append([article])
            founders.append(position)
            open_groups.append(decision)
    root = {m.seed: group[0].seed for group in groups for m in group}
    members: dict[str, list[Article]] = defaultdict(list)
    by_seed = {a.seed: a for a in articles}
    for article in articles:
        original = duplicates.get(article.seed, article.seed)
        members[root.get(original, original)].append(article)
    # a story made of the same articles as last run (their identities say so) is the one made then
    known = {row[0]: row for row in previous.made} if previous and identity else {}
    stories, made = [], []
    for group in members.values():
        digest = _group_digest(group, identity)
        row = known.get(digest) if digest else None
        story = _story_from_row(row) if row else None
        story = story or make_story(group, by_seed, knowledge)
        stories.append(story)
        if digest:
            made.append(_story_to_row(digest, story))
    return assign_story_ids(stories), Checkpoint(inputs, tuple(decisions), tuple(sorted(made)))


class _Tail:
    """The last run's stories pass where its order of articles ends as this run's does (the `start` of that common
    tail here; `offset` from a position here to the same article's there), with the first article of each of its
    stories, so that its decisions there can be compared and replayed by story founder, not by story number."""

    def __init__(self, inputs: tuple[str, ...], previous: Checkpoint) -> None:
        old, decisions = previous.inputs, previous.decisions
        common = 0
        if len(decisions) == len(old):
            while common < min(len(inputs), len(old)) and inputs[-1 - common] == old[-1 - common]:
                common += 1
        self.start, self.offset = len(inputs) - common, len(old) - len(inputs)
        self.old, self.decisions = old, decisions
        self.founded: list[int] = []  # story number there -> the position there of its first article
        for number, decision in enumerate(decisions):
            if decision == len(self.founded):
                self.founded.append(number)
            elif not 0 <= decision < len(self.founded):  # not a pass's checkpoint: nothing is replayed
                self.start = len(inputs)
                break

    def agrees(self, position: int, founder: str | None) -> bool:
        """Whether the article at `position` (in the common tail) went where it went last run: into the story that
        began with the article whose input is `founder`, or (None) into a story of its own."""
        there = position + self.offset
        first = self.founded[self.decisions[there]]
        return first == there if founder is None else first != there and self.old[first] == founder

    def replay(self, position: int, stories: int, by_founder: dict[str, int]) -> list[int] | None:
        """The last run's decisions from `position` to the end, as story numbers of this run (`stories` begun so far,
        `by_founder`: founder's input -> number); None when one cannot be told."""
        there = position + self.offset
        before = bisect.bisect_left(self.founded, there)  # stories begun there before this point
        made = []
        for number in range(there, len(self.decisions)):
            story = self.decisions[number]
            if self.founded[story] >= there:
                made.append(stories + story - before)
            elif self.old[self.founded[story]] in by_founder:
                made.append(by_founder[self.old[self.founded[story]]])
            else:
                return None
        return made


def _group_digest(group: list[Article], identity: dict[str, str]) -> str | None:
    """What a story's articles are known by from one run to the next (None when one of them has no identity)."""
    if not all(identity.get(a.seed) for a in group):
        return None
    return hashlib.blake2b("\0".join(f"{a.seed}\0{identity[a.seed]}" for a in group).encode("utf-8"), digest_size=16).hexdigest()


def _story_to_row(digest: str, story: Story) -> tuple:
    return (digest, story.id, story.title_en, story.title_ru, story.seeds,
            story.start.isoformat() if story.start else None, story.end.isoformat() if story.end else None)


def _story_from_row(row: tuple) -> Story | None:
    """The story a checkpoint row holds (None for a damaged row: the story is made again)."""
    try:
        _, story_id, title_en, title_ru, seeds, start, end = row
        return Story(story_id, title_en, title_ru, tuple(seeds), dt.date.fromisoformat(start) if start else None,
                     dt.date.fromisoformat(end) if end else None)
    except (TypeError, ValueError):
        return None


def _replayable(inputs: tuple[str, ...], previous: Checkpoint | None) -> int:
    """How many leading story decisions of `previous` hold: those of articles before the first changed one whose
    rarity sample (`cluster_stories_resuming`) lay wholly before it, in this run's order and in the last one's:
    whole days before it, once the archive has IDF_MIN_ARTICLES articles before it."""
    same = _unchanged_prefix(inputs, previous)
    if previous is None or same < IDF_MIN_ARTICLES:
        return 0

    def day_start(order: tuple[str, ...]) -> int:  # the first article of the day of the first changed one
        if same >= len(order):
            return same
        day = order[same].split("\0")[1]
        first = same
        while first > 0 and order[first - 1].split("\0")[1] == day:
            first -= 1
        return first

    return min(day_start(inputs), day_start(previous.inputs))


def make_story(group: list[Article], by_seed: dict[str, Article], knowledge: Knowledge) -> Story:
    """A story's titles and dates from its articles (id assigned later, once all stories are known)."""
    people = _top(group, "people")
    rank = {"city": 0, "site": 1, "": 2, "region": 3, "country": 4}  # a story happens in a city more than in a country
    top_places = _top(group, "places")
    places = sorted(top_places, key=lambda p: (rank.get(_place_kind(p, knowledge), 2), top_places.index(p)))
    month = min((a.date for a in group if a.date), default=None)
    names_en = [_surname(p, "en", knowledge) for p in people[:2]]
    names_ru = [_surname(p, "ru", knowledge) for p in people[:2]]
    place_en = places[0] if places else ""
    place_ru = _name(places[0], "ru", knowledge) if places else ""
    title_en = " and ".join(names_en) or group[0].title
    title_ru = " и ".join(names_ru) or group[0].title
    if place_en:
        title_en, title_ru = f"{title_en} in {place_en}", f"{title_ru}: {place_ru}"
    if month:
        label_en, label_ru = format_month_label(month.year, month.month).split(" · ")
        title_en, title_ru = f"{title_en}, {label_en}", f"{title_ru}, {label_ru}"
    seeds = tuple(a.seed for a in sorted(group, key=lambda a: (-(a.date or dt.date.min).toordinal(), a.seed)))
    dates = [a.date for a in group if a.date]
    slug_words = [_surname(p, "en", knowledge) for p in people[:2]] + ([place_en] if place_en else [])
    base = slugify(" ".join(slug_words), max_length=60, word_boundary=True) or slugify(group[0].title, max_length=40, word_boundary=True) or "story"
    prefix = f"{month:%Y-%m}-" if month else "undated-"
    return Story(prefix + base, title_en, title_ru, seeds, min(dates, default=None), max(dates, default=None))


def assign_story_ids(stories: list[Story]) -> list[Story]:
    """Unique ids: of stories with one id, the one that began first (then by its first article) keeps it, the others
    get a hash of their first article's seed (`…-moscow-3f9a61c2`), so a story that appears or changes never renames
    the others' pages (numbering them `-2`, `-3` did)."""
    ordered = sorted(stories, key=lambda s: (s.id, s.start or dt.date.max, _founder(s)))
    taken: set[str] = set()
    result = []
    for story in ordered:
        story_id = story.id
        if story_id in taken:
            story_id = f"{story.id}-{hashlib.blake2b(_founder(story).encode('utf-8'), digest_size=4).hexdigest()}"
        while story_id in taken:  # two first seeds with one hash: only by extreme chance
            story_id += "-x"
        taken.add(story_id)
        result.append(Story(story_id, story.title_en, story.title_ru, story.seeds, story.start, story.end))
    return sorted(result, key=lambda s: (-(s.end or dt.date.min).toordinal(), s.id))


def _founder(story: Story) -> str:
    """The seed of a story's oldest member (the last of its members, which run newest first, ties by seed name)."""
    return story.seeds[-1] if story.seeds else ""


def _top(group: list[Article], field: str) -> list[str]:
    score: Counter[str] = Counter()
    for article in group:
        names = getattr(article, field)
        for rank, name in enumerate(names):
            score[name] += len(names) - rank
    return [name for name, _ in sorted(score.items(), key=lambda item: (-item[1], item[0]))]


def _place_kind(name: str, knowledge: Knowledge) -> str:
    entity = knowledge.find_entity(name)
    return entity.place_kind if entity else ""


def _name(name: str, language: str, knowledge: Knowledge) -> str:
    entity = knowledge.find_entity(name)
    return (entity.ru if language == "ru" else entity.en) if entity else name


def _surname(name: str, language: str, knowledge: Knowledge) -> str:
    return _name(name, language, knowledge).split()[-1]


def find_fact_sentences(
    text: str, spans: tuple[tuple[int, str], ...], language: str = "en", start: int = 0
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Sentences of a text from offset `start` on that name a known entity or give a number, with what they state;
    `spans` are the entity mentions found in the same text (offset, canonical name)."""
    found = []
    position = start
    for line in text[start:].split("\n"):
        for sentence in split_sentences(line, language):
            start = text.find(sentence, position)
            end = start + len(sentence)
            position = end
            facts = {name for offset, name in spans if start <= offset < end}
            facts |= {f"#{n.replace(',', '.')}" for n in _NUMBER.findall(sentence)}
            if facts:
                found.append((sentence, tuple(sorted(facts))))
        position = max(position, text.find("\n", position) + 1)
    return tuple(found)


def what_each_adds(group: list[Article]) -> dict[str, tuple[str, ...]]:
    """Per article of a story, its sentences with an entity or a number that no other article of the story has."""
    known = {a.seed: frozenset(f for _, found in a.facts for f in found) for a in group}
    holders = Counter(f for facts in known.values() for f in facts)  # how many articles state each fact
    added = {}
    for article in group:
        added[article.seed] = tuple(
            sentence for sentence, found in article.facts if any(holders[f] == 1 for f in found)
        )
    return added
