"""Render stage for the corpus indexes: stories, topics, people, places, organizations, sources, and the page
that counts them all. Pure: `Page` values out, no disk."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import posixpath
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from generator.calendar_names import format_long_date
from generator.corpus import sort_newest_first
from generator.models import Article, Knowledge, Page
from generator.renderer import (
    GENERATED_MARK,
    PAGE_ENTRIES,
    ListingMemo,
    article_item,
    article_path,
    entity_slug,
    escape_markdown,
    language_name,
    render_front_matter,
    topic_label,
)
from generator.stories import Story

FAMILIES = (  # (folder, English, Russian, article field)
    ("people", "People", "Люди", "people"),
    ("places", "Places", "Места", "places"),
    ("organizations", "Organizations", "Организации", "organizations"),
)


@lru_cache(maxsize=100_000)
def _front(title: str) -> str:
    return render_front_matter({"title": title, "generator": GENERATED_MARK})


def _listing(articles: list[Article], items: dict[str, str], duplicates: dict[str, str]) -> list[str]:
    """The list lines of articles already sorted newest first; a syndicated copy is shown once, as its original
    with the other outlets."""
    return [items[a.seed] for a in articles if a.seed not in duplicates]


def _family_pages(
    folder: str, heading: str, groups: dict[str, list[Article]], label: Callable[[str], str], slug: Callable[[str], str],
    items: dict[str, str], deep_item: Callable[[Article], str], memo: ListingMemo, identity: dict[str, tuple[str, str]],
    names_of: Callable[[Article], object],
) -> list[Page]:
    """One page per name of a family (its listed articles in `groups` come newest first, see `group_articles`; a long
    list is split by year, see `split_by_year`), and the family's index with counts, most articles first. A name's
    pages whose input `memo` knows as unchanged are not made (`identity`: seed -> the article's year and what
    identifies its line), and those of a name no article `memo` has as touched is listed under (`names_of`) are
    taken as they were."""
    touched = None if memo.touched is None else {name for article in memo.touched for name in names_of(article)}
    pages = []
    index = [_front(heading), f"# {escape_markdown(heading)}", ""]
    ordered = sorted(groups, key=lambda name: (-len(groups[name]), label(name).casefold(), name))
    for name in ordered:
        listed = groups[name]
        index.append(f"- [{escape_markdown(label(name))}]({slug(name)}.md) — {len(listed)}")
        main, year_dir = f"{folder}/{slug(name)}.md", f"{folder}/{slug(name)}"
        if touched is not None and name not in touched and memo.keep_listing(main, year_dir):
            continue
        identities = [identity[a.seed] for a in listed]
        make = memo.pages_to_make(main, year_dir, label(name), identities)
        if not make:
            continue
        # a long listing shows only its newest lines: the others are never made (see `split_by_year`)
        entries = [(year, items[a.seed] if number < PAGE_ENTRIES else "", a)
                   for number, (a, (year, _)) in enumerate(zip(listed, identities))]
        years = frozenset(f"{year_dir}/{year}.md" for year, _ in identities)
        lines, by_year = split_by_year(main, year_dir, label(name), entries, years - make, deep_item)
        if main in make:
            pages.append(Page(main, "\n".join([_front(label(name)), f"# {escape_markdown(label(name))}", "", *lines]) + "\n"))
        pages += by_year
    if not groups:
        index.append("Nothing yet · Пока ничего.")
    pages.insert(0, Page(f"{folder}/index.md", "\n".join(index) + "\n"))
    return pages


def group_articles(articles: list[Article], names_of: Callable[[Article], object], duplicates: dict[str, str]) -> dict[str, list[Article]]:
    """Each name (`names_of` an article) -> the articles listed under it, in the order given: a syndicated copy
    (in `duplicates`) is shown as its original, but its names count as the family's names even when no original
    has them (listed under them with none)."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        if article.seed in duplicates:
            for name in names_of(article):
                groups.setdefault(name, [])
        else:
            for name in names_of(article):
                if name in groups:
                    groups[name].append(article)
                else:
                    groups[name] = [article]
    return groups


