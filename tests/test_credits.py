"""Table-driven tests of `extract_credit`: who wrote an article, one row per kind of credit (made-up texts)."""

from __future__ import annotations

import pytest

from generator.cleaner import clean_text
from generator.credits import extract_credit
from generator.reader import read_knowledge

KNOWLEDGE = read_knowledge()
EN = "The talks lasted three hours and covered trade, energy and security in the region."
RU = "Переговоры длились три часа, стороны обсудили торговлю, энергетику и безопасность в регионе."
LEAD_EN = "The two governments agreed on Monday to build a new road across the mountain pass by the end of next year"
LEAD_RU = "Правительства двух стран в понедельник договорились построить новую дорогу через горный перевал до конца года"
HEADLINE = "Neighbours agree to build a new mountain road"
URL_TCA = "https://timesca.com/neighbours-agree-to-build-a-road/"


def credit(text: str, url: str | None = None):
    return extract_credit(clean_text(text, KNOWLEDGE), url, KNOWLEDGE)


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # dateline credits in the lead: slashes, parentheses, a name after or before the dateline's dash
        (f"MOSCOW, May 8. /TASS/. {EN}", None, "TASS"),
        (f"ДУШАНБЕ, 09.10.2025 /НИАТ «Ховар»/. {RU}", None, "Khovar"),
        (f"ХОРОГ, 3 мая /Памир-Пресс/. {RU}", None, "Памир-Пресс"),
        (f"ASTANA (Reuters) - {EN}", None, "Reuters"),
        (f"ALMATY, Kazakhstan, March 3 (Reuters) - {EN}", None, "Reuters"),
        (f"Oct 8 (Reuters) -{EN}", None, "Reuters"),
        (f"ASTANA/MOSCOW, Feb 18 (Reuters) - {EN}", None, "Reuters"),
        (f"BEIJING, June 17 (Xinhua) -- {EN}", None, "Xinhua"),
        (f"Samarkand (Uzbekistan) (AFP) – {EN}", None, "AFP"),
        (f"Nukus, Uzbekistan (SteppeWire.com) -- {EN}", None, "SteppeWire.com"),
        (f"CentralAsia (KZ) - {EN}", None, "CentralAsia"),
        (f"Toshkent, 2-iyun (O‘zA). {EN}", None, "UzA"),
        (f"АСТАНА, 5 янв - РИА Новости. {RU}", None, "RIA Novosti"),
        (f"ДУШАНБЕ, 15 июн — Sputnik. {RU}", None, "Sputnik"),
        (f"Ташкент, Узбекистан – АН Podrobno.uz. {RU}", None, "Podrobno.uz"),
        (f"Москва. 26 ноября. INTERFAX.RU - {RU}", None, "Interfax"),
        (f"Кызылорда. 20 января. КазТАГ – {RU}", None, "KazTAG"),
        (f"ASTANA. KAZINFORM – {EN}", None, "Kazinform"),
        (f"ТАСС, 27 ноября. {RU}", None, "TASS"),
        (f"{LEAD_RU}.\n\nБИШКЕК, 25 ноя — РИА Новости. {RU}", None, "RIA Novosti"),
        # explicit source lines
        (f"{EN}\n\nSource: Xinhua", None, "Xinhua"),
        (f"{RU}\n\nИсточник: РИА Новости", None, "RIA Novosti"),
        (f"{RU} По материалам ТАСС.", None, "TASS"),
        (f"{EN} (via Reuters)", None, "Reuters"),
        (f"{EN}\n\nSource: https://tass.com/politics/1", None, "TASS"),
        # bylines naming a publisher (an agency first)
        (f"{HEADLINE}\nBy Anna Smith, Reuters\n\n{EN}", None, "Reuters"),
        (f"{HEADLINE}\nBy THE ASSOCIATED PRESS\n\n{EN}", None, "Associated Press"),
        (f"{HEADLINE}\nBy Trend\n\n{EN}", None, "Trend News Agency"),
        (f"{HEADLINE}\nBy Euronews with AFP\n\n{EN}", None, "AFP"),
        (f"{HEADLINE}\nXinhua\n\n{EN}", None, "Xinhua"),
        # attributions in the lead, before or after the reporting verb
        (f"{LEAD_EN}, reports Kazinform.\n\n{EN}", None, "Kazinform"),
        (f"{LEAD_EN}, Kazinform News Agency reports.\n\n{EN}", None, "Kazinform"),
        (f"{LEAD_EN}, a Kazinform correspondent reports.\n\n{EN}", None, "Kazinform"),
        (f"{LEAD_EN}, Trend reports, citing the ministry.\n\n{EN}", None, "Trend News Agency"),
        (f"{LEAD_EN}, reports Daryo.uz.\n\n{EN}", None, "Daryo"),
        (f"{LEAD_EN}, reports Steppe24.kz.\n\n{EN}", None, "Steppe24.kz"),
        (f"{LEAD_EN}, Kabar news agency reported.\n\n{EN}", None, "Kabar"),
        (f"{LEAD_RU}, сообщает Kazinform.\n\n{RU}", None, "Kazinform"),
        (f"{LEAD_RU}, передает Sputnik Казахстан.\n\n{RU}", None, "Sputnik"),
        (f"{LEAD_RU}, — передает корреспондент Tengrinews.kz.\n\n{RU}", None, "Tengrinews"),
        (f"{LEAD_RU}, пишет РИА Новости.\n\n{RU}", None, "RIA Novosti"),
        (f"{LEAD_RU}, пишет «Интерфакс-Казахстан».\n\n{RU}", None, "Interfax-Kazakhstan"),
        # ... or closing the text
        (f"{LEAD_RU}.\n\n{RU}\n\nСтроительство начнется весной, пишет РИА Новости.", None, "RIA Novosti"),
        # the outlet itself: its site name on top, its promo, its copyright line, its address
        (f"The Diplomat\nPolitics Economy Society\n\n{HEADLINE}\n\n{LEAD_EN}.\n\n{EN}", None, "The Diplomat"),
        (f"Vesti.kg — Новости Кыргызстана\n\n{HEADLINE}\n\n{LEAD_RU}.\n\n{RU}", None, "Vesti.kg"),
        (f'{RU}\n\nПодписывайтесь на публикации журнала "Профиль" в Дзен', None, "Профиль"),
        (f"{EN}\n\n© 2024 The Astana Times. All rights reserved.", None, "The Astana Times"),
        (f"{RU}\n\n© 2025 АО «Коммерсантъ». Все права защищены.", None, "Коммерсантъ"),
        (f"{EN}\n\n© 2023 Steppe Media LLC. All rights reserved.", None, "Steppe Media"),
        (EN, "https://sputnikglobe.com/20231012/x.html", "Sputnik"),
        (EN, "https://www.unknown-paper.example/news/1", "unknown-paper.example"),
        # the holder printed before the mark; a holder whose name spells the site's domain is named as printed
        (f"{RU}\n\nТелеканал Дождь © 2014. Все права защищены.", None, "Телеканал Дождь"),
        (f"{EN}\n\nCopyright © 2025 Malay Mail. All rights reserved.", "https://www.malaymail.com/news/1", "Malay Mail"),
        (f"{EN}\n\nCopyright © 2025 Steppe Media. All rights reserved.", "https://www.unknown-paper.example/news/1",
         "unknown-paper.example"),
        (f"{EN}\n\n© RePost.Az Bütün hüquqlar qorunur.", None, "RePost.Az"),
    ],
)
def test_extract_credit(text: str, url: str | None, expected: str) -> None:
    found = credit(text, url)
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # a dateline without a credit, or a dash / parenthesis that is not one, leaves the outlet as the source
        (f"MOSCOW -- Vladimir Putin set off on Wednesday on a three-day state visit. {EN}", URL_TCA, "The Times of Central Asia"),
        (f"ASTANA – Tokayev spoke. {EN}", URL_TCA, "The Times of Central Asia"),
        (f"The Eurasian Economic Union (EAEU) - a bloc of five states - met today. {EN}", URL_TCA, "The Times of Central Asia"),
        (f"President Tokayev (left). {EN}", URL_TCA, "The Times of Central Asia"),
        # people and ministries are not sources, nor is a mid-body citation of another outlet
        (f"{LEAD_RU}, сообщил министр транспорта.\n\n{RU}", URL_TCA, "The Times of Central Asia"),
        (f"{LEAD_EN}, said the ministry.\n\n{EN}", URL_TCA, "The Times of Central Asia"),
        (f"{LEAD_EN}.\n\nThe road will cost $300 million, according to the state news agency Xinhua.\n\n{EN}", URL_TCA,
         "The Times of Central Asia"),
        (f"{LEAD_EN}.\n\nThe road will cost $300 million, Xinhua reported.\n\n{EN}", URL_TCA, "The Times of Central Asia"),
        (f"{HEADLINE}\nBy John Smith\n\n{EN}", URL_TCA, "The Times of Central Asia"),
        (f"{RU}\n\nИсточник фото: пресс-служба", URL_TCA, "The Times of Central Asia"),
    ],
)
def test_what_is_not_a_credit(text: str, url: str | None, expected: str) -> None:
    assert credit(text, url).value == expected


