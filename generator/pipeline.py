"""The whole generator: read -> extract -> corpus -> render -> write, returning a `Report`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import os
import queue
import re
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.cleaner import find_outlet_key, is_prose, learn_boilerplate, normalize_line
from generator.config import Settings, bundle_dir, check_project, load_settings
from generator.corpus import assign_slugs, make_slug, sort_newest_first
from generator.errors import DataError, SearchIndexError, SeedError
from generator.extractor import extract_article
from generator.models import Article, Knowledge, Page, Report, Seed, SeedIndex, SeedRecord, Skipped, Warning_, WriteResult, page_digest, values_digest
from generator.models import BODY_FIELDS, article_body, replace_fields, with_body
from generator.reader import DATA_DIR, read_bundle_stamps, read_checkpoints, read_page_memo, read_indexer_version, read_page_record, read_seed_index, read_seed_stats, read_files, read_subfolders, read_translation_memory, read_cache_entries, read_code_fingerprint, read_file_identity, heads_file_of, read_knowledge, read_knowledge_cache, read_seeds
from generator.entities import alias_index
from generator.feeds import render_feeds
from generator.freshness import RUN_RECORD, RunCheck, check_run, read_output_snapshots, run_record
from generator.reporting import format_report  # noqa: F401 - the hook's
from generator.index_pages import ListingMemo, render_index_pages, story_page_input
from generator.renderer import (
    ArticleContext,
    article_path,
    assemble_article_page,
    render_article_parts,
    render_date_pages,
    render_home,
    render_skipped,
)
from generator.mt import Translator, find_model
from generator.stories import Story, cluster_stories_resuming, find_duplicates_resuming, story_features, what_each_adds
from generator.translation import LANGUAGES, WAITING, MemoryEntry, Summary, Translate, memory_key, own_text, summarize_in
from generator.translation import count_waiting, find_stale_entries, make_fact_line, pick_same_story, plain_summaries
from generator.search import DocumentRef, SearchDocument, group_bundles, indexed_articles, refer_to, render_article_documents, render_page_documents, render_search_manifest, stamp_bundle
from generator.writer import OWNED_DIRS, SEARCH_DIR, hold_project_lock, write_checkpoints, write_page_dates, write_page_memo, write_run_record, write_seed_index, write_cache_entries, write_knowledge_cache, write_machine_translations, PageWriter, write_search_bundles


def learn_outlet_boilerplate(seeds: list[Seed]) -> dict[str, frozenset[str]]:
    """Per seed name, the lines learned as boilerplate from the other seeds of the same outlet."""
    groups: dict[str, list[Seed]] = defaultdict(list)
    for seed in seeds:
        groups[outlet_of(seed)].append(seed)
    learned: dict[str, frozenset[str]] = {}
    for key, members in groups.items():
        lines = learn_outlet_lines(key, members)
        for seed in members:
            learned[seed.name] = lines
    return learned


def outlet_of(seed: Seed) -> str:
    """The outlet a seed's boilerplate is learned with (`find_outlet_key`)."""
    return find_outlet_key(seed.text, seed.header.url_text if seed.header else None)


def learn_outlet_lines(key: str, members: list[Seed]) -> frozenset[str]:
    """The boilerplate lines of one outlet's seeds (in name order)."""
    lines = learn_boilerplate([s.text for s in members])
    if not key:  # seeds of unknown outlets share only labels, never sentences, to count as boilerplate
        lines = frozenset(line for line in lines if not is_prose(line))
    return lines


@dataclass(frozen=True)
class SeedPlan:
    """Every readable seed's cache key and learned boilerplate, and the seeds this run had to read to know them."""

    names: tuple[str, ...]  # readable seeds, by name
    keys: dict[str, str]
    learned: dict[str, frozenset[str]]  # by seed name
    read: dict[str, Seed]
    unreadable: list[Skipped]
    index: SeedIndex  # for the next run
    before: dict[str, str] = dataclasses.field(default_factory=dict)  # seed name -> its key in the last run's index


def plan_seeds(seeds_dir: Path, settings: Settings, today: dt.date, code: str, last: SeedIndex | None) -> SeedPlan:
    """Cache keys for every seed, reading only the files that moved since the last run and the other seeds of
    their outlets (whose boilerplate may change with them); without a usable `last` index, every seed."""
    basis = hashlib.sha256(f"{code}\0{settings!r}".encode("utf-8")).hexdigest()
    if last is None or last.basis != basis:
        last = SeedIndex(basis, {}, {})
    stats = read_seed_stats(seeds_dir)
    kept = {name for name, stat in stats.items() if stat and name in last.records and last.records[name].stat == stat}
    read_list, unreadable = read_seeds(seeds_dir, settings.max_seed_bytes, [n for n in stats if n not in kept])
    outlets = {name: last.records[name].outlet for name in kept} | {seed.name: outlet_of(seed) for seed in read_list}
    moved = {last.records[name].outlet for name in last.records if name not in kept}
    moved |= {outlets[seed.name] for seed in read_list}
    new_day = last.today != today.isoformat()  # on a new day, the seeds whose key names the date are keyed again
    again = [n for n in kept if outlets[n] in moved or (new_day and last.records[n].dated)]
    others, gone = read_seeds(seeds_dir, settings.max_seed_bytes, sorted(again))
    unreadable += gone  # unchanged on disk yet unreadable now (permissions): refused like any other
    read = {seed.name: seed for seed in [*read_list, *others]}
    lost = {skipped.name for skipped in gone}
    names = tuple(sorted(name for name in outlets if name in read or (outlets[name] not in moved and name not in lost)))
    learned_by_outlet = {key: lines for key, lines in last.learned.items() if key not in moved}
    for key in sorted(moved & {outlets[name] for name in names}):
        learned_by_outlet[key] = learn_outlet_lines(key, [read[n] for n in names if outlets[n] == key])
    learned = {name: learned_by_outlet[outlets[name]] for name in names}
    keys = {
        name: seed_cache_key(read[name], learned[name], settings, code, today) if name in read else last.records[name].key
        for name in names
    }
    records = {
        name: SeedRecord(stats[name], outlets[name], keys[name],
                         depends_on_today(read[name], today) if name in read else last.records[name].dated)
        for name in names
    }
    live = {outlets[name] for name in names}
    index = SeedIndex(basis, records, {key: lines for key, lines in learned_by_outlet.items() if key in live},
                      today.isoformat())
    return SeedPlan(names, keys, learned, read, sorted(unreadable, key=lambda s: s.name), index,
                    {name: record.key for name, record in last.records.items()})


