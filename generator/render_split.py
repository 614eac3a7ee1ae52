"""A big MkDocs render split across forked processes: each renders its share of the pages that need rendering.

MkDocs renders one page after another in one process, and a full render of a large site is most of a cold build.
A partial (`dirty`) build renders only the files whose `is_modified()` is true; this module forks the running
build once MkDocs has its files and navigation, and gives each process its share by making `is_modified()` false
for the rest. The first process keeps the static files, the theme's templates (404 page, sitemap) and the work after
the build; it waits for the others before it prunes the site folder or records it as complete.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from dataclasses import dataclass

from generator.errors import DigestError

JOBS_ENV = "DIGEST_RENDER_JOBS"  # how many processes render (`digest build --jobs`; default: one per core)
MIN_PAGES_ENV = "DIGEST_RENDER_MIN_PAGES"  # pages each process must get for a split to pay for the fork
MIN_PAGES = 300


@dataclass(frozen=True)
class RenderSplit:
    """This process's part in a split render: the forked workers it waits for, or that it is one of them."""

    workers: tuple[int, ...] = ()
    worker: bool = False
    warnings_before: int = 0  # warnings MkDocs counted before the fork (a worker reports only its own)


NO_SPLIT = RenderSplit()


def read_count(name: str, default: int) -> int:
    """A whole number of at least 1 from the environment, or the default; a bad value is an error naming it."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise DigestError(f"{name}={text!r}: must be a whole number of at least 1")
    return int(text)


def count_warnings() -> int:
    """Warnings (and errors) counted by MkDocs' strict-mode counter so far (0 when the build is not strict)."""
    from mkdocs.utils import CountHandler

    return sum(
        count for handler in logging.getLogger("mkdocs").handlers if isinstance(handler, CountHandler)
        for level, count in handler.counts.items() if level >= logging.WARNING
    )


def freeze_modified(files) -> None:
    """Answer each file's `is_modified()` once per build: MkDocs asks up to three times for a page, with two stats
    each time, and nothing this build writes changes the answer before the last question."""
    for file in files:
        file.is_modified = _true if file.is_modified() else _false


def split_render(files, config) -> RenderSplit:
    """Fork workers for the pages a dirty build would render, when there are enough; keep this process's share."""
    jobs = read_count(JOBS_ENV, os.cpu_count() or 1)
    pending = sorted((file for file in files.documentation_pages() if file.is_modified()), key=lambda file: file.src_uri)
    shares = min(jobs, len(pending) // read_count(MIN_PAGES_ENV, MIN_PAGES))
    if shares < 2:
        return NO_SPLIT
    warnings_before = count_warnings()
    sys.stdout.flush()
    sys.stderr.flush()
    workers = []
    for share in range(1, shares):
        pid = os.fork()
        if pid == 0:
            keep_share(files, pending, share, shares)
            for file in files:  # the first process copies the theme's and the docs' static files
                if not file.is_documentation_page():
                    file.is_modified = _false
            config.theme.static_templates.clear()  # and renders the 404 page and the sitemap
            config["extra_templates"] = []
            return RenderSplit(worker=True, warnings_before=warnings_before)
        workers.append(pid)
    keep_share(files, pending, 0, shares)
    return RenderSplit(workers=tuple(workers))


def _false() -> bool:
    return False


def _true() -> bool:
    return True


def keep_share(files, pending: list, share: int, shares: int) -> None:
    """Leave this process the pages `share`, `share + shares`, ... of the pending ones (round robin balances long
    index pages and short articles alike)."""
    for number, file in enumerate(pending):
        if number % shares != share:
            file.is_modified = _false


def finish_worker(split: RenderSplit, strict: bool) -> None:
    """End a worker process after its share: status 1 when it logged a warning under `--strict` (MkDocs counts those
    after this event, and would count them in this process only)."""
    failed = strict and count_warnings() > split.warnings_before
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1 if failed else 0)


def abandon_worker() -> None:
    """End a worker process whose render failed (its error was logged): never return into the caller's code."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(2)


def wait_workers(split: RenderSplit) -> None:
    """Wait for every worker; a `DigestError` naming the ones that failed or warned under `--strict`."""
    failed = []
    for number, pid in enumerate(split.workers, start=1):
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code:
            failed.append(f"worker {number} {'logged warnings under --strict' if code == 1 else f'exited with status {code}'}")
    if failed:
        raise DigestError(f"the render was split across processes and {'; '.join(failed)} (see the messages above); "
                          "the site folder is incomplete and the next build renders everything")


def stop_workers(split: RenderSplit) -> None:
    """After a failure in the first process: stop the workers and reap them."""
    for pid in split.workers:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid in split.workers:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
