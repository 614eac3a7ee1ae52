"""A big MkDocs render split across forked processes: each renders its share of the pages that need rendering.

MkDocs renders one page after another in one process, and a full render of a large site is most of a cold build.
A partial (`dirty`) build renders only the files whose `is_modified()` is true; this module forks the running
build once MkDocs has its files and navigation, and gives each process its share by making `is_modified()` false
for the rest. The first process keeps the static files, the theme's templates (404 page, sitemap) and the work after
the build; it waits for the others before it prunes the site folder or records it as complete.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import stat
import sys
from dataclasses import dataclass

from generator.errors import DigestError

JOBS_ENV = "DIGEST_RENDER_JOBS"  # how many processes render (`digest build --jobs`; default: one per core)
MIN_SHARE_ENV = "DIGEST_RENDER_MIN_SHARE"  # work each process must get for a split to pay for the fork (see `weigh_page`)
MIN_SHARE = 256 * 1024  # ~0.2 s of rendering
PAGE_WEIGHT = 4096  # a page's template costs about what 4 KB of its Markdown do (~2 ms)


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


def list_pages_once(files):
    """MkDocs' collection of files, answering `documentation_pages()` from a list made once per filter: MkDocs and
    the theme's templates ask for it seven times a build, each a pass over every file (0.07 s at 12,700 files).
    Adding or removing a file drops the lists; a file's inclusion must not change after MkDocs sets it, right after
    the `files` event."""
    return _pages_listed_once()(files)


def list_visible_theme_files(theme) -> None:
    """Make a theme's Jinja environment list its files without descending into hidden folders: MkDocs lists every
    file of every theme folder on each build to copy the static ones, and drops any path with a part that starts
    with a dot; Material's `.icons` alone holds 14,500 files (0.08 s of every small rebuild). The files MkDocs keeps
    are the same."""
    if not getattr(theme.get_env, "lists_visible_files", False):
        theme.get_env = functools.update_wrapper(functools.partial(_env_listing_visible_files, theme.get_env), theme.get_env)
        theme.get_env.lists_visible_files = True


def _env_listing_visible_files(make_env):
    import jinja2

    env = make_env()
    if type(env.loader) is jinja2.FileSystemLoader:  # anything else is listed as it lists itself
        loader = env.loader
        env.loader = _visible_files_loader()(loader.searchpath, loader.encoding, loader.followlinks)
    return env


@functools.cache
def _visible_files_loader():
    import jinja2

    class VisibleFilesLoader(jinja2.FileSystemLoader):
        def list_templates(self) -> list[str]:
            found = set()
            for searchpath in self.searchpath:
                for folder, folders, names in os.walk(searchpath, followlinks=self.followlinks):
                    folders[:] = [name for name in folders if not name.startswith(".")]
                    for name in names:  # named as Jinja names them
                        template = os.path.join(folder, name)[len(searchpath):].strip(os.path.sep).replace(os.path.sep, "/")
                        found.add(template[2:] if template[:2] == "./" else template)
            return sorted(found)

    return VisibleFilesLoader


@functools.cache
def _pages_listed_once():
    from mkdocs.structure.files import Files, InclusionLevel  # here: the `digest` command imports this module too

    class PagesListedOnce(Files):
        def __init__(self, found) -> None:
            super().__init__(found)
            self._listed: dict = {}

        def documentation_pages(self, *, inclusion=InclusionLevel.is_included):
            if inclusion not in self._listed:
                self._listed[inclusion] = super().documentation_pages(inclusion=inclusion)
            return list(self._listed[inclusion])

        def append(self, file) -> None:
            self._listed.clear()
            super().append(file)

        def remove(self, file) -> None:
            self._listed.clear()
            super().remove(file)

    return PagesListedOnce


def freeze_modified(files) -> int:
    """Answer each file's `is_modified()` once per build: MkDocs asks up to three times for a page, with two stats
    each time, and nothing this build writes changes the answer before the last question. Returns how many are."""
    count = 0
    for file in files:
        modified = is_modified(file)
        file.is_modified = _true if modified else _false
        count += modified
    return count


def is_modified(file) -> bool:
    """MkDocs' `File.is_modified()` (no output file, or one older than its source), two stats and no path
    normalizing: MkDocs' own took 0.17 s for the 12,700 files of a 10,000-article site, this 0.05 s."""
    if file._content is not None or file.src_dir is None:
        return file.is_modified()
    try:
        output = os.stat(os.path.join(file.dest_dir, file.dest_uri))
        if not stat.S_ISREG(output.st_mode):
            return True
        return output.st_mtime < os.stat(os.path.join(file.src_dir, file.src_uri)).st_mtime
    except OSError:
        return file.is_modified()  # no output file (True), or MkDocs' own answer for a missing source


def split_render(files, config) -> RenderSplit:
    """Fork workers for the pages a dirty build would render, when there are enough; keep this process's share."""
    jobs = read_count(JOBS_ENV, os.cpu_count() or 1)
    pending = sorted((file for file in files.documentation_pages() if file.is_modified()), key=lambda file: file.src_uri)
    weights = [weigh_page(file.abs_src_path) for file in pending]
    shares = min(jobs, sum(weights) // read_count(MIN_SHARE_ENV, MIN_SHARE))
    if shares < 2:
        return NO_SPLIT
    warnings_before = count_warnings()
    sys.stdout.flush()
    sys.stderr.flush()
    workers = []
    for share in range(1, shares):
        pid = os.fork()
        if pid == 0:
            keep_share(pending, assign_shares(weights, shares), share)
            for file in files:  # the first process copies the theme's and the docs' static files
                if not file.is_documentation_page():
                    file.is_modified = _false
            config.theme.static_templates.clear()  # and renders the 404 page and the sitemap
            config["extra_templates"] = []
            return RenderSplit(worker=True, warnings_before=warnings_before)
        workers.append(pid)
    keep_share(pending, assign_shares(weights, shares), 0)
    return RenderSplit(workers=tuple(workers))


def weigh_page(path: str | None) -> int:
    """What rendering a page costs, in bytes of Markdown: its file's size and a template's worth."""
    try:
        return PAGE_WEIGHT + os.stat(path).st_size if path else PAGE_WEIGHT
    except OSError:
        return PAGE_WEIGHT


def _false() -> bool:
    return False


def _true() -> bool:
    return True


def assign_shares(weights: list[int], shares: int) -> list[int]:
    """Which share renders each page: the heaviest first, each to the share with the least work so far (ties: the
    lower share, then the earlier page), so that a few long listings among short pages do not make one process late."""
    loads = [0] * shares
    owners = [0] * len(weights)
    for number in sorted(range(len(weights)), key=lambda number: (-weights[number], number)):
        owner = min(range(shares), key=lambda share: (loads[share], share))
        owners[number] = owner
        loads[owner] += weights[number]
    return owners


def keep_share(pending: list, owners: list[int], share: int) -> None:
    """Leave this process only the pending pages `assign_shares` gave to `share`."""
    for file, owner in zip(pending, owners):
        if owner != share:
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
