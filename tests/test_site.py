"""The whole product on disk: `digest generate` / `digest build` on real folders, real MkDocs builds."""

from __future__ import annotations

import datetime as dt
import shutil
import re
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, article_pages, make_project, read_front_matter, run_digest
from generator.config import load_settings
from generator.pipeline import bundle_dir
from generator.writer import OWNED_DIRS, OWNED_FILES, SEARCH_DIR
from htmltext import content_blocks

GOLDEN = ROOT / "tests" / "golden"
def generated_files(project: Path) -> dict[str, bytes]:
    """docs/'s generated files and the search bundles (as `search/...`): their bytes must be reproducible as well."""
    docs = project / "docs"
    files = {name: (docs / name).read_bytes() for name in OWNED_FILES if (docs / name).is_file()}
    for folder in OWNED_DIRS:
        for path in sorted((docs / folder).rglob("*")):
            if path.is_file():
                files[path.relative_to(docs).as_posix()] = path.read_bytes()
    bundles = bundle_dir(project, load_settings(project))
    for path in sorted(bundles.rglob("*")):
        if path.is_file():
            files[f"{SEARCH_DIR}/{path.relative_to(bundles).as_posix()}"] = path.read_bytes()
    return files


def is_bundle_file(name: str) -> bool:
    """Pagefind's binary output: checked for reproducibility, not kept as golden text."""
    return name.startswith(f"{SEARCH_DIR}/") and name.count("/") >= 2


def test_build_strict_makes_every_page(built_site: Path) -> None:
    site = built_site / "site"
    for page in ["index.html", "about/index.html", "dates/index.html", "dates/2023-05/index.html",
                 "dates/2023-10/index.html", "reports/skipped/index.html", "search/languages.json",
                 "search/en/pagefind.js", "search/en/pagefind-entry.json", "search/ru/pagefind-entry.json"]:
        assert (site / page).is_file(), page
    assert len(list((site / "articles").glob("*/index.html"))) == 5


def test_home_lists_newest_first(built_site: Path) -> None:
    blocks = content_blocks((built_site / "site" / "index.html").read_text(encoding="utf-8"))
    items = [b for b in blocks if b.startswith(("19 October", "12 October", "9 May", "8 May"))]
    assert [i.split(" · ")[0] for i in items] == ["19 October 2023", "12 October 2023", "9 May 2023", "8 May 2023", "8 May 2023"]


def test_date_index_has_both_languages_and_links_every_article(built_site: Path) -> None:
    index = (built_site / "docs" / "dates" / "index.md").read_text(encoding="utf-8")
    assert index.index("October 2023 · октябрь 2023") < index.index("May 2023 · май 2023")
    may = (built_site / "site" / "dates" / "2023-05" / "index.html").read_text(encoding="utf-8")
    for seed in ("000_679f92e87514bbf1.txt", "001_a13e062ba28e5bd8.txt", "004_555158ae0ccec1e9.txt"):
        assert f"../../articles/{article_pages(built_site)[seed].stem}/" in may
    assert "Лидеры РФ и Киргизии" in may


