"""The whole generator: read -> extract -> corpus -> render -> write, returning a `Report`."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.cleaner import find_outlet_key, is_prose, learn_boilerplate
from generator.config import Settings
from generator.corpus import assign_slugs
from generator.errors import SeedError
from generator.extractor import extract_article
from generator.models import Article, Knowledge, Report, Seed, Skipped, Warning_
from generator.reader import read_knowledge, read_seeds
from generator.renderer import render_article, render_date_pages, render_home, render_skipped
from generator.writer import write_pages


def learn_outlet_boilerplate(seeds: list[Seed]) -> dict[str, frozenset[str]]:
    """Per seed name, the lines learned as boilerplate from the other seeds of the same outlet."""
    groups: dict[str, list[Seed]] = defaultdict(list)
    for seed in seeds:
        url = seed.header.url_text if seed.header else None
        groups[find_outlet_key(seed.text, url)].append(seed)
    learned: dict[str, frozenset[str]] = {}
    for key, members in groups.items():
        lines = learn_boilerplate([s.text for s in members])
        if not key:  # seeds of unknown outlets share only labels, never sentences, to count as boilerplate
            lines = frozenset(line for line in lines if not is_prose(line))
        for seed in members:
            learned[seed.name] = lines
    return learned


@dataclass(frozen=True)
class SeedTask:
    """Everything the per-seed stage needs, picklable for a worker process."""

    seed: Seed
    knowledge: Knowledge
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


def process_seed(task: SeedTask) -> Article | Skipped:
    """The per-seed stage (clean + extract) under the time guard; never raises for a bad seed."""
    try:
        with time_limit(task.seconds):
            return extract_article(task.seed, task.knowledge, task.learned, task.min_date, task.max_date, task.headline_words)
    except SeedError as exc:
        return Skipped(exc.seed, exc.reason)
    except SeedTimeout:
        return Skipped(task.seed.name, f"extraction took longer than {task.seconds:g} s (setting seed_seconds)")


def extract_articles(seeds: list[Seed], settings: Settings, today: dt.date, jobs: int = 1) -> tuple[list[Article], list[Skipped]]:
    """Run the per-seed stage on every seed, in a process pool when there are many; failures become `Skipped`."""
    knowledge = read_knowledge()
    learned = learn_outlet_boilerplate(seeds)
    tasks = [
        SeedTask(seed, knowledge, learned[seed.name], settings.min_date, today, settings.headline_words, settings.seed_seconds)
        for seed in seeds
    ]
    if jobs > 1 and len(tasks) >= POOL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(process_seed, tasks, chunksize=max(1, len(tasks) // (jobs * 8))))
    else:
        results = [process_seed(task) for task in tasks]
    articles = [r for r in results if isinstance(r, Article)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    return assign_slugs(articles), skipped


POOL_THRESHOLD = 32  # below this many seeds, starting worker processes costs more than it saves


def default_jobs() -> int:
    """Worker processes by default: one per core."""
    return os.cpu_count() or 1


def generate(project: Path, settings: Settings, today: dt.date | None = None, jobs: int | None = None) -> Report:
    """Turn `seeds/` into generated pages under `docs/`; never raises for a bad seed."""
    started = time.perf_counter()
    today = today or dt.date.today()
    seeds, unreadable = read_seeds(project / settings.seeds_dir, settings.max_seed_bytes)
    articles, not_articles = extract_articles(seeds, settings, today, jobs or default_jobs())
    skipped = sorted([*unreadable, *not_articles], key=lambda s: s.name)
    warnings = [Warning_(a.seed, w) for a in articles for w in a.warnings]
    warnings += [Warning_(s.name, f"skipped: {s.reason}") for s in skipped]
    pages = [render_article(a) for a in articles]
    pages += render_date_pages(articles)
    pages.append(render_home(articles, skipped, settings.home_articles))
    pages.append(render_skipped(skipped, warnings))
    result = write_pages(project / settings.docs_dir, pages)
    warnings += [Warning_(path, "exists and was not written by the generator: left as it is") for path in result.refused]
    return Report(
        seeds=len(seeds) + len(unreadable),
        articles=tuple(sorted(articles, key=lambda a: a.seed)),
        skipped=tuple(skipped),
        warnings=tuple(sorted(warnings, key=lambda w: (w.seed, w.message))),
        write=result,
        seconds=time.perf_counter() - started,
    )


def format_report(report: Report) -> list[str]:
    """The report as lines for a terminal or a log."""
    lines = [
        f"{report.seeds} seed files -> {len(report.articles)} article pages, {len(report.skipped)} skipped, "
        f"{len(report.warnings)} warnings in {report.seconds:.2f} s",
        f"docs/: {len(report.write.written)} written, {report.write.unchanged} unchanged, {len(report.write.removed)} removed",
    ]
    lines += [f"warning: {w.seed}: {w.message}" for w in report.warnings]
    return lines
