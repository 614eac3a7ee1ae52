"""Partial rebuilds equal clean ones; one run at a time; the same bytes whatever the hash seed or worker count."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, make_project, run_digest
from test_site import generated_files

NEW_SEED = ROOT / "tests" / "data" / "hostile" / "mixed-script.txt"
PEOPLE = ROOT / "generator" / "data" / "people.yml"


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by relative path (hidden files too)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(left: dict[str, bytes], right: dict[str, bytes]) -> list[str]:
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


SPLIT = {"DIGEST_RENDER_MIN_SHARE": "1"}  # split even a small render across the processes `--jobs` names


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = run_digest(project, "build", *args, env=env)
    assert result.returncode == 0, result.stderr
    return result


def clean_build_of(project: Path, where: Path) -> Path:
    """A fresh project with the same seeds and configuration, built from nothing."""
    clean = make_project(where, sorted((project / "seeds").iterdir()))
    shutil.copy(project / "mkdocs.yml", clean / "mkdocs.yml")
    if (project / "digest.yml").is_file():
        shutil.copy(project / "digest.yml", clean / "digest.yml")
    build(clean, "--jobs", "2", env=SPLIT)  # the clean render split across processes, the partial ones not
    return clean


def assert_same_as_clean(project: Path, where: Path) -> None:
    clean = clean_build_of(project, where)
    assert differences(tree_bytes(project / "docs"), tree_bytes(clean / "docs")) == []
    assert differences(tree_bytes(project / "site"), tree_bytes(clean / "site")) == []


def test_a_sequence_of_partial_rebuilds_ends_where_a_clean_build_does(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "digest.yml").write_text("site_url: https://example.org/digest/\n", encoding="utf-8")  # a sitemap
    build(project)
    seeds = project / "seeds"
    page = project / "site" / "about" / "index.html"
    untouched = page.stat().st_mtime_ns

    shutil.copy(NEW_SEED, seeds / "new.txt")  # add
    build(project)
    assert page.stat().st_mtime_ns == untouched, "a page whose Markdown did not change was rendered again"
    assert any("prezident-putin" in name for name in os.listdir(project / "site" / "articles"))

    changed = seeds / SEEDS[3].name  # change
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe ministry added a further statement on Friday.\n",
                       encoding="utf-8")
    build(project)

    gone = sorted(os.listdir(project / "site" / "articles"))
    (seeds / SEEDS[4].name).unlink()  # delete
    build(project)
    assert len(os.listdir(project / "site" / "articles")) == len(gone) - 1, "the deleted seed's page stayed in site/"

    (seeds / SEEDS[0].name).rename(seeds / "renamed.txt")  # rename
    build(project)
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>") == len(os.listdir(project / "site" / "articles")), "pages left alone lost their date"
    assert_same_as_clean(project, tmp_path / "clean-1")

    original = PEOPLE.read_bytes()  # knowledge edit: everything is rendered again, and the edit shows
    try:
        PEOPLE.write_bytes(original + b"- en: Arkady Dvorkovich\n  ru: \xd0\x90\xd1\x80\xd0\xba\xd0\xb0\xd0\xb4\xd0\xb8\xd0\xb9 "
                           b"\xd0\x94\xd0\xb2\xd0\xbe\xd1\x80\xd0\xba\xd0\xbe\xd0\xb2\xd0\xb8\xd1\x87\n")
        build(project)
        assert page.stat().st_mtime_ns != untouched, "a knowledge edit did not render every page again"
        assert_same_as_clean(project, tmp_path / "clean-2")
    finally:
        PEOPLE.write_bytes(original)
    build(project)

    config = project / "mkdocs.yml"  # a navigation/configuration edit renders everything again
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: News digest", "site_name: Daily digest"),
                      encoding="utf-8")
    build(project)
    assert "Daily digest" in page.read_text(encoding="utf-8")
    assert_same_as_clean(project, tmp_path / "clean-3")


UP_TO_DATE = "digest: site is up to date"
RENDERED = "digest: site rendered"


def site_times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in sorted(site.rglob("*")) if p.is_file()}


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_an_unchanged_build_renders_nothing_and_any_move_of_what_the_site_is_made_from_renders_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    build(project)
    site = project / "site"
    before = site_times(site)
    again = build(project)
    assert UP_TO_DATE in again.stdout and RENDERED not in again.stdout, again.stdout
    assert site_times(site) == before, "an unchanged build touched the site"

    page = sorted((site / "articles").iterdir())[0] / "index.html"
    config = project / "mkdocs.yml"
    mark = next((project / ".cache" / "digest" / "renders").glob("*.txt"))
    hand = {path: path.read_bytes() for path in (project / "docs" / "about.md", project / "docs" / "assets" / "digest.css")}
    moves = [
        ("a page of site/ deleted by hand", page.unlink),
        ("an editor's page edited", lambda: append(project / "docs" / "about.md", "\nOne more line from the editor.\n")),
        ("an editor's stylesheet in a folder of docs/ edited", lambda: append(project / "docs" / "assets" / "digest.css", "\n/* wider */\n")),
        ("mkdocs.yml edited", lambda: config.write_text(config.read_text(encoding="utf-8").replace("site_name: News digest", "site_name: Daily digest"), encoding="utf-8")),
        ("a render that did not complete (its mark is gone)", mark.unlink),
        ("`mkdocs build` run beside digest", lambda: subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, check=True,
                                                                     env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})),
        ("the site folder removed", lambda: shutil.rmtree(site)),
        ("a new seed generated by `digest generate`", lambda: (shutil.copy(NEW_SEED, project / "seeds" / "new.txt"),
                                                              run_digest(project, "generate"))),
    ]
    for what, move in moves:
        move()
        moved = build(project)
        assert RENDERED in moved.stdout, f"{what}: not rendered again"
        assert UP_TO_DATE in build(project).stdout, f"{what}: the render after it was not recorded"
    assert page.is_file(), "the deleted page did not come back"
    assert "One more line from the editor." in (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "Daily digest" in (site / "index.html").read_text(encoding="utf-8")
    assert any("prezident-putin" in name for name in os.listdir(site / "articles")), "the generated seed's page is missing"
    for path, kept in hand.items():  # the clean build has the repository's hand pages
        path.write_bytes(kept)
    assert RENDERED in build(project).stdout, "an editor's page put back was not rendered again"
    assert_same_as_clean(project, tmp_path / "clean")
    assert RENDERED in build(project, "--strict").stdout, "a lenient render was taken for a strict one"
    assert UP_TO_DATE in build(project).stdout, "a strict render was not taken for a lenient one"


def test_seeds_touched_or_copied_again_with_their_bytes_are_answered_without_extracting_or_rendering(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    build(project)
    docs, site = tree_bytes(project / "docs"), site_times(project / "site")
    for name in ("cache.sqlite", "heads.sqlite"):
        (project / ".cache" / "digest" / name).unlink()  # the articles cannot come from the cache now
    seeds = sorted((project / "seeds").iterdir())
    for number, seed in enumerate(seeds):
        os.utime(seed, (1_700_000_000 + number, 1_700_000_000 + number))  # touched, as a checkout or `cp -r` does
    copied = seeds[0].read_bytes()
    seeds[0].unlink()
    seeds[0].write_bytes(copied)  # removed and written again: the folder's time moves too
    again = build(project)
    assert f"({len(seeds)} from cache;" in again.stdout, "seeds whose bytes did not change were extracted again"
    assert UP_TO_DATE in again.stdout and RENDERED not in again.stdout, again.stdout
    assert tree_bytes(project / "docs") == docs and site_times(project / "site") == site
    assert "(0 from cache;" not in build(project).stdout  # and the record now holds the new times

    text = seeds[1].read_text(encoding="utf-8")  # one letter of the last sentence changed, the size kept
    last = max(number for number, letter in enumerate(text) if letter.islower())
    seeds[1].write_text(text[:last] + text[last].upper() + text[last + 1:], encoding="utf-8")
    changed = build(project)
    assert RENDERED in changed.stdout and UP_TO_DATE not in changed.stdout, changed.stdout
    assert tree_bytes(project / "docs") != docs
    assert_same_as_clean(project, tmp_path / "clean")


def test_seeds_touched_while_a_generated_page_was_edited_by_hand_are_not_answered_from_the_record(tmp_path: Path) -> None:
    """The seeds' keys say nothing changed, but docs/ moved since the last run: the run goes on, and the page edited by
    hand (and the one deleted) are made again."""
    project = make_project(tmp_path / "p")
    build(project)
    pages = sorted((project / "docs" / "articles").glob("*.md"))
    pages[0].write_text(pages[0].read_text(encoding="utf-8") + "\nA line an editor typed in.\n", encoding="utf-8")
    pages[1].unlink()
    for seed in sorted((project / "seeds").iterdir()):
        os.utime(seed, (1_700_000_000, 1_700_000_000))
    again = build(project)
    assert again.returncode == 0 and RENDERED in again.stdout, again.stdout
    assert_same_as_clean(project, tmp_path / "clean")


def add_pages_with_broken_links(project: Path, count: int) -> None:
    for number in range(count):
        (project / "docs" / f"note-{number}.md").write_text(f"# Note {number}\n\nSee [the list](missing-{number}.md).\n",
                                                            encoding="utf-8")


def test_a_render_split_across_processes_gives_the_same_site_and_reports_every_warning(tmp_path: Path) -> None:
    single = make_project(tmp_path / "single")
    split = make_project(tmp_path / "split")
    for project in (single, split):
        add_pages_with_broken_links(project, 6)  # pages of one size: the shares give each process some
    build(single, "--jobs", "1", env=SPLIT)
    result = build(split, "--jobs", "2", env=SPLIT)
    for number in range(6):  # a worker's warnings reach the terminal like the first process's
        assert f"missing-{number}.md" in result.stderr
    assert differences(tree_bytes(single / "site"), tree_bytes(split / "site")) == []
    assert (split / "site" / "note-5" / "index.html").is_file()

    shutil.rmtree(split / "site")  # under --strict a warning in a worker's share fails the build too
    failed = run_digest(split, "build", "--strict", "--jobs", "2", env=SPLIT)
    assert failed.returncode != 0
    assert "logged warnings under --strict" in failed.stderr, failed.stderr
    assert "the next build renders everything" in failed.stderr


@pytest.mark.parametrize(("weights", "shares", "owners"), [
    ([5, 5, 5, 5], 2, [0, 1, 0, 1]),  # equal pages alternate
    ([100, 10, 10, 10, 10, 10], 2, [0, 1, 1, 1, 1, 1]),  # one long listing: the short pages go to the other process
    ([10, 100, 10, 60, 40], 2, [0, 0, 1, 1, 1]),  # heaviest first, each to the lighter share (ties: the first)
    ([3, 1, 2], 3, [0, 2, 1]),
    ([7], 2, [0]),
])
def test_render_shares_balance_the_work_and_are_the_same_every_time(weights: list[int], shares: int, owners: list[int]) -> None:
    from generator.render_split import assign_shares

    assert assign_shares(weights, shares) == owners
    loads = [sum(w for w, owner in zip(weights, owners) if owner == share) for share in range(shares)]
    assert max(loads) - min(loads) <= max(weights)


def test_the_modified_answer_is_mkdocs_own(tmp_path: Path) -> None:
    """`render_split.is_modified` answers as MkDocs' `File.is_modified()` for a page older, newer or the same age as
    its HTML, one without HTML, one whose output path is a folder, and a file MkDocs made in memory."""
    from mkdocs.structure.files import File

    from generator.render_split import is_modified

    docs, site = tmp_path / "docs", tmp_path / "site"
    cases = {"html-older.md": -10, "html-newer.md": 10, "same-age.md": 0, "no-html.md": None, "html-a-folder.md": "dir"}
    files = []
    for name, age in cases.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# x\n", encoding="utf-8")
        file = File(name, str(docs), str(site), use_directory_urls=False)
        output = site / file.dest_uri
        output.parent.mkdir(parents=True, exist_ok=True)
        if age == "dir":
            output.mkdir()
        elif age is not None:
            output.write_text("x", encoding="utf-8")
            source = (docs / name).stat().st_mtime
            os.utime(output, (source + age, source + age))
        files.append(file)
    plugins = types.SimpleNamespace(_current_plugin="test")
    config = types.SimpleNamespace(site_dir=str(site), use_directory_urls=False, plugins=plugins)
    files.append(File.generated(config, "made.txt", content="made"))  # type: ignore[arg-type]
    answers = [is_modified(file) for file in files]
    assert answers == [file.is_modified() for file in files]
    assert answers == [True, False, False, True, True, True]


def test_a_second_run_waits_for_the_first(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    lock = project / ".cache" / "digest" / "lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a run in progress
        waiting = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(project), "generate"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = waiting.stderr.readline()
        assert "another digest run is working on this project; waiting" in line
        assert "lock" in line
        assert not (project / "docs" / "articles").exists(), "the second run wrote while the first held the lock"
        fcntl.flock(handle, fcntl.LOCK_UN)
    waiting.communicate(timeout=120)
    assert waiting.returncode == 0
    assert (project / "docs" / "articles").is_dir()


def test_two_runs_side_by_side_leave_what_one_run_leaves(tmp_path: Path) -> None:
    one = make_project(tmp_path / "one")
    run_digest(one, "generate")
    two = make_project(tmp_path / "two")
    command = [sys.executable, "-m", "generator", "-C", str(two), "generate"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        run.communicate(timeout=300)
        assert run.returncode == 0
    assert differences(generated_files(one), generated_files(two)) == []


def test_a_render_waits_for_the_render_of_the_same_site_in_progress(tmp_path: Path) -> None:
    """A second render of one site folder waits (saying so) for the first: the pages are generated, the site is not
    touched until the first lets go."""
    project = make_project(tmp_path / "p")
    build(project)
    (project / "seeds" / SEEDS[0].name).unlink()
    lock = project / ".cache" / "digest" / "render.lock"
    before = tree_bytes(project / "site")
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a render in progress
        waiting = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(project), "build"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = next(line for line in waiting.stderr if "render" in line)
        assert "another render of this site is running; waiting" in line and "render.lock" in line
        assert tree_bytes(project / "site") == before, "the second render wrote while the first held the lock"
        fcntl.flock(handle, fcntl.LOCK_UN)
    waiting.communicate(timeout=120)
    assert waiting.returncode == 0
    assert_same_as_clean(project, tmp_path / "clean")


def test_two_builds_side_by_side_leave_what_one_build_leaves(tmp_path: Path) -> None:
    """Two `digest build`s of one change at once (an editor's two terminals): both succeed, and docs/ and the site
    are a clean build's. Before the render lock, one render's pruning deleted the folders the other was listing."""
    project = make_project(tmp_path / "p")
    build(project)
    for seed in SEEDS[:2]:
        (project / "seeds" / seed.name).unlink()
    command = [sys.executable, "-m", "generator", "-C", str(project), "build"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors
        assert "Traceback" not in errors
    assert_same_as_clean(project, tmp_path / "clean")


def synthetic_corpus(folder: Path, size: int) -> None:
    """Articles made from the seeds' real sentences, with syndicated copies and same-day near-ties among them."""
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import make_corpus, read_seed_parts

    from generator.sentences import split_sentences

    parts = read_seed_parts()
    make_corpus(folder, size, parts)
    files = sorted(folder.iterdir())
    for number, path in enumerate(files[:8]):  # exact copies on the same day: only the seed name breaks the tie
        shutil.copy(path, folder / f"copy-{number}.txt")
    # Ties: X shares five of its eight sentences with A and five with B, which share only two: X is a copy of both.
    for number, (language, title, paragraphs) in enumerate(parts):
        sentences = [s for p in paragraphs for s in split_sentences(p, language) if len(s.split()) >= 6]
        for start in range(0, len(sentences) - 7, 2):
            window = sentences[start:start + 8]
            for name, lines, day in (("a", window[:5], "01"), ("b", window[3:], "01"), ("x", window, "02")):
                text = " ".join(lines)
                (folder / f"tie-{number}-{start}-{name}.txt").write_text(
                    f" date 2024-03-{day} https://tie{name}.example/{number}/{start}\n{title} {start}{name}\n\n{text}\n",
                    encoding="utf-8")


@pytest.mark.parametrize("runs", [(("1", "1"), ("2", "2"))])
def test_same_bytes_whatever_the_hash_seed_or_the_worker_count(tmp_path: Path, runs) -> None:
    corpus = tmp_path / "corpus"
    synthetic_corpus(corpus, 60)
    outputs = []
    for hash_seed, jobs in runs:
        project = make_project(tmp_path / f"p{hash_seed}", sorted(corpus.iterdir()))
        result = subprocess.run(
            [sys.executable, "-m", "generator", "-C", str(project), "generate", "--no-cache", "--jobs", jobs],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": hash_seed}, timeout=600, check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(generated_files(project))
    assert any("duplicate_of" in text.decode() for name, text in outputs[0].items() if name.startswith("articles/"))
    assert differences(*outputs) == []


SYLLABLES = ["ka", "lo", "mir", "sa", "ten", "bu", "rov", "di", "gan", "zhe", "tu", "nor"]


def made_up_word(number: int, length: int = 3) -> str:
    """A capitalized word of `length` syllables, a different one for each number below 12 ** length."""
    return "".join(SYLLABLES[(number // 12 ** i) % 12] for i in range(length)).capitalize()


def story_article(seed: str, day, people: tuple[str, ...], **fields):
    """An article as the stories pass sees it: its date and names (and any other field given)."""
    from generator.models import Article

    values = dict(seed=seed, seed_sha256=seed.ljust(64, "0"), slug="", title=seed, title_source="test", description="",
                  date=day, date_source="header", page_date=None, language="en", source=None, outlet=None, url=None,
                  dateline=None, paragraphs=("x",), people=people, places=(), topics=())
    return Article(**{**values, **fields})


def story_corpus(size: int, days: int, seed: int = 3, people_pool: int = 40, places_pool: int = 25) -> list:
    """Articles naming people, places and topics drawn from small pools, over `days` days: many near-ties."""
    import datetime as dt
    import random

    rng = random.Random(seed)
    people = [f"{made_up_word(n + 7)} {made_up_word(n)}ov" for n in range(people_pool)]
    places = [f"{made_up_word(n + 500)}sk" for n in range(places_pool)]
    articles = []
    for number in range(size):
        named = tuple(sorted(rng.sample(people, 2)))
        where = (rng.choice(places),)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(days))
        articles.append(story_article(
            f"{number:05d}.txt", day, named, seed_sha256=f"{number:064d}", title=f"{named[0]} in {where[0]}",
            language=rng.choice(("en", "ru")), places=where, topics=(rng.choice(("politics", "economy", "sport")),),
            title_people=named[:1]))
    return articles


def test_a_new_article_leaves_the_stories_before_its_date_as_they_were() -> None:
    import dataclasses
    import datetime as dt

    from generator.reader import read_knowledge
    from generator.stories import cluster_stories

    knowledge = read_knowledge()
    # About 500 a year from small pools of names: many near-ties. With rarity counted over the whole archive, this
    # corpus has an old story that a new article of today splits (one more article moves every weight a little).
    articles = story_corpus(1500, 3 * 365, seed=10, people_pool=14, places_pool=6)
    before = cluster_stories(articles, {}, knowledge, 7)
    latest = max(a.date for a in articles)
    for day in (latest, latest - dt.timedelta(days=400)):  # today's news, and a late addition to an old month
        new = dataclasses.replace(articles[7], seed="new.txt", date=day)
        after = cluster_stories([*articles, new], {}, knowledge, 7)
        settled = day - dt.timedelta(days=7)  # stories that had closed a window before the new article's day
        old = {s for s in before if s.end and s.end < settled}
        assert old and old <= set(after), f"{len(old - set(after))} of {len(old)} earlier stories changed"


def test_an_old_article_added_late_does_not_reweigh_the_stories_a_quarter_after_it(monkeypatch) -> None:
    """Rarity is counted over the quarter up to each day (`IDF_WINDOW_DAYS`; in an archive dense enough that a
    quarter holds `IDF_MIN_ARTICLES`), so an article added to a month long past cannot flip a near tie months later
    (its stories, and its year's search bundle, stay as they were). The tie: on day T an article names X and Y; one
    open story names X, an earlier one Y; X is a little rarer (five articles name it, six name Y), so the article
    joins the X story. One more article naming X, 200 days before T, makes them even."""
    import datetime as dt

    from generator import stories
    from generator.reader import read_knowledge

    knowledge = read_knowledge()
    start = dt.date(2020, 1, 1)

    def article(seed: str, day: dt.date, *people: str):
        return story_article(seed, day, people)

    # 8 articles a day, each naming someone of its own: a quarter holds ~730, more than IDF_MIN_ARTICLES
    filler = [article(f"f{n:05d}", start + dt.timedelta(days=n // 8), f"Ivan {made_up_word(n, 4)}ov") for n in range(8 * 365)]
    assert 8 * 90 > stories.IDF_MIN_ARTICLES
    tie = start + dt.timedelta(days=300)
    named = [article(f"x{n}", tie - dt.timedelta(days=30), "Oleg Xandrov") for n in range(3)]
    named += [article(f"y{n}", tie - dt.timedelta(days=30), "Pavel Ygorov") for n in range(4)]
    named += [article("story-y", tie - dt.timedelta(days=2), "Pavel Ygorov", "Petr Pervov"),
              article("story-x", tie - dt.timedelta(days=1), "Oleg Xandrov", "Semen Vtorov"),
              article("both", tie, "Oleg Xandrov", "Pavel Ygorov")]
    late = article("late", tie - dt.timedelta(days=200), "Oleg Xandrov", "Fedor Tretyakov")

    def joined(articles: list) -> set[str]:
        found = next(s for s in stories.cluster_stories(articles, {}, knowledge, 7) if "both" in s.seeds)
        return set(found.seeds) - {"both"}

    corpus = filler + named
    assert joined(corpus) == joined(corpus + [late]) == {"story-x"}
    monkeypatch.setattr(stories, "IDF_WINDOW_DAYS", 365)  # the test can tell: a year's rarity flips the tie
    assert joined(corpus) == {"story-x"} and joined(corpus + [late]) == {"story-y"}


def test_replayed_passes_decide_as_passes_from_scratch(monkeypatch) -> None:
    """Duplicates and stories resumed from the last run's checkpoint equal the same passes run from the start,
    whatever changed: an article added today or long ago, one removed, one changed (a new identity)."""
    import dataclasses
    import datetime as dt
    import random

    from generator import stories as pass_module
    from generator.reader import read_knowledge
    from generator.stories import cluster_stories_resuming, find_duplicates_resuming, story_features

    replays: list[object] = []
    replay = pass_module._Tail.replay
    monkeypatch.setattr(pass_module._Tail, "replay", lambda *args: replays.append(replay(*args)) or replays[-1])

    knowledge = read_knowledge()
    articles = story_corpus(1500, 3 * 365, seed=10, people_pool=14, places_pool=6)
    rng = random.Random(5)
    pool = [f"{n:016x}" for n in range(400)]  # sentence hashes: copies share most of them
    articles = [dataclasses.replace(a, fingerprint=tuple(sorted(rng.sample(pool, 8)))) for a in articles]
    for number in range(110, 1100, 100):  # these tell sentences of their own (copied below, in part)
        articles[number] = dataclasses.replace(articles[number], fingerprint=tuple(f"u{number}-{k}" for k in range(8)))
    for number in range(0, 1500, 50):  # a syndicated copy of every fiftieth article, a week later
        original = articles[number]
        articles.append(dataclasses.replace(original, seed=f"copy-{number}.txt", date=original.date + dt.timedelta(days=7)))
    # features stored as the per-seed stage stores them: the articles of a story keep theirs (so the same story)
    # while their people are renamed below
    articles = [dataclasses.replace(a, features=tuple(sorted(story_features(a)))) for a in articles]
    identity = {a.seed: a.seed for a in articles}
    duplicates, copies_pass = find_duplicates_resuming(articles, identity, None)
    before, stories_pass = cluster_stories_resuming(articles, duplicates, knowledge, 7, identity, None)
    renamed = next(s for s in before if articles[600].seed in s.seeds).seeds
    latest = max(a.date for a in articles)
    other = articles[40]
    partial = [dataclasses.replace(articles[n], seed=f"partial-{n}.txt", date=latest,
                                   fingerprint=tuple(sorted([*articles[n].fingerprint[:5], *(f"p{n}-{k}" for k in range(3))])))
               for n in range(110, 1100, 100)]
    changes = {
        "new today": [*articles, dataclasses.replace(articles[3], seed="new.txt", date=latest)],
        "new long ago": [*articles, dataclasses.replace(articles[3], seed="new.txt", date=latest - dt.timedelta(days=700))],
        "removed": [a for a in articles if a.seed != articles[1100].seed],
        "changed": [dataclasses.replace(a, people=other.people, places=other.places, title_people=other.title_people,
                                        topics=other.topics, fingerprint=a.fingerprint[:3], features=()) if a.seed == articles[1200].seed
                    else a for a in articles],
        "new late in its day": [*articles, dataclasses.replace(articles[3], seed="zzz.txt", date=articles[900].date)],
        "people renamed": [dataclasses.replace(a, people=("Zed Zedov", "Yan Yanov")) if a.seed in renamed else a for a in articles],
        # copies of today that share just enough of an old article's sentences (5 of 8): one sentence of it missing
        # from the replayed index of sentences and they would not be copies
        "partial copies today": [*articles, *partial],
    }
    for what, changed in changes.items():
        ids = {**identity, articles[1200].seed: "edited"} if what == "changed" else identity
        if what == "people renamed":  # the same story, made of edited articles: made again, not taken from the checkpoint
            ids = {**identity, **{seed: "edited" for seed in renamed}}
        resumed, _ = find_duplicates_resuming(changed, ids, copies_pass)
        assert resumed == find_duplicates_resuming(changed, {}, None)[0], what
        stories, checkpoint = cluster_stories_resuming(changed, resumed, knowledge, 7, ids, stories_pass)
        scratch, again = cluster_stories_resuming(changed, resumed, knowledge, 7, {}, None)
        assert stories == scratch and checkpoint.decisions == again.decisions, what
    assert duplicates and len(copies_pass.inputs) == len(articles)
    # the last run's decisions were taken over past the change (a quarter on, no story open from before it), not
    # only before it: else the cases above test the first part alone
    assert any(made is not None for made in replays), "the tail of the last run was never replayed"
    found = find_duplicates_resuming([*articles, *partial], {}, None)[0]
    assert all(found.get(a.seed) for a in partial), "the partial copies are copies"  # else the case above tests nothing


def slow_pagefind(folder: Path, delay: float) -> Path:
    """The real Pagefind binary, started `delay` seconds late; each start's time is appended to `starts`."""
    from generator.indexer import find_pagefind

    wrapper = folder / "pagefind"
    wrapper.write_text(f'#!/bin/sh\ndate +%s.%N >> "{folder / "starts"}"\nsleep {delay}\nexec "{find_pagefind()}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def render_with_mkdocs(project: Path, in_thread: bool) -> None:
    """`mkdocs build` with the hook in this process: in this (the main) thread, as `mkdocs serve` builds, or in
    another one."""
    import threading

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    failures: list[BaseException] = []

    def run() -> None:
        try:
            config = load_config(config_file=str(project / "mkdocs.yml"))
            config.plugins.on_startup(command="build", dirty=True)
            try:
                mkdocs_build(config, dirty=True)
            finally:
                config.plugins.on_shutdown()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            failures.append(error)

    if not in_thread:
        run()
    else:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=300)
    assert not failures, failures


@pytest.mark.parametrize("how", ["digest build", "mkdocs build", "mkdocs build from another thread"])
def test_the_pages_are_rendered_while_pagefind_indexes_and_the_site_gets_the_new_bundles(tmp_path: Path, monkeypatch, how: str) -> None:
    """A new seed's pages are rendered while Pagefind, slowed down here, has not yet started on its bundles; the
    site then holds the new bundles, as a clean build's (a render that copied the bundles without waiting for them
    kept the last ones)."""
    import time

    import generator.writer
    from generator.cli import main

    project = make_project(tmp_path / "p", SEEDS[:-1])
    build(project)
    shutil.copy(SEEDS[-1], project / "seeds" / SEEDS[-1].name)
    delay = 3.0
    monkeypatch.setattr(generator.writer, "find_pagefind", lambda: slow_pagefind(tmp_path, delay))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    began = time.time()
    if how == "digest build":
        assert main(["-C", str(project), "build"]) == 0
    else:
        render_with_mkdocs(project, in_thread=how.endswith("thread"))
    starts = [float(line) for line in (tmp_path / "starts").read_text().split()]
    rendered = [p.stat().st_mtime for p in (project / "site").rglob("*.html") if p.stat().st_mtime > began]
    assert rendered, "the new seed rendered no page"
    assert max(rendered) < min(starts) + delay, "the pages were rendered only after Pagefind had indexed"
    monkeypatch.undo()
    assert_same_as_clean(project, tmp_path / "clean")
    built = project / ".cache" / "digest" / "search"
    linked = [p for p in (project / "site" / "search").rglob("*") if p.is_file() and (built / p.relative_to(project / "site" / "search")).is_file()
              and p.name != ".digest-stamp"]
    assert linked and all(os.path.samefile(p, built / p.relative_to(project / "site" / "search")) for p in linked), \
        "the site's bundle files are copies, not links to the built ones"
