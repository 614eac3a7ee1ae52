"""Search documents: what the search index knows of each article, per language. Pure: values out, no disk.

Each article gets one document in each site language, indexed with that language's stemmer:
in its own language the whole text, in the other one its translated summary. Both carry the names of
its people, places and organizations in both languages with every known alias, so `Japarov` finds an
article that spells him Zhaparov and `Жапаров` finds the English ones. Names that appear in the
headline get the headline's weight: an article is about the people in its title.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from generator.corpus import sort_newest_first
from generator.models import Article, Entity, Knowledge
from generator.translation import LANGUAGES, Summary

LANGUAGE_LABELS = {"en": "English", "ru": "Русский"}
HEADLINE_WEIGHT = 7.0  # Pagefind's default weight of an <h1>
NAMES_WEIGHT = 2.0  # names mentioned anywhere count a little more than a word of running text


@dataclass(frozen=True)
class SearchDocument:
    """One HTML document handed to the search indexer: its site URL, index language and markup."""

    url: str
    language: str
    html: str
    period: str = "pages"  # which bundle of its language holds it: an article's year, else a bundle of its own


def search_period(article: Article) -> str:
    """The bundle an article's documents go to: its year (a new article re-indexes only its year), or `undated`."""
    return str(article.date.year) if article.date else "undated"


def order_periods(periods: set[str]) -> list[str]:
    """Bundles of one language, the primary first: the newest year (where most new articles land), then the other
    years newest first, then the bundles that are not years, by name."""
    years = sorted((p for p in periods if p.isdigit()), reverse=True)
    return [*years, *sorted(p for p in periods if not p.isdigit())]


def bundle_folder(language: str, period: str, primary: str) -> str:
    """A bundle's folder under the search folder: the primary one is the language's folder itself (with Pagefind's
    script and WebAssembly), the others are below it and are merged into it by the browser."""
    return language if period == primary else f"{language}/{period}"


def index_language(article: Article, language: str) -> bool:
    """Whether the full text of an article belongs in the index of `language` (other languages go to English)."""
    return article.language == language or (article.language not in LANGUAGES and language == "en")


def _entities(article: Article, knowledge: Knowledge) -> list[Entity]:
    found = []
    for name in (*article.people, *article.places, *article.organizations):
        entity = knowledge.find_entity(name)
        if entity:
            found.append(entity)
    return found


def _all_names(entity: Entity) -> list[str]:
    return list(dict.fromkeys((entity.en, entity.ru, *entity.names)))


def _in_text(name: str, text: str) -> bool:
    folded, haystack = name.casefold(), text.casefold()
    return folded in haystack and re.search(rf"(?<!\w){re.escape(folded)}", haystack) is not None


def make_filters(article: Article, knowledge: Knowledge) -> dict[str, list[str]]:
    """The facets a reader can narrow results by: topic, source, language, year."""
    filters: dict[str, list[str]] = {}
    topics = [knowledge.find_topic(key) for key in article.topics]
    labels = [f"{t.en} · {t.ru}" if t else key for t, key in zip(topics, article.topics)]
    if labels:
        filters["topic"] = sorted(labels)
    if article.source:
        filters["source"] = [article.source]
    filters["language"] = [LANGUAGE_LABELS.get(article.language, article.language)]
    if article.date:
        filters["year"] = [str(article.date.year)]
    return filters


def _tag(kind: str, key: str, value: str) -> str:
    return f'<meta data-pagefind-{kind}="{html.escape(key)}[content]" content="{html.escape(value)}">'


def render_search_document(article: Article, summary: Summary, knowledge: Knowledge, language: str) -> SearchDocument:
    """The document for one article in one index language."""
    esc = html.escape
    entities = _entities(article, knowledge)
    in_headline = [e for e in entities if any(_in_text(x, article.title) for x in (*_all_names(e), *e.surnames))]
    headline_names = [n for e in in_headline for n in _all_names(e)]
    other_names = [n for e in entities for n in _all_names(e) if n not in headline_names]
    topics = [knowledge.find_topic(key) for key in article.topics]
    topic_words = [t.ru if language == "ru" else t.en for t in topics if t]
    parts = [f'<html lang="{language}"><head>', "</head><body>", f"<h1>{esc(article.title)}</h1>"]
    if headline_names:
        parts.append(f'<p data-pagefind-weight="{HEADLINE_WEIGHT}">{esc(" · ".join(headline_names))}</p>')
    parts.append(f"<p>{esc(summary.text)}</p>")
    if index_language(article, language):
        parts += [f"<p>{esc(p)}</p>" for p in article.paragraphs]
    if other_names or topic_words:
        parts.append(f'<p data-pagefind-weight="{NAMES_WEIGHT}">{esc(" · ".join([*other_names, *topic_words]))}</p>')
    meta = {"summary": summary.text, "lang": article.language}
    if article.date:
        meta["date"] = article.date.isoformat()  # the search box formats it in the reader's language
    if article.source:
        meta["source"] = article.source
    # Values go in `content` attributes: the inline `key:value` form would split them at commas.
    tags = [_tag("meta", key, value) for key, value in meta.items()]
    tags += [_tag("filter", name, value) for name, values in make_filters(article, knowledge).items() for value in values]
    if article.date:
        tags.append(_tag("sort", "date", article.date.isoformat()))
    parts[1:1] = tags
    parts.append("</body></html>")
    return SearchDocument(f"/articles/{article.slug}/", language, "\n".join(parts), search_period(article))


def render_search_documents(
    articles: list[Article], summaries: dict[str, tuple[Summary, ...]], duplicates: dict[str, str], knowledge: Knowledge
) -> list[SearchDocument]:
    """Documents for every article that is not a copy of another, in each site language, newest first."""
    documents = []
    for article in sort_newest_first([a for a in articles if a.seed not in duplicates]):
        for language in LANGUAGES:
            summary = next((s for s in summaries.get(article.seed, ()) if s.language == language), None)
            if summary:
                documents.append(render_search_document(article, summary, knowledge, language))
    return documents


def render_search_manifest(documents: list[SearchDocument]) -> str:
    """`search/languages.json`: which language bundles exist, so the search box never asks for a missing one, and
    the folders of each language's bundles, the primary one first (the others are merged into it)."""
    languages = sorted({d.language for d in documents}, key=LANGUAGES.index)
    bundles = {}
    for language in languages:
        periods = order_periods({d.period for d in documents if d.language == language})
        bundles[language] = [bundle_folder(language, period, periods[0]) + "/" for period in periods]
    return json.dumps({"languages": languages, "bundles": bundles}, ensure_ascii=False) + "\n"
