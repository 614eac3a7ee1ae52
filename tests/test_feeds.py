"""Feeds: RSS 2.0 and JSON Feed 1.1, whole site and per language, newest first, stable ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import jsonschema

from conftest import article_pages, read_front_matter

# The parts of JSON Feed 1.1 (jsonfeed.org/version/1.1) this site uses.
JSON_FEED = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
                "summary": {"type": "string"}, "content_text": {"type": "string"},
                "date_published": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"},
                "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        }},
    },
}


def seed_dates(project: Path) -> dict[str, dt.date]:
    return {page.stem: read_front_matter(page)["date"] for page in article_pages(project).values()}


def test_rss_feeds_parse_and_list_the_seeds_newest_first(built_site: Path) -> None:
    dates = seed_dates(built_site)
    for name in ("feed.xml", "feed-en.xml", "feed-ru.xml"):
        parsed = feedparser.parse((built_site / "site" / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        slugs = [entry.id.rstrip("/").split("/")[-1] for entry in parsed.entries]
        assert sorted(slugs) == sorted(dates)
        published = [dt.date(*entry.published_parsed[:3]) for entry in parsed.entries]
        assert published == sorted(published, reverse=True)
        assert all(dates[slug] == day for slug, day in zip(slugs, published))
    russian = feedparser.parse((built_site / "site" / "feed-ru.xml").read_bytes())
    assert all(any("а" <= ch <= "я" for ch in entry.summary.lower()) for entry in russian.entries), "summaries in Russian"


def test_json_feeds_validate_and_match_the_rss(built_site: Path) -> None:
    for language in ("", "-en", "-ru"):
        feed = json.loads((built_site / "site" / f"feed{language}.json").read_text(encoding="utf-8"))
        jsonschema.validate(feed, JSON_FEED)
        rss = feedparser.parse((built_site / "site" / f"feed{language}.xml").read_bytes())
        assert [item["id"] for item in feed["items"]] == [entry.id for entry in rss.entries]
    english = json.loads((built_site / "site" / "feed-en.json").read_text(encoding="utf-8"))
    xinhua = next(i for i in english["items"] if i["title"].startswith("Putin, Zhaparov agree"))
    assert xinhua["authors"] == [{"name": "Xinhua"}] and "Military cooperation" in xinhua["tags"]
    assert xinhua["date_published"] == "2023-05-09T00:00:00Z"
