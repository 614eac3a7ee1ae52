"""The five seeds end to end: metadata of the issue, boilerplate gone, every body sentence kept (built HTML)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import ROOT, article_pages, read_front_matter
from htmltext import content_blocks

# seed -> front-matter fields that must hold exactly
EXPECTED = {
    "000_679f92e87514bbf1.txt": {
        "date": dt.date(2023, 5, 9), "date_source": "header", "language": "en",
        "source": "Xinhua", "outlet": "Shanghai Daily",
        "title": "Putin, Zhaparov agree to boost military cooperation in joint statement",
    },
    "001_a13e062ba28e5bd8.txt": {
        "date": dt.date(2023, 5, 8), "date_source": "inferred", "page_date": dt.date(2024, 5, 21),
        "language": "ru", "source": "Профиль",
        "title": "Лидеры РФ и Киргизии заявили о готовности углубить военное сотрудничество",
    },
    "002_8368a29cd808449b.txt": {
        "date": dt.date(2023, 10, 12), "date_source": "header", "language": "en", "source": "Sputnik",
        "url": "https://sputnikglobe.com/20231012/putin-russia-to-continue-delivering-modern-weapons-to-its-military-base-in-kyrgyzstan-1114140604.html",
        "title": "Putin: Russia to Continue Delivering Modern Weapons to Its Military Base in Kyrgyzstan",
    },
    "003_caf2e0a4730efb04.txt": {
        "date": dt.date(2023, 10, 19), "date_source": "header", "language": "en", "dateline": "Bishkek",
        "title": "In rare visit abroad, Putin holds talks with Kyrgyzstan president",
    },
    "004_555158ae0ccec1e9.txt": {
        "date": dt.date(2023, 5, 8), "date_source": "header", "language": "en", "source": "TASS", "dateline": "Moscow",
    },
}

# seed -> (1-based line numbers of the article body in the seed file, lines that are boilerplate)
BODY_LINES = {
    "000_679f92e87514bbf1.txt": ([16, 18, 20, 22, 24], [2, 6, 7, 9, 10, 12, 14, 26] + list(range(28, 140))),
    "001_a13e062ba28e5bd8.txt": ([10, 12, 14, 16, 18, 20], [1, 2, 3, 4, 5, 6, 22]),
    "002_8368a29cd808449b.txt": ([7], []),
    "003_caf2e0a4730efb04.txt": (list(range(3, 24, 2)), []),
    "004_555158ae0ccec1e9.txt": (list(range(3, 14, 2)), []),
}
# A sentence boundary, including one glued without a space (`Thursday.The`).
_SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?][\"”])\s*(?=[A-Z\"“])|(?<=[a-z0-9][.!?])\s*(?=[A-Z\"“][a-z])|(?<=[а-я][.!?])\s+(?=[А-Я])")


def seed_lines(name: str) -> list[str]:
    return (ROOT / "seeds" / name).read_text(encoding="utf-8").split("\n")


def built_blocks(project: Path, seed: str, text_only: bool = False) -> list[str]:
    """The page's content blocks; with `text_only`, only the article text (not the card or the summaries)."""
    page = article_pages(project)[seed]
    html = (project / "site" / "articles" / page.stem / "index.html").read_text(encoding="utf-8")
    if text_only:
        html = "<article>" + html.split('class="digest-text"', 1)[1]
    return content_blocks(html)


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_front_matter_matches_the_issue(built_site: Path, seed: str) -> None:
    meta = read_front_matter(article_pages(built_site)[seed])
    for field, value in EXPECTED[seed].items():
        assert meta.get(field) == value, f"{seed}: {field}"
    assert meta["seed"] == seed and len(meta["seed_sha256"]) == 64


def test_generated_title_of_004_is_a_short_headline_of_whole_words(built_site: Path) -> None:
    meta = read_front_matter(article_pages(built_site)["004_555158ae0ccec1e9.txt"])
    lead = seed_lines("004_555158ae0ccec1e9.txt")[0]
    assert 4 <= len(meta["title"].split()) <= 16
    lead_words = set(re.findall(r"\w+", lead))
    assert set(re.findall(r"\w+", meta["title"])) <= lead_words, "a headline made of the lead's own whole words"
    assert "TASS" not in meta["title"] and "MOSCOW" not in meta["title"]


@pytest.mark.parametrize("seed", sorted(BODY_LINES))
def test_every_body_sentence_is_on_the_page(built_site: Path, seed: str) -> None:
    lines = seed_lines(seed)
    body, _ = BODY_LINES[seed]
    paragraphs = [lines[n - 1] for n in body]
    if seed.startswith("004"):  # the header's trailing text is the article's first paragraph
        paragraphs.insert(0, lines[0].split(" ", 3)[3])
    text = " ".join(built_blocks(built_site, seed))
    for paragraph in paragraphs:
        for sentence in _SENTENCE_BOUNDARY.split(" ".join(paragraph.split())):
            assert sentence.strip() in text, f"{seed}: missing sentence {sentence[:80]!r}"


@pytest.mark.parametrize("seed", sorted(BODY_LINES))
def test_no_boilerplate_line_is_on_the_page(built_site: Path, seed: str) -> None:
    lines = seed_lines(seed)
    _, boilerplate = BODY_LINES[seed]
    blocks = built_blocks(built_site, seed)
    text = " ".join(blocks)
    for number in boilerplate:
        if number > len(lines) or not lines[number - 1].strip():
            continue
        line = " ".join(lines[number - 1].split())
        if len(line.split()) >= 4:
            assert line not in text, f"{seed}:{number}: boilerplate {line[:60]!r} on the page"
        else:
            assert line not in blocks, f"{seed}:{number}: boilerplate {line!r} on the page"


def test_repeated_leads_appear_once(built_site: Path) -> None:
    text = " ".join(built_blocks(built_site, "000_679f92e87514bbf1.txt", text_only=True))
    assert text.count("Kyrgyz President Sadyr Zhaparov agreed to deepen") == 1
    text = " ".join(built_blocks(built_site, "002_8368a29cd808449b.txt", text_only=True))
    assert text.count("Russia will continue to deliver modern weapons") == 1


def test_glued_sentences_are_repaired(built_site: Path) -> None:
    text = " ".join(built_blocks(built_site, "002_8368a29cd808449b.txt"))
    assert "on Thursday. The Russian leader" in text
    assert "Thursday.The" not in text and "abroad.Putin" not in text


def test_photo_caption_and_byline_are_not_text(built_site: Path) -> None:
    text = " ".join(built_blocks(built_site, "000_679f92e87514bbf1.txt"))
    assert "shakes hands" not in text
    assert "Wang Qingchu" not in text


def test_title_appears_once_as_heading(built_site: Path) -> None:
    blocks = built_blocks(built_site, "001_a13e062ba28e5bd8.txt")
    title = EXPECTED["001_a13e062ba28e5bd8.txt"]["title"]
    assert blocks[0] == title
    text = built_blocks(built_site, "001_a13e062ba28e5bd8.txt", text_only=True)
    assert not any(title in b for b in text), "breadcrumb or repeated title leaked into the text"
