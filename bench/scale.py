"""Benchmark: generator and site build on corpora of 100, 1,000 and 10,000 articles. Prints a table.

    python bench/scale.py [--sizes 100 1000 10000] [--jobs N] [--changes 1000 10000] [--repeats 3] [--cold-only 100000]

Corpora are made from the real text of seeds/: each article takes a seed's headline and lead, then paragraphs
drawn from other seeds of the same language in a shuffled order, a date spread over ten years, one of forty
outlets (URL domain), and people's names rotated, so that pages, months, sources and clusters are not trivial.
For each size it measures, in one run: `digest generate` cold (empty cache) and warm, the MkDocs render of the
generated pages into an empty site folder as `digest build` does it (dirty, split across processes; the hook's
generation skipped) and the same pages rendered by bare MkDocs (a copy of mkdocs.yml
without the hook, the theme overrides and the plain-list Markdown extension: the floor), peak memory of each step, site size and search index size per article (Pagefind bundles).
For the sizes in --changes, one change at a time after a full `digest build`: a new seed, a changed seed, a deleted
seed, a touched seed (its bytes unchanged) and an unchanged rerun, each made to the same corpus (the one before undone) and followed by `digest build`
(generate, search index, partial render): seconds of each part, total wall time and files rewritten, the run of
median wall time of --repeats; the time until `mkdocs serve` is up (first start, and started again
on the same address, whose site folder it keeps); and the time from a new seed landing in seeds/ until `mkdocs serve`
serves its page. --cold-only: `digest build` from nothing (generate and render) with peak memory, nothing else.
Theme assets are left out of the page size.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Putin", "Japarov", "Tokayev", "Mirziyoyev", "Rahmon", "Lukashenko", "Pashinyan", "Aliyev", "Xi", "Erdogan"]
NAMES_RU = ["Путин", "Жапаров", "Токаев", "Мирзиёев", "Рахмон", "Лукашенко", "Пашинян", "Алиев", "Си", "Эрдоган"]


def read_seed_parts() -> list[tuple[str, str, list[str]]]:
    """(language, headline, paragraphs) of each seed, as the generator cleans them."""
    sys.path.insert(0, str(ROOT))
    from generator.config import Settings
    from generator.pipeline import extract_articles

    from generator.reader import read_seeds

    seeds, _ = read_seeds(ROOT / "seeds", 10**7)
    extraction = extract_articles(seeds, Settings(), __import__("datetime").date.today(), 1, None, None)
    return [(a.language, a.title, list(a.paragraphs)) for a in extraction.articles]


def make_corpus(folder: Path, size: int, parts, seed: int = 7) -> None:
    """Write `size` seed files varying the real seeds (deterministic)."""
    rng = random.Random(seed)
    by_language: dict[str, list[str]] = {}
    for language, _, paragraphs in parts:
        by_language.setdefault(language, []).extend(paragraphs)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(size):
        language, headline, paragraphs = parts[number % len(parts)]
        pool = [p for p in by_language[language] if p != paragraphs[0]]
        body = [paragraphs[0]] + rng.sample(pool, k=min(len(pool), rng.randint(2, 6)))
        names = NAMES_RU if language == "ru" else NAMES
        a, b = rng.sample(names, 2)
        text = "\n\n".join(body).replace(names[0], a).replace(names[1], b)
        day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        outlet = f"https://news{rng.randint(1, 40)}.example/{day.replace('-', '/')}/story-{number}.html"
        title = headline.replace(names[0], a).replace(names[1], b) + f" ({number})"
        (folder / f"{number:06d}.txt").write_text(f" date {day} {outlet}\n{title}\n\n{text}\n", encoding="utf-8")


def make_project(root: Path, size: int, parts) -> Path:
    root.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: generator/theme", f"custom_dir: {ROOT / 'generator' / 'theme'}")
    (root / "mkdocs.yml").write_text(config.replace("  - generator/mkdocs_hook.py", f"  - {ROOT / 'generator' / 'mkdocs_hook.py'}"), encoding="utf-8")
    # The floor: the same pages through stock Material (its lunr search plugin on, as by default; no hook, no theme changes).
    bare = re.sub(r"  custom_dir: .*\n", "", re.sub(r"hooks:\n  - .*\n", "", config)).replace("plugins:\n", "plugins:\n  - search\n")
    bare = re.sub(r"  (# .*\n  )?- generator\.markdown_lists\n", "", bare)  # stock Python-Markdown in the floor
    (root / "bare.yml").write_text(bare, encoding="utf-8")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("articles", "dates", "reports", "index.md"))
    make_corpus(root / "seeds", size, parts)
    return root


def bench_env() -> dict[str, str]:
    """The environment of every measured command: an editor's, in which Python keeps the modules it compiled
    (`PYTHONDONTWRITEBYTECODE` left out: with it, every command compiled the generator's modules again, a tenth of
    a second or more of each small rebuild that no installed copy pays)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def median_run(rows: list[tuple]) -> tuple:
    """Of repeated measurements (wall seconds first), the one with the median wall time."""
    return sorted(rows, key=lambda row: row[0])[len(rows) // 2]


def run(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of a command. The peak is Linux's `wait4` figure: the largest of the
    process and of every process it started and waited for (render workers, Pagefind), not their sum."""
    env = bench_env()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, output


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_index_bytes(folder: Path) -> int:
    """The Pagefind bundles' index, filter, fragment and metadata files (not the fixed JS and WebAssembly)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.suffix.startswith(".pf_"))


def digest_build(project: Path) -> tuple[float, float, float, float, int]:
    """One `digest build`: wall seconds, generate seconds (its report), of which search index, render seconds, files
    rewritten in docs/."""
    wall, _, out = run([sys.executable, "-m", "generator", "build"], project)
    generate = float(re.search(r"warnings in ([\d.]+) s", out).group(1))
    index = float(re.search(r"search index ([\d.]+) s", out).group(1))
    rendered = re.search(r"rendered in ([\d.]+) s", out)  # none when the site was up to date: nothing rendered
    render = float(rendered.group(1)) if rendered else 0.0
    return wall, generate, index, render, int(re.search(r"(\d+) written", out).group(1))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_delay(project: Path, new_seed: Path | None, port: int, repeats: int = 1) -> float:
    """Seconds from a new seed landing in seeds/ until `mkdocs serve` serves its article page, the median of
    `repeats` landings in one server (the seed removed between them, and its page gone, before the next); with no
    seed: until the server is up, which renders the site folder it keeps for this address."""
    import urllib.request

    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=bench_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def status(url: str) -> int:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError as error:
            return getattr(error, "code", 0)

    try:
        started = time.perf_counter()
        while status(f"http://127.0.0.1:{port}/") != 200:
            time.sleep(0.2)
        if new_seed is None:
            return time.perf_counter() - started
        page = f"http://127.0.0.1:{port}/articles/prezident-putin-vstretilsia-s-japarov-v-bishkeke/"
        delays = []
        for _ in range(repeats):
            started = time.perf_counter()
            shutil.copy(new_seed, project / "seeds" / "zz-served.txt")
            while status(page) != 200:
                time.sleep(0.05)
            delays.append(time.perf_counter() - started)
            (project / "seeds" / "zz-served.txt").unlink()
            while status(page) == 200:
                time.sleep(0.2)
        return median_run([(delay,) for delay in delays])[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
        (project / "seeds" / "zz-served.txt").unlink(missing_ok=True)


def change_rows(project: Path, size: int, repeats: int) -> tuple[list[tuple[str, tuple]], Path, Path]:
    """`digest build` after each change, every change made to the same built corpus and undone (unmeasured) before
    the next: a new seed back-dated, a new seed of the newest day, a changed seed, a deleted seed, a seed touched
    (its bytes unchanged); then a rerun with nothing changed. Each change is made `repeats` times, and its row is
    the run of median wall time (one machine's runs of the same change differ by a fifth or more). Returns the rows
    and the two new seeds."""
    new_seed = ROOT / "tests" / "data" / "hostile" / "mixed-script.txt"  # dated June 2023: back-dated in the corpus
    # the same article dated the corpus's newest day, where an editor's new articles usually land
    newest = max(path.read_text(encoding="utf-8").split()[1] for path in (project / "seeds").glob("0*.txt"))
    recent_seed = project / "recent-seed.txt"
    recent_seed.write_text(new_seed.read_text(encoding="utf-8").replace("2023-06-01", newest, 1), encoding="utf-8")
    digest_build(project)  # the full build the changes start from
    corpus = sorted((project / "seeds").glob("0*.txt"))
    changed, deleted = corpus[size // 2], corpus[size // 3]
    kept_text, kept_bytes = changed.read_text(encoding="utf-8"), deleted.read_bytes()
    changes = [  # (row, make the change, undo it)
        *((what, functools.partial(shutil.copy, seed, project / "seeds" / "zz-new.txt"), (project / "seeds" / "zz-new.txt").unlink)
          for what, seed in (("one new seed (back-dated: June 2023)", new_seed), (f"one new seed of the newest day ({newest})", recent_seed))),
        ("one changed seed", lambda: changed.write_text(kept_text + "\nThe ministry added a statement on Friday.\n", encoding="utf-8"),
         lambda: changed.write_text(kept_text, encoding="utf-8")),
        ("one deleted seed", deleted.unlink, lambda: deleted.write_bytes(kept_bytes)),
    ]
    rows = []
    for what, change, undo in changes:
        runs = []
        for _ in range(repeats):
            change()
            runs.append(digest_build(project))
            undo()
            digest_build(project)
        rows.append((what, median_run(runs)))
    touched = []
    for _ in range(repeats):
        os.utime(changed)  # its bytes as they were, its time moved (a checkout, `cp -r`, an editor's save)
        touched.append(digest_build(project))
    rows.append(("one seed touched, its bytes unchanged", median_run(touched)))
    rows.append(("nothing changed", median_run([digest_build(project) for _ in range(repeats)])))
    return rows, new_seed, recent_seed


def measure_changes(project: Path, size: int, repeats: int) -> list[str]:
    """Rows of the change table for one corpus (`change_rows`), then the serve start-up and delay rows."""
    rows, new_seed, recent_seed = change_rows(project, size, repeats)
    lines = [f"| {size:,} | {what} | {g:.2f} | {i:.2f} | {r:.2f} | {w:.2f} | {n} |" for what, (w, g, i, r, n) in rows]
    port = free_port()  # an editor's server keeps its address, and with it its site folder (.cache/digest/serve/)
    first = serve_delay(project, None, port)
    lines.append(f"| {size:,} | `mkdocs serve` up, first start (renders its folder) | | | | {first:.2f} | |")
    lines.append(f"| {size:,} | `mkdocs serve` up, started again | | | | {serve_delay(project, None, port):.2f} | |")
    for what, seed in (("back-dated", new_seed), ("of the newest day", recent_seed)):
        lines.append(f"| {size:,} | new seed ({what}) until `mkdocs serve` serves it | | | | {serve_delay(project, seed, port, repeats):.2f} | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--changes", type=int, nargs="*", default=[1000, 10000], help="sizes for the change table")
    parser.add_argument("--cold-only", type=int, nargs="*", default=[], help="sizes for a cold `digest build` only")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each change (and serve delay); the median is shown")
    args = parser.parse_args()
    parts = read_seed_parts()
    if args.cold_only:
        with tempfile.TemporaryDirectory() as tmp:
            print("| articles | cold `digest build` s | peak MB | pages |")
            print("|---:|---:|---:|---:|")
            for size in args.cold_only:
                project = make_project(Path(tmp) / str(size), size, parts)
                wall, mb, _ = run([sys.executable, "-m", "generator", "build", "--jobs", str(args.jobs)], project)
                pages = sum(1 for _ in (project / "site").rglob("index.html"))
                print(f"| {size:,} | {wall:.1f} | {mb:.0f} | {pages:,} |", flush=True)
                shutil.rmtree(project)
        return
    digest = [sys.executable, "-m", "generator", "generate", "--jobs", str(args.jobs)]
    rows = []
    changes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = make_project(Path(tmp) / str(size), size, parts)
            cold, cold_mb, _ = run(digest, project)
            warm, _, _ = run(digest, project)
            env_skip = ["env", "DIGEST_SKIP_GENERATE=1"]
            renders, bares = [], []
            for _ in range(2):  # alternate and keep the best of two: the first build warms the file cache for both
                # the full render `digest build` does from an empty site folder (dirty: split across processes)
                shutil.rmtree(project / "site", ignore_errors=True)
                renders.append(run(env_skip + [sys.executable, "-m", "mkdocs", "build", "--dirty", "-q"], project))
                bares.append(run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "bare.yml", "-d", "site-bare"], project))
            render, render_mb, _ = min(renders)
            bare, bare_mb, _ = min(bares)
            site = folder_bytes(project / "site") - folder_bytes(project / "site" / "assets")  # theme files are fixed
            index = search_index_bytes(project / "site" / "search")
            rows.append((size, cold, warm, render, bare, (cold + render) / bare, max(cold_mb, render_mb), bare_mb, site / size, index / size))
            if size in args.changes:
                changes += measure_changes(project, size, args.repeats)
            shutil.rmtree(project)
    print(f"jobs={args.jobs}; times in seconds (wall, including Python start-up), memory = peak RSS of the largest process")
    head = ("articles", "generate cold", "generate warm", "mkdocs render", "bare mkdocs", "full/bare", "peak MB", "bare MB",
            "pages KB/article", "index KB/article")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for size, cold, warm, render, bare, ratio, mb, bare_mb, site, index in rows:
        print(f"| {size:,} | {cold:.2f} | {warm:.2f} | {render:.2f} | {bare:.2f} | {ratio:.2f} | {mb:.0f} | {bare_mb:.0f} | "
              f"{site / 1024:.1f} | {index / 1024:.2f} |")
    if changes:
        print(f"\nOne change, then `digest build` (seconds; generate includes the search index; total = wall, with start-up; "
              f"the run of median wall time of {args.repeats})")
        print("| articles | change | generate | search index | render | total | files rewritten |")
        print("|---:|---|---:|---:|---:|---:|---:|")
        for line in changes:
            print(line)
    for (n1, c1, _, r1, *_), (n2, c2, _, r2, *_) in zip(rows, rows[1:]):
        print(f"marginal cost per article from {n1:,} to {n2:,}: generate {1000 * (c2 - c1) / (n2 - n1):.2f} ms, "
              f"mkdocs render {1000 * (r2 - r1) / (n2 - n1):.2f} ms")


if __name__ == "__main__":
    main()