class _Lines(dict):
    """Seed -> an article's list line, made the first time it is asked for."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, seed: str) -> str:
        self[seed] = line = self.make(seed)
        return line


def split_by_year(
    main: str, year_dir: str, title: str, entries: list[tuple[str, str, object]], skip: frozenset[str] = frozenset(),
    deep: Callable[[object], str] = lambda make: make(),
) -> tuple[list[str], list[Page]]:
    """The lines of a listing page at `main` and, when it has more than PAGE_ENTRIES entries (year, line, and what
    `deep` turns into the line as written from `year_dir`; newest first), one page per year at
    `<year_dir>/<year>.md`: the listing keeps its newest entries and links the years, so a new article rewrites
    the page of its year, not the whole history. The year pages in `skip` are not made (their lines are not asked
    for); of a long listing, only the newest PAGE_ENTRIES lines are read."""
    if len(entries) <= PAGE_ENTRIES:
        return [line for _, line, _ in entries], []
    by_year: dict[str, list[object]] = {}
    for year, _, entry in entries:
        by_year.setdefault(year, []).append(entry)
    here = posixpath.dirname(main)
    lines = [f"The newest {PAGE_ENTRIES} of {len(entries)} · Последние {PAGE_ENTRIES} из {len(entries)}", ""]
    lines += [line for _, line, _ in entries[:PAGE_ENTRIES]]
    lines += ["", "## By year · По годам", ""]
    lines += [f"- [{year}]({posixpath.relpath(f'{year_dir}/{year}.md', here)}) — {len(found)}" for year, found in by_year.items()]
    back = posixpath.relpath(main, year_dir)
    pages = []
    for year, found in by_year.items():
        if f"{year_dir}/{year}.md" in skip:
            continue
        heading = f"{title} — {year}"
        body = [_front(heading), f"# {escape_markdown(heading)}", "", f"[← {escape_markdown(title)}]({back})", "",
                *(deep(entry) for entry in found)]
        pages.append(Page(f"{year_dir}/{year}.md", "\n".join(body) + "\n"))
    return lines, pages


def _year(article: Article) -> str:
    return str(article.date.year) if article.date else "undated"


def _bilingual(name: str, knowledge: Knowledge) -> str:
    entity = knowledge.find_entity(name)
    return f"{entity.en} · {entity.ru}" if entity and entity.ru != entity.en else name


def render_index_pages(
    articles: list[Article], stories: list[Story], duplicates: dict[str, str], facts: dict[str, tuple[str, ...]],
    knowledge: Knowledge, skip_stories: frozenset[str] = frozenset(), memo: ListingMemo | None = None,
) -> list[Page]:
    """Every index family's pages (but a name's pages `memo` knows as unchanged), the story pages (but those in
    `skip_stories`), and the browse page with the counts."""
    memo = memo or ListingMemo()
    by_seed = {a.seed: a for a in articles}
    also: dict[str, list[str]] = defaultdict(list)
    for copy, original in sorted(duplicates.items()):
        also[original].append(by_seed[copy].outlet or by_seed[copy].source or copy)
    # Each article's list line is made once, and the articles are sorted once: every group is filled in that order.
    articles = sort_newest_first(articles)
    items = _Lines(lambda seed: article_item(by_seed[seed], "../", tuple(also.get(seed, ()))))
    deep_items = _Lines(lambda seed: article_item(by_seed[seed], "../../", tuple(also.get(seed, ()))))

    def deep(article: Article) -> str:  # the line as written from a year page, made once per article
        return deep_items[article.seed]

    # an article's year and its line's identity, once per article (it is in a dozen listings)
    identity = _Lines(lambda seed: (_year(by_seed[seed]), memo.identify(by_seed[seed], lambda: items[seed], also.get(seed, ()))))

    pages: list[Page] = []
    counts = []
    for folder, en, ru, field in FAMILIES:
        groups = group_articles(articles, operator.attrgetter(field), duplicates)
        pages += _family_pages(folder, f"{en} · {ru}", groups, lambda n: _bilingual(n, knowledge), entity_slug, items, deep, memo, identity,
                               operator.attrgetter(field))
        counts.append((folder, f"{en} · {ru}", len(groups)))
    topics = group_articles(articles, operator.attrgetter("topics"), duplicates)
    pages += _family_pages("topics", "Topics · Темы", topics, lambda k: topic_label(k, knowledge), lambda k: k, items, deep, memo,
                            identity, operator.attrgetter("topics"))
    # A source's own page lists its copies too: that outlet did publish them.
    sources = group_articles(articles, _sources_of, {})
    pages += _family_pages("sources", "Sources · Источники", sources, lambda n: n, entity_slug, items, deep, memo, identity, _sources_of)
    pages += render_story_pages(stories, by_seed, facts, skip_stories)
    counts = [("stories", "Stories · Сюжеты", len(stories)), ("topics", "Topics · Темы", len(topics))] + counts
    counts.append(("sources", "Sources · Источники", len(sources)))
    browse = [_front("Browse · Обзор"), "# Browse · Обзор", ""]
    browse += [f"- [{label}]({folder}/index.md) — {count}" for folder, label, count in counts]
    browse += [f"- [Dates · Даты](dates/index.md) — {len(articles)} articles · статей"]
    pages.append(Page("browse.md", "\n".join(browse) + "\n"))
    return pages


def _sources_of(article: Article) -> list[str]:
    return sorted({article.source, article.outlet} - {None})


def story_page_input(story: Story, by_seed: dict[str, Article], keys: dict[str, str]) -> str:
    """A digest of everything a story's page is made from (see `render_story_pages`; what each source adds comes
    from the members' `facts`): the story, and each member's slug and cache key (`keys`: the key names all the
    member's own fields, as they come from the seed's bytes, the code, the knowledge files and the settings)."""
    parts = [repr(story)] + [f"{seed}\0{by_seed[seed].slug}\0{keys[seed]}" for seed in story.seeds]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def render_story_pages(
    stories: list[Story], by_seed: dict[str, Article], facts: dict[str, tuple[str, ...]], skip: frozenset[str] = frozenset()
) -> list[Page]:
    """The story index (newest first) and one page per story (but those in `skip`, by id: the caller knows their
    page is as it would be made): its articles by outlet and language, each language's own summary, and what each
    source adds."""
    index = [_front("Stories · Сюжеты"), "# Stories · Сюжеты", ""]
    entries: list[tuple[str, str, Callable[[], str]]] = []
    pages = []
    for story in stories:
        members = [by_seed[seed] for seed in story.seeds]
        languages = sorted({a.language for a in members})
        span = _span(story)
        line = (f"- [{escape_markdown(story.title_en)} · {escape_markdown(story.title_ru)}]({story.id}.md) — "
                f"{span}, {len(members)} · {', '.join(languages)}")
        entries.append((str(story.end.year) if story.end else "undated", line, functools.partial(str, line)))
        if story.id in skip:
            continue
        ordered = sorted(members, key=lambda a: ((a.outlet or a.source or "").casefold(), a.language, a.seed))
        # The articles in front matter too, for the theme's schema.org ItemList (generator/theme/main.html).
        front = render_front_matter({"title": f"{story.title_en} · {story.title_ru}",
                                     "articles": [{"title": a.title, "path": f"articles/{a.slug}/"} for a in ordered],
                                     "generator": GENERATED_MARK})
        body = [front, f"# {escape_markdown(story.title_en)}", "",
                f"**{escape_markdown(story.title_ru)}**", "", f"{span} · {len(members)} articles · статей", "",
                "## Articles · Статьи", "", "| Outlet · Издание | Language · Язык | Date · Дата | Article · Статья |",
                "| --- | --- | --- | --- |"]
        for article in ordered:
            day = format_long_date(article.date, "en") if article.date else "—"
            outlet = escape_markdown(article.outlet or article.source or "unknown")
            body.append(f"| {outlet} | {language_name(article.language, 'en')} | {day} | "
                        f"[{escape_markdown(article.title)}](../{article_path(article)}) |")
        body += ["", "## Summaries · Сводки", ""]
        for language in languages:
            first = sorted((a for a in members if a.language == language), key=lambda a: (a.date or dt.date.max, a.seed))[0]
            body += [f"### {language_name(language, language).capitalize()}", "",
                     f'<div lang="{language}" markdown>', "", escape_markdown(" ".join(first.summary) or first.description), "", "</div>", "",
                     f"— {escape_markdown(first.source or first.outlet or 'unknown')}", ""]
        if len(members) > 1:
            body += ["## What each source adds · Что добавляет каждый источник", ""]
            for article in sorted(members, key=lambda a: a.seed):
                added = facts.get(article.seed, ())
                body += [f"### {escape_markdown(article.source or article.outlet or 'unknown')} · {article.language}", ""]
                body += [f"- {escape_markdown(sentence)}" for sentence in added] or ["Nothing the others lack · Ничего нового."]
                body.append("")
        pages.append(Page(f"stories/{story.id}.md", "\n".join(body).rstrip("\n") + "\n"))
    lines, by_year = split_by_year("stories/index.md", "stories", "Stories · Сюжеты", entries)
    index += lines
    if not stories:
        index.append("No stories yet · Сюжетов пока нет.")
    return [Page("stories/index.md", "\n".join(index) + "\n"), *by_year, *pages]


def _span(story: Story) -> str:
    if not story.start:
        return "undated"
    if story.start == story.end:
        return format_long_date(story.start, "en")
    return f"{format_long_date(story.start, 'en')} – {format_long_date(story.end, 'en')}"
