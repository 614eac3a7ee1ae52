"""Live and incremental: the cache, rewriting only what changed, and `mkdocs serve` picking up new seeds."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, article_pages, make_project, run_digest
from generator.config import Settings
from generator.models import Header, Seed
from generator.pipeline import seed_cache_key
from test_site import generated_files

NEW_SEED = ROOT / "tests" / "data" / "hostile" / "mixed-script.txt"  # a June 2023 article: a month of its own
TODAY = dt.date(2026, 11, 22)
SEED = Seed("a.txt", "0" * 64, "utf-8", "Presidents met in 2023.\nFooter line", None)


def mtimes(project: Path) -> dict[str, int]:
    docs = project / "docs"
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*.md")}


def test_listings_that_no_changed_article_is_in_are_taken_as_they_were_without_going_through_them(tmp_path: Path, monkeypatch) -> None:
    """After a complete run, a new seed and then its deletion: only the listings (names, months) of the articles whose
    lines may have changed are gone through; the others are taken from the page memo. Each state's pages are those
    of a clean run of the same seeds, and a run after an incomplete one goes through every listing."""
    from generator import pipeline
    from generator.config import load_settings
    from generator.renderer import ListingMemo

    made: list[str] = []
    kept: list[str] = []
    pages_to_make, keep_listing = ListingMemo.pages_to_make, ListingMemo.keep_listing
    monkeypatch.setattr(ListingMemo, "pages_to_make", lambda self, main, *rest, **kw: made.append(main) or pages_to_make(self, main, *rest, **kw))
    monkeypatch.setattr(ListingMemo, "keep_listing", lambda self, main, *rest: keep_listing(self, main, *rest) and not kept.append(main))
    project, clean = make_project(tmp_path / "p"), make_project(tmp_path / "clean")
    settings = load_settings(project)
    pipeline.generate(project, settings, today=TODAY, jobs=1)
    everything = set(made)
    assert not kept, "a first run took a listing as it was"
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)
    made.clear()
    pipeline.generate(project, settings, today=TODAY, jobs=1)
    assert kept and set(made) | set(kept) >= everything - {"dates/2023-06.md"}
    assert "dates/2023-06.md" in made and not set(made) & set(kept)
    its_listings = set(made) & everything  # the new seed's names that other articles have too
    shutil.copy(NEW_SEED, clean / "seeds" / NEW_SEED.name)
    pipeline.generate(clean, load_settings(clean), today=TODAY, jobs=1)
    assert generated_files(project) == generated_files(clean)
    (project / "seeds" / NEW_SEED.name).unlink()  # its names and month are gone through again, from its last row
    made.clear()
    kept.clear()
    pipeline.generate(project, settings, today=TODAY, jobs=1)
    assert kept and its_listings <= set(made), "the deleted seed's listings were taken as they were"
    (clean / "seeds" / NEW_SEED.name).unlink()
    pipeline.generate(clean, load_settings(clean), today=TODAY, jobs=1)
    assert generated_files(project) == generated_files(clean)
    (project / ".cache" / "digest" / "last-run.json").unlink()  # as a run that stopped half way leaves it
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)
    made.clear()
    kept.clear()
    pipeline.generate(project, settings, today=TODAY, jobs=1)
    assert not kept and set(made) >= everything


def test_second_run_takes_everything_from_the_cache_and_rewrites_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    first = run_digest(project, "generate")
    assert "(0 from cache;" in first.stdout
    before = mtimes(project)
    second = run_digest(project, "generate")
    assert "(5 from cache;" in second.stdout and "0 written" in second.stdout
    assert mtimes(project) == before


def test_one_new_seed_rewrites_its_page_and_the_index_pages_it_touches(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    run_digest(project, "generate")
    before = generated_files(project)
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)
    result = run_digest(project, "generate")
    assert "(5 from cache;" in result.stdout
    after = generated_files(project)
    changed = {name for name in after if before.get(name) != after[name]}
    new_page = article_pages(project)[NEW_SEED.name]
    assert {f"articles/{new_page.name}", "index.md", "dates/index.md", "dates/2023-06.md"} <= changed
    assert not any(name.startswith("articles/") for name in changed - {f"articles/{new_page.name}"})
    searched = {name for name in changed if name.startswith("search/")}
    assert any(name.startswith("search/en/fragment/") for name in searched), "the new article is not in the index"
    for name in changed - {f"articles/{new_page.name}"} - searched:  # every other change is an index listing it
        family_index = name.endswith("/index.md") or name in ("index.md", "browse.md")
        assert family_index or new_page.stem in after[name].decode(), name


def test_changed_setting_or_seed_invalidates_only_what_it_affects(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    run_digest(project, "generate")
    seed = project / "seeds" / SEEDS[3].name
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more sentence was added to the article by its editor.\n", encoding="utf-8")
    assert "(4 from cache;" in run_digest(project, "generate").stdout
    (project / "digest.yml").write_text("headline_words: 12\n", encoding="utf-8")
    assert "(0 from cache;" in run_digest(project, "generate").stdout


@pytest.mark.parametrize("broken", [("cache.sqlite",), ("heads.sqlite",), ("cache.sqlite", "heads.sqlite")])
def test_a_broken_or_deleted_cache_is_rebuilt(tmp_path: Path, broken: tuple[str, ...]) -> None:
    project = make_project(tmp_path / "p")
    run_digest(project, "generate")
    expected = generated_files(project)
    for name in broken:
        (project / ".cache" / "digest" / name).write_bytes(b"not a database at all" * 100)
    shutil.rmtree(project / "docs" / "articles")  # the pages must be made again, from what is left of the cache
    assert run_digest(project, "generate").returncode == 0
    assert generated_files(project) == expected
    assert run_digest(project, "generate").returncode == 0
    assert generated_files(project) == expected
    shutil.rmtree(project / ".cache")
    assert "(0 from cache;" in run_digest(project, "generate").stdout
    assert generated_files(project) == expected
    assert "(0 from cache;" in run_digest(project, "generate", "--no-cache").stdout


@pytest.mark.parametrize(
    ("change", "same"),
    [
        (lambda s, kw: kw, True),
        (lambda s, kw: {**kw, "seed": dataclasses.replace(s, sha256="1" * 64)}, False),
        (lambda s, kw: {**kw, "seed": dataclasses.replace(s, name="b.txt")}, False),
        (lambda s, kw: {**kw, "code": "other"}, False),
        (lambda s, kw: {**kw, "settings": Settings(headline_words=10)}, False),
        (lambda s, kw: {**kw, "settings": Settings(home_articles=3)}, True),  # only index pages use it
        (lambda s, kw: {**kw, "learned": frozenset({"footer line"})}, False),
        (lambda s, kw: {**kw, "learned": frozenset({"a line it does not have"})}, True),
        (lambda s, kw: {**kw, "today": dt.date(2026, 11, 23)}, True),  # text names no year >= 2026
    ],
)
def test_seed_cache_key(change, same: bool) -> None:
    base = {"seed": SEED, "learned": frozenset(), "settings": Settings(), "code": "code", "today": TODAY}
    assert (seed_cache_key(**change(SEED, base)) == seed_cache_key(**base)) == same


def test_a_future_date_keeps_the_key_tied_to_today() -> None:
    seed = dataclasses.replace(SEED, header=Header("2026-12-01", None, None))
    args = {"learned": frozenset(), "settings": Settings(), "code": "c"}
    assert seed_cache_key(seed, today=TODAY, **args) != seed_cache_key(seed, today=TODAY + dt.timedelta(days=1), **args)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wait_for(url: str, status: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if fetch(url) == status:
            return True
        time.sleep(0.3)
    return False


def wait_for_text(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("watch", ["native", "polling"])
def test_mkdocs_serve_shows_a_new_seed_without_a_restart(tmp_path: Path, watch: str) -> None:
    project = make_project(tmp_path / "p")  # nothing generated yet: serve must generate by itself
    if watch != "native":
        (project / "digest.yml").write_text(f"watch: {watch}\n", encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],  # watching needs live reload on
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, encoding="utf-8", errors="replace",
    )
    base = f"http://127.0.0.1:{port}/"
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
    try:
        assert wait_for(base, 200), "mkdocs serve did not come up"
        assert fetch(base + "articles/putin-zhaparov-agree-to-boost-military-cooperation-in-joint-statement/") == 200
        for path in ("search/languages.json", "search/en/pagefind.js", "search/en/pagefind-entry.json",
                     "search/ru/pagefind-entry.json", "assets/digest-search.js"):  # the search works under serve too
            assert fetch(base + path) == 200, path
        builds = sum("Detected file changes" in line for line in log)
        notified = [line for line in log if "watching by the system's notifications" in line]
        # native: the seeds by inotify (MkDocs would poll them); polling: as MkDocs does
        assert bool(notified) == (watch == "native") and (not notified or str(project / "seeds") in notified[0]), "".join(log)
        shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)
        new_page = base + "articles/prezident-putin-vstretilsia-s-japarov-v-bishkeke/"
        assert wait_for(new_page, 200), "the new seed's page did not appear"
        time.sleep(2)  # four polls of the watcher: a change the rebuild itself made would have been seen
        # one rebuild per change: the home page and feeds the rebuild writes are output, not a change to react to
        assert sum("Detected file changes" in line for line in log) == builds + 1, "".join(log)
        (project / "seeds" / NEW_SEED.name).unlink()
        assert wait_for(new_page, 404), "the deleted seed's page stayed"
        # hand-written pages are still watched (the generated folders of docs/ are not: they are the output)
        about = project / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA line an editor added while the server ran.\n", encoding="utf-8")
        (project / "docs" / "assets" / "extra.css").write_text("/* added while serving */\n", encoding="utf-8")
        assert wait_for_text(base + "about/", "A line an editor added while the server ran."), "an edited page was not rebuilt"
        assert wait_for(base + "assets/extra.css", 200), "a new file in a hand-written folder was not copied"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_mkdocs_serve_started_again_renders_only_what_changed_while_it_was_stopped(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"

    def serve() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    server = serve()
    try:
        assert wait_for(base, 200), "mkdocs serve did not come up"
    finally:
        server.terminate()
        server.wait(timeout=20)
    site = project / ".cache" / "digest" / "serve" / f"127.0.0.1-{port}"
    page = site / "articles" / "putin-zhaparov-agree-to-boost-military-cooperation-in-joint-statement" / "index.html"
    rendered = page.stat().st_mtime_ns
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)  # while no server runs
    server = serve()
    try:
        assert wait_for(base + "articles/prezident-putin-vstretilsia-s-japarov-v-bishkeke/", 200), "the new seed was not served"
        assert fetch(base + "no-such-page/") == 404
        assert page.stat().st_mtime_ns == rendered, "a page that did not change was rendered again at the second start"
    finally:
        server.terminate()
        server.wait(timeout=20)


OUTLET_MENU = "Steppe Courier reporters cover the whole region every single day."  # this invented outlet's standing line
OUTLET_ARTICLES = {
    "a.txt": ("2024-03-04", "Almaty opens a new tram line to the airport",
              "The city of Almaty opened a tram line to its airport on Monday, the mayor's office said in a statement. "
              "The line has eleven stops and runs every eight minutes during the day."),
    "b.txt": ("2024-03-06", "Flooding closes roads in the Kostanay region",
              "Spring floods closed several roads in the Kostanay region on Wednesday, the emergencies ministry reported. "
              "Rescuers moved about three hundred people from two villages to schools nearby."),
    "c.txt": ("2024-03-08", "Astana hosts a regional chess tournament",
              "Astana welcomed players from nine countries to a regional chess tournament on Friday, the organisers said. "
              "The event runs for ten days and offers a prize fund of fifty thousand dollars."),
}


def write_outlet_seed(folder: Path, name: str) -> None:
    day, title, body = OUTLET_ARTICLES[name]
    text = f" date {day} https://steppe-courier.example/news/{name[0]}\n{title}\n\n{OUTLET_MENU}\n\n{body}\n\n{OUTLET_MENU}\n"
    (folder / name).write_text(text, encoding="utf-8")


def test_a_seed_that_lands_or_leaves_relearns_its_outlet_and_reads_only_that_outlet(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    seeds = project / "seeds"
    write_outlet_seed(seeds, "a.txt")
    write_outlet_seed(seeds, "b.txt")
    run_digest(project, "generate")
    page = lambda: (project / "docs" / article_pages(project)["a.txt"]).read_text(encoding="utf-8")  # noqa: E731
    assert OUTLET_MENU in page()  # a sentence two articles share may be theirs: not yet the outlet's
    write_outlet_seed(seeds, "c.txt")
    result = run_digest(project, "generate")
    assert OUTLET_MENU not in page()  # a third article shows it is the outlet's, on the untouched first one too
    assert generated_files(project) == generated_files(clean_copy(project, tmp_path / "clean-1"))
    (seeds / "c.txt").unlink()
    run_digest(project, "generate")
    assert OUTLET_MENU in page()
    assert generated_files(project) == generated_files(clean_copy(project, tmp_path / "clean-2"))
    assert result.returncode == 0


def clean_copy(project: Path, where: Path) -> Path:
    clean = make_project(where, sorted((project / "seeds").iterdir()))
    assert run_digest(clean, "generate").returncode == 0
    return clean


@contextlib.contextmanager
def seeds_read():
    """The names of the seed files the generator reads inside the block (the real reader, observed)."""
    from generator import pipeline

    read: list[str] = []
    real = pipeline.read_seeds

    def counting(folder, max_bytes, names=None):
        found, bad = real(folder, max_bytes, names)
        read.extend(seed.name for seed in found)
        return found, bad

    pipeline.read_seeds = counting
    try:
        yield read
    finally:
        pipeline.read_seeds = real


def test_a_run_reads_only_the_seeds_that_moved_and_their_outlets(tmp_path: Path) -> None:
    from generator import pipeline
    from generator.config import load_settings

    project = make_project(tmp_path / "p")
    write_outlet_seed(project / "seeds", "a.txt")
    write_outlet_seed(project / "seeds", "b.txt")
    settings = load_settings(project)
    pipeline.generate(project, settings, today=TODAY, jobs=1)
    with seeds_read() as read:
        write_outlet_seed(project / "seeds", "c.txt")
        report = pipeline.generate(project, settings, today=TODAY, jobs=1)
    assert sorted(read) == ["a.txt", "b.txt", "c.txt"]  # the new seed and its outlet's others; not the five seeds
    assert report.articles == len(SEEDS) + 3


def test_a_generated_page_edited_or_deleted_by_hand_is_made_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    run_digest(project, "generate")
    expected = generated_files(project)
    pages = sorted(article_pages(project).values())
    edited, deleted = project / "docs" / pages[0], project / "docs" / pages[1]
    with edited.open("a", encoding="utf-8") as handle:  # same folder, same name: only the file's own identity moves
        handle.write("\nAn editor's note typed into a generated page.\n")
    deleted.unlink()
    story = sorted((project / "docs" / "stories").glob("20*.md"))[0]  # a page made from the corpus, not one seed
    story.write_text(story.read_text(encoding="utf-8").replace("Summaries", "Summaries (edited)"), encoding="utf-8")
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)
    assert run_digest(project, "generate").returncode == 0
    (project / "seeds" / NEW_SEED.name).unlink()
    assert run_digest(project, "generate").returncode == 0
    assert generated_files(project) == expected


def test_a_copy_that_lost_its_address_never_lends_its_search_text(tmp_path: Path) -> None:
    """A syndicated copy first indexed alone keeps its old search documents in the cache after the original arrives
    and takes its address; a later rebuild of that year's bundle must index the original's text, as a clean run does."""
    def write(name: str, title: str, day: str, body: str) -> None:
        (project / "seeds" / name).write_text(f" date {day} https://{name[0]}-news.example/{name}\n{title}\n\n{body}\n",
                                              encoding="utf-8")

    body = ("The regional parliament approved a new water budget on Tuesday after a long debate between the deputies. "
            "The plan moves money from road repairs to irrigation canals in the southern districts of the region.")
    project = make_project(tmp_path / "p", [])
    write("b-copy.txt", "Parliament approves the water budget", "2024-05-14", body)
    assert run_digest(project, "generate").returncode == 0
    write("a-original.txt", "Parliament approves the water budget", "2024-05-14", body + " Farmers welcomed the decision.")
    assert run_digest(project, "generate").returncode == 0
    write("c-other.txt", "A new bridge opens over the river", "2024-05-20",
          "Engineers opened a new bridge over the river on Monday, the city said. It carries two lanes and a tram line.")
    assert run_digest(project, "generate").returncode == 0
    clean = make_project(tmp_path / "clean", sorted((project / "seeds").iterdir()))
    assert run_digest(clean, "generate").returncode == 0
    search = lambda root: {k: v for k, v in generated_files(root).items() if k.startswith("search/")}  # noqa: E731
    assert search(project) == search(clean)


def test_a_cold_run_stores_every_row_whole_though_it_lets_go_of_pages_as_it_writes_them(tmp_path: Path, monkeypatch) -> None:
    import marshal
    import sqlite3

    from generator import pipeline
    from generator.config import load_settings

    monkeypatch.setattr(pipeline, "SPILL_EVERY", 2)  # the five seeds' rows stored in three batches, then their heads
    project = make_project(tmp_path / "p")
    report = pipeline.generate(project, load_settings(project), today=TODAY, jobs=1)
    with sqlite3.connect(project / ".cache" / "digest" / "cache.sqlite") as db:
        db.execute("ATTACH DATABASE ? AS h", (str(project / ".cache" / "digest" / "heads.sqlite"),))
        rows = db.execute("SELECT head, page, search, body FROM h.heads JOIN parts USING (key)").fetchall()
    assert len(rows) == report.articles == len(SEEDS)
    for head, page, search, body in rows:
        head, page = marshal.loads(head), marshal.loads(page)
        assert page["text"] and page["parts"], "a page column was let go of before it was stored"
        assert "assembled" in head and "search" in head, "a head stored at the spill was not stored again at the end"
        assert marshal.loads(search), "a search column was let go of before it was stored"
        assert marshal.loads(body)[0], "an article's body was not stored with its head"
    before = generated_files(project)
    shutil.rmtree(project / "docs" / "articles")  # the next run restores the pages from the stored rows alone
    again = pipeline.generate(project, load_settings(project), today=TODAY, jobs=1)
    assert again.cached == len(SEEDS)
    assert generated_files(project) == before


def test_a_server_keeps_the_heads_in_memory_and_drops_them_when_another_run_writes_the_cache(tmp_path: Path) -> None:
    from generator import pipeline
    from generator.config import load_settings

    project, clean = make_project(tmp_path / "p"), make_project(tmp_path / "clean")
    settings = load_settings(project)
    pipeline.generate(project, settings, today=TODAY, jobs=1, resident=True)
    cache_file = project / ".cache" / "digest" / "cache.sqlite"
    assert len(pipeline.RESIDENT_HEADS.heads) == len(SEEDS) and pipeline.RESIDENT_HEADS.cache_file == cache_file
    # a new seed: the other heads come from memory, and the pages are those of a clean run of the same seeds
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)
    report = pipeline.generate(project, settings, today=TODAY, jobs=1, resident=True)
    assert report.cached == len(SEEDS) and len(pipeline.RESIDENT_HEADS.heads) == len(SEEDS) + 1
    # another process's run (a `digest build` beside the server) rewrites the cache: the memory is not trusted after it
    first = sorted(project.joinpath("seeds").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nThe ministry added a statement on Friday.\n", encoding="utf-8")
    pipeline.generate(project, settings, today=TODAY, jobs=1)  # resident=False: the memory is not told
    stale = dict(pipeline.RESIDENT_HEADS.heads)
    assert pipeline.RESIDENT_HEADS.read(cache_file, sorted(stale)) != stale  # the changed seed's key is gone from the file
    pipeline.generate(project, settings, today=TODAY, jobs=1, resident=True)
    for seed in sorted(project.joinpath("seeds").iterdir()):
        shutil.copy(seed, clean / "seeds" / seed.name)
    pipeline.generate(clean, load_settings(clean), today=TODAY, jobs=1, use_cache=False)
    assert generated_files(project) == generated_files(clean)


def test_a_server_started_on_a_built_project_holds_the_heads_before_its_first_change(tmp_path: Path, monkeypatch) -> None:
    from generator import pipeline
    from generator.config import load_settings

    project, clean = make_project(tmp_path / "p"), make_project(tmp_path / "clean")
    settings = load_settings(project)
    pipeline.generate(project, settings, today=TODAY, jobs=1)  # an editor's `digest build`
    monkeypatch.setattr(pipeline, "RESIDENT_HEADS", pipeline.ResidentHeads())  # a server process starting
    started = pipeline.generate(project, settings, today=TODAY, jobs=1, resident=True)
    assert started.write.written == () and len(pipeline.RESIDENT_HEADS.heads) == len(SEEDS)  # answered from the record
    asked: list[str] = []
    read = pipeline.read_cache_entries

    def read_heads(file, keys, column="head"):
        asked.extend(keys if column == "head" else [])
        return read(file, keys, column)

    monkeypatch.setattr(pipeline, "read_cache_entries", read_heads)
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)
    report = pipeline.generate(project, settings, today=TODAY, jobs=1, resident=True)
    assert report.cached == len(SEEDS) and len(asked) <= 1  # the file is asked only for the new seed's head
    for seed in sorted(project.joinpath("seeds").iterdir()):
        shutil.copy(seed, clean / "seeds" / seed.name)
    pipeline.generate(clean, load_settings(clean), today=TODAY, jobs=1, use_cache=False)
    assert generated_files(project) == generated_files(clean)


def test_a_cache_in_the_layout_before_the_heads_were_kept_apart_is_started_anew(tmp_path: Path) -> None:
    """A cache file of the earlier layout (heads and parts in one `articles` table) is read as empty, not as an
    error, and replaced by the current layout; the pages come out as from a clean run."""
    import sqlite3

    from generator import pipeline
    from generator.config import load_settings

    project = make_project(tmp_path / "p")
    cache_file = project / ".cache" / "digest" / "cache.sqlite"
    cache_file.parent.mkdir(parents=True)
    with sqlite3.connect(cache_file) as db:
        db.execute("CREATE TABLE articles (key TEXT PRIMARY KEY, head BLOB NOT NULL, page BLOB, search BLOB, body BLOB)")
        db.execute("INSERT INTO articles (key, head) VALUES ('k', x'00')")
    report = pipeline.generate(project, load_settings(project), today=TODAY, jobs=1)
    assert (report.articles, report.cached) == (len(SEEDS), 0)
    with sqlite3.connect(cache_file) as db:
        db.execute("ATTACH DATABASE ? AS h", (str(cache_file.with_name("heads.sqlite")),))
        tables = [name for schema in ("main", "h") for (name,) in db.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")]
        assert tables == ["parts", "heads"]
        assert db.execute("SELECT count(*) FROM h.heads JOIN parts USING (key)").fetchone() == (len(SEEDS),)
    assert pipeline.generate(project, load_settings(project), today=TODAY, jobs=1).cached == len(SEEDS)
    clean = make_project(tmp_path / "clean")
    pipeline.generate(clean, load_settings(clean), today=TODAY, jobs=1)
    assert generated_files(project) == generated_files(clean)


@pytest.mark.parametrize("body", ["body", "x'00'", "NULL"])
def test_cache_rows_missing_their_page_or_search_column_are_made_again(tmp_path: Path, body: str) -> None:
    """Whatever else of a row is lost (its article's body kept, damaged: extracted again, or missing: a miss)."""
    import sqlite3

    project = make_project(tmp_path / "p")
    run_digest(project, "generate")
    with sqlite3.connect(project / ".cache" / "digest" / "cache.sqlite") as db:  # heads kept, the rest lost
        db.execute(f"UPDATE parts SET page = NULL, search = x'00', body = {body}")
    shutil.rmtree(project / "docs" / "articles")  # every article page must be made from its row again
    shutil.rmtree(project / ".cache" / "digest" / "search")  # every bundle too
    result = run_digest(project, "generate")
    assert result.returncode == 0, result.stderr
    clean = make_project(tmp_path / "clean")
    run_digest(clean, "generate")
    assert generated_files(project) == generated_files(clean)


def test_a_new_day_rereads_only_the_seeds_whose_key_names_the_date(tmp_path: Path) -> None:
    from generator import pipeline
    from generator.config import load_settings

    project = make_project(tmp_path / "p")  # the five seeds are of 2023-2025: their keys do not name the date
    (project / "seeds" / "recent.txt").write_text(
        " date 2026-11-20 https://recent.example/news/1\nThe council approves a new park for the old port\n\n"
        "The city council approved a new park for the old port district on Friday after two years of planning. "
        "Work on the first section starts in the spring and should end by the summer of 2027.\n", encoding="utf-8")
    settings = load_settings(project)
    pipeline.generate(project, settings, today=TODAY, jobs=1)
    with seeds_read() as read:
        report = pipeline.generate(project, settings, today=TODAY + dt.timedelta(days=1), jobs=1)
    assert read == ["recent.txt"]  # its date window ends today; the others are keyed as yesterday
    assert report.articles == len(SEEDS) + 1 and report.cached == len(SEEDS)


def test_the_knowledge_comes_from_the_cache_only_as_this_code_made_it_from_these_files(tmp_path: Path) -> None:
    import pickle

    from generator.entities import alias_index
    from generator.pipeline import load_knowledge
    from generator.reader import read_code_fingerprint, read_knowledge

    cache, code = tmp_path / "knowledge.pickle", read_code_fingerprint()
    fresh = read_knowledge()
    made = load_knowledge(cache, code)
    assert cache.is_file() and made == fresh and made.aliases == alias_index(fresh)
    kept = load_knowledge(cache, code)
    assert kept == fresh and kept.aliases == made.aliases and kept.aliases is not made.aliases, "not read from the cache"
    for stale in (pickle.dumps(("other code or knowledge files", dataclasses.replace(made, aliases={}))), b"damaged"):
        cache.write_bytes(stale)
        assert load_knowledge(cache, code).aliases == made.aliases, "a stale or damaged cache file was trusted"
    assert load_knowledge(None, code).aliases == made.aliases


def test_a_server_build_holds_the_watchers_still_and_a_change_made_meanwhile_is_seen_after_it(tmp_path: Path) -> None:
    """`mkdocs serve`'s polling watchers wait while the hook builds (their polls slowed it), and lose nothing."""
    from types import SimpleNamespace

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    from generator import mkdocs_adapter

    seen: list[str] = []

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            seen.append(os.path.basename(event.src_path))

    observer = PollingObserver(timeout=0.1)
    observer.schedule(Handler(), str(tmp_path), recursive=True)
    observer.start()
    mkdocs_adapter._build["server"] = SimpleNamespace(observer=observer)  # what on_serve keeps of MkDocs' server
    try:
        mkdocs_adapter.pause_watching()
        (tmp_path / "new-seed.txt").write_text("landed during a build\n", encoding="utf-8")
        time.sleep(0.6)  # six polls' time
        assert "new-seed.txt" not in seen, "a watcher polled during the build"
        mkdocs_adapter.resume_watching()
        deadline = time.monotonic() + 5
        while "new-seed.txt" not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "new-seed.txt" in seen, "the change made during the build was lost"
    finally:
        mkdocs_adapter.resume_watching()
        mkdocs_adapter._build.pop("server", None)
        observer.stop()
        observer.join(timeout=5)


def test_a_run_that_replaces_every_cache_row_gives_the_space_back(tmp_path: Path) -> None:
    """A changed setting gives every seed a new cache key: the run stores 150 new rows, then deletes the old ones.
    The files it leaves must not be a quarter free pages or more (SQLite never gives them back by itself)."""
    import sqlite3

    from generator.writer import VACUUM_MIN_FREE

    project = make_project(tmp_path / "p", seeds=[])
    for number in range(150):
        seed = SEEDS[number % len(SEEDS)]
        text = seed.read_text(encoding="utf-8").replace("Putin", f"Putin{number}").replace("Путин", f"Путин{number}")
        (project / "seeds" / f"{number:03d}-{seed.name}").write_text(text, encoding="utf-8")
    cache = project / ".cache" / "digest"

    def pages_and_free(name: str) -> tuple[int, int]:
        with contextlib.closing(sqlite3.connect(cache / name)) as db:
            return tuple(db.execute(f"PRAGMA {pragma}").fetchone()[0] for pragma in ("page_count", "freelist_count"))

    assert run_digest(project, "generate").returncode == 0
    live = pages_and_free("cache.sqlite")[0]
    assert live > 2 * VACUUM_MIN_FREE, live  # big enough for its old rows' pages to be worth a rewrite
    (project / "digest.yml").write_text("headline_words: 15\n", encoding="utf-8")
    again = run_digest(project, "generate")
    assert again.returncode == 0 and "0 from cache" in again.stdout, again.stdout  # every row stored anew
    for name in ("cache.sqlite", "heads.sqlite"):
        pages, free = pages_and_free(name)
        assert not (free >= VACUUM_MIN_FREE and free * 4 > pages), (name, pages, free)
    assert pages_and_free("cache.sqlite")[0] < 1.5 * live
    shutil.copy(NEW_SEED, project / "seeds" / NEW_SEED.name)  # a run that reads the rewritten cache's rows
    third = run_digest(project, "generate")
    assert third.returncode == 0 and "(150 from cache" in third.stdout, third.stdout
