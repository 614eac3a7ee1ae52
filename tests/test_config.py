"""Typed settings: defaults, validation, errors that name the file and the setting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.config import Settings, load_settings
from generator.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    (tmp_path / "digest.yml").write_text("max_seed_bytes: 1000\nseed_seconds: 3\nmin_date: 2000-01-01\n", encoding="utf-8")
    settings = load_settings(tmp_path)
    assert (settings.max_seed_bytes, settings.seed_seconds, settings.min_date) == (1000, 3.0, dt.date(2000, 1, 1))


def test_how_a_server_watches_is_not_part_of_what_runs_and_renders_are_made_from(tmp_path: Path) -> None:
    (tmp_path / "digest.yml").write_text("watch: polling\n", encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.watch == "polling"
    assert repr(settings) == repr(Settings())  # the fingerprint of a run's and a render's inputs: no full rebuild


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("max_seed_bytes: lots\n", "max_seed_bytes"),
        ("max_seed_bytes: -5\n", "max_seed_bytes"),
        ("home_articles: true\n", "home_articles"),
        ("colour: blue\n", "colour"),
        ("headline_words: 3\n", "headline_words"),
        ("site_url: news.example.org\n", "site_url"),
        ("site_url: 'javascript:alert(1)'\n", "site_url"),
        ("watch: sometimes\n", "watch"),
        ("watch: true\n", "watch"),
        ("- a list\n", "(file)"),
        ("key: [unclosed\n", "(file)"),
    ],
)
def test_bad_settings_name_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    (tmp_path / "digest.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert caught.value.field == field and "digest.yml" in str(caught.value)
