"""Benchmark: the site's search (Pagefind bundles per language) against Material's built-in search (lunr).
Prints tables.

    python bench/search_compare.py [--scale 10000]

1. The five seeds are built twice: as this project builds them, and as stock Material would (its `search`
   plugin with `lang: [en, ru]`, no theme changes). Each query of issue 6 is typed into the real header
   search box in Chromium; the table gives the rank of the expected article among the article results (— = not in
   the results; the site lists person, place, topic and story pages too, first when the query is their name).
2. Index size per article for both.
3. With --scale N: an N-article corpus (bench/scale.py's generator) is built, and for a few queries typed into
   the site's search box: the time until it answers, the requests and bytes the browser fetched under
   `/search/`, and the index bytes among them as a share of all the bundles' index files.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from browser import chromium, serve_folder  # noqa: E402

# (query, seed of the article that must come up, why it is hard)
QUERIES = [
    ("сотрудничества", "001", "text says сотрудничество"),
    ("военного", "001", "text says военное"),
    ("Киргизии", "001", "inflected place name"),
    ("cooperate", "000", "text says cooperation"),
    ("Japarov", "000", "000 spells him Zhaparov"),
    ("Жапаров", "000", "Russian name, English article"),
    ("Бишкеке", "002", "Russian locative, English article"),
    ("военное", "001", "exact form"),
    ("сотрудничеств", "001", "a bare stem (lunr's best case)"),
    ("Kyrgyzstan", "002", "exact English word"),
]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_project(root: Path) -> Path:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - generator/mkdocs_hook.py", f"  - {ROOT / 'generator' / 'mkdocs_hook.py'}")
    config = config.replace("custom_dir: generator/theme", f"custom_dir: {ROOT / 'generator' / 'theme'}")
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    stock = re.sub(r"  custom_dir: .*\n", "", re.sub(r"hooks:\n  - .*\n", "", config))
    (root / "lunr.yml").write_text(stock.replace("plugins:\n", "plugins:\n  - search:\n      lang: [en, ru]\n"), encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    shutil.copy(ROOT / "docs" / "about.md", root / "docs" / "about.md")
    shutil.copytree(ROOT / "translations", root / "translations")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    return root


def article_urls(project: Path) -> dict[str, str]:
    """Seed number ('000') -> site path of its article."""
    urls = {}
    for page in (project / "docs" / "articles").glob("*.md"):
        seed = re.search(r"^seed: (\S+)", page.read_text(encoding="utf-8"), re.M).group(1)
        urls[seed[:3]] = f"articles/{page.stem}/"
    return urls


def ask_lunr(page, query: str) -> list[str]:
    """Type into stock Material's box; the result links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query, delay=30)
    box.press("End")  # Cyrillic is typed as text input without key events; Material's search listens for keyup
    page.wait_for_function("q => document.querySelector('.md-search-result__meta').textContent.trim() !== '' && "
                           "document.querySelector('input.md-search__input').value === q", arg=query)
    time.sleep(0.8)  # lunr answers as you type; let the last keystroke's answer land
    return page.eval_on_selector_all(".md-search-result__list > li > a", "as => as.map(a => a.href)")


