"""Read stage: seed files on disk -> decoded, normalized `Seed`s (or `Skipped` entries). Touches the disk."""

from __future__ import annotations

import codecs
import hashlib
import marshal
import os
import json
import pickle
import re
import sqlite3
from contextlib import closing
import unicodedata
from pathlib import Path

import yaml

from generator.errors import DataError, SeedError
from generator.models import Checkpoint, DocumentRef, Entity, Header, article_from_row, Knowledge, MemoryEntry, Publisher, Seed, SeedIndex, SeedRecord, Skipped, Topic

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER = re.compile(r"^[ \t]*date[ \t]+(?P<date>\S+)(?P<tail>.*)$")
_URLISH = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:\S+|www\.\S+)$")
# Control characters other than newline and tab never belong in article text (they come from broken scrapes).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_MIN_TEXT_SHARE = 0.85
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def list_seed_paths(seeds_dir: Path) -> list[Path]:
    """Every entry of the seeds folder, sorted by name."""
    if not seeds_dir.is_dir():
        return []
    return sorted(seeds_dir.iterdir(), key=lambda p: p.name)


def read_seeds(seeds_dir: Path, max_bytes: int, names: list[str] | None = None) -> tuple[list[Seed], list[Skipped]]:
    """Read every seed of the folder (or only those `names`, in their order); unreadable ones become `Skipped`
    entries with a reason."""
    seeds: list[Seed] = []
    skipped: list[Skipped] = []
    paths = list_seed_paths(seeds_dir) if names is None else [seeds_dir / name for name in names]
    for path in paths:
        try:
            seeds.append(read_seed(path, seeds_dir, max_bytes))
        except SeedError as exc:
            skipped.append(Skipped(exc.seed, exc.reason))
    return seeds, skipped


def read_seed_stats(seeds_dir: Path) -> dict[str, tuple[int, ...]]:
    """Name -> (size, mtime, ctime, inode) of every entry of the seeds folder, sorted by name; hidden entries, links
    and anything but a regular file get an empty tuple (they are read, and refused with a reason, on every run)."""
    if not seeds_dir.is_dir():
        return {}
    stats: dict[str, tuple[int, ...]] = {}
    with os.scandir(seeds_dir) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            plain = not entry.name.startswith(".") and not entry.is_symlink() and entry.is_file(follow_symlinks=False)
            info = entry.stat(follow_symlinks=False) if plain else None
            stats[entry.name] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) if info else ()
    return stats


def read_files(folder: Path) -> list[Path]:
    """The files directly inside a folder, by name (none when it does not exist)."""
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def read_subfolders(folder: Path) -> list[Path]:
    """The folders directly inside a folder, by name (none when it does not exist)."""
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def read_seed_index(path: Path) -> SeedIndex | None:
    """The last run's seed records; None when there are none or the file is damaged (then every seed is read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SeedIndex(
            basis=data["basis"],
            records={name: SeedRecord(tuple(stat), outlet, key, bool(dated))
                     for name, (stat, outlet, key, dated) in data["records"].items()},
            learned={outlet: frozenset(lines) for outlet, lines in data["learned"].items()},
            today=data["today"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_checkpoints(path: Path, basis: str) -> dict[str, Checkpoint]:
    """The corpus passes' checkpoints of the last run (`writer.write_checkpoints`), if made with the same `basis`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["basis"] != basis:
            return {}
        passes = {}
        for name, (inputs, decisions, *made) in data["passes"].items():
            passes[name] = Checkpoint(tuple(inputs), tuple(decisions), tuple(tuple(row) for row in (made[0] if made else ())))
        return passes
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def read_page_memo(path: Path, basis: str) -> dict[str, tuple[str, str]]:
    """Page path -> (digest of its input, digest of its text) as the last run made it (`writer.write_page_memo`),
    if made by the same code (`basis`)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["basis"] != basis:
            return {}
        return {page: (made, text) for page, (made, text) in data["pages"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def read_seed(path: Path, seeds_dir: Path, max_bytes: int) -> Seed:
    """Read one seed file; raise `SeedError` naming the file when it cannot be an article."""
    name = path.name
    if name.startswith("."):
        raise SeedError(name, "hidden file (name starts with a dot): not read; rename it to publish it")
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(seeds_dir.resolve()):
            raise SeedError(name, "symbolic link pointing outside seeds/: not followed")
    if path.is_dir():
        raise SeedError(name, "is a folder: seeds are read from the top level of seeds/ only")
    if not path.is_file():
        raise SeedError(name, "not a regular file (broken link, device or pipe)")
    size = path.stat().st_size
    if size > max_bytes:
        raise SeedError(name, f"file is {size:,} bytes, over the limit of {max_bytes:,} (setting max_seed_bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(name, f"cannot be read: {exc.strerror}") from None
    text, encoding = decode_bytes(name, data)
    header, body = parse_header(normalize_text(text))
    if not body.strip() and not (header and header.rest):
        raise SeedError(name, "no text: the file is empty or holds only white space")
    return Seed(name=name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, text=body, header=header)


def decode_bytes(name: str, data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name): BOM, then strict UTF-8, BOM-less UTF-16, then charset detection."""
    if not data.strip():
        raise SeedError(name, "no text: the file is empty or holds only white space")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_checked(name, data, encoding), encoding
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return _decode_checked(name, data, utf16), utf16
    if b"\x00" in data:
        raise SeedError(name, "binary file (NUL bytes), not text")
    try:
        return _decode_checked(name, data, "utf-8"), "utf-8"
    except (UnicodeDecodeError, SeedError):
        pass
    encoding = pick_encoding(data)
    if encoding is None:
        raise SeedError(name, "binary file or unknown encoding: no text encoding fits its bytes")
    return _decode_checked(name, data, encoding), encoding