def test_articles_stay_out_of_the_navigation(built_site: Path) -> None:
    about = (built_site / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "articles/" not in about, "an article link in the nav is rendered into every page"


def test_article_page_shows_metadata_and_escapes_nothing_wrongly(built_site: Path) -> None:
    page = article_pages(built_site)["002_8368a29cd808449b.txt"]
    html = (built_site / "site" / "articles" / page.stem / "index.html").read_text(encoding="utf-8")
    blocks = content_blocks(html)
    assert "Date · Дата: 12 October 2023 · 12 октября 2023 г." in blocks
    assert "Source · Источник: Sputnik" in blocks
    assert 'href="https://sputnikglobe.com/20231012/' in html
    assert '<meta name="description" content="Russia will continue to deliver modern weapons' in html
    ru = article_pages(built_site)["001_a13e062ba28e5bd8.txt"]
    assert 'lang="ru"' in (built_site / "site" / "articles" / ru.stem / "index.html").read_text(encoding="utf-8")


def test_slugs_are_readable_and_transliterated(built_site: Path) -> None:
    stems = {seed: page.stem for seed, page in article_pages(built_site).items()}
    assert stems["001_a13e062ba28e5bd8.txt"].startswith("lidery-rf-i-kirgizii")
    assert all(stem.isascii() and stem == stem.lower() for stem in stems.values())


def test_generate_is_deterministic_and_idempotent(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a")
    second = make_project(tmp_path / "b", seeds=list(reversed(SEEDS)))
    assert run_digest(first, "generate").returncode == 0
    assert run_digest(second, "generate").returncode == 0
    assert generated_files(first) == generated_files(second)
    before = generated_files(first)
    again = run_digest(first, "generate")
    assert "0 written" in again.stdout
    assert generated_files(first) == before


def test_golden_pages(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Generated pages of the five seeds equal tests/golden/ (rewrite with `pytest --update-golden`)."""
    project = make_project(tmp_path / "p")
    assert run_digest(project, "generate").returncode == 0
    files = {name: data for name, data in generated_files(project).items() if not is_bundle_file(name)}
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(files) == sorted(golden), "generated file set differs from tests/golden/"
    for name in files:
        assert files[name].decode() == golden[name].decode(), name


BAD_SEEDS = {
    "empty.txt": b"",
    "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "only-menu.txt": "News\n\nWorld\n\nSport\n\nAbout Us | Contact Us | Privacy Policy\nCopyright 2024 © Some Paper. All rights reserved.\n".encode(),
    "bad date.txt": (" date 2023-02-30 \nPresidents met in Bishkek\n\nThe presidents met in Bishkek on October 12, 2023 "
                      "and talked about trade, energy and security for many hours.\n").encode(),
}


@pytest.fixture
def messy_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "messy")
    for name, data in BAD_SEEDS.items():
        (project / "seeds" / name).write_bytes(data)
    return project


def test_bad_files_are_reported_and_the_site_still_builds(messy_project: Path) -> None:
    result = run_digest(messy_project, "build")
    assert result.returncode == 0, result.stderr
    assert "9 seed files -> 6 article pages, 3 skipped" in result.stdout
    report = (messy_project / "docs" / "reports" / "skipped.md").read_text(encoding="utf-8")
    for name, reason in [("empty.txt", "empty"), ("picture.png", "binary"), ("only-menu.txt", "no article text")]:
        line = next(l for l in report.splitlines() if l.startswith(f"- `{name}`"))
        assert reason in line, line
        assert f"{name}: skipped: " in result.stderr
    assert "`bad date.txt`: header date '2023-02-30' is not a real date" in report
    pages = article_pages(messy_project)
    assert read_front_matter(pages["bad date.txt"])["date"].isoformat() == "2023-10-12"
    assert (messy_project / "site" / "reports" / "skipped" / "index.html").is_file()


def test_strict_fails_on_warnings_naming_the_files(messy_project: Path) -> None:
    result = run_digest(messy_project, "generate", "--strict")
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "bad date.txt" in result.stderr
    clean = make_project(messy_project.parent / "clean")
    assert run_digest(clean, "generate", "--strict").returncode == 0


def test_hand_written_pages_are_never_touched(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "docs" / "index.md").write_text("# My own home page\n", encoding="utf-8")
    about = (project / "docs" / "about.md").read_bytes()
    result = run_digest(project, "generate")
    assert (project / "docs" / "index.md").read_text(encoding="utf-8") == "# My own home page\n"
    assert (project / "docs" / "about.md").read_bytes() == about
    assert "index.md: exists and was not written by the generator" in result.stderr


def test_deleted_seed_leaves_no_stale_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    run_digest(project, "generate")
    page = article_pages(project)["003_caf2e0a4730efb04.txt"]
    (project / "seeds" / "003_caf2e0a4730efb04.txt").unlink()
    result = run_digest(project, "generate")
    assert "removed" in result.stdout and not page.exists()
    for name, data in generated_files(project).items():  # no index, story or entity page still links to it
        assert page.stem.encode() not in data, name


def test_a_new_outlets_footer_is_learned_once_most_of_its_pages_show_it(tmp_path: Path) -> None:
    # Sentences, not labels: no rule can tell them from article text, only their repetition in a large share of
    # the outlet's pages can (two articles that happen to share a sentence keep it: it is article text).
    footer = "Kloop Media is independent journalism since 2007, funded by readers.\nEvery som you give keeps our reporters in the field.\n"
    bodies = [
        "Bishkek city council approved a new budget for public transport on Tuesday after a long debate.",
        "Heavy snow closed the Bishkek-Osh highway for two days, the emergency ministry said on Friday.",
        "A new school opened in Karakol on Monday, the first built in the town in twenty years, officials said.",
    ]
    project = make_project(tmp_path / "p", seeds=[])
    for number, body in enumerate(bodies):
        text = f" date 2023-0{number + 1}-10 https://kloop.example/news/{number}\nHeadline number {number} here\n\n{body}\n\n{footer}"
        (project / "seeds" / f"k{number}.txt").write_text(text, encoding="utf-8")
    run_digest(project, "generate")
    for page in article_pages(project).values():
        text = page.read_text(encoding="utf-8")
        assert "independent journalism" not in text and "Every som" not in text
    (project / "seeds" / "k2.txt").unlink()  # two pages sharing two sentences: those stay article text
    run_digest(project, "generate")
    for page in article_pages(project).values():
        assert "independent journalism" in page.read_text(encoding="utf-8")


def test_site_url_gives_canonical_links_and_an_absolute_sitemap(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "digest.yml").write_text("site_url: https://news.example.org/digest\n", encoding="utf-8")
    result = run_digest(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    for page in sorted((site / "articles").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="https://news.example.org/digest/articles/{page.parent.name}/">' in html
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith("https://news.example.org/digest/") for loc in locations)
    assert len([loc for loc in locations if "/articles/" in loc]) == 5
    feed = (project / "docs" / "feed.json").read_text(encoding="utf-8")
    assert '"id": "https://news.example.org/digest/articles/' in feed
    assert (site / "404.html").is_file()


def test_an_article_whose_year_nothing_fixes_is_listed_as_undated(tmp_path: Path) -> None:
    # The page's own date (the day it was viewed) and a dateline without a year: no date is guessed.
    text = ("Thursday, 22 January 2026\n\nKazakh senate passes water bill\n\n"
            "ASTANA, Nov 11 (Kazinform) - The Kazakh senate passed a bill on water use on Tuesday, lawmakers said.\n\n"
            "The bill now goes to the president, who is expected to sign it within a month, officials said.\n")
    project = make_project(tmp_path / "p", seeds=[])
    (project / "seeds" / "undated.txt").write_text(text, encoding="utf-8")
    result = run_digest(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "undated.txt: no publication date in the text" in result.stdout + result.stderr  # the editor is told
    front = read_front_matter(article_pages(project)["undated.txt"])
    assert "date" not in front and front["page_date"] == dt.date(2026, 1, 22)
    assert "[Undated · Без даты](undated.md) — 1 article" in (project / "docs" / "dates" / "index.md").read_text(encoding="utf-8")
    listing = (project / "docs" / "dates" / "undated.md").read_text(encoding="utf-8")
    assert "Kazakh senate passes water bill" in listing
    assert (project / "site" / "dates" / "undated" / "index.html").is_file()


def test_the_theme_listed_without_its_hidden_folders_gives_mkdocs_the_same_files(tmp_path: Path) -> None:
    """`render_split.list_visible_theme_files` skips Material's `.icons` while listing: the theme files MkDocs copies
    (and the templates it can load) are the same as with Jinja's own listing, for the theme overrides too."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator.render_split import list_visible_theme_files

    project = make_project(tmp_path, [])
    hidden = project / "generator-theme" / ".private"
    shutil.copytree(ROOT / "generator" / "theme", project / "generator-theme")
    for folder in (hidden, project / "generator-theme" / "partials" / ".drafts"):  # hidden: MkDocs never copies them
        folder.mkdir()
        (folder / "note.css").write_text("p {}\n", encoding="utf-8")
    (project / "generator-theme" / "extra.css").write_text("p {}\n", encoding="utf-8")
    config_text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"custom_dir: .*", "custom_dir: generator-theme", config_text), encoding="utf-8")

    def theme_files(visible_only: bool) -> tuple[list[str], list[str]]:
        config = load_config(str(project / "mkdocs.yml"))
        if visible_only:
            list_visible_theme_files(config.theme)
        env = config.theme.get_env()
        files = Files([])
        files.add_files_from_theme(env, config)
        return sorted(f.src_uri for f in files), sorted(name for name in env.list_templates() if not any(part.startswith(".") for part in name.split("/")))

    visible, jinja = theme_files(True), theme_files(False)
    assert visible == jinja
    assert "extra.css" in visible[0] and not any("/." in f"/{name}" for name in visible[0])
    assert any(name.endswith(".css") for name in jinja[0]) and "main.html" in jinja[1]
