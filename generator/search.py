"""Search documents: what the search index knows of each article, per language. Pure: values out, no disk.

Each article gets one document in each site language, indexed with that language's stemmer:
in its own language the whole text, in the other one its translated summary. Both carry the names of
its people, places and organizations in both languages with every known alias, so `Japarov` finds an
article that spells him Zhaparov and `Жапаров` finds the English ones; a name the knowledge files do not
know carries its transliteration into the other script (`Oralbay` and `Оралбай` find each other). Names
that appear in the headline get the headline's weight: an article is about the people in its title.

Each person, place, organization, topic and story page gets a document too, in both indexes: its names
alone (a story: its titles), so that a query naming it lists its page first (see `render_page_documents`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.corpus import sort_newest_first
from generator.models import Article, DocumentRef, Entity, Knowledge, page_digest
from generator.renderer import entity_slug
from generator.stories import Story
from generator.translation import LANGUAGES, Summary
from generator.translit import cross_script_spellings

LANGUAGE_LABELS = {"en": "English", "ru": "Русский"}
HEADLINE_WEIGHT = 7.0  # Pagefind's default weight of an <h1>
NAMES_WEIGHT = 2.0  # names mentioned anywhere count a little more than a word of running text
PAGE_NAME_WEIGHT = 10.0  # Pagefind's highest: the names of a person's (place's, topic's) page outrank any article
FAMILIES = (("people", "Person", "Человек"), ("places", "Place", "Место"), ("organizations", "Organization", "Организация"))


@dataclass(frozen=True)
class SearchDocument:
    """One HTML document handed to the search indexer: its site URL, index language and markup."""

    url: str
    language: str
    html: str
    period: str = "pages"  # an article's month (`bundle_periods` maps it to a bundle), else a bundle of its own


# Pagefind indexes ~1.6-2.5 ms of CPU per document and rebuilds a bundle whole: a year of a 10,000-article archive
# (~900 documents per language) takes 1.1-1.7 s, a quarter a third of that, a month a ninth. But every bundle costs
# the browser its entry, metadata and filter files when search opens (one bundle per quarter made opening search
# 2-4x slower at 10,000), so only the newest year, where new articles land, is split by quarter once it is big
# enough for a quarter's word statistics to rank well, and of it only the newest quarter by month, once that is
# big enough too: at most 6 bundles for the newest year instead of 4, and a new article re-indexes one month.
SPLIT_YEAR_AT = 400  # documents of the newest year in one language's index
SPLIT_QUARTER_AT = 150  # documents of the newest quarter of a split year
_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
_DATED = re.compile(r"^(?P<year>\d{4})(-q(?P<quarter>[1-4])|-(?P<month>\d{2}))?$")


def date_period(date: dt.date | None) -> str:
    """The month of a date (`2023-06`), or `undated`: what a document records; `bundle_periods` decides which
    bundle holds it."""
    return f"{date.year}-{date.month:02d}" if date else "undated"


def search_period(article: Article) -> str:
    """The month of an article's documents (see `date_period`)."""
    return date_period(article.date)


def bundle_periods(counts: dict[str, int]) -> dict[str, str]:
    """Each recorded period (with its number of documents in one language) -> the period of the bundle holding it:
    the newest year's quarters stay apart once that year holds more than SPLIT_YEAR_AT documents, and the newest
    quarter's months once it holds more than SPLIT_QUARTER_AT; every other month goes to its year's bundle;
    `undated` and `pages` are bundles of their own. A function of the corpus alone, so an incremental build and a
    clean one give the same bundles."""
    months = {period: (match["year"], f"q{(int(match['month']) - 1) // 3 + 1}") for period in counts
              if (match := _MONTH.match(period))}
    newest = max((year for year, _ in months.values()), default="")
    in_year = [period for period, (year, _) in months.items() if year == newest]
    split_year = sum(counts[period] for period in in_year) > SPLIT_YEAR_AT
    quarter = max((months[period][1] for period in in_year), default="")
    split_quarter = split_year and sum(counts[p] for p in in_year if months[p][1] == quarter) > SPLIT_QUARTER_AT
    result = {}
    for period in counts:
        if period not in months:
            result[period] = period
            continue
        year, its_quarter = months[period]
        if year != newest or not split_year:
            result[period] = year
        else:
            result[period] = period if split_quarter and its_quarter == quarter else f"{year}-{its_quarter}"
    return result