@pytest.mark.parametrize(
    ("text", "url", "expected", "where"),
    [
        # the lead's dateline credit beats a syndicator's banner and its address
        (f"Today.Az\nAzerbaijan's news portal\n\n{HEADLINE}\n\nBAKU, June 25 /Trend/. {EN}", "http://www.today.az/news/1.html",
         "Trend News Agency", "dateline"),
        # an agency credited in the lead beats the site that copied it
        (f"Kazakhstan Today\n\n{HEADLINE}\n\n{LEAD_EN}, Kazinform News Agency reports.\n\n{EN}", "https://www.kt.kz/eng/1.html",
         "Kazinform", "attribution"),
        # an explicit source line beats the copyright line
        (f"{EN}\n\nИсточник: 24.kg\n\n© 2025 Sayasat.kg", None, "24.kg", "source-line"),
        # the banner beats a copyright naming the site's owner, and the URL
        (f"Investing.com\nMarkets Analysis News\n\n{HEADLINE}\n\n{EN}\n\n© 2007-2025 Fusion Media Limited. All Rights Reserved.",
         "https://www.investing.com/news/1", "Investing.com", "banner"),
        (EN, "https://www.reuters.com/world/x", "Reuters", "url"),
    ],
)
def test_credit_priority(text: str, url: str | None, expected: str, where: str) -> None:
    found = credit(text, url)
    assert (found.value, found.source) == (expected, where)


def test_no_credit_when_nothing_names_one() -> None:
    assert credit(EN) is None
