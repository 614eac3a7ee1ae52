"""Frozen dataclasses passed between the stages: read -> extract -> corpus -> render -> write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import marshal
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Header:
    """The optional first line ` date YYYY-MM-DD [URL] [rest]` of a seed, unparsed beyond tokens."""

    date_text: str
    url_text: str | None
    rest: str | None


@dataclass(frozen=True)
class Seed:
    """One seed file read from disk and decoded to normalized text (header line removed)."""

    name: str
    sha256: str
    encoding: str
    text: str
    header: Header | None


@dataclass(frozen=True)
class SeedRecord:
    """What a run remembers of a seed file it read: the file's identity on disk, its outlet and its cache key."""

    stat: tuple[int, ...]  # size, mtime and ctime in ns, inode: any write, copy or rename over it moves one
    outlet: str  # `cleaner.find_outlet_key`
    key: str  # `pipeline.seed_cache_key`
    dated: bool = False  # the key names the run's date (`pipeline.depends_on_today`): made again on another day


@dataclass(frozen=True)
class SeedIndex:
    """The seed records of the last run and the boilerplate learned per outlet, valid for one `basis` (code and
    settings): a run re-reads only the seeds whose file moved and the outlets they belong to (and, on another day
    than `today`, the seeds whose key names the date)."""

    basis: str
    records: dict[str, SeedRecord]
    learned: dict[str, frozenset[str]]
    today: str = ""


@dataclass(frozen=True)
class Checkpoint:
    """What one pass over the articles in order decided, so that the next run replays the decisions whose inputs
    did not change instead of making them again: the identity of each article in the order of the pass (anything
    that changes when the article does, such as its cache key), and the decision taken for it."""

    inputs: tuple[str, ...] = ()
    decisions: tuple[int, ...] = ()
    made: tuple[tuple, ...] = ()  # what the pass made of groups of articles, each as (their identities' digest, *fields)


@dataclass(frozen=True)
class Skipped:
    """A seed that did not become a page, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Warning_:
    """A problem worth telling the editor; `--strict` turns any of these into a failure."""

    seed: str
    message: str


@dataclass(frozen=True)
class Found:
    """An extracted value and where it came from (header, url, dateline, text, page-date, lead, ...)."""

    value: object
    source: str
    warnings: tuple[str, ...] = ()
    evidence: str = ""  # how an inferred value was put together


@dataclass(frozen=True)
class TitleLine:
    """A line of the page's opening that may be its headline."""

    text: str
    repeated: bool = False  # printed twice on the page, or the last breadcrumb
    line: int = 0  # its line number on the page
    captioned: bool = False  # it ended in a photo credit: a caption, or a headline printed over its photo


@dataclass(frozen=True)
class Cleaned:
    """A seed's text split into title candidates and kept paragraphs, with facts seen in the lines taken out."""

    titles: tuple[TitleLine, ...]  # lines of the page's opening that may be the headline, in page order
    paragraphs: tuple[str, ...]
    page_date: dt.date | None
    site_tags: tuple[str, ...]
    signals: tuple[tuple[str, str], ...] = ()  # (kind, text) facts seen in removed lines: source, copyright
    byline_dates: tuple[dt.date, ...] = ()  # timestamps printed with the article (under its headline)
    text_line: int = 0  # the line number where the article's text begins
    month_years: tuple[tuple[int, int], ...] = ()  # (year, month) of archive widgets (`Ноябрь 2025`)
    day_months: tuple[tuple[int, int, int], ...] = ()  # (month, day, weekday or -1) of bylines without a year
    days_ago: tuple[int, ...] = ()  # days back from the page's own date of bylines under the headline (`Вчера, 17:20`)
    urls: tuple[str, ...] = ()  # web addresses printed as lines of the page (a scraper's source line)

    @property
    def title_candidates(self) -> tuple[str, ...]:
        """The texts of the headline candidates, in page order."""
        return tuple(title.text for title in self.titles)