def ask_digest(page, query: str) -> list[str]:
    """Type into this site's box; the result links once it has answered this query."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.wait_for_function("q => (document.querySelector('[data-digest-search]').dataset.answered || '').includes(q)", arg=query)
    return page.eval_on_selector_all(".md-search-result__list a", "as => as.map(a => a.href)")


def rank_expected(browser, base: str, urls: dict[str, str], ask) -> list[int | None]:
    """For each query, the rank of its expected article among the article results (None when missing)."""
    page = browser.new_page()
    page.goto(base)
    ranks = []
    for query, seed, _ in QUERIES:
        paths = [path for path in dict.fromkeys(href.removeprefix(base).split("#")[0] for href in ask(page, query))
                 if path.startswith("articles/")]
        ranks.append(paths.index(urls[seed]) + 1 if urls[seed] in paths else None)
    page.close()
    return ranks


def pf_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.suffix.startswith(".pf_"))


def fixed_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.suffix.startswith(".pf_"))


def compare_on_seeds() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "p")
        subprocess.run([sys.executable, "-m", "generator", "-C", str(project), "build"], env=ENV, check=True,
                       capture_output=True)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "lunr.yml", "-d", "site-lunr"], cwd=project,
                       env={**ENV, "DIGEST_SKIP_GENERATE": "1"}, check=True, capture_output=True)
        urls = article_urls(project)
        with chromium() as browser:
            with serve_folder(project / "site-lunr") as base:
                lunr = rank_expected(browser, base, urls, ask_lunr)
            with serve_folder(project / "site") as base:
                digest = rank_expected(browser, base, urls, ask_digest)
        print("Queries on the five seeds, typed into the header search box (rank of the expected article; — = missed)\n")
        print("| query | expected | why it is hard | Material search (lunr, en+ru) | this site (Pagefind ×2) |")
        print("|---|---|---|---:|---:|")
        for (query, seed, why), a, b in zip(QUERIES, lunr, digest):
            print(f"| `{query}` | {seed} | {why} | {a or '—'} | {b or '—'} |")
        found = lambda ranks: sum(1 for r in ranks if r and r <= 3)  # noqa: E731
        print(f"| **in top 3** | | | **{found(lunr)}/{len(QUERIES)}** | **{found(digest)}/{len(QUERIES)}** |\n")
        lunr_index = (project / "site-lunr" / "search" / "search_index.json").stat().st_size
        pages = len(list((project / "site-lunr").rglob("*.html")))
        search = project / "site" / "search"
        print("| index | bytes per article | fixed (JS, WebAssembly) | loaded for a query |")
        print("|---|---:|---:|---|")
        print(f"| lunr `search_index.json` ({pages} pages) | {lunr_index / 5:,.0f} | lunr + worker | the whole file |")
        print(f"| Pagefind en + ru bundles | {pf_bytes(search) / 5:,.0f} | {fixed_bytes(search):,} | meta, filter and matching chunks |")


def measure_scale(size: int) -> None:
    from scale import make_corpus, read_seed_parts

    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "p")
        shutil.rmtree(project / "seeds")
        make_corpus(project / "seeds", size, read_seed_parts())
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "-C", str(project), "build"], env=ENV, check=True,
                       capture_output=True)
        built = time.perf_counter() - started
        search = project / "site" / "search"
        total = pf_bytes(search)
        bundles = sorted({str(p.parent.relative_to(search)) for p in search.rglob("pagefind-entry.json")})
        print(f"\n{size:,} articles: digest build {built:.1f} s; {len(bundles)} bundles, {total / 1e6:.1f} MB of index "
              f"({total / size / 1024:.2f} KB/article), {len(list(search.rglob('*.pf_*'))):,} files\n")
        print("| query | article results | until answered | requests | bytes fetched (search files) | share of the index |")
        print("|---|---:|---:|---:|---:|---:|")
        with chromium() as browser, serve_folder(project / "site") as base:
            for query in ("Путин", "cooperation", "Бишкеке", "Japarov"):
                page = browser.new_page()
                fetched: list = []
                page.on("response", lambda r: fetched.append(r) if "/search/" in r.url else None)
                page.goto(base)
                page.wait_for_load_state("networkidle")
                fetched.clear()
                started = time.perf_counter()
                links = ask_digest(page, query)
                took = time.perf_counter() - started
                got = sum(len(r.body()) for r in fetched)
                index = sum(len(r.body()) for r in fetched if ".pf_" in r.url)
                articles = sum(1 for href in links if "/articles/" in href)
                print(f"| `{query}` | {articles:,} | {took:.2f} s | {len(fetched)} | {got / 1024:,.0f} KB "
                      f"| {100 * index / total:.1f} % |")
                page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="also measure bytes fetched on an N-article corpus")
    args = parser.parse_args()
    compare_on_seeds()
    if args.scale:
        measure_scale(args.scale)


if __name__ == "__main__":
    main()
