"""Thin adapters from MkDocs events to the generator (the hook in mkdocs.yml re-exports these)."""

from __future__ import annotations

import functools
import gc
import html
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.cli import SKIP_ENV
from generator.config import load_settings
from generator.errors import DigestError
from generator.pipeline import PAGE_DATES, BackgroundRun, bundle_dir, format_report, watched_folders
from generator.render_split import (NO_SPLIT, abandon_worker, finish_worker, freeze_modified, list_pages_once, list_visible_theme_files, split_render,
                                    stop_workers, wait_workers)
from generator.reader import read_error_page, read_page_dates, read_render_fingerprint, read_render_mark, read_site_files
from generator.writer import SEARCH_DIR, clean_site, hold_render_lock, serve_site_dir, copy_search_bundles, prune_site, remove_site_files, render_mark_path, write_render_mark, write_site_files

log = logging.getLogger("mkdocs.plugins.digest")
_PARTIAL_NOTES = ("A 'dirty' build is being performed", "The directory contains stale files")
_build: dict[str, object] = {}  # what the running build carries from one event to the next (one build at a time)


class _PartialRenderNotes(logging.Filter):
    """MkDocs warns about --dirty builds; the hook makes them exact (full render when needed, stale files pruned)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_PARTIAL_NOTES)


_NOTES_FILTER = _PartialRenderNotes()


def on_startup(command: str, dirty: bool) -> None:
    """Silence MkDocs' warning about partial (`--dirty`) renders: this hook keeps them exact. Under `mkdocs serve`,
    every build (the first one too) renders only changed pages, into a site folder kept in the cache."""
    logging.getLogger("mkdocs.commands.build").addFilter(_NOTES_FILTER)
    # only a dirty build renders by `is_modified()`, which the split render needs; `mkdocs serve` runs threads
    _build["may_split"] = command == "build" and dirty
    if command == "serve":
        _build["undo_serve"] = render_partially()


def on_shutdown() -> None:
    """Give `mkdocs serve` back MkDocs' own build function."""
    resume_watching()
    stop_native_watching()
    _build.pop("server", None)
    undo = _build.pop("undo_serve", None)
    if undo:
        undo()


def as_plugin_error(event):
    """MkDocs prints a PluginError as one line and aborts the build; any other exception as a traceback."""

    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except DigestError as exc:
            raise PluginError(f"digest: error: {exc}") from None

    return run


@as_plugin_error
def on_config(config):
    """Take `site_url` from digest.yml when mkdocs.yml has none: canonical links and the sitemap become absolute.
    The theme's files are listed without its hidden folders (`list_visible_theme_files`)."""
    list_visible_theme_files(config.theme)
    project = Path(config.config_file_path).parent
    settings = load_settings(project)
    if settings.site_url and not config.site_url:
        config.site_url = settings.site_url.rstrip("/") + "/"
    if "undo_serve" in _build:  # MkDocs serves a new temporary folder each time, which made every start a full render
        config.site_dir = str(serve_site_dir(project / settings.cache_dir, config.site_url))
    return config


def log_report(report) -> None:
    """The generator's report in MkDocs' log: warnings as warnings (they fail `mkdocs build --strict`)."""
    summary, *details = format_report(report)
    log.info("digest: %s", summary)
    for line in details[1:]:
        if line.startswith("warning: "):
            log.warning("digest: %s", line.removeprefix("warning: "))
        else:  # advice (a model to install) is no warning: it must not fail `mkdocs build --strict`
            log.info("digest: %s", line)


@contextmanager
def copy_search_after(search_pending: Callable[[], object] | None) -> Iterator[None]:
    """Within this block, a build waits for `search_pending` (the search bundles still being built, see
    `cli.EarlyRender`) before it copies the bundles into the site."""
    if search_pending:
        _build["search_pending"] = search_pending
    try:
        yield
    finally:
        _build.pop("search_pending", None)


def wait_for_generator() -> None:
    """Wait for what the generator still does beside this build: a server's run (`BackgroundRun`, its report
    logged) or `digest build`'s search bundles."""
    run = _build.pop("generating", None)
    if run:
        log_report(run.report())
    pending = _build.get("search_pending")
    if pending:
        pending()


