"""Feeds: RSS 2.0 and JSON Feed 1.1, for all articles and per language. Pure: `Page` values out."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import xml.etree.ElementTree as ET

from generator.corpus import sort_newest_first
from generator.models import Article, Knowledge, Page
from generator.translation import Summary

FEED_SIZE = 50
TITLES = {"": "News digest · Дайджест новостей", "en": "News digest", "ru": "Дайджест новостей"}


def permalink(article: Article, site_url: str) -> str:
    """The article's stable address: its page under `site_url` (relative when no site URL is configured)."""
    return f"{site_url.rstrip('/')}/articles/{article.slug}/" if site_url else f"articles/{article.slug}/"


def _rfc822(day: dt.date | None) -> str | None:
    return email.utils.format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)) if day else None


def newest_items(articles: list[Article], duplicates: dict[str, str]) -> list[Article]:
    """What every feed lists, newest first: the newest FEED_SIZE articles but syndicated copies (a language's feed
    lists them all too, with the summary in its language)."""
    return sort_newest_first([a for a in articles if a.seed not in duplicates])[:FEED_SIZE]


def _summary(article: Article, summaries: dict[str, tuple[Summary, ...]], language: str) -> str:
    wanted = language or article.language
    return next((s.text for s in summaries.get(article.seed, ()) if s.language == wanted), article.description)


def render_rss(items: list[Article], summaries, knowledge: Knowledge, site_url: str, language: str) -> str:
    """An RSS 2.0 feed of `items` (`newest_items`): permalink as guid, summary in the feed's language, source, topic
    labels."""
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = TITLES[language]
    ET.SubElement(channel, "link").text = site_url or "./"
    ET.SubElement(channel, "description").text = "English and Russian news, cleaned, dated and summarized"
    if language:
        ET.SubElement(channel, "language").text = language
    for article in items:
        item = ET.SubElement(channel, "item")
        link = permalink(article, site_url)
        ET.SubElement(item, "title").text = article.title
        ET.SubElement(item, "link").text = link
        ET.SubElement(item, "guid", isPermaLink="true").text = link
        ET.SubElement(item, "description").text = _summary(article, summaries, language)
        if article.date:
            ET.SubElement(item, "pubDate").text = _rfc822(article.date)
        if article.source:
            ET.SubElement(item, "author").text = f"noreply@example.invalid ({article.source})"
        for key in article.topics:
            topic = knowledge.find_topic(key)
            ET.SubElement(item, "category").text = (topic.ru if language == "ru" else topic.en) if topic else key
    ET.indent(rss)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def render_json_feed(items: list[Article], summaries, knowledge: Knowledge, site_url: str, language: str) -> str:
    """A JSON Feed 1.1 of `items` (`newest_items`), with the same content as the RSS feed."""
    entries = []
    for article in items:
        link = permalink(article, site_url)
        item = {"id": link, "url": link, "title": article.title, "summary": _summary(article, summaries, language),
                "content_text": _summary(article, summaries, language), "language": article.language}
        if article.date:
            item["date_published"] = f"{article.date.isoformat()}T00:00:00Z"
        if article.source:
            item["authors"] = [{"name": article.source}]
        labels = [(t.ru if language == "ru" else t.en) for t in (knowledge.find_topic(k) for k in article.topics) if t]
        if labels:
            item["tags"] = labels
        entries.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": TITLES[language], "items": entries}
    if site_url:
        feed["home_page_url"] = site_url
        feed["feed_url"] = f"{site_url.rstrip('/')}/feed{'-' + language if language else ''}.json"
    if language:
        feed["language"] = language
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def render_feeds(articles, summaries, duplicates, knowledge: Knowledge, site_url: str) -> list[Page]:
    """feed.xml / feed.json for everything, and feed-en / feed-ru for each language."""
    pages = []
    items = newest_items(articles, duplicates)
    for language in ("", "en", "ru"):
        suffix = f"-{language}" if language else ""
        pages.append(Page(f"feed{suffix}.xml", render_rss(items, summaries, knowledge, site_url, language)))
        pages.append(Page(f"feed{suffix}.json", render_json_feed(items, summaries, knowledge, site_url, language)))
    return pages