@dataclass(frozen=True)
class Article:
    """Everything known about one article; the render stage turns it into a page."""

    seed: str
    seed_sha256: str
    slug: str
    title: str
    title_source: str
    description: str
    date: dt.date | None
    date_source: str | None
    page_date: dt.date | None
    language: str
    source: str | None
    outlet: str | None
    url: str | None
    dateline: str | None
    paragraphs: tuple[str, ...]  # None, as `facts`, in an article read from the cache's head (see `BODY_FIELDS`)
    site_tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()  # extractive, in the article's own language
    fingerprint: tuple[str, ...] = ()  # hashes of its normalized sentences, for near-duplicate detection
    facts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (sentence, entities and numbers it states)
    date_evidence: str = ""  # how an inferred date was put together (`day from the dateline, year from the URL`)
    title_people: tuple[str, ...] = ()  # people the headline names (canonical names, as in `people`)
    title_names: tuple[str, ...] = ()  # places and organizations the headline names
    # Derived once per article by the per-seed stage (and cached with it), not on every run by the corpus stage:
    features: tuple[str, ...] = ()  # what tells its event (`stories.story_features`), sorted
    fact_lines: tuple[tuple[str, str], ...] = ()  # (language, fact sentence) for each other language
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Page:
    """A generated file: its path relative to docs/ and its full text."""

    path: str
    text: str


@dataclass(frozen=True)
class WriteResult:
    """What the writer did to docs/."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    refused: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """The outcome of one `digest generate`."""

    seeds: int
    articles: int  # article pages
    skipped: tuple[Skipped, ...]
    warnings: tuple[Warning_, ...]
    write: WriteResult
    seconds: float
    cached: int = 0  # seeds whose article came from the cache
    index_seconds: float = 0.0  # of `seconds`, the time spent indexing the search bundles
    # (source language, target language, summaries waiting for a translation, of them shown as a same-story summary)
    waiting: tuple[tuple[str, str, int, int], ...] = ()
    # a digest of the seeds' names and cache keys: a later run in which only seed files' times moved is answered
    # from this run's record when its seeds give the same (see `freshness.RunCheck.last`)
    seed_keys: str = ""
    # the generated folders' snapshots (`freshness.read_output_snapshots`) as the run left them, when it took them
    outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publisher:
    """A known agency or outlet: canonical name, names used in text, web domains."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    agency: bool


@dataclass(frozen=True)
class Entity:
    """A known person, place or organization: canonical English and Russian names and every other name."""

    kind: str  # person | place | organization
    en: str
    ru: str
    names: tuple[str, ...]  # en, ru, aliases, demonyms
    place_kind: str = ""  # country | city | region | site, for places

    @property
    def surnames(self) -> frozenset[str]:
        """The last word of each full name (for people)."""
        return frozenset(name.split()[-1].lower() for name in (self.en, self.ru) if len(name.split()) > 1)


@dataclass(frozen=True)
class Topic:
    """A taxonomy topic with its labels and match terms in both languages."""

    key: str
    en: str
    ru: str
    terms_en: tuple[str, ...]
    terms_ru: tuple[str, ...]
    min_hits: int = 3

    def terms(self, language: str) -> tuple[str, ...]:
        """Match terms for a language."""
        return self.terms_ru if language == "ru" else self.terms_en


@dataclass(frozen=True)
class Knowledge:
    """Editor-extensible reference data the extractors consult."""

    publishers: tuple[Publisher, ...]
    entities: tuple[Entity, ...] = ()
    topics: tuple[Topic, ...] = ()
    # the entities' alias index (`entities.alias_index`), when it came with the knowledge from the cache: made from
    # the fields above, so it takes no part in equality or the hash
    aliases: dict | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def _hash(self) -> int:
        return hash((self.publishers, self.entities, self.topics))

    def __hash__(self) -> int:
        # Knowledge keys several caches; hashing its thousands of entries on every lookup cost more than the lookups.
        return self._hash

    @functools.cached_property
    def _by_en(self) -> dict[str, Entity]:
        names: dict[str, Entity] = {}
        for entity in self.entities:
            names.setdefault(entity.en, entity)
        return names

    def find_entity(self, name: str) -> Entity | None:
        """The known entity whose canonical English name is `name` (the first listed)."""
        return self._by_en.get(name)

    def find_topic(self, key: str) -> Topic | None:
        """The topic with this key."""
        return next((t for t in self.topics if t.key == key), None)

    @functools.cached_property
    def _by_name(self) -> dict[str, Publisher]:
        names: dict[str, Publisher] = {}
        for publisher in self.publishers:
            for name in (publisher.name, *publisher.aliases):
                names.setdefault(name.casefold(), publisher)
        return names

    def find_publisher(self, text: str) -> Publisher | None:
        """The publisher whose name or alias equals `text` (case-insensitive)."""
        return self._by_name.get(" ".join(text.split()).casefold())

    @functools.cached_property
    def _by_domain(self) -> dict[str, Publisher]:
        domains: dict[str, Publisher] = {}
        for publisher in self.publishers:
            for domain in publisher.domains:
                domains.setdefault(domain, publisher)
        return domains

    def find_domain(self, host: str) -> Publisher | None:
        """The publisher owning a host name (sub-domains included; the first listed wins)."""
        parts = host.lower().removeprefix("www.").split(".")
        found = [self._by_domain[d] for d in (".".join(parts[i:]) for i in range(len(parts))) if d in self._by_domain]
        return min(found, key=self.publishers.index) if found else None


