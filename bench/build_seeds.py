"""Benchmark: how long `digest generate` and `digest build` take on the project's seeds/. Prints a table.

    python bench/build_seeds.py [--runs 5]

Runs in a temporary copy of the project, so docs/ and site/ of the checkout are not touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_copy(target: Path) -> Path:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    target.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(
        config.replace("  - generator/mkdocs_hook.py", f"  - {ROOT / 'generator' / 'mkdocs_hook.py'}"), encoding="utf-8"
    )
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("articles", "dates", "reports", "index.md"))
    shutil.copytree(ROOT / "seeds", target / "seeds")
    return target


def timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    digest = [sys.executable, "-m", "generator"]
    rows: dict[str, list[float]] = {"digest generate (cold, fresh docs/)": [], "digest generate (nothing changed)": [],
                                    "digest build (generate + mkdocs build)": [], "mkdocs build (hook generates)": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            project = make_copy(Path(tmp) / "p")
            rows["digest generate (cold, fresh docs/)"].append(timed(digest + ["generate"], project))
            rows["digest generate (nothing changed)"].append(timed(digest + ["generate"], project))
            rows["digest build (generate + mkdocs build)"].append(timed(digest + ["build"], project))
            rows["mkdocs build (hook generates)"].append(timed([sys.executable, "-m", "mkdocs", "build"], project))
    seeds = len(list((ROOT / "seeds").iterdir()))
    print(f"{seeds} seeds, {runs} runs, wall-clock seconds including Python start-up")
    print(f"| {'step':<42} | {'median':>7} | {'min':>7} | {'max':>7} |")
    print(f"|{'-' * 44}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for name, values in rows.items():
        print(f"| {name:<42} | {statistics.median(values):7.3f} | {min(values):7.3f} | {max(values):7.3f} |")


if __name__ == "__main__":
    main()
