"""Corpus stage: what needs all articles at once — stable unique slugs, ordering."""

from __future__ import annotations

import datetime as dt

from slugify import slugify

from generator.models import Article, replace_fields

SLUG_MAX = 80
_WEAK_TAIL = frozenset("a an the of to in on at for with and or by from as i v vo na s k po o ot dlia iz za".split())


def make_slug(title: str) -> str:
    """A readable ASCII slug from a title (Cyrillic transliterated), cut between words."""
    words = slugify(title, max_length=SLUG_MAX, word_boundary=True, save_order=True).split("-")
    while len(words) > 1 and words[-1] in _WEAK_TAIL:
        words.pop()
    return "-".join(w for w in words if w) or "article"


def assign_slugs(articles: list[Article]) -> list[Article]:
    """Give each article a unique slug; on a clash the seed whose name sorts first keeps the plain slug.

    The others get their seed's hash appended, so adding a seed never renames a page that already exists
    unless the new seed sorts before it. An article's `slug`, when set, is the base the per-seed stage made with
    `make_slug` (so the corpus stage does not slugify every title on every run).
    """
    ordered = sorted(articles, key=lambda a: a.seed)
    by_slug: dict[str, list[Article]] = {}
    for article in ordered:
        by_slug.setdefault(article.slug or make_slug(article.title), []).append(article)
    wanted: dict[str, str] = {}
    for slug, group in by_slug.items():
        wanted[group[0].seed] = slug
        wanted.update((a.seed, f"{slug}-{a.seed_sha256[:8]}") for a in group[1:])
    taken: set[str] = set()
    final = []
    for article in ordered:
        slug = wanted[article.seed]
        while slug in taken:  # a plain slug can equal another's hashed one only by extreme chance
            slug = f"{slug}-x"
        taken.add(slug)
        final.append(article if article.slug == slug else replace_fields(article, slug=slug))
    return final


def sort_newest_first(articles: list[Article] | tuple[Article, ...]) -> list[Article]:
    """Dated articles newest first, then undated ones; ties by title then seed name, so order never varies."""
    return sorted(articles, key=lambda a: (-(a.date or dt.date.min).toordinal(), a.title.casefold(), a.seed))
