"""Render stage: raw text is escaped for Markdown+HTML; front matter goes through safe_dump and back."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.reader import normalize_text
from generator.renderer import dump_fields, escape_markdown, render_front_matter, safe_href

_CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
# The same Markdown the site uses: MkDocs' own defaults plus mkdocs.yml's extensions.
EXTENSIONS = ["toc", "tables", "fenced_code"] + [e if isinstance(e, str) else next(iter(e)) for e in _CONFIG["markdown_extensions"]]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def visible_text(rendered: str) -> str:
    assert not re.search(r"<(?!/?p>)", rendered), f"markup produced: {rendered!r}"
    return html.unescape(re.sub(r"</?p>", "", rendered)).strip()


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    "[click](javascript:alert(1))",
    "![x](https://tracker.example/pixel.png)",
    "<https://autolink.example>",
    "{{ config }} and {% include 'x' %}",
    "# not a heading",
    "## neither",
    "---",
    "- not a list",
    "+ nor this",
    "* nor this",
    "1. not numbered",
    "2023) not numbered",
    "> not a quote",
    "```python",
    "~~~",
    "    indented is not code",
    "<!-- hidden comment -->",
    "a | table | row",
    "**bold** _em_ `code` \\escaped",
    "AT&T &amp; &copy; &#60;",
    "{: .class onclick=alert(1) }",
    "Text with trailing spaces   ",
    ": definition",
    "[^1] footnote",
    "*[HTML]: abbreviation",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_literally(text: str) -> None:
    assert visible_text(render(escape_markdown(text))) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80))
def test_any_text_renders_literally(text: str) -> None:
    expected = " ".join(text.split())
    if not expected:
        return
    assert visible_text(render(escape_markdown(text))) == expected


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "description", "source"]), st.text(max_size=60), min_size=1))
def test_front_matter_round_trips_through_safe_load(fields: dict[str, str]) -> None:
    fields = {key: normalize_text(value) for key, value in fields.items()}  # what the reader hands on
    text = render_front_matter(fields)
    assert text.startswith("---\n") and text.endswith("---\n")
    inner = text[4:-4]
    assert "\n---\n" not in f"\n{inner}", "a value must never close the front matter early"
    assert yaml.safe_load(inner) == fields


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "description", "people", "date"]),
                       st.one_of(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=3), st.dates()), min_size=1))
def test_front_matter_is_exactly_what_safe_dump_writes(fields: dict) -> None:
    fields = {k: (normalize_text(v) if isinstance(v, str) else [normalize_text(x) for x in v] if isinstance(v, list) else v)
              for k, v in fields.items()}
    present = {k: v for k, v in fields.items() if v not in (None, [], {})}
    expected = yaml.safe_dump(present, allow_unicode=True, sort_keys=False, width=10_000) if present else ""
    assert dump_fields(fields) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/x)y(z", "https://example.com/x%29y%28z"),
        ('https://example.com/"onmouseover=x', "https://example.com/%22onmouseover=x"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.com/no-scheme", None),
    ],
)
def test_safe_href(url: str, expected: str | None) -> None:
    assert safe_href(url) == expected