def pick_encoding(data: bytes) -> str | None:
    """The usual code pages plus the detector's candidates, ranked by how much the text reads like words.

    charset-normalizer alone misreads short Windows-1251/KOI8-R texts as CJK; a news text is letters of one
    script in normal case, so the candidate whose decoding looks most like that wins (detector order breaks ties).
    """
    import charset_normalizer  # only a seed that is not UTF-8 needs it: not loaded on every run

    detected = [match.encoding for match in charset_normalizer.from_bytes(data)]
    candidates = list(_PREFERRED_PAGES) + [enc for enc in detected if enc not in _PREFERRED_PAGES]
    scored = []
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_wordlike_score(text), -rank, encoding))
    if not scored:
        return None
    score, _, encoding = max(scored)
    return encoding if score > 0.5 else None


# Ties go to the code pages Russian and English news is actually published in, in this order.
_PREFERRED_PAGES = ("cp1251", "koi8_r", "cp1252", "mac_cyrillic", "cp866")
_COMMON_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяàâäçéèêëîïôöùûüÿñßáíóúãõåæøœіїєґў")
_CASE_FLIP = re.compile(r"[a-zа-яё][A-ZА-ЯЁ]")
_MIXED_SCRIPT = re.compile(r"[A-Za-z\u00c0-\u024f][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z\u00c0-\u024f]")