@as_plugin_error
def on_pre_build(config) -> None:
    """Generate docs/ from seeds/ (unless `digest build` just did), then decide between a partial and a full render."""
    project = Path(config.config_file_path).parent
    settings = load_settings(project)
    pause_collector()
    pause_watching()
    if not os.environ.get(SKIP_ENV):
        options = {"notify": lambda message: log.info("digest: %s", message),
                   "resident": "undo_serve" in _build}  # a server's next rebuild starts from this one's heads
        # the pages rendered while Pagefind indexes (the report comes in `on_post_build`); the seeds are extracted
        # in this thread, the main one in `mkdocs serve` and `mkdocs build`, where their time guard works
        run = _build["generating"] = BackgroundRun(project, settings, **options)
        run.wait_for_pages()
    if "undo_serve" not in _build:  # a server renders into a folder of its own
        _build["render_lock"] = held = ExitStack()
        held.enter_context(hold_render_lock(project / settings.cache_dir, lambda message: log.info("digest: %s", message)))
    config.extra["digest_page_dates"] = read_page_dates(project / settings.cache_dir / PAGE_DATES)  # for the sitemap
    site_dir = Path(config.site_dir)
    mark = render_mark_path(project / settings.cache_dir, site_dir)
    theme_dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    fingerprint = read_render_fingerprint(Path(config.config_file_path), theme_dirs, f"{config.site_url}\0{settings!r}")
    full = read_render_mark(mark) != fingerprint
    if full:
        clean_site(site_dir)  # a partial render would keep pages made with the old configuration, theme or names
    write_render_mark(mark, None)  # until this build completes, the next one must be full
    _build["mark"] = (mark, fingerprint)
    _build["full"] = full
    _build["templates"] = project / settings.cache_dir / "templates"
    _build["bundles"] = bundle_dir(project, settings)


def on_files(files, config):
    """Remember what this build produces, so that files of removed pages can be pruned after it; the pages listed
    once (`list_pages_once`)."""
    _build["wanted"] = {f.dest_uri for f in files} | set(config.theme.static_templates) | {"sitemap.xml.gz"}
    return list_pages_once(files)


@as_plugin_error
def on_nav(nav, config, files):
    """Split a big partial render across processes, one share of the pages each (see `render_split`)."""
    if freeze_modified(files) > _PAUSED_PAGES_MAX:  # a big render makes many short-lived cycles: collected as it goes
        _build.pop("collector", None)
        gc.enable()  # whoever paused it (`digest build` does, around the render)
    _build["split"] = split_render(files, config) if _build.get("may_split") else NO_SPLIT
    return nav


def on_env(env, config, files):
    """Keep Material's compiled templates in the cache folder: compiling them is a third of a small rebuild."""
    import jinja2

    folder = _build["templates"]
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


@as_plugin_error
def on_post_build(config) -> None:
    """Prune what no page produces any more, and record that the site folder is complete."""
    split = _build.pop("split", NO_SPLIT)
    if split.worker:
        finish_worker(split, config.strict)
    wait_workers(split)
    site_dir = Path(config.site_dir)
    wanted = _build.pop("wanted", set())
    mark, fingerprint = _build.pop("mark")
    produced = mark.with_suffix(".files.json")
    before = None if _build.pop("full") else read_site_files(produced)
    if before is None:
        prune_site(site_dir, wanted)  # a walk of the whole folder: after a full render, or with no record
    else:  # a partial render after a complete one: stale are the files that one produced and this one did not,
        # and what a plugin leaves at the top of the folder outside MkDocs' file list (the tags plugin's tags.json)
        top = {entry.name for entry in site_dir.iterdir() if entry.is_file() and not entry.name.startswith(".")}
        remove_site_files(site_dir, sorted((before | top) - wanted))
    wait_for_generator()
    copy_search_bundles(_build.pop("bundles"), site_dir / SEARCH_DIR)  # after the pruning: they are not MkDocs' files
    write_site_files(produced, wanted)
    _build.pop("templates", None)
    write_render_mark(mark, fingerprint)
    release_render_lock()
    resume_collector()
    resume_watching()


def release_render_lock() -> None:
    """Let the next render of this site folder start (see `on_pre_build`)."""
    held = _build.pop("render_lock", None)
    if held:
        held.close()


def on_build_error(error) -> None:
    """A render worker that failed ends here; the first process stops its workers."""
    split = _build.pop("split", NO_SPLIT)
    if split.worker:
        abandon_worker()
    stop_workers(split)
    run = _build.pop("generating", None)
    if run:  # the next build must not start beside it
        try:
            run.report()
        except Exception:  # noqa: BLE001 - this build failed already; MkDocs reports that error
            pass
    release_render_lock()
    resume_collector()
    resume_watching()


_COLLECT_AFTER = 1.0  # seconds after a server's build: its browser has asked for the new page by then
_PAUSED_PAGES_MAX = 1000  # pages to render beyond which a build keeps the collector on


def pause_collector() -> None:
    """Python's cycle collector off for a build: its passes over a whole site's files and pages took a tenth of a
    second or more of a small rebuild, and more in a server, which keeps the last build's objects too
    (`resume_collector` turns it back on)."""
    if gc.isenabled():
        gc.disable()
        _build["collector"] = True