@dataclass(frozen=True)
class SeedTask:
    """What the per-seed stage needs for one seed, picklable for a worker process (the knowledge travels once per
    worker, not with each task)."""

    seed: Seed
    learned: frozenset[str]
    min_date: dt.date
    max_date: dt.date
    headline_words: int
    seconds: float


class SeedTimeout(Exception):
    """The per-seed time guard ran out."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `SeedTimeout` in this block after `seconds` (main thread only; elsewhere no guard)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):  # noqa: ARG001 - signal handler signature
        raise SeedTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_seed(task: SeedTask, knowledge: Knowledge) -> dict:
    """The per-seed stage (clean, extract, render the page's text) under the time guard, as a cache entry:
    `{"article": ..., "page": ...}` or `{"skipped": reason}`. Never raises for a bad seed."""
    try:
        with time_limit(task.seconds):
            article = derive_article_fields(
                extract_article(task.seed, knowledge, task.learned, task.min_date, task.max_date, task.headline_words),
                knowledge,
            )
            # The page's text does not depend on its slug (only its path does), so it is rendered here, in parallel.
            return {"article": article, "page": render_article_parts(article, knowledge)}
    except SeedError as exc:
        return {"skipped": exc.reason}
    except SeedTimeout:
        return {"skipped": f"extraction took longer than {task.seconds:g} s (setting seed_seconds)"}


def derive_article_fields(article: Article, knowledge: Knowledge) -> Article:
    """The article with what the corpus stage would otherwise recompute for every article on every run: its slug's
    base, its story features and its fact sentence in each other language."""
    lines = tuple((language, make_fact_line(article, language, knowledge)) for language in LANGUAGES if language != article.language)
    return dataclasses.replace(article, slug=make_slug(article.title), features=tuple(sorted(story_features(article))),
                               fact_lines=lines)


ProgressFn = Callable[[int, int], None]  # (seeds done, seeds to do)


def seed_cache_key(seed: Seed, learned: frozenset[str], settings: Settings, code: str, today: dt.date) -> str:
    """What a seed's extracted article depends on: its bytes and name, the code, the settings, the boilerplate
    lines learned from other seeds that occur in it, and today's date when the text names this year or later."""
    parts = [code, seed.name, seed.sha256, settings.min_date.isoformat(), str(settings.headline_words)]
    lines = {normalize_line(line) for line in seed.text.split("\n")}
    parts += sorted(lines & learned)
    if depends_on_today(seed, today):  # the date window ends today: the result may change tomorrow
        parts.append(today.isoformat())
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def depends_on_today(seed: Seed, today: dt.date) -> bool:
    """Whether a seed's article may change with the date of the run: its text or header names this year or later."""
    header = seed.header.date_text + (seed.header.url_text or "") if seed.header else ""
    years = {int(y) for y in re.findall(r"(?=((?:19|20|21)\d\d))", seed.text + header)}
    return any(year >= today.year for year in years)


_worker_knowledge: list[Knowledge] = []  # a worker process's one copy of the knowledge


def start_seed_worker(knowledge: Knowledge) -> None:
    """Set up a worker process: the collector on (it was forked while a run pauses it), one copy of the knowledge."""
    gc.enable()
    _worker_knowledge[:] = [knowledge]


def process_seed_in_worker(task: SeedTask) -> dict:
    """`process_seed` with the worker's knowledge."""
    return process_seed(task, _worker_knowledge[0])


def run_seed_tasks(tasks: list[SeedTask], knowledge: Knowledge, jobs: int, progress: ProgressFn | None) -> list[dict]:
    """The per-seed stage for every task, in a process pool when there are many; results in task order."""
    if jobs > 1 and len(tasks) >= POOL_THRESHOLD:
        # One knowledge object per worker: the extractors' caches are keyed by it, and a copy unpickled with each
        # chunk of tasks is equal but not identical, so every lookup compared thousands of entries (twice the time).
        with ProcessPoolExecutor(max_workers=jobs, initializer=start_seed_worker, initargs=(knowledge,)) as pool:
            chunk = max(1, min(64, len(tasks) // (jobs * 8)))
            results = []
            for result in pool.map(process_seed_in_worker, tasks, chunksize=chunk):
                results.append(result)
                if progress:
                    progress(len(results), len(tasks))
            return results
    results = []
    for task in tasks:
        results.append(call_in_main_thread(process_seed, task, knowledge))
        if progress:
            progress(len(results), len(tasks))
    return results


_main_thread = threading.local()  # in a `BackgroundRun`'s thread: how it hands a call to the main thread


def call_in_main_thread(function: Callable, *args: object) -> object:
    """`function(*args)`, run by the main thread when this is a `BackgroundRun`'s thread (the per-seed time guard is
    a signal, and signals reach only the main thread), else here."""
    runner = getattr(_main_thread, "runner", None)
    return runner(function, *args) if runner else function(*args)


@dataclass(frozen=True)
class Extraction:
    """Articles and skipped seeds of a run, with the cache rows they come from."""

    articles: list[Article]
    skipped: list[Skipped]
    keys: dict[str, str]  # seed name -> cache key
    cache: CacheRows
    extracted: int  # seeds extracted this run (the others came from the cache)


class CacheRows:
    """This run's view of the per-seed cache (`reader.read_cache_entries`): every row's head (the article, or why its
    seed was skipped, and the digests of its page and search documents), its `page` and `search` columns read only
    on demand, and the rows to store at the end."""

    def __init__(self, cache_file: Path | None, heads: dict[str, dict], fresh_pages: dict[str, dict], fresh: set[str],
                 remake: Callable[[str], Article]):
        self.cache_file = cache_file
        self.heads = heads
        self.columns: dict[str, dict[str, object]] = {"page": dict(fresh_pages), "search": {}, "body": {}}
        # a row extracted this run is stored with its article's body, once (a spill stores the head and one column)
        self.changed: dict[str, dict[str, object]] = {
            key: {"page": fresh_pages.get(key), "body": article_body(heads[key]["article"]) if "article" in heads[key] else None}
            for key in fresh
        }
        self.remake = remake  # seed name -> its article extracted again (for a row whose body is damaged)

    def whole(self, articles: list[Article], keys: dict[str, str]) -> list[Article]:
        """The articles with their `BODY_FIELDS`: those read from a head get them from their rows' `body` column (an
        article whose body is missing or cannot be read is extracted again, and its row stored anew)."""
        wanted = [keys[a.seed] for a in articles if a.paragraphs is None]
        bodies = self.load("body", wanted) if wanted else {}
        found = []
        for article in articles:
            if article.paragraphs is not None:
                found.append(article)
                continue
            key = keys[article.seed]
            body = bodies.get(key)
            if isinstance(body, tuple) and len(body) == len(BODY_FIELDS):
                found.append(with_body(article, body))
                continue
            fresh = replace_fields(self.remake(article.seed), slug=article.slug)
            self.update(key, {**self.heads[key], "article": fresh}, body=article_body(fresh))
            found.append(fresh)
        return found

    def load(self, column: str, keys: list[str]) -> dict[str, object]:
        """A column of these rows (read once; a row lacking it is left out)."""
        known = self.columns[column]
        missing = sorted({key for key in keys if key not in known})
        if missing and self.cache_file:
            known.update(read_cache_entries(self.cache_file, missing, column))
        return known

    def update(self, key: str, head: dict, **columns: object) -> None:
        """New values for a row: its head and some of its columns."""
        self.heads[key] = head
        for column, value in columns.items():
            self.columns[column][key] = value
        self.changed.setdefault(key, {}).update(columns)

    def rows(self) -> dict[str, dict[str, object]]:
        """The rows to store: head and changed columns."""
        return {key: {"head": self.heads[key], **columns} for key, columns in self.changed.items()}

    def spill(self, column: str, keys: list[str]) -> None:
        """Store these rows' changed `column` now and let go of it (a cold run of 10,000 articles held every page's
        text, or every search document, until its end); their heads are stored again at the end."""
        rows = {key: {"head": self.heads[key], column: self.changed[key].pop(column)}
                for key in keys if column in self.changed.get(key, {})}
        if rows and self.cache_file:
            write_cache_entries(self.cache_file, rows, keep=None)
        for key in keys:
            self.columns[column].pop(key, None)


class ResidentHeads:
    """The per-seed cache's heads kept in memory from one run to the next of a long-lived process (`mkdocs serve`):
    reading and decoding 10,000 of them took 0.3 s of every rebuild. Trusted only while the cache file is the one
    this process wrote last (its size, times and inode), so that a `digest build` run beside the server is seen."""

    def __init__(self) -> None:
        self.cache_file: Path | None = None
        self.identity: tuple[int, ...] | None = None
        self.heads: dict[str, dict] = {}

    def read(self, cache_file: Path, keys: list[str]) -> dict[str, dict]:
        """The heads of these keys: from memory when the cache file is as this process left it, else from the file."""
        if cache_file != self.cache_file or self.identity is None or read_file_identity(heads_file_of(cache_file)) != self.identity:
            self.heads = {}
        found = {key: self.heads[key] for key in keys if key in self.heads}
        missing = [key for key in keys if key not in found]
        return {**found, **read_cache_entries(cache_file, missing)} if missing else found

    def warm(self, cache_file: Path, index: SeedIndex | None) -> None:
        """Read every indexed seed's head unless this process already holds them: after a run answered from the
        record (a server's start), so that its first rebuild does not pay for them either."""
        identity = read_file_identity(heads_file_of(cache_file))
        if index is None or identity is None or (cache_file == self.cache_file and identity == self.identity):
            return
        keys = sorted({record.key for record in index.records.values() if record.key})
        self.cache_file, self.identity, self.heads = cache_file, identity, read_cache_entries(cache_file, keys)

    def keep(self, cache_file: Path, heads: dict[str, dict]) -> None:
        """Remember the heads this run stored (call right after storing them)."""
        self.cache_file, self.identity, self.heads = cache_file, read_file_identity(heads_file_of(cache_file)), heads


RESIDENT_HEADS = ResidentHeads()  # only `generate(resident=True)` uses it: a one-shot run would hold the memory for nothing


def extract_articles(
    seeds: list[Seed], settings: Settings, today: dt.date, jobs: int, cache_file: Path | None, progress: ProgressFn | None,
    knowledge: Knowledge | None = None,
) -> Extraction:
    """Articles for every seed: from the cache when nothing they depend on changed, else computed."""
    learned = learn_outlet_boilerplate(seeds)
    code = read_code_fingerprint()
    keys = {seed.name: seed_cache_key(seed, learned[seed.name], settings, code, today) for seed in seeds}
    plan = SeedPlan(tuple(s.name for s in seeds), keys, learned, {s.name: s for s in seeds}, [], SeedIndex("", {}, {}))
    return extract_planned(plan, Path("."), settings, today, jobs, cache_file, progress, knowledge)


def extract_planned(
    plan: SeedPlan, seeds_dir: Path, settings: Settings, today: dt.date, jobs: int, cache_file: Path | None,
    progress: ProgressFn | None, knowledge: Knowledge | None = None, resident: ResidentHeads | None = None,
) -> Extraction:
    """Articles for the planned seeds: cached entries where their key is known, else extracted (reading a seed
    the plan did not read)."""
    knowledge = knowledge or read_knowledge()
    keys = plan.keys
    wanted = sorted(set(keys.values()))
    cached = (resident.read(cache_file, wanted) if resident else read_cache_entries(cache_file, wanted)) if cache_file else {}
    todo_names = [name for name in plan.names if keys[name] not in cached]
    missing, unreadable = read_seeds(seeds_dir, settings.max_seed_bytes, [n for n in todo_names if n not in plan.read])
    seeds = {**plan.read, **{seed.name: seed for seed in missing}}
    todo = [seeds[name] for name in todo_names if name in seeds]
    tasks = [
        SeedTask(seed, plan.learned[seed.name], settings.min_date, today, settings.headline_words, settings.seed_seconds)
        for seed in todo
    ]
    heads = dict(cached)
    fresh_pages = {}
    for seed, entry in zip(todo, run_seed_tasks(tasks, knowledge, jobs, progress)):
        key = keys[seed.name]
        if "article" in entry:
            heads[key] = {"article": entry["article"]}
            fresh_pages[key] = {"parts": entry["page"], "text": None}
        else:
            heads[key] = {"skipped": entry["skipped"]}
    articles, skipped = [], list(unreadable)
    for name in plan.names:
        head = heads.get(keys[name])
        if head is None:
            continue  # unreadable since it was planned: among `skipped` already
        if "article" in head:
            articles.append(head["article"])
        else:
            skipped.append(Skipped(name, head["skipped"]))
    fresh = {keys[seed.name] for seed in todo}

    learned = plan.learned  # not the plan: it holds every seed's text, let go of after this stage

    def remake(name: str) -> Article:  # a cached article whose body is lost: extracted again, as when it was cached
        found, _ = read_seeds(seeds_dir, settings.max_seed_bytes, [name])
        entry = {}
        if found:
            task = SeedTask(found[0], learned[name], settings.min_date, today, settings.headline_words, settings.seed_seconds)
            entry = process_seed(task, knowledge)
        if "article" not in entry:
            raise DataError(str(cache_file), f"the row of {name} is damaged and the seed cannot be extracted again: delete the file")
        return entry["article"]

    cache = CacheRows(cache_file, heads, fresh_pages, fresh, remake)
    return Extraction(assign_slugs(articles), skipped, keys, cache, len(todo))


SPILL_EVERY = 1000  # article pages written between two stores of their cache rows


def article_pages(
    extraction: Extraction, stories: list[Story], duplicates: dict[str, str], summaries: dict[str, tuple[Summary, ...]],
    known: dict[str, str], knowledge: Knowledge, write: Callable[[Page], object],
) -> frozenset[str]:
    """Article pages, each handed to `write` as soon as it is made: the parts rendered by the per-seed stage, plus
    their story, copies and summaries. Returns the paths of the pages left as they are on disk (their article and
    context are unchanged since the last run, and `known` says the file still holds what was written then). Only
    pages to write are read from the cache, a thousand at a time, and their rows are stored as they are done."""
    by_seed = {a.seed: a for a in extraction.articles}
    story_of = {seed: story for story in stories for seed in story.seeds}
    copies: dict[str, list[Article]] = defaultdict(list)
    for copy, original in sorted(duplicates.items()):
        copies[original].append(by_seed[copy])
    cache = extraction.cache
    todo = []
    kept = set()
    for article in extraction.articles:
        key = extraction.keys[article.seed]
        story = story_of.get(article.seed)
        original = by_seed.get(duplicates.get(article.seed, ""))
        context = ArticleContext(
            story=(story.id, story.title_en, story.title_ru) if story else None,
            duplicate_of=(original.slug, original.title) if original else None,
            also=tuple((c.outlet or c.source or c.seed, c.slug) for c in copies.get(article.seed, ())),
            summaries=summaries.get(article.seed, ()),
        )
        digest = values_digest((article.slug, context.as_tuple()))
        done = cache.heads[key].get("assembled")
        if done and done[0] == digest and known.get(article_path(article)) == done[1]:
            kept.add(article_path(article))
        else:
            todo.append((article, key, context, digest))
    for start in range(0, len(todo), SPILL_EVERY):
        batch = todo[start : start + SPILL_EVERY]
        keys = [key for _, key, _, _ in batch]
        columns = cache.load("page", keys)
        for article, key, context, digest in batch:
            head, column = cache.heads[key], columns.get(key)
            done = head.get("assembled")
            if done and done[0] == digest and column and column["text"] is not None:
                write(Page(article_path(article), column["text"]))
                continue
            # a damaged row: the parts made again
            parts = column["parts"] if column else render_article_parts(cache.whole([article], extraction.keys)[0], knowledge)
            page = assemble_article_page(article, parts, context)
            write(page)
            cache.update(key, {**head, "assembled": (digest, page_digest(page.text))}, page={"parts": parts, "text": page.text})
        cache.spill("page", keys)
    return frozenset(kept)


def touched_articles(extraction: Extraction, kept: frozenset[str], plan: SeedPlan, cache_file: Path | None) -> tuple[Article, ...] | None:
    """The articles whose list lines may differ from the last run's: those whose page this run wrote (`kept`: the
    pages left as they were), and the last run's articles of the seeds deleted or changed since, from the cache
    rows of their keys then (`plan.before`); None when one of those rows is gone."""
    moved = [a for a in extraction.articles if article_path(a) not in kept]
    gone = sorted({key for name, key in plan.before.items() if plan.keys.get(name) != key})
    heads = read_cache_entries(cache_file, gone) if gone and cache_file else {}
    if len(heads) != len(gone):
        return None
    return (*moved, *(heads[key]["article"] for key in gone if "article" in heads[key]))


def search_documents(
    extraction: Extraction, articles: list[Article], summaries: dict[str, tuple[Summary, ...]], duplicates: dict[str, str],
    knowledge: Knowledge,
) -> tuple[list[DocumentRef], dict[tuple[str, str], str], dict[str, Article]]:
    """References to the search documents (`search.render_article_documents`) of the extraction's `articles` (in any
    order), the markup of those made this run by (url, language), and the articles (by cache key) that kept theirs:
    an article whose page address and summaries did not change since the last run keeps its documents, whose markup
    stays in the cache until a bundle needs it (see `document_markup`)."""
    cache = extraction.cache
    refs: list[DocumentRef] = []
    markup: dict[tuple[str, str], str] = {}
    reused: dict[str, Article] = {}
    order = indexed_articles(articles, duplicates)
    todo: dict[str, str] = {}  # seed -> the digest of the documents to make
    for article in order:
        key = extraction.keys[article.seed]
        digest = values_digest((article.slug, tuple(summary.as_tuple() for summary in summaries.get(article.seed, ()))))
        done = cache.heads[key].get("search")
        if done and done[0] == digest:
            reused[key] = article
        else:
            todo[article.seed] = digest
    made_refs: dict[str, tuple[DocumentRef, ...]] = {}
    for article in cache.whole([a for a in order if a.seed in todo], extraction.keys):  # their texts are indexed
        made = render_article_documents(article, summaries.get(article.seed, ()), knowledge)
        made_refs[article.seed] = mine = tuple(refer_to(d) for d in made)
        markup.update(((d.url, d.language), d.html) for d in made)
        key = extraction.keys[article.seed]
        cache.update(key, {**cache.heads[key], "search": (todo[article.seed], mine)}, search=tuple(d.html for d in made))
    for article in order:
        refs += made_refs[article.seed] if article.seed in made_refs else cache.heads[extraction.keys[article.seed]]["search"][1]
    return refs, markup, reused


def document_markup(
    extraction: Extraction, wanted: set[tuple[str, str]], markup: dict[tuple[str, str], str], reused: dict[str, Article],
    summaries: dict[str, tuple[Summary, ...]], knowledge: Knowledge,
) -> dict[tuple[str, str], str]:
    """The markup of the wanted documents (url, language): made this run, or read from the cache rows of the
    articles that kept their documents (made again when a row lacks it or holds other bytes than its digests say)."""
    cache = extraction.cache
    needed = sorted(key for key in reused if any((r.url, r.language) in wanted for r in cache.heads[key]["search"][1]))
    columns = cache.load("search", needed)
    found = dict(markup)
    for key in needed:
        head = cache.heads[key]
        refs = head["search"][1]
        texts = columns.get(key)
        if not isinstance(texts, tuple) or len(texts) != len(refs) or any(page_digest(t) != r.digest for r, t in zip(refs, texts)):
            article, = cache.whole([reused[key]], extraction.keys)
            made = render_article_documents(article, summaries.get(article.seed, ()), knowledge)
            refs = tuple(refer_to(d) for d in made)
            texts = tuple(d.html for d in made)
            cache.update(key, {**head, "search": (head["search"][0], refs)}, search=texts)
        found.update(((r.url, r.language), text) for r, text in zip(refs, texts))
    return found


def summarize_articles(
    articles: list[Article], memory: dict[str, dict[str, MemoryEntry]], models_dir: Path, knowledge: Knowledge,
    settings: Settings, stories: list[Story], duplicates: dict[str, str],
) -> tuple[dict[str, tuple[Summary, ...]], dict[str, list[MemoryEntry]], list[Warning_]]:
    """Both languages' summaries of every article (an article of the same story stands in for a missing
    translation); new machine translations; stale and pending notes."""
    translators: dict[tuple[str, str], Translator | None] = {}

    def translate_for(source: str, target: str) -> Translate | None:
        if (source, target) not in translators:
            info = find_model(models_dir, source, target)
            translators[(source, target)] = Translator(info) if info else None
        engine = translators[(source, target)]
        return engine.translate if engine else None

    by_seed = {a.seed: a for a in articles}
    story_of: dict[str, list[Article]] = {}
    for story in stories:
        # one list per story, shared by its articles: those that may stand in for a translation (pick_same_story
        # filters the same way; filtered once here, as a story can have hundreds of articles)
        members = [by_seed[s] for s in story.seeds if s in by_seed and s not in duplicates and own_text(by_seed[s])]
        story_of.update((seed, members) for seed in story.seeds)
    summaries: dict[str, tuple[Summary, ...]] = {}
    new: dict[str, list[MemoryEntry]] = {"en": [], "ru": []}
    notes: list[Warning_] = []
    for article in articles:
        made = []
        for language in LANGUAGES:
            needs_model = language != article.language and article.language in LANGUAGES
            translate = translate_for(article.language, language) if needs_model and _lacks(article, memory[language]) else None
            same = pick_same_story(article, language, story_of.get(article.seed, []), duplicates)
            summary, entry = summarize_in(article, language, memory[language], translate, knowledge, same)
            if entry:
                new[language].append(entry)
            if summary.method in WAITING and settings.fail_on_pending_translation:
                notes.append(Warning_(article.seed, f"{language} summary: translation pending (setting fail_on_pending_translation)"))
            made.append(summary)
        summaries[article.seed] = tuple(made)
    for target in LANGUAGES:
        notes += [Warning_(f"translations/{target}.yml", m) for m in find_stale_entries(memory[target], articles)]
    return summaries, new, notes


def _lacks(article: Article, memory: dict[str, MemoryEntry]) -> bool:
    return not memory or memory_key(own_text(article)) not in memory


CACHE_NAME = "cache.sqlite"
SEED_INDEX = "seeds.json"
PAGE_RECORD = "pages.json"
CHECKPOINTS = "passes.json"
KNOWLEDGE_CACHE = "knowledge.pickle"
PAGE_MEMO = "derived-pages.json"  # story and listing pages: what each was made from
POOL_THRESHOLD = 32  # below this many seeds, starting worker processes costs more than it saves


def default_jobs() -> int:
    """Worker processes by default: one per core."""
    return os.cpu_count() or 1


def generate(
    project: Path,
    settings: Settings,
    today: dt.date | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: ProgressFn | None = None,
    notify: Callable[[str], None] | None = None,
    resident: bool = False,
    check: RunCheck | None = None,
    on_pages: PagesReady | None = None,
) -> Report:
    """Turn `seeds/` into generated pages under `docs/`; never raises for a bad seed. One run at a time per
    project: a second one waits for the first (see `hold_project_lock`). `resident`: keep the cache's heads in
    memory for the next run of this process (`ResidentHeads`). `check`: the up-to-date check the caller just made
    (`freshness.check_run`), trusted unless this run had to wait for another. `on_pages`: called once docs/ is
    complete, with what was written and a function that waits for the search bundles, while Pagefind is still
    indexing (not called when the run is answered from its record); the report's seconds leave its time out."""
    check_project(project, settings)
    today = today or dt.date.today()
    waited: list[str] = []

    def wait(message: str) -> None:
        waited.append(message)
        if notify:
            notify(message)

    with hold_project_lock(project / settings.cache_dir, wait), collector_paused():
        if not use_cache:
            return _generate(project, settings, today, jobs, use_cache, progress, on_pages=on_pages)
        heads = RESIDENT_HEADS if resident else None
        report = generate_unless_unchanged(project, settings, today,
                                           lambda plan, complete: _generate(project, settings, today, jobs, True, progress, heads, plan,
                                                                            complete, on_pages),
                                           None if waited else check)
        if heads is not None:
            cache_dir = project / settings.cache_dir
            heads.warm(cache_dir / CACHE_NAME, read_seed_index(cache_dir / SEED_INDEX))
        return report


PagesReady = Callable[[WriteResult, Callable[[], object]], None]  # see `generate`'s `on_pages`


class BackgroundRun:
    """`generate` in a thread of its own, for a caller that renders docs/ while Pagefind indexes: `wait_for_pages`
    returns once docs/ is complete (or the run is over), `report` once the run is over; both raise what the run
    raised. The seeds are extracted by the thread that waits for the pages (`call_in_main_thread`): in the main
    thread, as MkDocs' builds are, a seed still has its time guard."""

    def __init__(self, project: Path, settings: Settings, **options: object) -> None:
        self._pages = threading.Event()
        self._done: Future[Report] = Future()
        self._calls: queue.SimpleQueue = queue.SimpleQueue()  # (future, function, args), or None once the pages are done
        threading.Thread(target=self._run, args=(project, settings, options), name="digest-generate", daemon=True).start()

    def _run(self, project: Path, settings: Settings, options: dict) -> None:
        _main_thread.runner = self._call_in_waiter
        try:
            self._done.set_result(generate(project, settings, on_pages=lambda result, wait: self._pages_done(), **options))
        except BaseException as error:  # handed to whoever waits: the thread itself has no one to tell
            self._done.set_exception(error)
        finally:
            self._pages_done()

    def _pages_done(self) -> None:
        self._pages.set()
        self._calls.put(None)

    def _call_in_waiter(self, function: Callable, *args: object) -> object:
        if self._pages.is_set():  # no one waits for the pages any more (the run is past them)
            return function(*args)
        done: Future = Future()
        self._calls.put((done, function, args))
        return done.result()

    def wait_for_pages(self) -> None:
        """Block until docs/ is complete, meanwhile making the calls the run hands to this thread; raise the run's
        error if it stopped before."""
        self._make_calls()
        if self._done.done():
            self._done.result()

    def report(self) -> Report:
        """Block until the run is over: its report, or its error."""
        self._make_calls()
        return self._done.result()

    def _make_calls(self) -> None:
        while not self._pages.is_set():
            call = self._calls.get()
            if call is not None:
                done, function, args = call
                try:
                    done.set_result(function(*args))
                except BaseException as error:  # the run's to handle, as if it had made the call itself
                    done.set_exception(error)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a run: a run makes few cycles, and under `mkdocs serve` (with a whole site's
    objects alive) the collector's passes over them made generating a tenth slower."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


PAGE_DATES = "page-dates.json"


def generate_unless_unchanged(project: Path, settings: Settings, today: dt.date, run: Callable[[SeedPlan | None, bool], Report],
                              check: RunCheck | None = None) -> Report:
    """Answer from the last run's record when no input and no generated folder moved since (`freshness`), or when
    only seed files moved and their cache keys say that none changed (touched, copied again); else run (with the
    plan made to tell, and whether the last run was complete), and record the run. A rerun with nothing changed
    reads no seed."""
    started = time.perf_counter()
    check = check or check_run(project, settings, today)
    if check.report:
        return dataclasses.replace(check.report, seconds=time.perf_counter() - started, outputs=check.outputs)
    record_file = project / settings.cache_dir / RUN_RECORD
    plan = None
    if check.last:
        index_file = project / settings.cache_dir / SEED_INDEX
        plan = plan_seeds(project / settings.seeds_dir, settings, today, read_code_fingerprint(), read_seed_index(index_file))
        # the generated folders' snapshot only when the seeds say nothing changed: a walk of docs/ (0.04 s at 10,000)
        if seed_keys_of(plan) == check.last.report.seed_keys and read_output_snapshots(project, settings) == list(check.last.outputs):
            write_seed_index(index_file, plan.index)  # the new times: the next run reads none of these seeds again
            write_run_record(record_file, run_record(check, check.last.report, list(check.last.outputs)))
            return dataclasses.replace(check.last.report, seconds=time.perf_counter() - started, outputs=check.last.outputs)
    complete = record_file.is_file()
    write_run_record(record_file, None)  # a run that stops half way must not be taken for a complete one
    report = run(plan, complete)
    outputs = read_output_snapshots(project, settings)
    write_run_record(record_file, run_record(check, report, outputs))
    return dataclasses.replace(report, outputs=tuple(outputs))


def seed_keys_of(plan: SeedPlan) -> str:
    """A digest of what the pages are made from, seed by seed: each seed's name and cache key, each unreadable one's
    name and reason."""
    parts = [f"{name}\0{plan.keys[name]}" for name in plan.names] + [f"{s.name}\0-{s.reason}" for s in plan.unreadable]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def load_knowledge(cache_file: Path | None, code: str) -> Knowledge:
    """The knowledge files with their alias index: from the cache when this code made it from these files, else
    read and indexed (and kept in the cache)."""
    knowledge = read_knowledge_cache(cache_file, code) if cache_file else None
    if knowledge is None:
        knowledge = read_knowledge()
        knowledge = dataclasses.replace(knowledge, aliases=alias_index(knowledge))
        if cache_file:
            write_knowledge_cache(cache_file, code, knowledge)
    return knowledge


def _generate(
    project: Path, settings: Settings, today: dt.date, jobs: int | None, use_cache: bool, progress: ProgressFn | None,
    resident: ResidentHeads | None = None, plan: SeedPlan | None = None, after_complete: bool = False,
    on_pages: PagesReady | None = None,
) -> Report:
    started = time.perf_counter()
    cache_file = project / settings.cache_dir / CACHE_NAME if use_cache else None
    index_file = project / settings.cache_dir / SEED_INDEX
    seeds_dir = project / settings.seeds_dir
    code = read_code_fingerprint()
    knowledge = load_knowledge(project / settings.cache_dir / KNOWLEDGE_CACHE if use_cache else None, code)
    plan = plan or plan_seeds(seeds_dir, settings, today, code, read_seed_index(index_file) if use_cache else None)
    extraction = extract_planned(plan, seeds_dir, settings, today, jobs or default_jobs(), cache_file, progress, knowledge, resident)
    plan = dataclasses.replace(plan, read={})  # the seeds' texts: 30 MB at 10,000 articles, not needed any more
    articles = extraction.articles
    unreadable = plan.unreadable
    skipped = sorted([*unreadable, *extraction.skipped], key=lambda s: s.name)
    warnings = [Warning_(a.seed, w) for a in articles for w in a.warnings]
    warnings += [Warning_(s.name, f"skipped: {s.reason}") for s in skipped]
    checkpoint_file = project / settings.cache_dir / CHECKPOINTS
    basis = hashlib.sha256(f"{settings!r}".encode("utf-8")).hexdigest()
    last = read_checkpoints(checkpoint_file, basis) if use_cache else {}
    identity = dict(extraction.keys) if use_cache else {}
    duplicates, copies_pass = find_duplicates_resuming(articles, identity, last.get("duplicates"))
    stories, stories_pass = cluster_stories_resuming(articles, duplicates, knowledge, settings.story_window_days, identity,
                                                     last.get("stories"))
    by_seed = {a.seed: a for a in articles}
    memory = read_translation_memory(project / settings.translations_dir)
    summaries, new_entries, notes = summarize_articles(articles, memory, project / settings.models_dir, knowledge, settings,
                                                       stories, duplicates)
    warnings += notes
    for target, entries in new_entries.items():
        write_machine_translations(project / settings.translations_dir, target, memory[target], entries)
    # the search bundles first: Pagefind indexes them in its own processes while this one makes and writes the pages
    plain = plain_summaries(summaries)
    newest = sort_newest_first(articles)  # sorted once: the listings, feeds and search sort an already sorted list
    refs, markup, reused = search_documents(extraction, newest, plain, duplicates, knowledge)
    extraction.cache.spill("search", sorted(extraction.cache.changed))  # `markup` holds what the bundles need
    named = render_page_documents(articles, knowledge, stories)
    refs += [refer_to(d) for d in named]
    markup.update(((d.url, d.language), d.html) for d in named)
    groups = group_bundles(refs, LANGUAGES)
    indexer = f"{read_indexer_version()}\0{code}"  # the bundle's files are made by this code too (bundle.py)
    stamps = {folder: stamp_bundle(folder, docs, indexer) for folder, docs in groups.items()}
    current = read_bundle_stamps(bundle_dir(project, settings), sorted(groups)) if use_cache else {}
    stale = sorted(folder for folder in groups if current.get(folder) != stamps[folder])
    wanted = {(r.url, r.language) for folder in stale for r in groups[folder]}
    markup = document_markup(extraction, wanted, markup, reused, plain, knowledge)
    bundles = {folder: [SearchDocument(r.url, r.language, markup[(r.url, r.language)], r.period) for r in groups[folder]]
               for folder in stale}
    del markup
    with ThreadPoolExecutor(max_workers=1) as background:
        indexing = background.submit(index_search, bundle_dir(project, settings), bundles, stamps)
        del bundles  # the indexer lets go of each bundle's documents once it is built
        record_file = project / settings.cache_dir / PAGE_RECORD
        known = read_page_record(record_file, project / settings.docs_dir) if use_cache else {}
        writer = PageWriter(project / settings.docs_dir, known, record_file)
        kept = article_pages(extraction, stories, duplicates, summaries, known, knowledge, writer.write)
        # a story page made from the same input as last time, still on disk as written then, is not made again
        story_inputs = {f"stories/{story.id}.md": story_page_input(story, by_seed, extraction.keys) for story in stories}
        memo = read_page_memo(project / settings.cache_dir / PAGE_MEMO, code) if use_cache else {}
        same = {path for path, made in story_inputs.items() if path in memo and memo[path][0] == made and known.get(path) == memo[path][1]}
        facts: dict[str, tuple[str, ...]] = {}
        remade = [story for story in stories if len(story.seeds) > 1 and f"stories/{story.id}.md" not in same]
        whole = {a.seed: a for a in extraction.cache.whole([by_seed[seed] for story in remade for seed in story.seeds], extraction.keys)}
        for story in remade:
            facts.update(what_each_adds([whole[seed] for seed in story.seeds]))
        # so is a month's page or a person's (place's, topic's, source's) listing whose lines are those of last time
        # and one that lists none of the articles whose lines may have changed since the last run, when that run was
        # complete (the page memo and the cache's heads are then both that run's)
        listings = ListingMemo(lambda path, made: path in memo and memo[path][0] == made and known.get(path) == memo[path][1],
                               dict(extraction.keys), before={path: made for path, (made, _) in memo.items()},
                               touched=touched_articles(extraction, kept, plan, cache_file) if after_complete and memo else None)
        made_paths = writer.write_all(render_date_pages(newest, listings))  # each list let go of once written
        made_paths |= writer.write_all(render_index_pages(newest, stories, duplicates, facts, knowledge,
                                                          frozenset(path.removeprefix("stories/").removesuffix(".md") for path in same), listings))
        kept |= same | {path for path in listings.inputs if path not in made_paths}
        writer.write_all(render_feeds(newest, plain, duplicates, knowledge, settings.site_url))
        writer.write(render_home(newest, skipped, settings.home_articles))
        writer.write(render_skipped(skipped, warnings))
        writer.write(Page(f"{SEARCH_DIR}/languages.json", render_search_manifest(refs)))
        result = writer.finish(kept)
        # the sitemap's dates: a partial render does not read the pages it leaves alone, so their dates come from here
        write_page_dates(project / settings.cache_dir / PAGE_DATES, {article_path(a): a.date.isoformat() for a in articles if a.date})
        overlapped = 0.0
        if on_pages:  # docs/ is complete: the caller may render it while Pagefind is still indexing
            began = time.perf_counter()
            on_pages(result, indexing.result)
            overlapped = time.perf_counter() - began
        searched, failure, indexing = indexing.result()
    if failure:
        warnings.append(failure)
    result = dataclasses.replace(result, written=(*result.written, *searched))
    if cache_file:
        keep = set(extraction.keys.values())
        write_cache_entries(cache_file, extraction.cache.rows(), keep=keep)
        if resident:
            resident.keep(cache_file, {key: head for key, head in extraction.cache.heads.items() if key in keep})
        write_seed_index(index_file, plan.index)
        write_checkpoints(checkpoint_file, basis, {"duplicates": copies_pass, "stories": stories_pass})
        inputs = story_inputs | listings.inputs
        write_page_memo(project / settings.cache_dir / PAGE_MEMO, code, {
            path: (made, writer.digests[path] if path in made_paths else memo[path][1]) for path, made in inputs.items()
        })
    warnings += [Warning_(path, "exists and was not written by the generator: left as it is") for path in result.refused]
    return Report(
        seeds=len(plan.names) + len(unreadable),
        articles=len(articles),
        skipped=tuple(skipped),
        warnings=tuple(sorted(warnings, key=lambda w: (w.seed, w.message))),
        write=result,
        seconds=time.perf_counter() - started - overlapped,
        cached=len(plan.names) - extraction.extracted,
        index_seconds=indexing,
        waiting=count_waiting(articles, summaries),
        seed_keys=seed_keys_of(plan),
    )


def index_search(bundles_dir: Path, bundles: dict[str, list[SearchDocument]], stamps: dict[str, str]) -> tuple[list[str], Warning_ | None, float]:
    """Build the stale search bundles (see `writer.write_search_bundles`): the files written, the failure as a
    warning (the pages are still published, without a fresh search index), and the seconds it took."""
    started = time.perf_counter()
    try:
        searched, failure = write_search_bundles(bundles_dir, bundles, stamps), None
    except SearchIndexError as error:
        searched, failure = [], Warning_(error.path, str(error).removeprefix(f"{error.path}: "))
    return searched, failure, time.perf_counter() - started


def watched_folders(project: Path) -> list[tuple[Path, bool]]:
    """What a live server must watch, each with whether to watch it recursively: the seeds, the knowledge and
    translation files that exist, and the hand-written part of docs/ (its own top-level files and every folder of
    it the generator does not own). The generated pages are the server's output, not its input: polling their tens
    of thousands of files twice a second took a core from every rebuild, and a generated home page or feed changing
    during a rebuild made the server rebuild a second time, holding every request until it was done."""
    settings = load_settings(project)
    folders = [(project / settings.seeds_dir, True), (DATA_DIR, True), (project / settings.translations_dir, True)]
    docs = project / settings.docs_dir
    generated = read_page_record(project / settings.cache_dir / PAGE_RECORD, docs)
    folders += [(path, False) for path in read_files(docs) if path.name not in generated and not path.name.startswith(".")]
    folders += [(folder, True) for folder in read_subfolders(docs) if folder.name not in OWNED_DIRS]
    return [(folder, recursive) for folder, recursive in folders if folder.exists()]
