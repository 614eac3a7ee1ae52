"""Search documents (what each language's index knows of an article), the Pagefind bundles, and their bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import chromium, serve_folder
from conftest import SEEDS, make_project, read_front_matter, run_digest
from test_browser import search
from generator.bundle import FormatError, canonicalize_bundle, decode_cbor, encode_cbor, read_chunk, write_chunk
from generator.models import Article
from generator.reader import read_knowledge
from generator.search import bundle_periods, make_filters, order_periods, render_page_documents, render_search_document, render_search_documents
from generator.stories import Story
from generator.translation import Summary
from generator.translit import cross_script_spellings, to_cyrillic
from generator.writer import copy_search_bundles

KNOWLEDGE = read_knowledge()


def article(**changes) -> Article:
    base = Article(
        seed="a.txt", seed_sha256="0" * 64, slug="putin-zhaparov-talks", title="Putin, Zhaparov hold talks in Moscow",
        title_source="header", description="", date=dt.date(2023, 5, 9), date_source="header", page_date=None,
        language="en", source="Xinhua", outlet=None, url=None, dateline="MOSCOW",
        paragraphs=("The presidents agreed to cooperate on defence.", "Trade grew in 2022."),
        people=("Sadyr Japarov", "Vladimir Putin"), places=("Kyrgyzstan",), topics=("military-cooperation",),
    )
    return dataclasses.replace(base, **changes)


class Parts(HTMLParser):
    """Text by weight, meta values and filters of a search document."""

    def __init__(self) -> None:
        super().__init__()
        self.weights: list[float] = [1.0]
        self.text: dict[float, list[str]] = {}
        self.meta: dict[str, str] = {}
        self.filters: dict[str, list[str]] = {}
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs["lang"]
        if tag == "meta":
            for kind, store in (("data-pagefind-meta", self.meta), ("data-pagefind-filter", self.filters)):
                if kind in attrs:
                    key = attrs[kind].removesuffix("[content]")
                    if store is self.meta:
                        store[key] = attrs["content"]
                    else:
                        store.setdefault(key, []).append(attrs["content"])
            return
        weight = float(attrs.get("data-pagefind-weight", 7.0 if tag == "h1" else self.weights[-1]))
        self.weights.append(weight)

    def handle_endtag(self, tag):
        if tag != "meta" and len(self.weights) > 1:
            self.weights.pop()

    def handle_data(self, data):
        if data.strip():
            self.text.setdefault(self.weights[-1], []).append(data.strip())

    def all_text(self) -> str:
        return " ".join(" ".join(parts) for parts in self.text.values())


def parse(html: str) -> Parts:
    parts = Parts()
    parts.feed(html)
    return parts


def test_own_language_document_has_the_whole_text_and_every_name_of_its_people() -> None:
    doc = render_search_document(article(), Summary("en", "Putin and Zhaparov met.", "extractive"), KNOWLEDGE, "en")
    parts = parse(doc.html)
    assert doc.url == "/articles/putin-zhaparov-talks/" and doc.language == "en" and parts.lang == "en"
    assert "Trade grew in 2022." in parts.all_text()
    # Zhaparov and Putin are in the headline: all their names get the headline's weight, whatever the spelling
    heavy = " ".join(parts.text[7.0])
    assert "Japarov" in heavy and "Жапаров" in heavy and "Садыр Жапаров" in heavy and "Владимир Путин" in heavy
    assert "Киргизия" not in heavy and "Киргизия" in parts.all_text()  # Kyrgyzstan is named only in the text
    assert "Military cooperation" in parts.all_text()


def test_other_language_document_has_the_translated_summary_and_no_body() -> None:
    doc = render_search_document(article(), Summary("ru", "Путин и Жапаров встретились.", "reviewed"), KNOWLEDGE, "ru")
    parts = parse(doc.html)
    assert parts.lang == "ru"
    text = parts.all_text()
    assert "Путин и Жапаров встретились." in text
    assert "Trade grew" not in text
    assert "Военное сотрудничество" in text  # topic label in the index's language
    assert parts.meta == {"summary": "Путин и Жапаров встретились.", "lang": "en", "date": "2023-05-09", "source": "Xinhua"}


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, {"topic": ["Military cooperation · Военное сотрудничество"], "source": ["Xinhua"], "language": ["English"], "year": ["2023"]}),
    ({"language": "ru", "source": None}, {"topic": ["Military cooperation · Военное сотрудничество"], "language": ["Русский"], "year": ["2023"]}),
    ({"date": None, "topics": ()}, {"source": ["Xinhua"], "language": ["English"]}),
    ({"topics": ("politics", "diplomacy")}, {"topic": ["Diplomacy and visits · Дипломатия и визиты", "Politics · Политика"],
                                             "source": ["Xinhua"], "language": ["English"], "year": ["2023"]}),
])
def test_filters(changes, expected) -> None:
    assert make_filters(article(**changes), KNOWLEDGE) == expected


def test_hostile_text_stays_text_in_the_document() -> None:
    nasty = article(title='<script>alert(1)</script> "Q" & A', paragraphs=("<img src=x onerror=alert(1)>",), source='X" onload="y')
    doc = render_search_document(nasty, Summary("en", "<b>bold</b>", "extractive"), KNOWLEDGE, "en")
    assert "<script>" not in doc.html and "<img" not in doc.html and "<b>" not in doc.html
    parts = parse(doc.html)
    assert parts.meta["source"] == 'X" onload="y'
    assert "<img src=x onerror=alert(1)>" in parts.all_text()


def test_copies_are_left_out_and_each_article_is_in_both_indexes() -> None:
    first, copy = article(), article(seed="b.txt", slug="copy")
    summaries = {a.seed: (Summary("en", "s", "extractive"), Summary("ru", "с", "facts")) for a in (first, copy)}
    docs = render_search_documents([first, copy], summaries, {"b.txt": "a.txt"}, KNOWLEDGE)
    articles = [(d.url, d.language) for d in docs if d.url.startswith("/articles/")]
    assert articles == [("/articles/putin-zhaparov-talks/", "en"), ("/articles/putin-zhaparov-talks/", "ru")]


# --- names the knowledge files do not know, in the other script ------------------------------------------------

# (Latin spelling, Cyrillic as a Russian text writes it, second choice of an ambiguous letter)
CYRILLIC = [
    ("Oralbay", "Оралбай", "Оралбай"),  # -ay after a vowel is -ай
    ("Seitkali", "Сейткали", "Сейткали"),  # -ei- before a consonant is -ей-
    ("Ekibastuz", "Экибастуз", "Екибастуз"),  # a bare initial E is Э; Ye is Е
    ("Yerlan", "Ерлан", "Ерлан"),
    ("Temirtau", "Темиртау", "Темиртау"),
    ("Zhezkazgan", "Жезказган", "Жезказган"),  # zh is always Ж
    ("Jomart", "Жомарт", "Джомарт"),  # a bare J is Ж in Kazakh and Kyrgyz names, Дж in Russian and Uzbek ones
    ("Shymkent", "Шымкент", "Шымкент"),  # y between consonants is Ы
    ("Kyzylorda", "Кызылорда", "Кызылорда"),
    ("Tokayev", "Токаев", "Токаев"),
    ("Mirziyoyev", "Мирзиёев", "Мирзиёев"),
    ("Chelyabinsk", "Челябинск", "Челябинск"),
    ("Khabarovsk", "Хабаровск", "Хабаровск"),
    ("Shchukin", "Щукин", "Щукин"),
    ("Tsoi", "Цой", "Цой"),
    ("Aibek", "Айбек", "Айбек"),
    ("Nikolai", "Николай", "Николай"),
    ("Mikhail", "Михаил", "Михаил"),  # a final -il is not a glide
    ("Dmitry", "Дмитрий", "Дмитрий"),  # a final -y after a consonant: -ий in Russian names
    ("Yuriy", "Юрий", "Юрий"),
    ("Nurly", "Нурлы", "Нурлы"),  # ... but -ы after a consonant and l, after s and z, and in -uly
    ("Kassymuly", "Кассымулы", "Кассымулы"),
    ("Alexander", "Александр", "Александр"),  # given names English-language media spell their own way
    ("Ust'-Kamenogorsk", "Усть-Каменогорск", "Усть-Каменогорск"),
    ("TEMIRTAU", "ТЕМИРТАУ", "ТЕМИРТАУ"),
]


@pytest.mark.parametrize(("latin", "cyrillic", "second"), CYRILLIC)
def test_latin_names_in_cyrillic(latin, cyrillic, second) -> None:
    assert to_cyrillic(latin) == cyrillic
    assert to_cyrillic(latin, alternative=True) == second


@pytest.mark.parametrize(("name", "spellings"), [
    ("Oralbay Seitkali", ("Oralbay Seitkali", "Оралбай Сейткали", "Oralbay Seytkali", "Oralbai Seitkali")),
    # a Russian article's unknown person is written in Latin letters already (`Oralbai`): back through Cyrillic
    ("Oralbai Seitkali", ("Oralbai Seitkali", "Оралбай Сейткали", "Oralbay Seytkali")),
    ("Жезказган", ("Жезказган", "Zhezkazgan")),
    ("Jomart", ("Jomart", "Жомарт", "Джомарт", "Zhomart", "Dzhomart")),
])
def test_cross_script_spellings(name, spellings) -> None:
    assert cross_script_spellings(name) == spellings


def test_unknown_names_are_searchable_in_the_other_script_known_ones_by_their_aliases() -> None:
    boxer = article(title="Oralbay Seitkali wins the title", people=("Oralbay Seitkali", "Vladimir Putin"),
                    places=("Ekibastuz",), topics=())
    parts = parse(render_search_document(boxer, Summary("ru", "Сводка.", "facts"), KNOWLEDGE, "ru").html)
    heavy = " ".join(parts.text[7.0])
    assert "Оралбай Сейткали" in heavy and "Oralbai Seitkali" in heavy  # he is in the headline
    assert "Экибастуз" in parts.all_text() and "Путин" in parts.all_text()
    russian = article(language="ru", title="Боксёр из Жезказгана", people=(), places=("Жезказган",), topics=())
    parts = parse(render_search_document(russian, Summary("en", "Summary.", "facts"), KNOWLEDGE, "en").html)
    assert "Zhezkazgan" in " ".join(parts.text[7.0])


def test_person_place_topic_and_story_pages_have_documents_in_both_indexes() -> None:
    boxer = article(people=("Vladimir Putin", "Oralbay Seitkali"), places=("Temirtau",))
    russian = article(seed="b.txt", slug="b", language="ru", people=("Oralbai Seitkali",), places=("Темиртау",))
    story = Story("2024-03-seitkali-temirtau", "Seitkali in Temirtau", "Сейткали в Темиртау", ("a.txt", "b.txt"), None, None)
    docs = render_page_documents([boxer, russian], KNOWLEDGE, [story])
    by_url = {}
    for doc in docs:
        by_url.setdefault(doc.url, []).append(doc.language)
    assert by_url == {url: ["en", "ru"] for url in (
        "/people/vladimir-putin/", "/people/oralbay-seitkali/", "/people/oralbai-seitkali/", "/places/temirtau/",
        "/topics/military-cooperation/", "/stories/2024-03-seitkali-temirtau/")}
    pages = {doc.url: parse(doc.html) for doc in docs if doc.language == "en"}
    putin = pages["/people/vladimir-putin/"]
    assert putin.text[7.0] == ["Vladimir Putin · Владимир Путин"]  # the title: the names in both scripts
    assert "Путин В.В." in " ".join(putin.text[10.0]) and putin.meta["names"] == "Vladimir Putin · Владимир Путин"
    assert putin.meta["summary"] == "Person · Человек"  # no count: it would re-index the page on every new article
    # `Temirtau` and `Темиртау` have one page (one slug), and the unknown name its other script
    assert pages["/places/temirtau/"].text[7.0] == ["Temirtau · Темиртау"]
    assert pages["/people/oralbay-seitkali/"].meta["names"] == "Oralbay Seitkali · Оралбай Сейткали"
    assert pages["/topics/military-cooperation/"].meta["names"] == "Military cooperation · Военное сотрудничество"
    # a story is named by its titles, without the names' extra weight (see render_page_documents)
    assert "names" not in pages["/stories/2024-03-seitkali-temirtau/"].meta
    assert pages["/stories/2024-03-seitkali-temirtau/"].text[2.0] == ["Seitkali in Temirtau · Сейткали в Темиртау"]


# --- the bundle: CBOR round trip, canonical order, reproducible bytes -----------------------------------------

@pytest.mark.parametrize("value", [0, 23, 24, 255, 256, 65536, 2**32, -1, -500, "", "Жапаров", b"\x00\x01", [], [1, ["a", [2]]],
                                   True, False, None, 1.5])
def test_cbor_round_trip(value) -> None:
    assert decode_cbor(encode_cbor(value)) == value


def test_cbor_rejects_what_pagefind_does_not_write() -> None:
    with pytest.raises(FormatError):
        decode_cbor(b"\x9f\x01\xff")  # indefinite-length array
    with pytest.raises(FormatError):
        decode_cbor(b"\x01\x02")  # trailing bytes


def _bundle(filter_values: list) -> dict[str, bytes]:
    meta = ["1.5.2", [["en_aaa", 10]], [["a", "z", "en_idx"]], [["source", "en_f1"]], [], ["title"]]
    return {
        "pagefind-entry.json": json.dumps({"version": "1.5.2", "languages": {"en": {"hash": "en_m1", "wasm": "en", "page_count": 2}}}).encode(),
        "pagefind.en_m1.pf_meta": write_chunk(meta),
        "filter/en_f1.pf_filter": write_chunk(["source", filter_values]),
        "index/en_idx.pf_index": b"index",
    }


def test_canonical_bundle_does_not_depend_on_the_order_pagefind_wrote() -> None:
    one = canonicalize_bundle(_bundle([["TASS", [1]], ["Kabar", [0]]]))
    two = canonicalize_bundle(_bundle([["Kabar", [0]], ["TASS", [1]]]))
    assert one == two
    entry = json.loads(one["pagefind-entry.json"])
    meta = read_chunk(one[f"pagefind.{entry['languages']['en']['hash']}.pf_meta"])
    (name, chunk), = meta[3]
    assert read_chunk(one[f"filter/{chunk}.pf_filter"]) == ["source", [["Kabar", [0]], ["TASS", [1]]]]
    assert one["index/en_idx.pf_index"] == b"index"
    assert canonicalize_bundle(one) == one


def test_an_unknown_bundle_format_is_left_as_it_is() -> None:
    odd = _bundle([["TASS", [1]]])
    odd["filter/en_f1.pf_filter"] = gzip.compress(b"something else")
    assert canonicalize_bundle(odd) == odd


def test_bundles_are_reproducible_and_skipped_when_nothing_changed(tmp_path: Path) -> None:
    def bundle_bytes(project: Path) -> dict[str, bytes]:
        root = project / ".cache" / "digest" / "search"
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    one, two = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    assert run_digest(one, "generate").returncode == 0
    assert run_digest(two, "generate").returncode == 0
    assert bundle_bytes(one) == bundle_bytes(two)
    assert {"en/pagefind-entry.json", "ru/pagefind-entry.json"} <= set(bundle_bytes(one))
    assert (one / "docs" / "search" / "languages.json").is_file() and not (one / "docs" / "search" / "en").exists()
    assert not any(name.endswith(("pagefind-ui.js", "wasm.unknown.pagefind")) for name in bundle_bytes(one))
    def page_count(folder: str) -> int:
        entry = json.loads((one / ".cache" / "digest" / "search" / folder / "pagefind-entry.json").read_text())
        return entry["languages"]["en"]["page_count"]

    # every article, English or not, is in the English index (the seeds' year is the primary bundle) with the
    # stories that began that year, and so is every person, place, organization and topic page (a bundle of their own)
    named = [p for folder in ("people", "places", "organizations", "topics")
             for p in (one / "docs" / folder).glob("*.md") if p.name != "index.md"]
    stories = [p for p in (one / "docs" / "stories").glob("*.md") if p.name != "index.md"]
    assert len({p.name[:4] for p in stories}) == 1 and len(stories) == 2  # the seeds: two stories of one year
    assert page_count("en") == 5 + len(stories)  # five articles are too few to split their year by quarter
    assert json.loads((one / "docs" / "search" / "languages.json").read_text())["bundles"]["en"] == ["en/", "en/pages/"]
    assert page_count("en/pages") == len(named)
    assert not (one / ".cache" / "digest" / "search" / "en" / "stories").exists()
    again = run_digest(one, "generate")
    assert "0 written" in again.stdout
    # a stale file in a bundle is removed when the bundle is rebuilt; the rest comes back byte for byte
    before = bundle_bytes(one)
    (one / ".cache" / "digest" / "search" / "en" / "fragment" / "en_stale.pf_fragment").write_bytes(b"old")
    (one / ".cache" / "digest" / "search" / "en" / ".digest-stamp").unlink()
    assert run_digest(one, "generate").returncode == 0
    assert bundle_bytes(one) == before


def test_a_missing_indexer_is_a_warning_and_strict_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "bin").mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": str(project / "bin")}
    # pagefind_bin is hidden by a module of the same name that finds nothing
    (project / "bin" / "pagefind_bin.py").write_text("def get_executable():\n    return None\n")
    env["PYTHONPATH"] = str(project / "bin")
    result = subprocess.run([sys.executable, "-m", "generator", "-C", str(project), "generate", "--strict"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert "search: search index not built: the Pagefind binary is missing" in result.stdout + result.stderr
    assert (project / "docs" / "articles").is_dir()  # the pages were still written


# --- in Chromium: the header search box on the seeds plus two new articles about one boxer, one in each language -----

CROSS_SCRIPT = sorted((Path(__file__).parent / "data" / "crossscript").glob("*.txt"))


@pytest.fixture(scope="module")
def search_tab(tmp_path_factory: pytest.TempPathFactory):
    """The five seeds and the two boxer articles built (`digest build --strict`), served, in one Chromium tab that
    must log no console error and reach no other host."""
    project = make_project(tmp_path_factory.mktemp("search") / "project", [*SEEDS, *CROSS_SCRIPT])
    result = run_digest(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(project / "site") as base, chromium() as browser:
        tab = browser.new_page()
        errors: list[str] = []
        foreign: list[str] = []
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.on("request", lambda request: None if request.url.startswith(base) else foreign.append(request.url))
        tab.base = base
        tab.goto(base)
        tab.articles = {read_front_matter(p)["seed"]: f"articles/{p.stem}/" for p in (project / "docs" / "articles").glob("*.md")}
        yield tab
        assert errors == [] and foreign == []


@pytest.mark.parametrize(("query", "first"), [
    ("Putin", {"people/vladimir-putin/"}),
    ("Vladimir Putin", {"people/vladimir-putin/"}),
    ("Путин", {"people/vladimir-putin/"}),
    ("Japarov", {"people/sadyr-japarov/"}),
    ("Жапаров", {"people/sadyr-japarov/"}),
    ("Бишкеке", {"places/bishkek/"}),  # inflected: the Russian stemmer meets the place's Russian name
    ("Kremlin", {"organizations/kremlin/"}),
    ("Кремль", {"organizations/kremlin/"}),
    ("Politics", {"topics/politics/"}),
    ("Политика", {"topics/politics/"}),
    ("Putin and Japarov in Moscow", {"stories/2023-05-putin-japarov-moscow/"}),
    # names no knowledge file knows, in either script: one of the boxer's two pages (English and Russian spelling)
    ("Oralbay", {"people/oralbay-seitkali/", "people/oralbai-seitkali/"}),
    ("Оралбай", {"people/oralbay-seitkali/", "people/oralbai-seitkali/"}),
    ("Temirtau", {"places/temirtau/"}),
    ("Темиртау", {"places/temirtau/"}),
])
def test_a_name_query_lists_its_page_first(search_tab, query, first) -> None:
    assert search(search_tab, query)[0] in first


@pytest.mark.parametrize(("query", "seeds"), [
    # the English article spells him Oralbay, the Russian one Оралбай (and the front matter Oralbai)
    ("Oralbay", {"en_boxer.txt", "ru_boxer.txt"}),
    ("Оралбай", {"en_boxer.txt", "ru_boxer.txt"}),
    ("Сейткали", {"en_boxer.txt", "ru_boxer.txt"}),
    # a place only one of them names, asked for in the other script
    ("Экибастуз", {"en_boxer.txt"}),
    ("Zhezkazgan", {"ru_boxer.txt"}),
])
def test_names_no_knowledge_file_knows_are_found_in_either_script(search_tab, query, seeds) -> None:
    found = search(search_tab, query)
    articles = {path for path in found if path.startswith("articles/")}
    assert articles == {search_tab.articles[seed] for seed in seeds}, found


def _months(year: int, per_month: int, months: range = range(1, 13)) -> dict[str, int]:
    return {f"{year}-{m:02d}": per_month for m in months}


def _to(bundle: str, year: int, months: range = range(1, 13)) -> dict[str, str]:
    return {f"{year}-{m:02d}": bundle.format(q=(m - 1) // 3 + 1, m=f"{year}-{m:02d}") for m in months}


@pytest.mark.parametrize(("counts", "expected"), [
    # a small newest year stays whole, as every older year does
    ({**_months(2022, 100), **_months(2023, 30), "pages": 50},
     {**_to("2022", 2022), **_to("2023", 2023), "pages": "pages"}),
    # past SPLIT_YEAR_AT documents the newest year's quarters are bundles of their own; a small newest quarter is whole
    ({**_months(2022, 100), **_months(2023, 120, range(1, 5)), "undated": 3},
     {**_to("2022", 2022), **_to("2023-q{q}", 2023, range(1, 5)), "undated": "undated"}),
    # past SPLIT_QUARTER_AT documents of its own, the newest quarter's months are bundles too (the older quarters not)
    ({**_months(2022, 100), **_months(2023, 80, range(1, 9)), "pages": 7},
     {**_to("2022", 2022), **_to("2023-q{q}", 2023, range(1, 7)), **_to("{m}", 2023, range(7, 9)), "pages": "pages"}),
    # the first article of a new year folds the old year's quarters and months back into one bundle
    ({**_months(2023, 100), "2024-01": 1},
     {**_to("2023", 2023), "2024-01": "2024"}),
])
def test_only_a_big_newest_year_is_split_by_quarter_and_its_newest_quarter_by_month(
        counts: dict[str, int], expected: dict[str, str]) -> None:
    assert bundle_periods(counts) == expected
    periods = order_periods(set(expected.values()))
    dated = [p for p in periods if p[0].isdigit()]
    # the primary bundle is the newest period, and the others follow newest first
    newest = max(p for p in counts if p[0].isdigit())
    assert periods[0] == expected[newest]
    assert [min(m for m, b in expected.items() if b == p) for p in dated] == sorted(
        (min(m for m, b in expected.items() if b == p) for p in dated), reverse=True)


def test_the_site_gets_the_changed_bundles_only(tmp_path: Path) -> None:
    def bundle(folder: Path, stamp: str, files: dict[str, str]) -> None:
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
        (folder / ".digest-stamp").write_text(stamp)

    built, site = tmp_path / "bundles", tmp_path / "site" / "search"
    bundle(built / "en", "a", {"pagefind-entry.json": "{}", "pagefind.js": "js", "index/en_1.pf_index": "1"})
    bundle(built / "en" / "2024", "b", {"pagefind-entry.json": "{}", "fragment/en_2.pf_fragment": "2"})
    bundle(built / "ru", "c", {"pagefind-entry.json": "{}"})
    (site).mkdir(parents=True)
    (site / "languages.json").write_text("{}")  # MkDocs' copy of docs/search/languages.json
    assert len(copy_search_bundles(built, site)) == 6
    assert (site / "en" / "2024" / "fragment" / "en_2.pf_fragment").read_text() == "2"
    kept = (site / "ru" / "pagefind-entry.json").stat().st_mtime_ns
    # the primary English bundle changes, a period goes away, Russian stays as it was
    shutil.rmtree(built / "en" / "2024")
    (built / "en" / "index" / "en_1.pf_index").unlink()
    bundle(built / "en", "a2", {"index/en_3.pf_index": "3"})
    # the site's files are links to the built ones: only the new file is linked again
    assert sorted(copy_search_bundles(built, site)) == ["en/index/en_3.pf_index"]
    assert os.path.samefile(site / "en" / "pagefind.js", built / "en" / "pagefind.js")
    assert not (site / "en" / "2024").exists() and not (site / "en" / "index" / "en_1.pf_index").exists()
    assert (site / "ru" / "pagefind-entry.json").stat().st_mtime_ns == kept and (site / "languages.json").is_file()
    assert copy_search_bundles(built, site) == []
    # a bundle whose indexing failed (no stamp) keeps the site's last copy instead of losing its language
    (built / "ru" / ".digest-stamp").unlink()
    (built / "ru" / "half").write_text("half")  # the writer replaces a file by a rename, never in place
    os.replace(built / "ru" / "half", built / "ru" / "pagefind-entry.json")
    assert copy_search_bundles(built, site) == []
    assert (site / "ru" / "pagefind-entry.json").read_text() == "{}"