def resume_collector() -> None:
    """The collector back on after `pause_collector`; in a server, with one full pass soon after the build (the last
    build's files and pages are cycles), off the time an editor waits for the page."""
    if _build.pop("collector", False):
        gc.enable()
        if "undo_serve" in _build:
            timer = threading.Timer(_COLLECT_AFTER, gc.collect)
            timer.daemon = True
            timer.start()


def pause_watching() -> None:
    """Hold a server's file watchers still during its build: their polls of 10,000 seed files, each stat handing
    Python's lock back and forth with the build's own stats, made a rebuild a tenth slower. A change made meanwhile
    is seen at the first poll after the build (each poll compares with the last one). Uses watchdog's polling
    emitters' own lock; a watchdog without it is left as it is."""
    server = _build.get("server")
    observer = getattr(server, "observer", None)
    if observer is None or "watching" in _build:
        return
    locks = [lock for lock in (getattr(emitter, "_lock", None) for emitter in list(observer.emitters)) if lock is not None]
    for lock in locks:
        lock.acquire()
    _build["watching"] = locks


def resume_watching() -> None:
    """Let the watchers held by `pause_watching` poll again."""
    for lock in _build.pop("watching", []):
        lock.release()


def watch_natively(server, folder: Path) -> bool:
    """Make a server rebuild when a file under `folder` is created, written, moved or deleted, as the system reports
    it (inotify on Linux): a new seed is seen at once, where MkDocs' polling sees it at its next look, half a second
    apart, each a stat of every seed. Returns False, and watches nothing, where the system cannot watch the folder,
    this MkDocs has no rebuild flag to raise or this watchdog cannot filter events: the caller then lets MkDocs poll."""
    import watchdog.events as events
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    condition = getattr(server, "_rebuild_cond", None)  # what MkDocs' own watch callback sets, under its condition
    if condition is None or not hasattr(server, "_want_rebuild") or issubclass(watchdog.observers.Observer, PollingObserver):
        return False

    def rebuild(event) -> None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    handler = events.FileSystemEventHandler()
    handler.on_any_event = rebuild
    observer = _build.get("native_watch")
    if observer is None:
        observer = _build["native_watch"] = watchdog.observers.Observer()  # a daemon thread, as every watchdog thread
        observer.start()
    # a file written, created, moved or deleted, or events lost (the system's queue overflowed); not a file opened
    # or read (a rebuild reads the seeds it takes in), nor its times touched (the same bytes: nothing to rebuild)
    changes = [kind for kind in (getattr(events, name, None) for name in _CHANGES) if kind is not None]
    try:
        observer.schedule(handler, str(folder), recursive=True, event_filter=changes)
    except OSError as error:  # the system's limit of watches reached, or a folder it cannot watch
        log.info("digest: watching %s by polling (%s)", folder, error.strerror or error)
        return False
    except TypeError:  # a watchdog older than 4 filters no events: a rebuild's own reads would trigger the next
        return False
    return True


_CHANGES = ("FileCreatedEvent", "FileModifiedEvent", "FileMovedEvent", "FileDeletedEvent", "FileClosedEvent", "EventsLostEvent")


def stop_native_watching() -> None:
    """Stop the server's native watcher (`watch_natively`), if it has one."""
    observer = _build.pop("native_watch", None)
    if observer is not None:
        observer.stop()
        observer.join(timeout=5)


def on_serve(server, config, builder):
    """Make `mkdocs serve` rebuild when seed files or the knowledge files change, rendering only changed pages."""
    _build["server"] = server
    project = Path(config.config_file_path).parent
    server.unwatch(config.docs_dir)  # MkDocs watches all of docs/; the generated part is output (watched_folders)
    native = load_settings(project).watch == "native"
    notified = []
    for folder, recursive in watched_folders(project):
        if native and recursive and watch_natively(server, folder):
            notified.append(folder)
        else:
            server.watch(str(folder), recursive=recursive)
    if notified:
        log.info("digest: watching by the system's notifications: %s", ", ".join(str(f) for f in notified))
    if "undo_serve" in _build:  # serve the folder `on_config` renders into, and its error pages
        server.root = os.path.abspath(config.site_dir)
        server.error_handler = lambda code: read_error_page(Path(server.root), code)
    return server


def render_partially():
    """Make `mkdocs serve` call MkDocs' build with `dirty=True`: only pages whose Markdown is newer than their HTML
    are rendered again (`on_pre_build` cleans the site first when everything must be). Returns the undo."""
    import mkdocs.commands.serve as serve_module

    full_build = serve_module.build

    def build(config, serve_url=None, dirty=False):  # noqa: ARG001 - MkDocs' signature; always partial here
        return full_build(config, serve_url=serve_url, dirty=True)

    serve_module.build = build
    return lambda: setattr(serve_module, "build", full_build)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Material's templates print `title` and `description` unescaped: escape them once here."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)
    return markdown
