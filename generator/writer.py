"""Write stage: pages -> files under docs/. Only changed files are rewritten, atomically; stale ones removed."""

from __future__ import annotations

import fcntl
import hashlib
import json
import marshal
import os
import pickle
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path

import yaml

from generator.bundle import canonicalize_bundle
from generator.config import OWNED_DIRS, SEARCH_DIR, render_mark_path  # noqa: F401 - the hook's
from generator.freshness import RenderTarget
from generator.errors import SearchIndexError
from generator.indexer import IndexerError, build_bundles, find_pagefind
from generator.models import Checkpoint, Knowledge, Page, SeedIndex, WriteResult, article_to_row, page_digest
from generator.reader import BUNDLE_STAMP, CACHE_TABLES, PART_COLUMNS, heads_file_of
from generator.search import SearchDocument
from generator.translation import MemoryEntry

FEEDS = tuple(f"feed{suffix}.{kind}" for suffix in ("", "-en", "-ru") for kind in ("xml", "json"))
OWNED_FILES = ("index.md", "browse.md", *FEEDS, f"{SEARCH_DIR}/languages.json")
_TMP_PREFIX = ".digest-tmp-"
_MARK = re.compile(r"^---\n(?:.*\n)*?generator: digest\n(?:.*\n)*?---\n")


LOCK_NAME = "lock"
RENDER_LOCK_NAME = "render.lock"


