"""Write stage: pages -> files under docs/. Only changed files are rewritten, atomically; stale ones removed."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import yaml

from generator.models import Page, WriteResult
from generator.reader import CACHE_TABLE
from generator.translation import MemoryEntry

OWNED_DIRS = ("articles", "dates", "reports", "stories", "topics", "people", "places", "organizations", "sources")
FEEDS = tuple(f"feed{suffix}.{kind}" for suffix in ("", "-en", "-ru") for kind in ("xml", "json"))
OWNED_FILES = ("index.md", "browse.md", *FEEDS)
_TMP_PREFIX = ".digest-tmp-"
_MARK = re.compile(r"^---\n(?:.*\n)*?generator: digest\n(?:.*\n)*?---\n")


def is_generated(text: str) -> bool:
    """Whether a page's front matter carries the generator's mark."""
    return bool(_MARK.match(text))


def write_pages(docs_dir: Path, pages: list[Page]) -> WriteResult:
    """Make docs/ hold exactly these generated pages; hand-written pages are never touched."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    wanted = {page.path: page for page in pages}
    written, refused = [], []
    unchanged = 0
    for path in sorted(wanted):
        target = docs_dir / path
        data = wanted[path].text.encode("utf-8")
        if target.is_file():
            current = target.read_bytes()
            if current == data:
                unchanged += 1
                continue
            if path in ("index.md", "browse.md") and not is_generated(current.decode("utf-8", "replace")):
                refused.append(path)
                continue
        write_atomic(target, data)
        written.append(path)
    removed = remove_stale(docs_dir, set(wanted))
    return WriteResult(tuple(written), unchanged, tuple(removed), tuple(refused))


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
        root = docs_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            relative = path.relative_to(docs_dir).as_posix()
            if path.is_file() or path.is_symlink():
                if relative not in wanted:
                    path.unlink()
                    if not path.name.startswith(_TMP_PREFIX):
                        removed.append(relative)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for leftover in docs_dir.glob(f"{_TMP_PREFIX}*"):
        leftover.unlink()
    return sorted(removed)


def write_cache_entries(cache_file: Path, entries: dict[str, dict], keep: set[str]) -> int:
    """Store new per-seed results and delete entries this run did not use, in one transaction; return how many
    were deleted."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _store(cache_file, entries, keep)
    except sqlite3.DatabaseError:  # a damaged cache is only a cache: start it anew
        cache_file.unlink(missing_ok=True)
        return _store(cache_file, entries, keep)


def _store(cache_file: Path, entries: dict[str, dict], keep: set[str]) -> int:
    with closing(sqlite3.connect(cache_file)) as db, db:
        db.execute(CACHE_TABLE)
        db.executemany(
            "INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)",
            ((key, json.dumps(entry, ensure_ascii=False, sort_keys=True)) for key, entry in sorted(entries.items())),
        )
        db.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO keep (key) VALUES (?)", ((key,) for key in keep))
        return db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM keep)").rowcount


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
