"""Thin adapters from MkDocs events to the generator (the hook in mkdocs.yml re-exports these)."""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from generator.cli import SKIP_ENV
from generator.config import load_settings
from generator.pipeline import format_report, generate, watched_folders

log = logging.getLogger("mkdocs.plugins.digest")


def on_config(config):
    """Take `site_url` from digest.yml when mkdocs.yml has none: canonical links and the sitemap become absolute."""
    settings = load_settings(Path(config.config_file_path).parent)
    if settings.site_url and not config.site_url:
        config.site_url = settings.site_url.rstrip("/") + "/"
    return config


def on_pre_build(config) -> None:
    """Generate docs/ from seeds/ before every build (and every `mkdocs serve` rebuild)."""
    if os.environ.get(SKIP_ENV):
        return
    project = Path(config.config_file_path).parent
    report = generate(project, load_settings(project))
    summary, *details = format_report(report)
    log.info("digest: %s", summary)
    for line in details[1:]:
        if line.startswith("warning: "):
            log.warning("digest: %s", line.removeprefix("warning: "))
        else:  # advice (a model to install) is no warning: it must not fail `mkdocs build --strict`
            log.info("digest: %s", line)


def on_serve(server, config, builder):
    """Make `mkdocs serve` rebuild when seed files or the knowledge files change."""
    project = Path(config.config_file_path).parent
    for folder in watched_folders(project):
        server.watch(str(folder))
    return server


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Material's templates print `title` and `description` unescaped: escape them once here."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)
    return markdown