def _period_order(period: str) -> tuple[int, int, int]:
    match = _DATED.match(period)
    month = int(match["month"] or 0)
    return int(match["year"]), int(match["quarter"] or (month + 2) // 3), month


def order_periods(periods: set[str]) -> list[str]:
    """Bundles of one language, the primary first: the newest period (where most new articles land), then the
    other years, quarters and months newest first, then the bundles that are not dated, by name."""
    dated = sorted((p for p in periods if _DATED.match(p)), key=_period_order, reverse=True)
    return [*dated, *sorted(p for p in periods if not _DATED.match(p))]


def bundle_folder(language: str, period: str, primary: str) -> str:
    """A bundle's folder under the search folder: the primary one is the language's folder itself (with Pagefind's
    script and WebAssembly), the others are below it and are merged into it by the browser."""
    return language if period == primary else f"{language}/{period}"


def index_language(article: Article, language: str) -> bool:
    """Whether the full text of an article belongs in the index of `language` (other languages go to English)."""
    return article.language == language or (article.language not in LANGUAGES and language == "en")


def _all_names(entity: Entity) -> list[str]:
    return list(dict.fromkeys((entity.en, entity.ru, *entity.names)))


def name_spellings(name: str, knowledge: Knowledge) -> list[str]:
    """Every way a reader may write a name: a known entity's names and aliases in both scripts, else the name with
    its transliteration into the other script (and back)."""
    entity = knowledge.find_entity(name)
    return _all_names(entity) if entity else list(cross_script_spellings(name))


def _surnames(name: str, knowledge: Knowledge) -> frozenset[str]:
    entity = knowledge.find_entity(name)
    if entity:
        return entity.surnames
    return frozenset(s.split()[-1].lower() for s in cross_script_spellings(name) if len(s.split()) > 1)


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
    names = {name: name_spellings(name, knowledge) for name in (*article.people, *article.places, *article.organizations)}
    in_headline = [n for n, spellings in names.items()
                   if any(_in_text(x, article.title) for x in (*spellings, *_surnames(n, knowledge)))]
    headline_names = list(dict.fromkeys(x for n in in_headline for x in names[n]))
    other_names = list(dict.fromkeys(x for spellings in names.values() for x in spellings if x not in headline_names))
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
    articles: list[Article], summaries: dict[str, tuple[Summary, ...]], duplicates: dict[str, str], knowledge: Knowledge,
    stories: list[Story] | tuple[Story, ...] = (),
) -> list[SearchDocument]:
    """Documents for every article that is not a copy of another, in each site language, newest first; then the
    documents of the person, place, organization, topic and story pages."""
    documents = []
    for article in indexed_articles(articles, duplicates):
        documents += render_article_documents(article, summaries.get(article.seed, ()), knowledge)
    return documents + render_page_documents(articles, knowledge, stories)


def indexed_articles(articles: list[Article], duplicates: dict[str, str]) -> list[Article]:
    """The articles that have search documents, in index order: every one that is not a copy, newest first."""
    return sort_newest_first([a for a in articles if a.seed not in duplicates])


def render_article_documents(article: Article, summaries: tuple[Summary, ...], knowledge: Knowledge) -> list[SearchDocument]:
    """An article's documents, one per site language it has a summary in."""
    documents = []
    for language in LANGUAGES:
        summary = next((s for s in summaries if s.language == language), None)
        if summary:
            documents.append(render_search_document(article, summary, knowledge, language))
    return documents


@dataclass(frozen=True)
class NamedPage:
    """An index page a reader may look for by name: its site URL, what it is, its names, its search bundle."""

    url: str
    kind: tuple[str, str]  # (English, Russian)
    names: tuple[str, ...]  # its names in both scripts (the search result's title)
    spellings: tuple[str, ...]  # every way of writing them
    period: str = "pages"  # the search bundle: the month a story began, `pages` for the others


def page_names(name: str, knowledge: Knowledge) -> tuple[str, ...]:
    """A name as a page title in both scripts: a known entity's English and Russian names, else the name and its
    transliteration."""
    entity = knowledge.find_entity(name)
    if entity:
        return tuple(dict.fromkeys((entity.en, entity.ru)))
    return cross_script_spellings(name)[:2]


