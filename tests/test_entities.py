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
from generator.translit import name_to_latin
from generator.index_pages import render_index_pages
from generator.pipeline import extract_articles
from generator.reader import read_knowledge, read_seeds
from generator.stories import Story, assign_story_ids, cluster_stories, find_duplicates, what_each_adds
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


# People the knowledge files do not know, by evidence in the text; each row is (text, language, every person found).
@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a role word inside a capitalized run splits it: the name is what follows the role
        ("Health Minister Aidar Bekbolot was dismissed on Monday.", "en", {"Aidar Bekbolot"}),
        ("Referee Hiroshi Tanaka stopped the bout in the third round.", "en", {"Hiroshi Tanaka"}),
        # a role before an appositive comma
        ("He met his Uzbek counterpart, Aziz Kambarali, in the capital.", "en", {"Aziz Kambarali"}),
        # a verb of saying after the name
        ("Marat Sultanbek said the plan was ready.", "en", {"Marat Sultanbek"}),
        # a portfolio before the name is not part of it (a name is its last two words)
        ("The president dismissed Minister of Digital Development and Innovation Talgat Ermekbaev.", "en", {"Talgat Ermekbaev"}),
        # name particles inside or at the end of a name
        ("The fund is run by Pieter van der Berg, a Dutch banker.", "en", {"Pieter van der Berg"}),
        ("The speech by Talant Mamyt uulu drew applause.", "en", {"Talant Mamyt uulu"}),
        # the surname standing alone elsewhere in the text
        ("The match saw Lucas Fernandes score twice. A pass from Fernandes set up the third.", "en", {"Lucas Fernandes"}),
        # Russian: an animate noun in apposition, a role and its genitive, an acronym before the name
        ("Победу принес гол канадца Люка Бернье.", "ru", {"Lyuk Bernye"}),
        ("Мяч отразил вратарь гостей Аскар Жунусов.", "ru", {"Askar Zhunusov"}),
        ("Об этом сообщил аналитик ВТБ Олег Дронов.", "ru", {"Oleg Dronov"}),
        # Russian oblique cases brought to the nominative, the first name's case and gender deciding
        ("На концерте пианиста Кирилла Шмидта был аншлаг.", "ru", {"Kirill Shmidt"}),
        ("Бой с Андреем Бабичем продлился девять раундов.", "ru", {"Andrei Babich"}),
        ("Он хочет драться с Эрисланди Рохой или Карлосом Мендесом.", "ru", {"Erislandi Rokha", "Karlos Mendes"}),
        ("Он обошел Николая Кравченко по числу титулов.", "ru", {"Nikolai Kravchenko"}),  # an indeclinable surname
        ("Победа над Натальей Гурией далась нелегко.", "ru", {"Natalia Guriya"}),  # a woman's surname in -ия
        ("Встреча с Джеромом Хантером прошла в Баку.", "ru", {"Dzherom Khanter"}),  # an unknown first name, same case
        ("Второе место у коммуниста Александра Лыкова.", "ru", {"Alexander Lykov"}),  # the noun before it agrees
        # an ambiguous form (Руслану: Руслан or Руслана) read as the other mentions of the text read
        ("Руслана Ахмедова прибыла в Самарканд. Губернатор встретил Руслану Ахмедову в аэропорту.", "ru",
         {"Ruslana Akhmedova"}),
        # a surname alone in another case is the same person
        ("Олег Штольц выиграл выборы. За Штольца проголосовали 60%.", "ru", {"Oleg Shtolts"}),
        # the same person gets the same Latin name from a Russian and an English text
        ("Министр Бакыт Айдаралиев отправлен в отставку.", "ru", {"Bakyt Aidaraliev"}),
        ("Minister Bakyt Aidaraliev was dismissed.", "en", {"Bakyt Aidaraliev"}),
        ("В Омской области голосовал Андрей Соколов.", "ru", {"Andrei Sokolov"}),
        # Kazakh, Kyrgyz, Tajik and Uzbek texts: Central Asian letters and case endings
        ("Тоқаев Қытайға сапармен барды.", "kk", {"Kassym-Jomart Tokayev"}),
        ("Жиында Нұрлан Сәрсенбаевтің баяндамасы тыңдалды.", "kk", {"Nurlan Sarsenbaev"}),  # a genitive ending off
        ("Эмомалӣ Раҳмон Гурбангулӣ Бердимуҳамедовро қабул кард.", "tg", {"Emomali Rahmon", "Gurbanguly Berdimuhamedov"}),
        ("Shavkat Mirziyoyev Emomali Rahmonning tashrifini olqishladi.", "uz", {"Shavkat Mirziyoyev", "Emomali Rahmon"}),
        # a known surname after another first name is someone else
        ("Айдана Токаева выступила на форуме.", "ru", {"Aidana Tokaeva"}),
        ("Francis Fukuyama gave a lecture in Astana.", "en", set()),
        # NOT people: places, buildings, events, organizations, outlets, credits, portfolios, title-case headlines
        ("Uzbekistan Appoints New Energy Chief Amid Gas Shortages", "en", set()),
        ("A statement from the Presidential Administration was published late on Friday.", "en", set()),
        ("The decree dismissed the Minister of Culture and Tourism and the Minister of Water Resources.", "en", set()),
        ("Reporting by Jane Doeson; Editing by Tom Smithers", "en", set()),
        ("A file photo. AP Photo/Kamila Nurova", "en", set()),
        ("By Anna Karimova\nThe talks began on Monday.", "en", set()),
        ("Fans filled the Republican Stadium for the Tashkent Open final.", "en", set()),
        ("The report cited Thomson Reuters data on Monday.", "en", set()),
        ("Production at the Eni-led Karachaganak field fell. Karachaganak is in the west.", "en", set()),
        ("Xi praised the China-Central Asia Spirit at the meeting.", "en", {"Xi Jinping"}),
        ("Since July the bank has raised rates.", "en", set()),
        ("Human Rights Watch said the trial was unfair. Amnesty International said the same.", "en", set()),
        ("The Caspian Pipeline Consortium said exports resumed.", "en", set()),
        ("Губернатор Среднего Поволжья выступил с речью.", "ru", set()),
        ("Школу открыли в селе Кара-Суу Ошского района.", "ru", set()),
        ("Памятник стоит на улице Ленина.", "ru", set()),
        ("Политика Штольц выиграл выборы", "ru", set()),  # a rubric glued to a surname
        ("Автор: Ольга Смирнова. Фото: Иван Козлов", "ru", set()),
    ],
)
def test_people_by_evidence(text: str, language: str, expected: set[str]) -> None:
    assert set(find_entities(text, language, KNOWLEDGE).people) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The Russia-Central Asia business forum opened.", "en", {"Russia", "Central Asia"}),  # a compound of names
        ("Turnout in the Chelyabinsk region was 40%.", "en", {"Chelyabinsk Region"}),  # later words in any case
        ("Казанский «Рубин» обыграл «Восток».", "ru", {"Kazan"}),  # a city's adjective; a quoted name is a club
        ("The Geneva-based trader bought the cargo.", "en", {"Geneva"}),  # a compound adjective
        ("Жапаров Таласта Бишкектин өкүлдөрү менен жолукту.", "ky", {"Talas", "Bishkek"}),  # Kyrgyz case endings
        ("Тоқаев Қытайға сапармен барды.", "kk", {"China"}),  # a Kazakh dative
        ("Zarafshon daryosida Toshkentdan kelgan mutaxassislar ishladi.", "uz", {"Zarafshan River", "Tashkent"}),
        ("The delegation then flew to Karakol for a second meeting.", "en", {"Karakol"}),
        # NOT places: an adjective before a noun, a rating, a person's surname, what speaks
        ("Exports to Western markets rose, and the rating was upgraded to Baa2.", "en", set()),
        ("The match saw Lucas Fernandes score twice. A pass from Fernandes set up the third.", "en", set()),
        ("Vitol said the offer was withdrawn. Rosneft had accepted a bid from Vitol.", "en", set()),
    ],
)
def test_places_by_rule(text: str, language: str, expected: set[str]) -> None:
    assert set(find_entities(text, language, KNOWLEDGE).places) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Андрей Соколов", "Andrei Sokolov"),  # a common first name in its English form
        ("Александр Лыков", "Alexander Lykov"),
        ("Николай Кравченко", "Nikolai Kravchenko"),  # -ай, -ей at the end of a first name
        ("Айбек Смадьяров", "Aibek Smadyarov"),  # -ай before a consonant
        ("Бакыт Айдаралиев", "Bakyt Aidaraliev"),  # -ев after a vowel
        ("Айгуль Машиева", "Aigul Mashieva"),
        ("Олег Штольц", "Oleg Shtolts"),  # the rest by the Wikipedia schema
        ("Lucas Fernandes", "Lucas Fernandes"),  # Latin stays as it is
    ],
)
def test_names_in_latin_letters(name: str, expected: str) -> None:
    assert name_to_latin(name) == expected


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


def test_a_new_story_with_the_same_id_renames_no_other_story() -> None:
    def story(first: str, day: int) -> Story:
        start = dt.date(2024, 1, day)
        return Story("2024-01-tokayev-japarov-moscow", "t", "т", (f"{first}-b.txt", f"{first}.txt"), start, start)

    before = {s.seeds: s.id for s in assign_story_ids([story("c", 10), story("d", 20), story("e", 25)])}
    assert len(set(before.values())) == 3 and "2024-01-tokayev-japarov-moscow" in before.values()
    after = {s.seeds: s.id for s in assign_story_ids([story("a", 5), story("c", 10), story("d", 20), story("e", 25)])}
    assert after[("a-b.txt", "a.txt")] == "2024-01-tokayev-japarov-moscow"  # the one that began first
    assert [seeds for seeds in before if before[seeds] != after[seeds]] == [("c-b.txt", "c.txt")]
    assert len(set(after.values())) == 4
    assert assign_story_ids([story("e", 25), story("a", 5), story("d", 20), story("c", 10)]) == assign_story_ids(
        [story("a", 5), story("c", 10), story("d", 20), story("e", 25)])


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
