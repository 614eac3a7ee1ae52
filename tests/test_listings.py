"""Long listings (a person's, a topic's, a source's articles; the stories) keep their newest entries and one page
per year: every article is listed once, every link works, and a new article rewrites only its year's page."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_project, run_digest
from generator.index_pages import PAGE_ENTRIES
from generator.renderer import ListingMemo

LINK = re.compile(r"\]\(((?:\.\./)+articles/[^)]+\.md)\)")


@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> Path:
    """300 articles over ten years naming two of ten presidents each: about 60 articles per person."""
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import make_corpus, read_seed_parts

    corpus = tmp_path_factory.mktemp("corpus")
    make_corpus(corpus, 300, read_seed_parts())
    project = make_project(tmp_path_factory.mktemp("big") / "p", sorted(corpus.iterdir()))
    result = run_digest(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project


def listed(page: Path) -> list[str]:
    """The article pages a listing links to, as absolute paths."""
    return [(page.parent / link).resolve().as_posix() for link in LINK.findall(page.read_text(encoding="utf-8"))]


def test_a_long_listing_keeps_its_newest_and_links_one_page_per_year(big_project: Path) -> None:
    docs = big_project / "docs"
    index = (docs / "people" / "index.md").read_text(encoding="utf-8")
    slug, count = next((s, int(n)) for s, n in re.findall(r"\]\(([^)]+)\.md\) — (\d+)", index) if int(n) > PAGE_ENTRIES)
    page = docs / "people" / f"{slug}.md"
    newest = listed(page)
    assert len(newest) == PAGE_ENTRIES
    years = sorted((docs / "people" / slug).glob("*.md"))
    assert len(years) >= 2
    text = page.read_text(encoding="utf-8")
    for year in years:
        assert f"]({slug}/{year.name})" in text, f"{year.name} is not linked from {page.name}"
    everything = [link for year in years for link in listed(year)]
    assert len(everything) == len(set(everything)) == count  # each article once, none lost
    newest_first = [link for year in sorted(years, key=lambda y: y.stem, reverse=True) for link in listed(year)]
    assert newest == newest_first[:PAGE_ENTRIES]  # the page keeps the newest ones, in the same order
    for link in everything:
        assert Path(link).is_file(), link
    # the site has the year pages, and their links lead to the article pages
    year = years[0].stem
    html = (big_project / "site" / "people" / slug / year / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="(\.\./\.\./\.\./articles/[^"#]+)"', html)
    assert len(hrefs) >= 1
    for href in hrefs:
        assert (big_project / "site" / "people" / slug / year / href / "index.html").resolve().is_file(), href


def test_the_story_index_is_split_by_year_too(big_project: Path) -> None:
    stories = big_project / "docs" / "stories"
    index = (stories / "index.md").read_text(encoding="utf-8")
    years = sorted(stories.glob("[0-9][0-9][0-9][0-9].md"))
    story_files = {p.stem for p in stories.glob("*.md")} - {"index"} - {y.stem for y in years}
    assert len(story_files) > PAGE_ENTRIES, "the corpus must have more stories than one listing page holds"
    assert len(re.findall(r"\]\(([^)/]+)\.md\) — ", index)) == PAGE_ENTRIES + len(years)  # the newest 50, then the years
    assert years and all(f"]({y.name})" in index for y in years)
    story_pages = {p.stem for p in stories.glob("*.md")} - {"index"} - {y.stem for y in years}
    in_years = [s for y in years for s in re.findall(r"\]\(([^)/]+)\.md\) — ", y.read_text(encoding="utf-8"))]
    assert sorted(in_years) == sorted(story_pages)


def test_a_new_article_rewrites_only_its_year_of_a_long_listing(big_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(big_project, project)
    docs = project / "docs"
    people = docs / "people"
    before = {p: p.read_bytes() for p in people.rglob("*.md")}
    seed = sorted((project / "seeds").iterdir())[0]
    text = seed.read_text(encoding="utf-8")
    day = re.search(r"date (\d{4})-\d\d-\d\d", text)
    (project / "seeds" / "zz-added.txt").write_text(text.replace(day.group(0), f"date {day.group(1)}-12-30").replace(
        "\n\n", "\n\nThe ministry published the full statement later that evening.\n\n", 1), encoding="utf-8")
    assert run_digest(project, "generate").returncode == 0
    changed = sorted(p.relative_to(people).as_posix() for p in people.rglob("*.md") if before.get(p) != p.read_bytes())
    year_pages = [name for name in changed if "/" in name]
    assert year_pages and all(name.endswith(f"/{day.group(1)}.md") for name in year_pages), changed


def _made_after(before: list[tuple[str, str]], after: list[tuple[str, str]], split: bool = True) -> set[str]:
    """The pages of a listing made again when its entries (year, identity; newest first) go from `before` to `after`."""
    first = ListingMemo()
    first.pages_to_make("people/x.md", "people/x", "X", before, split)
    memo = ListingMemo(lambda path, made: first.inputs.get(path) == made)
    return memo.pages_to_make("people/x.md", "people/x", "X", after, split)


LONG = [("2025", f"a{n}") for n in range(40)] + [("2024", f"b{n}") for n in range(30)] + [("2019", f"c{n}") for n in range(5)]


@pytest.mark.parametrize(("after", "made"), [
    (LONG, set()),  # nothing changed: nothing made
    # an old article's line changed: its year page only (the main page shows the newest 50 and each year's count)
    ([*LONG[:-1], ("2019", "c4 edited")], {"people/x/2019.md"}),
    # an article added to an old year: its year page, and the main page for the year's count
    ([*LONG[:-1], ("2019", "c5"), LONG[-1]], {"people/x/2019.md", "people/x.md"}),
    # a new article on top: the main page and the newest year's page
    ([("2025", "new"), *LONG], {"people/x.md", "people/x/2025.md"}),
])
def test_a_listing_makes_only_the_pages_whose_entries_changed(after, made) -> None:
    assert _made_after(LONG, after) == made


def test_a_short_or_unsplit_listing_is_one_page() -> None:
    assert _made_after(LONG[:3], [*LONG[:2], ("2025", "x")]) == {"people/x.md"}
    assert _made_after(LONG, [*LONG[:-1], ("2019", "c4 edited")], split=False) == {"people/x.md"}  # a month's page
    assert _made_after(LONG, LONG, split=False) == set()
