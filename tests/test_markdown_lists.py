"""The plain-list Markdown extension: the HTML Python-Markdown makes, byte for byte, and the fast path taken only
for blocks of plain linked lines."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as etree

import markdown
import pytest

from generator.markdown_lists import PlainListExtension, PlainListProcessor
from generator.models import Article
from generator.renderer import article_item, escape_markdown

EXTENSIONS = ["attr_list", "md_in_html", "toc"]  # those of mkdocs.yml besides this one
HOSTILE_TITLES = [
    "Putin meets Japarov in Bishkek",
    "Путин встретился с Жапаровым в Бишкеке",
    "*Breaking* _news_ with `code` and [brackets]",
    "AT&T < Verizon > Sprint | T-Mobile",
    "1. Not a list",
    "# Not a heading",
    "- not an item",
    "> not a quote",
    "Wow! [Really]? ![not an image]",
    "Back\\slash and {braces} {: .attr}",
    "Title ending in {#id}",
    "~ tilde : colon",
    "+ plus",
    "Dots... and (parentheses) and \"quotes\" and 'apostrophes'",
    "&amp; already an entity &#124; and &copy;",
    "Трамп: «санкции» — 50% (и т.д.)",
]


def convert(text: str, fast: bool) -> str:
    extensions = EXTENSIONS + ([PlainListExtension()] if fast else [])
    return markdown.Markdown(extensions=extensions).convert(text)


def article(title: str, source: str | None, number: int) -> Article:
    return Article(seed=f"{number:03d}.txt", seed_sha256=f"{number:064x}", slug=f"story-{number}", title=title,
                   title_source="headline", description="", date=dt.date(2025, 5, 3), date_source=None, page_date=None,
                   language="en", source=source, outlet=None, url=None, dateline=None, paragraphs=("x",))


def listing(titles: list[str]) -> str:
    lines = [article_item(article(t, t if n % 2 else "TASS", n), "../", ("Kabar & Co",) if n % 3 == 0 else ())
             for n, t in enumerate(titles)]
    return "\n".join(lines)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_listing_line_renders_as_python_markdown_renders_it(title):
    text = f"# Heading\n\nSome text.\n\n{listing([title, 'Plain one', title])}\n\nAfter.\n"
    assert convert(text, fast=True) == convert(text, fast=False)


@pytest.mark.parametrize("text", [
    "- [A](a.md)\n- [B](b.md)\n\n- [C](c.md)\n",  # a loose list: the second block continues the first
    "- [A](a.md)\n\n    indented: part of the last item\n",
    "- [A](a.md)\n\n1. [B](b.md)\n",
    "- [A](a.md)\n\n* [B](b.md)\n",
    "- [A](a.md)\n\nA paragraph.\n\n- [B](b.md)\n",
    "Intro\n- [A](a.md)\n",  # a list right after a paragraph line
    "- [A](a.md)\n    - [nested](n.md)\n",
    "- [A](a.md) and [B](b.md)\n",  # two links
    "- [A](a.md)  \n- [B](b.md)\n",  # trailing spaces
    "- [A](<a b.md>)\n",
    "- [A](a.md \"title\")\n",
    "- ![image](i.png)\n",
    "- 1. [A](a.md)\n",
    "- > [A](a.md)\n",
    "- # [A](a.md)\n",
    "-   [A](a.md)\n- [B](b.md)\n",
    "<div markdown>\n\n- [A](a.md)\n- [B](b.md)\n\n</div>\n",
    "1. [A](a.md)\n- [B](b.md)\n",
    "- [A](a.md) {: .x}\n",
    "- [A\\\\](a.md) \\*x\\*\n",
    "- [A](a.md)\nlazy continuation\n",
    f"## Year\n\n{listing(HOSTILE_TITLES)}\n\n## Next\n\n{listing(HOSTILE_TITLES[::-1])}\n",
])
def test_any_other_list_renders_as_python_markdown_renders_it(text):
    assert convert(text, fast=True) == convert(text, fast=False)


@pytest.mark.parametrize(("block", "fast"), [
    ("- 3 May 2025 · [Title](../articles/title.md) — TASS · en", True),
    ("- [Story · Сюжет](2025-05-putin.md) — 3 May 2025, 2 · en, ru", True),
    ("- 3 May 2025 · [A \\*starred\\* title](../a.md) — AT&amp;T · en", True),
    ("- 3 May 2025 · [Title](../a.md) · en\n- 2 May 2025 · [Other](../b.md) · ru", True),
    ("- 3 May 2025 · [Title](../a.md) · *en*", False),
    ("- 3 May 2025 · [Title](../a.md) · en\n- plain line", False),
    ("- 3 May 2025 · [Title](../a.md) `code`", False),
    ("- 3 May 2025 · [Title](../a.md) <b>x</b>", False),
    ("- !Wow · [Title](../a.md)", True),
    ("- Wow![Title](../a.md)", False),
    ("- 10. [Title](../a.md)", False),
    ("* [Title](../a.md)", False),
])
def test_the_fast_path_takes_only_blocks_of_plain_linked_lines(block, fast):
    md = markdown.Markdown(extensions=EXTENSIONS)
    assert PlainListProcessor(md.parser).test(etree.Element("div"), block) is fast
    assert convert(block + "\n", fast=True) == convert(block + "\n", fast=False)


def test_escaped_text_keeps_its_characters():
    html = convert(f"- 3 May 2025 · [{escape_markdown('*Not* [emphasis] & <b>')}](a.md) · en\n", fast=True)
    assert '<a href="a.md">*Not* [emphasis] &amp; &lt;b&gt;</a>' in html
