"""Typed settings with defaults and validation, read from an optional `digest.yml` beside `mkdocs.yml`."""

from __future__ import annotations

import dataclasses
import hashlib
import datetime as dt
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from generator.errors import ConfigError, ProjectError

SEARCH_DIR = "search"
# The folders of docs/ the generator owns: it makes and prunes them, and every other page there is an editor's.
# docs/search/ holds only languages.json (the bundles are built in the cache folder): owned, so the bundles an
# older layout left there are removed.
OWNED_DIRS = ("articles", "dates", "reports", "stories", "topics", "people", "places", "organizations", "sources", SEARCH_DIR)

CONFIG_NAME = "digest.yml"
WATCH_MODES = ("native", "polling")
MKDOCS_NAME = "mkdocs.yml"


@dataclass(frozen=True)
class Settings:
    """Every knob of the generator; the defaults suit a laptop and the shipped `mkdocs.yml`."""

    seeds_dir: str = "seeds"
    docs_dir: str = "docs"
    cache_dir: str = ".cache/digest"
    max_seed_bytes: int = 5_000_000
    min_date: dt.date = dt.date(1990, 1, 1)
    home_articles: int = 20
    headline_words: int = 16
    seed_seconds: float = 10.0
    story_window_days: int = 7
    models_dir: str = "models"
    translations_dir: str = "translations"
    fail_on_pending_translation: bool = False
    site_url: str = ""  # makes feed links absolute; without it they are relative to the site
    # how `mkdocs serve` sees seeds land: `native` (the system's notifications) or `polling` (for a network or
    # container mount that sends none); left out of the repr, which fingerprints what a run and a render make
    watch: str = field(default="native", repr=False)

    def __post_init__(self) -> None:
        if self.max_seed_bytes < 1:
            raise ConfigError(CONFIG_NAME, "max_seed_bytes", "must be a positive number of bytes")
        if self.home_articles < 1:
            raise ConfigError(CONFIG_NAME, "home_articles", "must be at least 1")
        if self.seed_seconds <= 0:
            raise ConfigError(CONFIG_NAME, "seed_seconds", "must be a positive number of seconds")
        if self.site_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", self.site_url):
            raise ConfigError(CONFIG_NAME, "site_url", "must be an http(s) address such as https://news.example.org/")
        if not 6 <= self.headline_words <= 60:
            raise ConfigError(CONFIG_NAME, "headline_words", "must be between 6 and 60")
        if self.watch not in WATCH_MODES:
            raise ConfigError(CONFIG_NAME, "watch", f"must be one of: {', '.join(WATCH_MODES)}")


def load_settings(project: Path) -> Settings:
    """Read `digest.yml` from the project folder if it exists, else return the defaults."""
    path = project / CONFIG_NAME
    if not path.exists():
        return Settings()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "(file)", f"not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(str(path), "(file)", "must be a mapping of setting: value")
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(str(path), str(key), f"unknown setting; known: {', '.join(sorted(known))}")
        default = known[key].default
        accepted = (int, float) if isinstance(default, float) else (type(default),)
        if (isinstance(value, bool) and not isinstance(default, bool)) or not isinstance(value, accepted):
            raise ConfigError(str(path), key, f"expected {type(default).__name__}, got {value!r}")
        values[key] = type(default)(value) if isinstance(default, float) else value
    try:
        return dataclasses.replace(Settings(), **values)
    except ConfigError as exc:
        raise ConfigError(str(path), exc.field, exc.problem) from None


def check_project(project: Path, settings: Settings) -> None:
    """Raise `ProjectError` unless the folder holds mkdocs.yml and the seeds folder: checked before anything is written."""
    if not (project / MKDOCS_NAME).is_file():
        raise ProjectError(str(project), f"not a digest project (no {MKDOCS_NAME}): run digest in the project folder "
                                         "or name it with `digest -C FOLDER ...`; nothing was written")
    seeds = project / settings.seeds_dir
    if not seeds.is_dir():
        state = "is not a folder" if seeds.exists() else "does not exist"
        raise ProjectError(str(seeds), f"seeds folder {state}: create it or set seeds_dir in {CONFIG_NAME}; "
                                       "nothing was written or removed")


def bundle_dir(project: Path, settings: Settings) -> Path:
    """Where the search bundles are built (the MkDocs hook copies them into the site's search folder)."""
    return project / settings.cache_dir / SEARCH_DIR


def render_mark_path(cache_dir: Path, site_dir: Path) -> Path:
    """Where the fingerprint of a site folder's last complete render is kept (in the cache, not in the site)."""
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / "renders" / f"{key}.txt"
