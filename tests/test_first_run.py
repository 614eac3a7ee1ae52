"""A newcomer's first hour: the traps of a wrong folder, a missing seeds folder and a machine without Chromium.

Each one must stop before anything is written or removed, with one line that names the folder (or the package)
and what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_digest


def list_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below `folder`: size and modification time, so a rewrite shows as well as a removal."""
    return {str(path.relative_to(folder)): (path.lstat().st_size if path.is_file() else -1, path.lstat().st_mtime_ns)
            for path in sorted(folder.rglob("*"))}


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


@pytest.fixture
def generated(built_site: Path, tmp_path: Path) -> Path:
    """A copy of a built project: seeds, generated pages in docs/, the cache and site/."""
    project = tmp_path / "project"
    shutil.copytree(built_site, project, symlinks=True)
    return project


@pytest.mark.parametrize("command", ["build", "generate"])
def test_digest_outside_a_project_writes_nothing_and_says_where_to_run(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "downloads"
    (folder / "seeds").mkdir(parents=True)  # even a seeds/ folder: without mkdocs.yml it is not a project
    (folder / "notes.txt").write_text("not a project\n", encoding="utf-8")
    before = list_files(folder)
    result = run_digest(folder, command)
    assert result.returncode == 2
    assert list_files(folder) == before
    [line] = error_lines(result)
    assert str(folder) in line and "mkdocs.yml" in line and "-C" in line


@pytest.mark.parametrize("how", ["typo in digest.yml", "folder not there"])
def test_a_missing_seeds_folder_removes_no_page(generated: Path, how: str) -> None:
    if how == "typo in digest.yml":
        (generated / "digest.yml").write_text("seeds_dir: sedds\n", encoding="utf-8")
        missing = generated / "sedds"
    else:
        shutil.rmtree(generated / "seeds")
        missing = generated / "seeds"
    pages = len(list((generated / "docs" / "articles").glob("*.md")))
    before = list_files(generated)
    result = run_digest(generated, "build")
    assert result.returncode == 2
    assert list_files(generated) == before
    assert len(list((generated / "docs" / "articles").glob("*.md"))) == pages == 5
    [line] = error_lines(result)
    assert str(missing) in line and "seeds_dir" in line and "digest.yml" in line


def test_mkdocs_build_with_a_missing_seeds_folder_fails_with_the_message_and_keeps_the_pages(generated: Path) -> None:
    """The hook in mkdocs.yml runs the generator too: MkDocs must stop with digest's line, not a traceback."""
    shutil.rmtree(generated / "seeds")
    before = {name: entry for name, entry in list_files(generated).items() if not name.startswith("site")}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=generated, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"digest: error: {generated / 'seeds'}: seeds folder does not exist" in output
    assert "Traceback" not in output
    assert {name: entry for name, entry in list_files(generated).items() if not name.startswith("site")} == before


def test_browser_tests_without_chromium_stop_at_once_naming_the_packages(tmp_path: Path) -> None:
    """Without Chromium (and no way to install it) the run stops before any test, with one line saying what to install."""
    env = {**os.environ, "DIGEST_CHROMIUM": str(tmp_path / "no-chromium")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/test_accessibility.py"],
                            cwd=ROOT, capture_output=True, text=True, env=env, check=False, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert "apt-get install chromium chromium-driver" in output and str(tmp_path / "no-chromium") in output
    assert "Traceback" not in output and " passed" not in output