def _wordlike_score(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    euro = sum(1 for ch in letters if ch.lower() in _COMMON_LETTERS)
    flips = len(_CASE_FLIP.findall(text)) + len(_MIXED_SCRIPT.findall(text))
    upper = sum(1 for ch in letters if ch.isupper()) / len(letters)
    # A Cyrillic code page misread as another swaps letter case: prose is mostly lower case.
    return euro / len(letters) - 3 * flips / len(letters) - max(0.0, upper - 0.4)


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows NUL bytes at odd (LE) or even (BE) offsets only: ASCII spaces, digits."""
    if len(data) < 8 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > half * 0.1 and even < half * 0.01:
        return "utf-16-le"
    if even > half * 0.1 and odd < half * 0.01:
        return "utf-16-be"
    return None


def _decode_checked(name: str, data: bytes, encoding: str) -> str:
    text = data.decode(encoding)
    if len(_BINARY_CHARS.findall(text)) > len(text) * (1 - _MIN_TEXT_SHARE):
        raise SeedError(name, f"binary file: decoded as {encoding} it is mostly control characters")
    return text


def normalize_text(text: str) -> str:
    """Newlines to \\n, Unicode to NFC, control and zero-width characters out, no-break spaces to spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    return re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ", text)


def parse_header(text: str) -> tuple[Header | None, str]:
    """Split off the optional first line ` date YYYY-MM-DD [URL] [rest]`; return (header, remaining text)."""
    first, _, remainder = text.partition("\n")
    match = _HEADER.match(first)
    if not match:
        return None, text
    tokens = match.group("tail").split(None, 1)
    url = None
    if tokens and _URLISH.match(tokens[0]):
        url = tokens.pop(0)
    rest = " ".join(" ".join(tokens).split()) or None
    return Header(date_text=match.group("date"), url_text=url, rest=rest), remainder


DATA_DIR = Path(__file__).parent / "data"


def read_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    """Load the editor-extensible reference data (publishers, people, places, organizations, topics) from YAML."""
    publishers = []
    for number, entry in _read_entries(data_dir / "sources.yml", ("name",)):
        aliases, domains = _string_list(entry, "aliases", data_dir / "sources.yml", number), _string_list(entry, "domains", data_dir / "sources.yml", number)
        publishers.append(Publisher(entry["name"], tuple(aliases), tuple(d.lower() for d in domains), bool(entry.get("agency"))))
    entities = []
    for kind, file_name in (("person", "people.yml"), ("place", "places.yml"), ("organization", "organizations.yml")):
        path = data_dir / file_name
        for number, entry in _read_entries(path, ("en", "ru")):
            names = [entry["en"], entry["ru"], *_string_list(entry, "aliases", path, number), *_string_list(entry, "demonyms", path, number)]
            entities.append(Entity(kind, entry["en"], entry["ru"], tuple(names), str(entry.get("kind", ""))))
    topics = []
    path = data_dir / "topics.yml"
    for number, entry in _read_entries(path, ("key", "en", "ru")):
        terms = entry.get("terms") or {}
        if not isinstance(terms, dict):
            raise DataError(str(path), f"entry {number} ({entry['key']}): 'terms' must map en/ru to lists")
        topics.append(Topic(entry["key"], entry["en"], entry["ru"], tuple(_string_list(terms, "en", path, number)),
                            tuple(_string_list(terms, "ru", path, number)), int(entry.get("min_hits", 3))))
    return Knowledge(tuple(publishers), tuple(entities), tuple(topics))


def read_knowledge_cache(path: Path, code: str) -> Knowledge | None:
    """The knowledge with its alias index as the last run kept it (`writer.write_knowledge_cache`), when it was
    made by this code from these knowledge files (`code`: `read_code_fingerprint`); else None."""
    try:
        kept_code, knowledge = pickle.loads(path.read_bytes())  # this project's own cache file, written by this code
    except Exception:  # noqa: BLE001 - a damaged or old cache file is made again, never an error
        return None
    return knowledge if kept_code == code and isinstance(knowledge, Knowledge) else None


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: same data, faster


def _read_entries(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or []
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(str(path), f"cannot be read as YAML: {exc}") from None
    if not isinstance(raw, list):
        raise DataError(str(path), "must be a list of entries")
    entries = []
    for number, entry in enumerate(raw, 1):
        missing = [key for key in required if not isinstance(entry, dict) or not isinstance(entry.get(key), str)]
        if missing:
            raise DataError(str(path), f"entry {number}: needs {', '.join(repr(k) for k in missing)} (text)")
        entries.append((number, entry))
    return entries


def _string_list(entry: dict, key: str, path: Path, number: int) -> list[str]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DataError(str(path), f"entry {number}: '{key}' must be a list of texts")
    return value


# Per cache key, a row of `heads` (the article or the reason it was skipped, and the digests of what was made from
# it), read for every seed, and a row of `parts`: `page` (the page's parts and text) and `search` (its search
# documents), read only when needed, and `body` (the article's `models.BODY_FIELDS`), read only for the articles whose
# page or documents are made again (a missing or damaged body is found then: the seed is extracted again, see
# `pipeline.CacheRows.whole`). The heads are a file of their own (`heads_file_of`), so that reading all of them reads
# 30 MB of pages that hold nothing else at 10,000 articles: kept with the parts, each head spilled past its row's
# first page into overflow pages scattered over a 500 MB file (a table of their own in that file too, after a few
# runs, as SQLite reuses freed pages), and once the system had dropped that file from memory, reading the heads
# took 0.9 s instead of 0.05 s.
CACHE_TABLES = {"heads": "(key TEXT PRIMARY KEY, head BLOB NOT NULL)", "parts": "(key TEXT PRIMARY KEY, page BLOB, search BLOB, body BLOB)"}


def heads_file_of(cache_file: Path) -> Path:
    """The file that holds the heads of the cache whose parts are in `cache_file`."""
    return cache_file.with_name("heads.sqlite")


PART_COLUMNS = ("page", "search", "body")  # the columns of `parts`
CACHE_COLUMNS = ("head", *PART_COLUMNS)


def read_cache_entries(cache_file: Path, keys: list[str], column: str = "head") -> dict[str, object]:
    """One column of the cached per-seed results, by key; a missing, unreadable or corrupt cache (or row) gives
    nothing, never an error. The cache is this project's own file, written by `writer.write_cache_entries` with `marshal`."""
    table, path = ("heads", heads_file_of(cache_file)) if column == "head" else ("parts", cache_file)
    if column not in CACHE_COLUMNS or not path.is_file():
        return {}
    found: dict[str, object] = {}
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = db.execute(f"SELECT key, {column} FROM {table} WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for key, value in rows:
                    try:
                        if value is not None:
                            found[key] = _from_plain(column, marshal.loads(value))
                    except Exception:  # noqa: BLE001 - a damaged row is a cache miss, whatever decoding raised
                        continue
    except sqlite3.DatabaseError:
        return {}
    return found


def read_file_identity(path: Path | str) -> tuple[int, ...] | None:
    """A file's size, times and inode (None when it does not exist): what tells that another process wrote it."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


BUNDLE_STAMP = ".digest-stamp"  # in each search bundle folder; MkDocs leaves dot files out of the site


def read_bundle_stamps(search_dir: Path, folders: list[str]) -> dict[str, str]:
    """The stamp each complete bundle folder was built with (see `search.stamp_bundle`); incomplete ones are left out."""
    stamps = {}
    for folder in folders:
        target = search_dir / folder
        try:
            if (target / "pagefind-entry.json").is_file():
                stamps[folder] = (target / BUNDLE_STAMP).read_text(encoding="ascii")
        except (OSError, ValueError):
            continue
    return stamps


def read_indexer_version() -> str:
    """The installed Pagefind's version (part of every bundle's stamp)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind-bin")
    except PackageNotFoundError:
        return "unknown"


def read_error_page(site_dir: Path, code: int) -> bytes | None:
    """The site's own page for a 404 or 500 answer (what `mkdocs serve` shows), if it has one."""
    page = site_dir / f"{code}.html"
    if code not in (404, 500) or not page.is_file():
        return None
    return page.read_bytes()


class PageRecord(dict):
    """Path -> content digest (see `read_page_record`), with each file's identity as found (`identities`)."""

    def __init__(self) -> None:
        super().__init__()
        self.identities: dict[str, list[int]] = {}


def read_page_record(record_file: Path, docs_dir: Path) -> PageRecord:
    """Path -> content digest of the generated files whose identity on disk (size, times, inode) is still the one
    the last run recorded (`writer.write_page_record`); a moved, rewritten or deleted file is left out."""
    known = PageRecord()
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return known
    root = f"{docs_dir}/"
    for path, entry in record.items() if isinstance(record, dict) else ():
        try:
            *identity, digest = entry
            info = os.stat(root + path)  # a string path: pathlib's parsing of 12,000 names took 0.1 s
        except (OSError, TypeError, ValueError):
            continue
        if identity == [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]:
            known[path] = digest
            known.identities[path] = identity
    return known


def _from_plain(column: str, value):
    """A cache column from the plain values `writer.write_cache_entries` stored (see `writer._to_plain`)."""
    if column != "head":
        return value
    head = dict(value)
    if "article" in head:
        head["article"] = article_from_row(head["article"])
    if "search" in head:
        digest, refs = head["search"]
        head["search"] = (digest, tuple(DocumentRef(*ref) for ref in refs))
    return head


def read_code_fingerprint() -> str:
    """A hash of the generator's own code and data: a change to either invalidates every cached result."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("data/*.yml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_input_snapshot(project: Path, seeds_dir: Path, extra: str) -> tuple[str, str]:
    """A cheap fingerprint of everything a run reads: names, sizes and times of the seed files, of the translation,
    model and settings files, the generator's code and knowledge files, and `extra` (settings, today's date). Two
    digests: of all of it, and of all but the seed files (when only seeds moved, their contents may not have)."""
    others = [read_code_fingerprint(), extra]
    seeds = [_stat_line(str(seeds_dir)), *_entry_lines(seeds_dir)]
    for folder in (project / "translations", project / "models"):
        others += [_stat_line(str(folder)), *_entry_lines(folder)]
    others.append(_stat_line(str(project / "digest.yml")))
    rest = hashlib.sha256("\0".join(others).encode("utf-8", "surrogateescape")).hexdigest()
    return hashlib.sha256("\0".join([rest, *seeds]).encode("utf-8", "surrogateescape")).hexdigest(), rest


def _entry_lines(folder: Path) -> list[str]:
    """Name, size and time of each entry of a folder, by name ([] when it cannot be listed)."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError:
        return []
    lines = []
    for entry in entries:  # the entry's own stat: no Path made for each of 10,000 seeds
        try:
            info = entry.stat()
        except OSError:
            lines.append(f"{entry.path}\0-")
            continue
        lines.append(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}")
    return lines


def _stat_line(path: str) -> str:
    identity = read_file_identity(path)
    return f"{path}\0{'-' if identity is None else identity}"


def read_output_snapshot(docs_dir: Path) -> str:
    """Names and times of the files at the top of docs/ and of every folder below it (a file added or deleted by
    hand changes its folder's time)."""
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(docs_dir):
        dirs.sort()
        base = Path(folder)
        for name in sorted(dirs) + (sorted(names) if base == docs_dir else []):
            info = (base / name).stat()
            relative = (base / name).relative_to(docs_dir).as_posix()
            digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def read_stat_snapshot(paths: list[Path], trees: list[Path] = ()) -> str:
    """Names, sizes and times of these files (a missing one too) and of every file below the `trees` folders."""
    lines = [_stat_line(str(path)) for path in paths]
    for tree in trees:
        for folder, dirs, names in os.walk(tree):
            dirs.sort()
            lines += [_stat_line(os.path.join(folder, name)) for name in sorted(names)]
    return hashlib.sha256("\0".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def read_site_snapshot(site_dir: Path) -> str:
    """Names and times of a site folder, of its files at the top, and of its folders two levels down: a page's own
    folder (`articles/<slug>/`) changes its time when its page is deleted, a section's when a page folder is."""
    lines = [_stat_line(str(site_dir))]
    try:
        with os.scandir(site_dir) as found:
            top = sorted(found, key=lambda e: e.name)
    except OSError:
        top = []
    for entry in top:
        lines.append(_stat_line(entry.path))
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            with os.scandir(entry.path) as found:
                below = [sub for sub in found if sub.is_dir(follow_symlinks=False)]
        except OSError:  # gone since it was listed (deleted by hand): the snapshot differs from any complete render's
            below = []
        lines += sorted(_stat_line(sub.path) for sub in below)
    return hashlib.sha256("\0".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def read_run_record(path: Path) -> dict:
    """A record kept as JSON: the last complete run's input snapshot and report summary, or the last render's
    (`freshness`); {} when there is none or it cannot be read."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def read_page_dates(path: Path) -> dict[str, str]:
    """The article pages' publication dates the last run kept (docs path -> ISO date); {} when there are none."""
    try:
        dates = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dates if isinstance(dates, dict) else {}


def read_render_fingerprint(config_file: Path, theme_dirs: list[Path], settings: str) -> str:
    """What every rendered page depends on besides its own Markdown: mkdocs.yml (navigation, theme, plugins), the
    theme's files, the knowledge files, the generator's Markdown extension, and the versions of MkDocs, Material
    and Python-Markdown. When it changes, everything is rendered again."""
    from importlib.metadata import version

    versions = "\0".join(f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown"))
    digest = hashlib.sha256(f"{versions}\0".encode())
    digest.update(config_file.read_bytes() + b"\0" + settings.encode("utf-8"))
    digest.update((Path(__file__).parent / "markdown_lists.py").read_bytes())
    for folder in theme_dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes())
    for path in sorted(DATA_DIR.glob("*.yml")):
        digest.update(f"\0{path.name}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def read_render_mark(mark: Path) -> str:
    """The fingerprint the last complete render of a site folder was made with ('' when none is known)."""
    try:
        return mark.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def read_site_files(path: Path) -> set[str] | None:
    """The files the last complete render of a site folder produced (`writer.write_site_files`), or None."""
    try:
        files = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return set(files) if isinstance(files, list) and all(isinstance(f, str) for f in files) else None


def read_translation_memory(folder: Path) -> dict[str, dict[str, MemoryEntry]]:
    """Translation memory by target language: `<lang>.yml` (an editor's) over `<lang>.machine.yml` (the model's)."""
    memory: dict[str, dict[str, MemoryEntry]] = {"en": {}, "ru": {}}
    for target in memory:
        for name in (f"{target}.machine.yml", f"{target}.yml"):  # the editor's file last: it wins
            path = folder / name
            if not path.is_file():
                continue
            try:
                raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise DataError(str(path), f"cannot be read as YAML: {exc}") from None
            if not isinstance(raw, dict):
                raise DataError(str(path), "must map keys (hashes of source texts) to entries")
            for key, entry in raw.items():
                if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in ("source", "text")):
                    raise DataError(str(path), f"entry {key}: needs 'source' and 'text' (text)")
                method = entry.get("method", "reviewed")
                if method not in ("reviewed", "machine"):
                    raise DataError(str(path), f"entry {key}: method must be 'reviewed' or 'machine', not {method!r}")
                memory[target][str(key)] = MemoryEntry(str(key), target, entry["source"], entry["text"], method,
                                                       entry.get("model"), entry.get("seed"))
    return memory