def values_digest(values: tuple) -> str:
    """What plain values (texts, numbers, None, tuples of them) are known by in the cache: marshal's version 2, which
    writes equal values as equal bytes whatever objects they share (later versions write a shared object as a back
    reference), is a third of the cost of a repr."""
    return hashlib.sha256(marshal.dumps(values, 2)).hexdigest()[:16]


def page_digest(text: str) -> str:
    """What a page's content is known by (in the page record and the cache) without keeping its text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


_DATE_FIELDS = ("date", "page_date")
_ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))


def article_to_dict(article: Article) -> dict:
    """An article as JSON-ready data (for the extraction evaluation's dumps; the cache uses `article_to_row`)."""
    data = dataclasses.asdict(article)
    for name in _DATE_FIELDS:
        data[name] = data[name].isoformat() if data[name] else None
    return data


# The fields only pages and search documents being made again read: the cache keeps them apart from the rest of
# the article (its head, which every run reads), and an article read from a head has None in them until they are
# read too (`pipeline.CacheRows.whole`). They were half the bytes of the 10,000 heads a run reads.
BODY_FIELDS = ("paragraphs", "facts")


def article_to_row(article: Article) -> tuple:
    """An article as plain values (for the cache's head): its fields in order, dates as day numbers, `BODY_FIELDS`
    left out (None; see `article_body`)."""
    return tuple(
        None if name in BODY_FIELDS else (value.toordinal() if value else None) if name in _DATE_FIELDS else value
        for name, value in ((name, getattr(article, name)) for name in _ARTICLE_FIELDS)
    )


def article_body(article: Article) -> tuple | None:
    """The values of an article's `BODY_FIELDS` (None for an article read without them)."""
    return None if article.paragraphs is None else tuple(getattr(article, name) for name in BODY_FIELDS)


def with_body(article: Article, body: tuple) -> Article:
    """The article with its `BODY_FIELDS` (as `article_body` gave them)."""
    return replace_fields(article, **dict(zip(BODY_FIELDS, body, strict=True)))


def replace_fields(article: Article, **changes: object) -> Article:
    """`dataclasses.replace` for an article, without its __init__ setting 29 frozen fields one by one (slug clashes
    gave thousands of articles a new slug on every run of a big corpus)."""
    copy = object.__new__(Article)
    copy.__dict__.update(article.__dict__, **changes)
    return copy


def article_from_row(row: tuple) -> Article:
    """The inverse of `article_to_row`."""
    values = dict(zip(_ARTICLE_FIELDS, row, strict=True))
    for name in _DATE_FIELDS:
        values[name] = dt.date.fromordinal(values[name]) if values[name] else None
    # what `Article(**values)` makes, without its __init__ setting 29 frozen fields one by one (a tenth of a second
    # for the 10,000 cached articles every run reads)
    article = object.__new__(Article)
    article.__dict__.update(values)
    return article


@dataclass(frozen=True)
class DocumentRef:
    """A search document known by the digest of its markup (the markup itself is read only for a bundle that must
    be built again)."""

    url: str
    language: str
    period: str
    digest: str


@dataclass(frozen=True)
class MemoryEntry:
    """One translation in `translations/<target>.yml`, keyed by a hash of its source text."""

    key: str
    target: str
    source: str
    text: str
    method: str  # reviewed | machine
    model: str | None = None
    seed: str | None = None
