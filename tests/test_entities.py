"""People, places, organizations, topics, near-duplicates and stories (table-driven, plus the seeds)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import article_pages, read_front_matter
from generator.config import Settings
from generator.entities import extract_topics, find_entities
from generator.index_pages import render_index_pages
from generator.pipeline import extract_articles
from generator.reader import read_knowledge, read_seeds
from generator.stories import cluster_stories, find_duplicates, what_each_adds
from conftest import ROOT

KNOWLEDGE = read_knowledge()


@pytest.mark.parametrize(
    ("text", "language", "kind", "expected"),
    [
        ("Указы уже подписаны Жапаровым.", "ru", "people", "Sadyr Japarov"),
        ("Путин принял приглашение Жапарова посетить страну.", "ru", "people", "Sadyr Japarov"),
        ("Президент Садыр Жапаров прибыл в столицу.", "ru", "people", "Sadyr Japarov"),
        ("Kyrgyz President Sadyr Zhaparov agreed.", "en", "people", "Sadyr Japarov"),
        ("President Sadyr Dzhaparov said so.", "en", "people", "Sadyr Japarov"),
        ("Japarov said they agreed.", "en", "people", "Sadyr Japarov"),
        ("Встреча с Путиным прошла в Кремле.", "ru", "people", "Vladimir Putin"),
        ("Russia's President Vladimir Putin spoke.", "en", "people", "Vladimir Putin"),
        ("Граждане Киргизии прибыли в Москву.", "ru", "places", "Kyrgyzstan"),
        ("Граждане Киргизии прибыли в Москву.", "ru", "places", "Moscow"),
        ("Отношения РФ и Кыргызстана развиваются.", "ru", "places", "Russia"),
        ("Отношения РФ и Кыргызстана развиваются.", "ru", "places", "Kyrgyzstan"),
        ("The Kyrgyz Republic has assumed the presidency.", "en", "places", "Kyrgyzstan"),
        ("Kyrgyzstan's defense capability grows.", "en", "places", "Kyrgyzstan"),
        ("He opened the Kant air base in 2003.", "en", "places", "Kant air base"),
        ("Лидеры посетили авиабазу Кант под Бишкеком.", "ru", "places", "Kant air base"),
        ("Генконсульства откроются в Санкт-Петербурге и Казани.", "ru", "places", "Saint Petersburg"),
        ("Россия и Киргизия координируют политику в ОДКБ.", "ru", "organizations", "CSTO"),
        ("Russia and Kyrgyzstan coordinate within CSTO.", "en", "organizations", "CSTO"),
        ("Востребованность СНГ отметили президенты.", "ru", "organizations", "CIS"),
        ("the Commonwealth of Independent States (CIS) summit", "en", "organizations", "CIS"),
        ("укреплении Вооруженных сил Киргизии", "ru", "organizations", "Armed Forces of Kyrgyzstan"),
        ("помощь кыргызскому народу окажут соседи", "ru", "places", "Kyrgyzstan"),  # a lower-case demonym
        ("развитии российских военных объектов", "ru", "places", "Russia"),
        # unknown to the knowledge files, found by context or by pymorphy3's tags
        ("Kremlin adviser Boris Ivanovich said the talks went well.", "en", "people", "Boris Ivanovich"),
        ("The delegation then flew to Karakol for a second meeting.", "en", "places", "Karakol"),
        ("С ним встретился министр Иван Петров.", "ru", "people", "Ivan Petrov"),
    ],
)
def test_entity_is_found_under_its_canonical_name(text: str, language: str, kind: str, expected: str) -> None:
    assert expected in getattr(find_entities(text, language, KNOWLEDGE), kind)


@pytest.mark.parametrize(
    ("text", "language", "kind", "absent"),
    [
        ("In October the talks resumed.", "en", "places", "October"),
        ("The kant of the roof was repaired.", "en", "places", "Kant air base"),
        ("Русский язык изучают в школах.", "ru", "people", "Русский"),
        ("The Russian Federation and China met.", "en", "people", "Russian Federation"),
    ],
)
def test_no_false_entity(text: str, language: str, kind: str, absent: str) -> None:
    assert absent not in getattr(find_entities(text, language, KNOWLEDGE), kind)


def test_a_bare_surname_means_the_namesake_named_in_full() -> None:
    found = find_entities("Prime Minister Akylbek Japarov met investors. Japarov said more was coming.", "en", KNOWLEDGE)
    assert found.people == ("Akylbek Japarov",)


@pytest.mark.parametrize(
    ("text", "language", "tags", "topic", "assigned"),
    [
        ("The military parade was held.", "en", (), "military-cooperation", False),  # once is not enough
        ("Military ties, a military base and new weapons were discussed.", "en", (), "military-cooperation", True),
        ("Стороны обсудили военное и военно-техническое сотрудничество и укрепление армии.", "ru", (), "military-cooperation", True),
        ("Обсудили торговлю.", "ru", ("Владимир Путин Киргизия Политика Россия",), "politics", True),  # the site's tag
        ("Trade, investment and energy projects were signed.", "en", (), "economy-trade", True),
    ],
)
def test_topics_need_enough_evidence(text, language, tags, topic, assigned) -> None:
    assert (topic in extract_topics(text, language, tags, KNOWLEDGE).value) == assigned


@pytest.fixture(scope="module")
def seed_articles():
    seeds, _ = read_seeds(ROOT / "seeds", 10**7)
    return extract_articles(seeds, Settings(), dt.date(2026, 11, 22), 1, None, None).articles


def test_every_seed_has_people_places_organizations_topics(seed_articles) -> None:
    for article in seed_articles:
        assert article.people[:2] and {"Vladimir Putin", "Sadyr Japarov"} <= set(article.people), article.seed
        assert article.places and article.organizations and article.topics, article.seed
    russian = next(a for a in seed_articles if a.seed.startswith("001"))
    assert {"Kyrgyzstan", "Russia"} <= set(russian.places)


def test_the_seeds_make_exactly_two_stories(seed_articles) -> None:
    stories = cluster_stories(seed_articles, find_duplicates(seed_articles), KNOWLEDGE, 7)
    groups = sorted(sorted(s.seeds) for s in stories)
    assert groups == [
        ["000_679f92e87514bbf1.txt", "001_a13e062ba28e5bd8.txt", "004_555158ae0ccec1e9.txt"],
        ["002_8368a29cd808449b.txt", "003_caf2e0a4730efb04.txt"],
    ]
    may = next(s for s in stories if "001_a13e062ba28e5bd8.txt" in s.seeds)
    assert may.id == "2023-05-putin-japarov-moscow"
    assert may.title_en == "Putin and Japarov in Moscow, May 2023" and may.title_ru == "Путин и Жапаров: Москва, май 2023"


def test_what_each_source_adds(seed_articles) -> None:
    may = [a for a in seed_articles if a.seed[:3] in ("000", "001", "004")]
    added = what_each_adds(may)
    assert any("Санкт-Петербурге и Казани" in s for s in added["001_a13e062ba28e5bd8.txt"])
    assert any("Red Square" in s for s in added["000_679f92e87514bbf1.txt"])
    assert any("CSTO" in s for s in added["004_555158ae0ccec1e9.txt"])


def test_syndicated_copy_is_one_article_with_its_other_outlet(seed_articles) -> None:
    original = next(a for a in seed_articles if a.seed.startswith("004"))
    copy = dataclasses.replace(original, seed="zz-copy.txt", outlet="Reprint Daily", date=original.date + dt.timedelta(days=1),
                               paragraphs=original.paragraphs[:-1] + ("A short note the reprint added at the end of it.",))
    articles = [*seed_articles, copy]
    duplicates = find_duplicates(articles)
    assert duplicates == {"zz-copy.txt": original.seed}
    stories = cluster_stories(articles, duplicates, KNOWLEDGE, 7)
    assert any({"zz-copy.txt", original.seed} <= set(s.seeds) for s in stories)
    pages = {p.path: p.text for p in render_index_pages(articles, stories, duplicates, {}, KNOWLEDGE)}
    people_page = pages["people/vladimir-putin.md"]
    assert "(also · также: Reprint Daily)" in people_page and people_page.count(original.title) == 1
    assert copy.title in pages["sources/reprint-daily.md"], "the outlet's own page lists what it published"


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_input_order_changes_no_output_byte(seed_articles, rng: random.Random) -> None:
    def render(articles):
        duplicates = find_duplicates(articles)
        stories = cluster_stories(articles, duplicates, KNOWLEDGE, 7)
        return [(p.path, p.text) for p in render_index_pages(articles, stories, duplicates, {}, KNOWLEDGE)]

    shuffled = list(seed_articles)
    rng.shuffle(shuffled)
    assert render(shuffled) == render(list(seed_articles))


def test_story_page_is_cross_language_and_linked(built_site: Path) -> None:
    story = built_site / "site" / "stories" / "2023-05-putin-japarov-moscow" / "index.html"
    html = story.read_text(encoding="utf-8")
    assert "Путин и Жапаров: Москва, май 2023" in html and 'lang="ru"' in html and 'lang="en"' in html
    for seed in ("000_679f92e87514bbf1.txt", "001_a13e062ba28e5bd8.txt", "004_555158ae0ccec1e9.txt"):
        page = article_pages(built_site)[seed]
        assert f"../../articles/{page.stem}/" in html
        assert read_front_matter(page)["story"] == "2023-05-putin-japarov-moscow"
    october = {read_front_matter(article_pages(built_site)[s])["story"] for s in ("002_8368a29cd808449b.txt", "003_caf2e0a4730efb04.txt")}
    assert october == {"2023-10-putin-japarov-bishkek"}


def test_index_pages_count_and_link(built_site: Path) -> None:
    site = built_site / "site"
    browse = (built_site / "docs" / "browse.md").read_text(encoding="utf-8")
    assert "[Stories · Сюжеты](stories/index.md) — 2" in browse
    people = (site / "people" / "sadyr-japarov" / "index.html").read_text(encoding="utf-8")
    assert people.count("../../articles/") >= 5
    assert (site / "topics" / "military-cooperation" / "index.html").is_file()
    assert (site / "sources" / "xinhua" / "index.html").is_file()
    article = (site / "articles" / article_pages(built_site)["001_a13e062ba28e5bd8.txt"].stem / "index.html").read_text(encoding="utf-8")
    for link in ("../../people/sadyr-japarov/", "../../places/kyrgyzstan/", "../../stories/2023-05-putin-japarov-moscow/",
                 "../../sources/", "../../topics/"):
        assert link in article, link
    assert "md-tag" in article, "the tags plugin shows topic labels"
