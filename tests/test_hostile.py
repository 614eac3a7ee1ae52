"""Hostile and broken input: nothing lost, nothing injected, nothing half-written (issue: hostile input)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS, SUMMARY, article_pages, make_project, read_front_matter, run_digest
from generator.pipeline import POOL_THRESHOLD
from test_site import generated_files

HOSTILE = ROOT / "tests" / "data" / "hostile"
sys.path.insert(0, str(HOSTILE))
from make_hostile import write_hostile  # noqa: E402

_COUNTS = re.compile(r"(\d+) seed files -> (\d+) article pages, (\d+) skipped")

# file -> "page" or the words its skipped-report reason must contain
OUTCOME = {
    "empty.txt": "empty", "whitespace.txt": "empty", "binary.png": "binary", "nul-bytes.txt": "binary",
    "huge-10mb.txt": "over the limit", "symlink-out.txt": "outside seeds/",
    "only-boilerplate.txt": "no article text",
    "one-line-1mb.txt": "page", "utf16-bom.txt": "page", "utf16-nobom.txt": "page", "cp1251.txt": "page",
    "koi8r.txt": "page", "mixed-script.txt": "page", "other-language.txt": "page", "impossible-date.txt": "page",
    "future-date.txt": "page", "old-date.txt": "page", "javascript-url.txt": "page", "xss.txt": "page",
    "template.txt": "page", "yaml-title.txt": "page", "markdown-in-text.txt": "page", "with spaces.txt": "page",
    "статья по-русски.txt": "page", "double..dots.txt": "page", "-leading-dash.txt": "page",
    "same-slug-a.txt": "page", "same-slug-b.txt": "page", "duplicate-1.txt": "page", "duplicate-2.txt": "page",
}


def make_hostile_project(root: Path) -> Path:
    project = make_project(root)
    for path in HOSTILE.iterdir():
        if path.suffix == ".txt":
            shutil.copy(path, project / "seeds" / path.name)
    write_hostile(project / "seeds")
    return project


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    project = make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    result = run_digest(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def skipped_reasons(project: Path) -> dict[str, str]:
    report = (project / "docs" / "reports" / "skipped.md").read_text(encoding="utf-8").split("## Warnings")[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^- `([^`]+)`: (.+)$", report, re.MULTILINE)}


def test_every_file_is_a_page_or_a_reported_skip(hostile_site) -> None:
    project, result = hostile_site
    files = sorted(p.name for p in (project / "seeds").iterdir())
    seen, pages, skipped = map(int, _COUNTS.search(result.stdout).groups())
    SUMMARY.append(f"hostile corpus: {len(files)} files -> {pages} pages + {skipped} skipped")
    assert seen == len(files) == pages + skipped
    on_pages = set(article_pages(project))
    reasons = skipped_reasons(project)
    assert on_pages.isdisjoint(reasons) and on_pages | set(reasons) == set(files)
    for name, outcome in OUTCOME.items():
        if outcome == "page":
            assert name in on_pages, f"{name}: {reasons.get(name)}"
        else:
            assert outcome in reasons.get(name, ""), f"{name}: {reasons.get(name)}"


@pytest.mark.parametrize(
    ("seed", "date", "warning"),
    [
        ("impossible-date.txt", dt.date(2023, 5, 8), "not a real date"),
        ("future-date.txt", dt.date(2023, 10, 12), "outside"),
        ("old-date.txt", dt.date(2023, 5, 9), "outside"),
    ],
)
def test_insane_dates_fall_back_to_the_next_source(hostile_site, seed, date, warning) -> None:
    project, result = hostile_site
    meta = read_front_matter(article_pages(project)[seed])
    assert meta["date"] == date and meta["date_source"] == "text"
    assert any(warning in line for line in result.stderr.splitlines() if line.startswith(f"digest: warning: {seed}"))


def test_odd_encodings_come_out_as_russian_text(hostile_site) -> None:
    project, _ = hostile_site
    for seed in ("utf16-bom.txt", "utf16-nobom.txt", "cp1251.txt", "koi8r.txt"):
        meta = read_front_matter(article_pages(project)[seed])
        assert meta["title"] == "Президент России провёл переговоры в Бишкеке" and meta["language"] == "ru", seed


def test_only_http_links_and_literal_yaml(hostile_site) -> None:
    project, _ = hostile_site
    pages = article_pages(project)
    assert "url" not in read_front_matter(pages["javascript-url.txt"])
    assert read_front_matter(pages["yaml-title.txt"])["title"].startswith("--- : &anchor !!python/object/apply")
    for page in pages.values():
        meta = read_front_matter(page)  # safe_load: a python tag would raise
        assert all(isinstance(meta[key], str) for key in ("title", "language", "seed"))
    stems = [p.stem for p in pages.values()]
    assert len(stems) == len(set(stems)), "two pages share a slug"


class _TagScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.in_json = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and value and value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"<{tag} {name}={value[:40]}>")
            if name in ("src", "srcset") and value and "evil.example" in value:
                self.problems.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("iframe", "object", "embed", "img"):  # the theme uses none; a seed must not add one
            self.problems.append(f"<{tag}>")
        if tag == "script":
            src = dict(attrs).get("src")
            if src and "assets/javascripts/" not in src and not src.endswith("assets/digest-search.js"):
                self.problems.append(f"<script src={src}>")
            self.in_script = True
            # JSON-LD is data, never run: it may quote the seed, but only as JSON the browser cannot break out of
            self.in_json = dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and self.in_json:
            try:
                json.loads(data)
            except ValueError:
                self.problems.append(f"JSON-LD broken by seed text: {data[:60]}")
        elif self.in_script and ("alert" in data or "evil" in data):
            self.problems.append(f"script runs seed text: {data[:60]}")


def test_no_markup_from_seeds_in_the_built_html(hostile_site) -> None:
    project, _ = hostile_site
    problems = {}
    for page in sorted((project / "site").rglob("*.html")):
        scan = _TagScan()
        scan.feed(page.read_text(encoding="utf-8"))
        if scan.problems:
            problems[page.relative_to(project).as_posix()] = scan.problems
    assert not problems
    xss = article_pages(project)["xss.txt"]
    html = (project / "site" / "articles" / xss.stem / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in html or "&lt;script&gt;alert('body')&lt;/script&gt;" in html
    template = article_pages(project)["template.txt"]
    assert "{{ config }}" in (project / "site" / "articles" / template.stem / "index.html").read_text(encoding="utf-8")


def test_two_runs_are_byte_identical(hostile_site, tmp_path: Path) -> None:
    project, _ = hostile_site
    again = make_hostile_project(tmp_path / "again")
    assert run_digest(again, "generate").returncode == 0
    assert generated_files(again) == generated_files(project)


@pytest.mark.parametrize("command", ["digest generate", "mkdocs build"])
def test_time_guard_skips_a_file_that_takes_too_long(tmp_path: Path, command: str) -> None:
    """Under `mkdocs build` (as under `mkdocs serve`) the hook generates in a thread of its own while the build's
    thread extracts the seeds: there too the guard, a signal to the main thread, must stop a slow seed."""
    project = make_project(tmp_path / "slow", seeds=[])
    write_hostile(project / "seeds")
    (project / "digest.yml").write_text("seed_seconds: 0.0001\n", encoding="utf-8")
    if command == "digest generate":
        assert run_digest(project, "generate").returncode == 0
    else:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
    assert len(list((project / "seeds").iterdir())) < POOL_THRESHOLD  # extracted in this process, not in workers
    assert "took longer than" in skipped_reasons(project)["one-line-1mb.txt"]


def test_killed_run_leaves_no_half_page_and_the_next_run_completes(tmp_path: Path) -> None:
    def fill(project: Path) -> None:
        for number in range(1500):
            seed = SEEDS[number % len(SEEDS)]
            text = seed.read_text(encoding="utf-8").replace("Putin", f"Putin{number}").replace("Путин", f"Путин{number}")
            (project / "seeds" / f"{number:05d}-{seed.name}").write_text(text, encoding="utf-8")

    clean = make_project(tmp_path / "clean", seeds=[])
    fill(clean)
    result = run_digest(clean, "generate")
    assert result.returncode == 0
    assert "digest: extracted 1500/1500 seeds" in result.stderr, "no progress lines when not on a terminal"
    expected = generated_files(clean)

    project = make_project(tmp_path / "killed", seeds=[])
    fill(project)
    articles = project / "docs" / "articles"
    process = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(project), "generate"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if articles.is_dir() and len(os.listdir(articles)) > 20:
            break
        time.sleep(0.002)
    assert process.poll() is None, "the run finished before it could be killed: make the corpus bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = [p for p in articles.iterdir() if p.suffix == ".md" and not p.name.startswith(".")]
    assert 0 < len(written) < len(expected)
    for page in written:  # every page there is whole: the same bytes a clean run writes
        assert page.read_bytes() == expected[f"articles/{page.name}"], page.name
    assert run_digest(project, "generate").returncode == 0
    assert generated_files(project) == expected
    leftovers = [p for p in (project / "docs").rglob(".digest-tmp-*")]
    assert not leftovers


@pytest.mark.browser
def test_hostile_site_in_a_real_browser_runs_no_seed_script_and_fetches_nothing_outside(hostile_site) -> None:
    """Open every article page of the hostile site in Chromium: no dialog, no request but to the local server."""
    from browser import chromium, serve_folder

    project, _ = hostile_site
    pages = sorted(p.stem for p in article_pages(project).values())
    dialogs: list[str] = []
    foreign: list[str] = []
    with serve_folder(project / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda req: None if req.url.startswith(base) else foreign.append(req.url))
        for stem in pages + ["", "reports/skipped"]:
            page.goto(f"{base}articles/{stem}/" if stem and "/" not in stem else f"{base}{stem}/" if stem else base)
            page.wait_for_load_state("load")
            for link in page.locator("article a:visible").all()[:10]:  # hovering runs any onmouseover a seed smuggled in
                link.hover(timeout=2000)
        xss = article_pages(project)["xss.txt"].stem
        page.goto(f"{base}articles/{xss}/")
        assert "<script>alert('body')</script>" in page.locator("article").inner_text()
        # search results are drawn from the index as HTML: seed text there must stay text too
        page.locator("input.md-search__input").focus()
        page.keyboard.type("iframe", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert "<iframe" in page.locator(".md-search-result").inner_text()
    assert dialogs == []
    assert foreign == []