def find_named_pages(articles: list[Article], knowledge: Knowledge, stories: list[Story] | tuple[Story, ...]) -> list[NamedPage]:
    """The person, place, organization, topic and story pages the index pages make, by URL (two names with one
    slug share a page)."""
    pages: list[NamedPage] = []
    for folder, en, ru in FAMILIES:
        names: dict[str, list[str]] = defaultdict(list)
        for article in articles:  # a copy's names have their pages too
            for name in getattr(article, folder):
                url = f"/{folder}/{entity_slug(name)}/"
                if name not in names[url]:
                    names[url].append(name)
        for url in sorted(names):
            ordered = sorted(names[url])
            titles = tuple(dict.fromkeys(x for name in ordered for x in page_names(name, knowledge)))
            spellings = tuple(dict.fromkeys(x for name in ordered for x in name_spellings(name, knowledge)))
            pages.append(NamedPage(url, (en, ru), titles, spellings))
    for key in sorted({key for a in articles for key in a.topics}):
        topic = knowledge.find_topic(key)
        labels = (topic.en, topic.ru) if topic else (key,)
        pages.append(NamedPage(f"/topics/{key}/", ("Topic", "Тема"), labels, labels))
    for story in stories:
        titles = tuple(dict.fromkeys((story.title_en, story.title_ru)))
        # with the articles of the month it began: a new article changes the stories around its own date only
        # (`stories.cluster_stories` counts a feature's rarity on the year before each day)
        pages.append(NamedPage(f"/stories/{story.id}/", ("Story", "Сюжет"), titles, titles, date_period(story.start)))
    return pages


def render_page_documents(articles: list[Article], knowledge: Knowledge, stories: list[Story] | tuple[Story, ...]) -> list[SearchDocument]:
    """A document for each person, place, organization, topic and story page, in each site language.

    Pagefind adds to a page's text score a boost for each metadata field the query matches (the title five times
    the others): a page whose title, `names` and `aliases` all hold the query word comes before an article whose
    title and summary do. A story is named by its title only, so it ranks among the articles that name the same
    people in theirs rather than above them."""
    documents = []
    for page in find_named_pages(articles, knowledge, stories):
        en, ru = page.kind
        # no article count here (the page shows it): a count would put every page a new article names into the
        # search bundle's changes, and the bundle of all those pages would be indexed again on every new article
        meta = {"summary": f"{en} · {ru}"}
        weight = NAMES_WEIGHT
        if en != "Story":
            meta |= {"names": " · ".join(page.names), "aliases": " · ".join(page.spellings)}
            weight = PAGE_NAME_WEIGHT
        for language in LANGUAGES:
            parts = [f'<html lang="{language}"><head>', *(_tag("meta", key, value) for key, value in meta.items()),
                     "</head><body>", f"<h1>{html.escape(' · '.join(page.names))}</h1>",
                     f'<p data-pagefind-weight="{weight}">{html.escape(" · ".join(page.spellings))}</p>', "</body></html>"]
            documents.append(SearchDocument(page.url, language, "\n".join(parts), page.period))
    return documents


def refer_to(document: SearchDocument) -> DocumentRef:
    """A document's reference."""
    return DocumentRef(document.url, document.language, document.period, page_digest(document.html))


def group_bundles(documents: list[DocumentRef] | list[SearchDocument], languages: tuple[str, ...]) -> dict[str, list[DocumentRef]]:
    """Bundle folder (see `bundle_folder`) -> its documents, in the order given."""
    groups: dict[str, list[DocumentRef]] = {}
    for language in languages:
        mine = [d for d in documents if d.language == language]
        bundle_of = bundle_periods(Counter(d.period for d in mine))
        periods = order_periods(set(bundle_of.values()))
        held: dict[str, list[DocumentRef]] = {period: [] for period in periods}
        for document in mine:
            held[bundle_of[document.period]].append(document)
        for period in periods:
            groups[bundle_folder(language, period, periods[0])] = held[period]
    return groups


def stamp_bundle(folder: str, documents: list[DocumentRef], indexer: str) -> str:
    """What a bundle is made from: the indexer's version, its folder, and each document's address and digest."""
    digest = hashlib.sha256(f"{indexer}\0{folder}\0".encode())
    for document in documents:
        digest.update(f"{document.url}\0{document.digest}\0".encode("utf-8"))
    return digest.hexdigest()


def render_search_manifest(documents: list[SearchDocument] | list[DocumentRef]) -> str:
    """`search/languages.json`: which language bundles exist, so the search box never asks for a missing one, and
    the folders of each language's bundles, the primary one first (the others are merged into it)."""
    languages = tuple(sorted({d.language for d in documents}, key=LANGUAGES.index))
    folders = list(group_bundles(documents, languages))  # each language's folders, the primary first
    bundles = {language: [f"{f}/" for f in folders if f.split("/")[0] == language] for language in languages}
    return json.dumps({"languages": languages, "bundles": bundles}, ensure_ascii=False) + "\n"
