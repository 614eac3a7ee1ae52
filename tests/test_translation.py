"""Bilingual summaries: extractive in the original language, the other by memory, offline model or fact line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, article_pages, make_project, read_front_matter, run_digest
from generator.sentences import split_sentences
from generator.summarizer import extract_summary
from tinymodel import build_package

NEW_EN = ROOT / "tests" / "data" / "hostile" / "future-date.txt"  # an English article with no memory entry
NEW_RU = ROOT / "tests" / "data" / "hostile" / "mixed-script.txt"


@pytest.mark.parametrize(
    ("paragraph", "language", "count"),
    [
        ("The talks were held on Sept. 12 in Bishkek. Officials said more talks would follow.", "en", 2),
        ("The U.S. envoy J. Smith arrived at 5 p.m. on Monday. He left on Tuesday.", "en", 2),
        ("Growth was 2.5 percent in 2023. It slowed after that.", "en", 2),
        ("Президент В. Путин прибыл в г. Бишкек, т.е. в столицу Киргизии. Об этом сообщили в Кремле.", "ru", 2),
        ("Визит начался 8 мая 2023 г. в Москве. Стороны подписали заявление.", "ru", 2),
    ],
)
def test_abbreviations_and_initials_do_not_split(paragraph: str, language: str, count: int) -> None:
    assert len(split_sentences(paragraph, language)) == count


PARAGRAPHS = (
    "The presidents of Russia and Kyrgyzstan met in Moscow on Monday and signed a joint statement on security.",
    "The statement says both sides will deepen military cooperation and develop the Russian air base at Kant.",
    "They also discussed trade, energy and the rights of Kyrgyz citizens working in Russia in some detail.",
    "The weather in Moscow was sunny and warm for the whole day of the visit, reporters noted.",
    "Next year the two leaders will meet again, this time in Bishkek, officials said after the talks.",
)


def test_summary_is_two_to_four_whole_sentences_in_text_order() -> None:
    summary = extract_summary(PARAGRAPHS, "en")
    assert 2 <= len(summary) <= 4
    sentences = [s for p in PARAGRAPHS for s in split_sentences(p)]
    assert all(s in sentences for s in summary), "never a cut or rewritten sentence"
    assert [sentences.index(s) for s in summary] == sorted(sentences.index(s) for s in summary)
    assert summary[0] == sentences[0]
    assert sum(len(s.split()) for s in summary) <= 75 * 1.6


def test_summary_leaves_out_fragments_and_headings() -> None:
    summary = extract_summary(("Highlights of the day", "Photo: Reuters") + PARAGRAPHS, "en")
    assert "Highlights of the day" not in summary and "Photo: Reuters" not in summary


def test_seed_pages_show_both_summaries_with_their_method(built_site: Path) -> None:
    for seed, page in article_pages(built_site).items():
        meta = read_front_matter(page)
        own, other = meta["language"], "ru" if meta["language"] == "en" else "en"
        assert meta["summary"][own]["method"] == "extractive" and meta["summary"][own]["text"]
        assert meta["summary"][other]["method"] == "reviewed", seed
        html = (built_site / "site" / "articles" / page.stem / "index.html").read_text(encoding="utf-8")
        labels = {"en": ("English · extractive summary", "English · reviewed translation"),
                  "ru": ("Русский · извлечённые предложения", "Русский · проверенный перевод")}
        assert labels[own][0] in html and labels[other][1] in html, seed
    english_001 = read_front_matter(article_pages(built_site)["001_a13e062ba28e5bd8.txt"])["summary"]["en"]["text"]
    assert english_001.startswith("Russian leader Vladimir Putin and Kyrgyz President Sadyr Japarov")


def test_new_seed_without_memory_or_model_gets_a_fact_line_and_the_pending_mark(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seeds=[NEW_RU])
    assert run_digest(project, "generate", "--strict").returncode == 0  # pending is not a warning by default
    meta = read_front_matter(next(iter(article_pages(project).values())))
    assert meta["summary"]["en"]["method"] == "facts"
    assert meta["summary"]["en"]["text"].startswith("1 June 2023")
    assert "Vladimir Putin" in meta["summary"]["en"]["text"]  # names from the knowledge files, in English
    page = next(iter(article_pages(project).values())).read_text(encoding="utf-8")
    assert "*[translation pending]*" in page
    (project / "digest.yml").write_text("fail_on_pending_translation: true\n", encoding="utf-8")
    result = run_digest(project, "generate", "--strict")
    assert result.returncode == 1 and "mixed-script.txt: en summary: translation pending" in result.stderr


def test_tiny_model_is_installed_used_cached_and_not_needed_again(tmp_path: Path) -> None:
    package = build_package(tmp_path / "package")
    project = make_project(tmp_path / "p", seeds=[NEW_EN, SEED_004 := ROOT / "seeds" / "004_555158ae0ccec1e9.txt"])
    added = run_digest(project, "models", "add", str(package))
    assert added.returncode == 0, added.stderr
    assert "tiny-en-ru\ten -> ru" in run_digest(project, "models", "list").stdout
    assert run_digest(project, "generate").returncode == 0
    pages = article_pages(project)
    new = read_front_matter(pages[NEW_EN.name])["summary"]["ru"]
    assert (new["method"], new["model"]) == ("machine", "tiny-en-ru") and new["text"]
    assert read_front_matter(pages[SEED_004.name])["summary"]["ru"]["method"] == "reviewed", "reviewed entries win"
    machine = yaml.safe_load((project / "translations" / "ru.machine.yml").read_text(encoding="utf-8"))
    assert [e["seed"] for e in machine.values()] == [NEW_EN.name] and all(e["model"] == "tiny-en-ru" for e in machine.values())
    reviewed = (ROOT / "translations" / "ru.yml").read_bytes()
    assert (project / "translations" / "ru.yml").read_bytes() == reviewed, "an editor's file is never written"
    shutil.rmtree(project / "models")  # the next build reads the memory; it must not need (or load) the model
    (project / "models").write_text("not a folder: loading any model now would fail", encoding="utf-8")
    assert run_digest(project, "generate").returncode == 0
    again = read_front_matter(article_pages(project)[NEW_EN.name])["summary"]["ru"]
    assert again == new


def test_a_broken_model_package_is_refused_with_its_name(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seeds=[])
    (tmp_path / "empty-model").mkdir()
    result = run_digest(project, "models", "add", str(tmp_path / "empty-model"))
    assert result.returncode == 2 and "empty-model" in result.stderr and "Argos package" in result.stderr


def test_stale_memory_entry_is_reported(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seeds=[ROOT / "seeds" / "002_8368a29cd808449b.txt"])
    seed = project / "seeds" / "002_8368a29cd808449b.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Russia will continue", "Moscow will continue"), encoding="utf-8")
    result = run_digest(project, "generate")
    assert "f5a1c0f9e049d690 was made for an older summary of 002_8368a29cd808449b.txt (stale)" in result.stderr
    meta = read_front_matter(article_pages(project)["002_8368a29cd808449b.txt"])
    assert meta["summary"]["ru"]["method"] == "facts", "a stale entry is reported, never used"
