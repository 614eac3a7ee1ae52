"""Shared fixtures: a throw-away copy of the project, generation and a real MkDocs build of it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TODAY = dt.date(2026, 11, 22)  # fixed "today" so that date windows never depend on when tests run


SUMMARY: list[str] = []  # figures tests report; printed at the end of every run


def pytest_terminal_summary(terminalreporter) -> None:
    if SUMMARY:
        terminalreporter.section("digest figures")
        for line in SUMMARY:
            terminalreporter.write_line(line)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium (every test using a fixture of BROWSER_FIXTURES is one)")


BROWSER_FIXTURES = ("served", "search_tab")  # the fixtures that open Chromium


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(name in getattr(item, "fixturenames", ()) for name in BROWSER_FIXTURES):
            item.add_marker(pytest.mark.browser)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The README's test command sets up what the browser tests need, or stops at once saying what is missing."""
    if session.config.option.collectonly or not any(item.get_closest_marker("browser") for item in session.items):
        return
    from browser import ensure_chromium

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    problem = ensure_chromium(reporter.write_line if reporter else print)
    if problem:
        pytest.exit(problem, returncode=pytest.ExitCode.USAGE_ERROR)


def make_project(root: Path, seeds: list[Path] | None = None) -> Path:
    """A project folder like the repository's: mkdocs.yml (hook and theme by absolute path), docs/ hand pages, seeds/."""
    root.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - generator/mkdocs_hook.py", f"  - {ROOT / 'generator' / 'mkdocs_hook.py'}")
    config = config.replace("custom_dir: generator/theme", f"custom_dir: {ROOT / 'generator' / 'theme'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    shutil.copy(ROOT / "docs" / "about.md", root / "docs" / "about.md")
    shutil.copytree(ROOT / "translations", root / "translations")
    (root / "seeds").mkdir()
    for seed in SEEDS if seeds is None else seeds:
        shutil.copy(seed, root / "seeds" / seed.name)
    return root


def run_digest(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `digest` command line in a project folder (`env`: variables to add)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(project), *args],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )


def read_front_matter(page: Path) -> dict:
    """The YAML front matter of a generated page, read with safe_load."""
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n"), page
    return yaml.safe_load(text.split("---\n", 2)[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds built into a site by `digest build --strict` (generation + real `mkdocs build --strict`)."""
    project = make_project(tmp_path_factory.mktemp("site") / "project")
    result = run_digest(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def article_pages(project: Path) -> dict[str, Path]:
    """Generated article pages by seed file name."""
    return {read_front_matter(p)["seed"]: p for p in sorted((project / "docs" / "articles").glob("*.md"))}


@pytest.fixture(scope="session")
def urls(built_site: Path) -> dict[str, str]:
    """Site path of each seed's article page."""
    return {seed: f"articles/{path.stem}/" for seed, path in article_pages(built_site).items()}


@pytest.fixture(scope="session")
def fronts(built_site: Path) -> dict[str, dict]:
    """Front matter of each seed's article page."""
    return {seed: read_front_matter(path) for seed, path in article_pages(built_site).items()}


@pytest.fixture(scope="module")
def served(built_site: Path):
    """The five-seed site on a loopback port and one Chromium for the module (one sync Playwright at a time)."""
    from browser import chromium, serve_folder

    with serve_folder(built_site / "site") as base, chromium() as browser:
        yield base, browser


@pytest.fixture
def page(served):
    """A fresh tab; after the test, no console error and no request outside the local server may have happened."""
    base, browser = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: None if request.url.startswith(base) else foreign.append(request.url))
    tab.base = base
    yield tab
    context.close()
    assert errors == []
    assert foreign == []
