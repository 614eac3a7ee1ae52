"""Corpus stage: slugs are readable, unique and stable; ordering is total."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator.corpus import assign_slugs, make_slug, sort_newest_first
from generator.models import Article

BASE = Article(seed="a.txt", seed_sha256="a" * 64, slug="", title="T", title_source="text", description="",
               date=None, date_source=None, page_date=None, language="en", source=None, outlet=None, url=None,
               dateline=None, paragraphs=("x",))


def article(seed: str, title: str, date: dt.date | None = None) -> Article:
    return dataclasses.replace(BASE, seed=seed, seed_sha256=seed.encode().hex().ljust(64, "0"), title=title, date=date)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Putin, Zhaparov agree to boost military cooperation", "putin-zhaparov-agree-to-boost-military-cooperation"),
        ("Лидеры РФ и Киргизии заявили о готовности", "lidery-rf-i-kirgizii-zaiavili-o-gotovnosti"),
        ("---", "article"),
        ("../../etc/passwd", "etc-passwd"),
        ("A very long title " * 10, "a-very-long-title-a-very-long-title-a-very-long-title-a-very-long-title-a-very"),
    ],
)
def test_make_slug(title: str, slug: str) -> None:
    assert make_slug(title) == slug


def test_same_title_gets_unique_slugs_and_the_first_seed_keeps_the_plain_one() -> None:
    slugs = {a.seed: a.slug for a in assign_slugs([article("b.txt", "Same title"), article("a.txt", "Same title")])}
    assert slugs["a.txt"] == "same-title"
    assert slugs["b.txt"].startswith("same-title-") and slugs["b.txt"] != slugs["a.txt"]
    # adding a seed that sorts later renames nothing that existed
    more = {a.seed: a.slug for a in assign_slugs([article("a.txt", "Same title"), article("b.txt", "Same title"),
                                                  article("c.txt", "Same title")])}
    assert more["a.txt"] == slugs["a.txt"] and more["b.txt"] == slugs["b.txt"] and len(set(more.values())) == 3


def test_newest_first_is_a_total_order() -> None:
    items = [article("c.txt", "B", dt.date(2023, 5, 8)), article("a.txt", "A", None), article("b.txt", "A", dt.date(2023, 5, 8)),
             article("d.txt", "Z", dt.date(2024, 1, 1))]
    assert [a.seed for a in sort_newest_first(items)] == ["d.txt", "b.txt", "c.txt", "a.txt"]
    assert sort_newest_first(items) == sort_newest_first(list(reversed(items)))