@contextmanager
def hold_project_lock(cache_dir: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """One run at a time per project: an exclusive lock on `<cache_dir>/lock`; a second run waits for the first
    (saying so through `notify`). The kernel drops the lock when a run dies, so a killed run never blocks the next."""
    with _hold_lock(cache_dir / LOCK_NAME, "another digest run is working on this project", notify):
        yield


_RENDERS_HELD: dict[Path, int] = {}  # render locks this process holds, and how many times it asked for each


@contextmanager
def hold_render_lock(cache_dir: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """One render of a project's site folder at a time (`<cache_dir>/render.lock`, as `hold_project_lock`): two
    renders side by side deleted each other's stale files while the other listed them. Held again by the process
    that holds it at once: `digest build` holds it around MkDocs' build, whose hook asks for it too."""
    path = (cache_dir / RENDER_LOCK_NAME).absolute()
    held = _RENDERS_HELD.get(path, 0)
    with nullcontext() if held else _hold_lock(path, "another render of this site is running", notify):
        _RENDERS_HELD[path] = held + 1
        try:
            yield
        finally:
            if held:
                _RENDERS_HELD[path] = held
            else:
                del _RENDERS_HELD[path]


@contextmanager
def _hold_lock(path: Path, busy: str, notify: Callable[[str], None] | None) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if notify:
                notify(f"{path}: {busy}; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_generated(text: str) -> bool:
    """Whether a page's front matter carries the generator's mark."""
    return bool(_MARK.match(text))


def write_pages(
    docs_dir: Path, pages: list[Page], known: dict[str, str] | None = None, kept: frozenset[str] = frozenset(),
    record_file: Path | None = None,
) -> WriteResult:
    """Make docs/ hold exactly these generated pages (and the `kept` ones, which the caller knows are on disk as it
    wants them); hand-written pages are never touched. `known` (`reader.read_page_record`) tells the digest of the
    files unchanged since the last run: a page with that digest is not read again. The record is kept up to date."""
    writer = PageWriter(docs_dir, known, record_file)
    for page in sorted(pages, key=lambda page: page.path):
        writer.write(page)
    return writer.finish(kept)


class PageWriter:
    """`write_pages` one page at a time, so that a run need not hold every page's text until the end: each page is
    written (when its bytes changed) as soon as it is made; `finish` removes what no page of the run wrote."""

    def __init__(self, docs_dir: Path, known: dict[str, str] | None = None, record_file: Path | None = None):
        docs_dir.mkdir(parents=True, exist_ok=True)
        self.docs_dir = docs_dir
        self.known = known or {}
        self.record_file = record_file
        self.digests: dict[str, str] = {}  # path -> digest of what the run made
        self.written: list[str] = []
        self.refused: list[str] = []
        self.unchanged = 0

    def write(self, page: Page) -> str:
        """Write one page unless the file holds its bytes already (a later page of the same path wins); its digest."""
        path, text = page.path, page.text
        digest = self.digests[path] = page_digest(text)
        if self.known.get(path) == digest:
            self.unchanged += 1
            return digest
        target = self.docs_dir / path
        data = text.encode("utf-8")
        if target.is_file():
            current = target.read_bytes()
            if current == data:
                self.unchanged += 1
                return digest
            if path in ("index.md", "browse.md") and not is_generated(current.decode("utf-8", "replace")):
                self.refused.append(path)
                return digest
        write_atomic(target, data)
        self.written.append(path)
        return digest

    def write_all(self, pages: list[Page]) -> set[str]:
        """Write each page (see `write`); their paths."""
        for page in pages:
            self.write(page)
        return {page.path for page in pages}

    def finish(self, kept: frozenset[str] = frozenset()) -> WriteResult:
        """Remove the generator's files no page of the run made (nor `kept` names) and keep the record up to date."""
        removed = remove_stale(self.docs_dir, set(self.digests) | kept)
        digests = {path: self.known[path] for path in kept if path in self.known}
        digests.update((path, digest) for path, digest in self.digests.items() if path not in self.refused)
        if self.record_file:
            # a file this run did not write is as the record found it: its identity needs no second stat
            untouched = getattr(self.known, "identities", {})
            written = set(self.written)
            write_page_record(self.record_file, self.docs_dir, digests,
                              {path: identity for path, identity in untouched.items() if path not in written})
        return WriteResult(tuple(sorted(self.written)), self.unchanged + len(kept), tuple(removed), tuple(sorted(self.refused)))


def write_page_record(record_file: Path, docs_dir: Path, digests: dict[str, str], known: dict[str, list[int]] | None = None) -> None:
    """Keep each generated file's identity on disk (size, times, inode) with the digest of its content: while the
    identity holds, the next run knows the content without reading it. `known`: identities just read (not stat'ed
    again)."""
    record = {}
    root = f"{docs_dir}/"
    known = known or {}
    for path, digest in sorted(digests.items()):
        if path in known:
            record[path] = [*known[path], digest]
            continue
        try:
            info = os.stat(root + path)
        except OSError:
            continue
        record[path] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, digest]
    record_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(record_file, json.dumps(record, ensure_ascii=False).encode("utf-8"))


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers never see half a page.

    No fsync: a killed run cannot leave half a file behind a rename, and the pages can always be generated again.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{_TMP_PREFIX}{os.getpid()}-{target.name}")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def remove_stale(docs_dir: Path, wanted: set[str]) -> list[str]:
    """Delete files in the generator's own folders that this run did not produce (and leftover temp files)."""
    removed = []
    for folder in OWNED_DIRS:
        removed += prune_folder(docs_dir, docs_dir / folder, wanted)
    for leftover in docs_dir.glob(f"{_TMP_PREFIX}*"):
        leftover.unlink()
    return sorted(removed)


def prune_folder(base: Path, root: Path, wanted: set[str]) -> list[str]:
    """Delete the files under `root` whose path relative to `base` is not wanted, and emptied folders; return the
    deleted paths (leftover temp files are deleted without being reported)."""
    removed = []
    if not root.is_dir():
        return removed
    prefix = len(str(base)) + 1
    for folder, dirs, names in os.walk(root, topdown=False):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            relative = path[prefix:].replace(os.sep, "/")
            if relative not in wanted:
                os.unlink(path)
                if not name.startswith(_TMP_PREFIX):
                    removed.append(relative)
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)
    return sorted(removed, reverse=True)


def write_run_record(path: Path, record: dict | None) -> None:
    """Keep (or, with None, forget) the input snapshot and report summary of a complete run."""
    if record is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def write_render_record(path: Path, target: RenderTarget | None, state: str = "") -> None:
    """Keep (or, with None, forget) what the last complete `digest build` render read and wrote (`freshness`)."""
    if target is None:
        path.unlink(missing_ok=True)
        return
    record = {"config_file": str(target.config_file), "theme_dirs": [str(d) for d in target.theme_dirs],
              "site_dir": str(target.site_dir), "strict": target.strict, "state": state}
    write_atomic(path, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def write_knowledge_cache(path: Path, code: str, knowledge: Knowledge) -> None:
    """Keep the knowledge with its alias index for the next run (`reader.read_knowledge_cache`): parsing the YAML
    files and indexing the aliases took a third of a second of every run that extracts a seed, unpickling takes 10 ms."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, pickle.dumps((code, knowledge), protocol=pickle.HIGHEST_PROTOCOL))


def write_seed_index(path: Path, index: SeedIndex) -> None:
    """Keep the seed records and learned boilerplate for the next run (see `SeedIndex`)."""
    data = {
        "basis": index.basis,
        "records": {name: [list(r.stat), r.outlet, r.key, r.dated] for name, r in sorted(index.records.items())},
        "learned": {outlet: sorted(lines) for outlet, lines in sorted(index.learned.items())},
        "today": index.today,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def write_checkpoints(path: Path, basis: str, checkpoints: dict[str, Checkpoint]) -> None:
    """Keep the corpus passes' checkpoints for the next run (see `stories.find_duplicates_resuming`)."""
    data = {"basis": basis, "passes": {name: [list(c.inputs), list(c.decisions), [list(row) for row in c.made]]
                                         for name, c in sorted(checkpoints.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def write_page_memo(path: Path, basis: str, memo: dict[str, tuple[str, str]]) -> None:
    """Keep what each derived page was made from and what it holds, and by which code (see `reader.read_page_memo`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"basis": basis, "pages": {page: list(pair) for page, pair in sorted(memo.items())}}
    write_atomic(path, json.dumps(data).encode("utf-8"))


def write_page_dates(path: Path, dates: dict[str, str]) -> None:
    """Keep the publication date of every dated article page (docs path -> ISO date), rewritten only on a change."""
    data = json.dumps(dict(sorted(dates.items())), ensure_ascii=False, indent=0).encode("utf-8")
    if not (path.is_file() and path.read_bytes() == data):
        write_atomic(path, data)


def serve_site_dir(cache_dir: Path, serve_url: str) -> Path:
    """The site folder `mkdocs serve` renders into at this address: kept between runs, so that a server started again
    renders only what changed since it stopped (one folder per address: two servers never share one)."""
    from urllib.parse import urlsplit

    address = urlsplit(serve_url).netloc or "local"
    return cache_dir / "serve" / re.sub(r"[^A-Za-z0-9.]+", "-", address)


def write_render_mark(mark: Path, fingerprint: str | None) -> None:
    """Record (or, with None, forget) the fingerprint a site folder was completely rendered with."""
    if fingerprint is None:
        mark.unlink(missing_ok=True)
    else:
        write_atomic(mark, fingerprint.encode("ascii"))


def write_site_files(path: Path, files: set[str]) -> None:
    """Keep the files a complete render produced, so the next partial one removes the stale ones without a walk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(sorted(files), ensure_ascii=False).encode("utf-8"))


def remove_site_files(site_dir: Path, paths: list[str]) -> list[str]:
    """Delete these files of a site folder (a page or asset no longer produced) and the folders they leave empty."""
    removed = []
    for relative in sorted(paths):
        target = site_dir / relative
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed.append(relative)
            folder = target.parent
            while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    return removed


def clean_site(site_dir: Path) -> None:
    """Empty a site folder for a full render (hidden entries stay, as MkDocs' own clean leaves them)."""
    if not site_dir.is_dir():
        return
    for entry in sorted(site_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def prune_site(site_dir: Path, wanted: set[str]) -> list[str]:
    """Delete the files of a site folder that this build did not produce (pages whose Markdown is gone), so a
    partial render leaves what a full one would; hidden files stay. Returns the deleted paths."""
    removed = []
    if not site_dir.is_dir():
        return removed
    for folder, dirs, names in os.walk(site_dir, topdown=False):
        base = Path(folder)
        relative_dir = base.relative_to(site_dir).as_posix()
        if any(part.startswith(".") for part in Path(relative_dir).parts) or relative_dir.startswith(f"{SEARCH_DIR}/"):
            continue  # the search bundles below search/ are kept by `copy_search_bundles`
        for name in names:
            relative = name if relative_dir == "." else f"{relative_dir}/{name}"
            if not name.startswith(".") and relative not in wanted:
                (base / name).unlink()
                removed.append(relative)
        if base != site_dir and not any(base.iterdir()):
            base.rmdir()
    return sorted(removed)


def write_cache_entries(cache_file: Path, rows: dict[str, dict[str, object]], keep: set[str] | None) -> int:
    """Store new or changed per-seed results (key -> the columns to set: `head`, and `page` or `search` when they
    changed) and delete the rows this run did not use (none when `keep` is None), in one transaction; return how
    many were deleted."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _store(cache_file, rows, keep)
    except sqlite3.DatabaseError:  # a damaged cache is only a cache: start it anew
        cache_file.unlink(missing_ok=True)
        heads_file_of(cache_file).unlink(missing_ok=True)
        return _store(cache_file, rows, keep)


def _to_plain(column: str, value):
    """A cache column as plain values (tuples, dicts, strings, numbers) for `marshal`: the article as a row of its
    fields, search references as tuples. (`pickle` would keep a UTF-8 copy of every non-ASCII string it writes inside
    the string itself: 150 MB more at the end of a cold run of 10,000 articles.)"""
    if column != "head":
        return value
    head = dict(value)
    if "article" in head:
        head["article"] = article_to_row(head["article"])
    if "search" in head:
        digest, refs = head["search"]
        head["search"] = (digest, tuple((r.url, r.language, r.period, r.digest) for r in refs))
    return head


def _store(cache_file: Path, rows: dict[str, dict[str, object]], keep: set[str] | None) -> int:
    def blob(column: str, value: object) -> bytes | None:
        return None if value is None else marshal.dumps(_to_plain(column, value))

    with closing(sqlite3.connect(cache_file)) as db:
        # the heads' file attached: one transaction writes both (SQLite commits attached files together)
        db.execute("ATTACH DATABASE ? AS h", (str(heads_file_of(cache_file)),))
        with db:
            deleted = _store_rows(db, sorted(rows.items()), blob, keep)
        if keep is not None:
            compact_cache(db)
        return deleted


VACUUM_MIN_FREE = 256  # free pages (1 MB) below which a cache file is not worth rewriting


def compact_cache(db: sqlite3.Connection) -> None:
    """Rewrite each of the cache's files (`VACUUM`) when more than a quarter of it is free pages. A run whose seeds all
    got new cache keys (a new version of the code, a changed setting) stores the new rows before it deletes the old
    ones: at 10,000 articles it left 236 of the cache's 472 MB free (1,000: 22 of 44 MB), and SQLite reuses free
    pages but never gives them back. A small rebuild frees a few pages and is left alone; the rewrite took 1.9 s at
    10,000 against the run's 56. A disk too full for the copy VACUUM makes leaves the file as it is."""
    for schema in ("main", "h"):
        pages = db.execute(f"PRAGMA {schema}.page_count").fetchone()[0]
        free = db.execute(f"PRAGMA {schema}.freelist_count").fetchone()[0]
        if free >= VACUUM_MIN_FREE and free * 4 > pages:
            try:
                db.execute(f"VACUUM {schema}")
            except sqlite3.OperationalError:  # no room for the copy VACUUM makes: the file stays valid, only larger
                pass


def _store_rows(db: sqlite3.Connection, rows: list[tuple[str, dict[str, object]]], blob: Callable, keep: set[str] | None) -> int:
    for table in ("entries", "articles"):  # the layouts before the heads were kept apart
        db.execute(f"DROP TABLE IF EXISTS main.{table}")
    for schema, table in (("h", "heads"), ("main", "parts")):
        db.execute(f"CREATE TABLE IF NOT EXISTS {schema}.{table} {CACHE_TABLES[table]}")
    db.executemany("INSERT INTO h.heads (key, head) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET head = excluded.head",
                   ((key, blob("head", row["head"])) for key, row in rows))
    db.executemany(
        "INSERT INTO main.parts (key, page, search, body) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
        "page = COALESCE(excluded.page, page), search = COALESCE(excluded.search, search), body = COALESCE(excluded.body, body)",
        ((key, *(blob(column, row.get(column)) for column in PART_COLUMNS)) for key, row in rows
         if any(row.get(column) is not None for column in PART_COLUMNS)),
    )
    if keep is None:
        return 0
    # the stale keys from the key indexes and deleted by key: a scan of the parts' rows would read the whole file
    stored = {key for table in ("h.heads", "main.parts") for (key,) in db.execute(f"SELECT key FROM {table}")}
    stale = [(key,) for key in sorted(stored - keep)]
    db.executemany("DELETE FROM main.parts WHERE key = ?", stale)
    db.executemany("DELETE FROM h.heads WHERE key = ?", stale)
    return len(stale)


def write_machine_translations(folder: Path, target: str, known: dict[str, MemoryEntry], new: list[MemoryEntry]) -> None:
    """Add new machine translations to `translations/<target>.machine.yml`; an editor's files are never written."""
    if not new:
        return
    entries = {k: e for k, e in known.items() if e.method == "machine"}
    entries.update({e.key: e for e in new if e.key not in known})
    data = {
        key: {"seed": e.seed, "source": e.source, "text": e.text, "method": e.method, "model": e.model}
        for key, e in sorted(entries.items())
    }
    text = "# Machine translations, written by `digest`. Copy an entry to " + target + ".yml to review it.\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    write_atomic(folder / f"{target}.machine.yml", text.encode("utf-8"))


# Of Pagefind's output the site needs the search library, its worker, the language's WebAssembly and the index;
# the stock result widgets (pagefind-ui.js and friends, ~400 KB) are replaced by the theme's own search box. Only the
# primary bundle of a language keeps the script and WebAssembly: the bundles merged into it use the primary's.
_BUNDLE_INDEX = re.compile(r"^(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(index|fragment|filter)/.+)$")
_CHUNKS = ("index", "fragment", "filter")  # a bundle's chunk folders; its other folders are other bundles
_BUNDLE_RUNTIME = re.compile(r"^(pagefind\.js|pagefind-worker\.js|wasm\.(?!unknown\.)[a-z]+\.pagefind)$")


def write_search_bundles(bundle_dir: Path, stale: dict[str, list[SearchDocument]], stamps: dict[str, str]) -> list[str]:
    """Index the `stale` bundles' documents with Pagefind into <bundle_dir>/<folder>/ (see `search.bundle_folder`)
    and mark each with its stamp; delete the bundle folders `stamps` does not name; return the files written. The
    caller finds the stale bundles with `reader.read_bundle_stamps`: a new article re-indexes only its own period.
    The bundles live outside docs/ (MkDocs would list and stat their ~18,000 files at 10,000 articles on every
    render): the MkDocs hook copies the changed ones into the site (`copy_search_bundles`)."""
    written = []
    if stale:
        try:
            for folder, files in build_bundles(stale, find_pagefind()):
                target = bundle_dir / folder
                (target / BUNDLE_STAMP).unlink(missing_ok=True)  # a bundle stopped half way is never taken as complete
                written += [f"{SEARCH_DIR}/{folder}/{name}" for name in _sync_bundle(files, target, "/" not in folder)]
                write_atomic(target / BUNDLE_STAMP, stamps[folder].encode("ascii"))
        except (IndexerError, OSError, ValueError, KeyError) as error:
            raise SearchIndexError(SEARCH_DIR, str(error) or type(error).__name__) from error
    _remove_other_bundles(bundle_dir, set(stamps))
    return sorted(written)


def copy_search_bundles(bundle_dir: Path, site_search: Path) -> list[str]:
    """Make the site's search folder hold the bundles of `bundle_dir` (`write_search_bundles`): a bundle whose stamp
    the site already holds is left alone, a changed one is linked (`_link_file`), one no longer built is deleted,
    one left without a stamp (its indexing failed) keeps the site's last copy; other files of the site's search
    folder (MkDocs' copy of `languages.json`) stay. Returns the files linked or copied anew."""
    copied = []
    folders = _bundle_folders(bundle_dir)
    for folder in folders:
        source, target = bundle_dir / folder, site_search / folder
        if not (source / BUNDLE_STAMP).is_file():
            continue
        stamp = (source / BUNDLE_STAMP).read_bytes()
        if (target / BUNDLE_STAMP).is_file() and (target / BUNDLE_STAMP).read_bytes() == stamp:
            continue
        (target / BUNDLE_STAMP).unlink(missing_ok=True)
        names = _own_files(source)
        for name in names:
            if _link_file(source / name, target / name):
                copied.append(f"{folder}/{name}")
        for name in sorted(set(_own_files(target)) - set(names)):
            (target / name).unlink()
        (target / BUNDLE_STAMP).write_bytes(stamp)
    _remove_other_bundles(site_search, set(folders))
    return copied


def _link_file(source: Path, target: Path) -> bool:
    """Make `target` a hard link to `source` (a copy where the file system has none); False when it is one already.
    A link costs a tenth of a copy (a back-dated article's year bundles are ~1,700 files: 0.29 s of copies at
    10,000 articles) and is safe here: a bundle's files are only ever replaced by a rename, never written in place,
    so the site keeps what it was linked to."""
    try:
        if os.path.samefile(source, target):
            return False
    except OSError:  # no such target yet
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)
    return True


def _bundle_folders(bundle_dir: Path) -> list[str]:
    """The bundle folders below a folder: each language's primary and its other periods."""
    folders = []
    for language_dir in sorted(p for p in bundle_dir.iterdir() if p.is_dir()) if bundle_dir.is_dir() else []:
        folders.append(language_dir.name)
        folders += [f"{language_dir.name}/{p.name}" for p in sorted(language_dir.iterdir()) if p.is_dir() and p.name not in _CHUNKS]
    return folders


def _own_files(folder: Path) -> list[str]:
    """A bundle's files (not its stamp, not the bundles below a primary one), relative to its folder."""
    if not folder.is_dir():
        return []
    names = [p.name for p in folder.iterdir() if p.is_file() and p.name != BUNDLE_STAMP]
    for chunks in _CHUNKS:
        if (folder / chunks).is_dir():
            names += [f"{chunks}/{p.name}" for p in (folder / chunks).iterdir() if p.is_file()]
    return sorted(names)


def _remove_other_bundles(search_dir: Path, folders: set[str]) -> None:
    """Delete the bundle folders no period needs any more (a language or a period without documents)."""
    if not search_dir.is_dir():
        return
    for language_dir in sorted(p for p in search_dir.iterdir() if p.is_dir()):
        if language_dir.name not in folders:
            shutil.rmtree(language_dir)
            continue
        for period_dir in sorted(p for p in language_dir.iterdir() if p.is_dir()):
            if period_dir.name not in _CHUNKS and f"{language_dir.name}/{period_dir.name}" not in folders:
                shutil.rmtree(period_dir)


def _sync_bundle(files: dict[str, bytes], target: Path, primary: bool) -> list[str]:
    """Make `target` hold the kept files of a bundle, rewriting only changed ones; return those written. Other
    bundles' folders below a primary one are left alone."""
    wanted = {name: data for name, data in canonicalize_bundle(files).items()
              if _BUNDLE_INDEX.match(name) or (primary and _BUNDLE_RUNTIME.match(name))}
    written = []
    for name in sorted(wanted):
        data = wanted[name]
        destination = target / name
        if destination.is_file() and destination.read_bytes() == data:
            continue
        write_atomic(destination, data)
        written.append(name)
    keep = {*wanted, BUNDLE_STAMP}
    for path in sorted(p for p in target.iterdir() if p.is_file()) if target.is_dir() else []:
        if path.name not in keep:
            path.unlink()
    for chunks in _CHUNKS:
        prune_folder(target, target / chunks, keep)
    return written
