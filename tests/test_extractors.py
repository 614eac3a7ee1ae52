"""Table-driven tests of the cleaning rules and of each `extract_<field>` function: (input, expected)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.cleaner import classify_line, clean_text, learn_boilerplate, normalize_line, repair_glued_sentences
from generator.extractor import (
    classify_header_rest,
    extract_date,
    extract_dateline,
    extract_description,
    extract_language,
    extract_outlet,
    extract_source,
    extract_title,
    extract_url,
    make_headline,
    strip_dateline,
)
from generator.models import Header
from generator.reader import parse_header, read_knowledge

KNOWLEDGE = read_knowledge()
MIN, MAX = dt.date(1990, 1, 1), dt.date(2026, 11, 22)
BODY = "The talks lasted three hours and covered trade, energy and security in the region."


def clean(text: str):
    return clean_text(text, KNOWLEDGE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia will continue, Putin emphasized on Thursday.The Russian leader spoke.", "on Thursday. The Russian"),
        ('the military spheres."In turn, Japarov said.', 'spheres." In turn'),
        ("Japarov said.During his visit", "said. During"),
        ("opened in October 2003.Regarding the talks", "2003. Regarding"),
        ("Президент заявил.Стороны обсудили", "заявил. Стороны"),
        ("The U.S. and the E.U. agreed.", "The U.S. and the E.U. agreed."),
        ("Growth was 2.5 percent.", "Growth was 2.5 percent."),
        ("See sputnikglobe.com/Article.Html for more", "sputnikglobe.com/Article.Html"),
        ("J.R.R. Tolkien wrote it.", "J.R.R. Tolkien"),
        ("В. Путин и С. Жапаров", "В. Путин и С. Жапаров"),
    ],
)
def test_repair_glued_sentences(text: str, expected: str) -> None:
    assert expected in repair_glued_sentences(text)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("USD 90.65 -0.33 EUR 98.58 -0.19", "ticker"),
        ("08:44 UTC+8, 2023-05-09 0", "timestamp"),
        ("Copyright 2020 © Shanghai Daily. All Rights Reserved. Hotline: 8621-52920043", "copyright"),
        ("沪公网安备 31010602001940号", "licence"),
        ("About Us | Contact Us | Feedback | Privacy Policy | Terms of Use", "nav"),
        ('Подписывайтесь на все публикации журнала "Профиль" в Дзен, читайте наши Telegram-каналы', "promo"),
        ("Follow us on Twitter", "promo"),
        ("Source: Xinhua   Editor: Wang Qingchu", "source-line"),
        ("News / World", "section"),
        ("Photo: Reuters", "credit"),
        ("Все права защищены. При перепечатке материалов ссылка обязательна.", "copyright"),
        ("Putin and Japarov noted the importance of work on biosecurity memorandum.", None),
        ("The presidents discussed Telegram and other messengers at length during the talks.", None),
        ("Russia | China relations are improving, officials said.", None),
        ("Share: Facebook Twitter Telegram", "chrome"),
        ("Поделиться: ВКонтакте, Одноклассники, Telegram", "promo"),
        ("Your email address will not be published. Required fields are marked *", "chrome"),
        ("Please keep comments relevant and respectful.", "chrome"),
        ("Подробнее »", "chrome"),
        ("Читать в источнике", "chrome"),
        ("Все новости в Telegram", "chrome"),
        ("Редакция не несет ответственности за материалы источников.", "chrome"),
        ("Портал не несет ответственности за содержание материалов, опубликованных источниками.", "chrome"),
        ("The editors are not responsible for the content of external links.", "chrome"),
        ("The minister said the talks would be shared on Telegram and WhatsApp by the end of the week.", None),
        ("Компания не несет ответственности за задержку поставок, заявил ее директор.", None),
        ("Подробнее о переговорах рассказал министр иностранных дел.", None),
        ("The views and opinions expressed herein are the views and opinions of the author and do not necessarily "
         "reflect those of the site.", "prompt"),
        ("- Подписывайтесь на наши каналы и первыми узнавайте о главных новостях дня.", "promo"),
        ("Больше новостей в нашем телеграм-канале. Подписывайтесь, чтобы первыми узнавать о важном.", "promo"),
        ("Войти через социальные сети:", "prompt"),
        ("Saytdakı materiallardan istifadə etdikdə istinad mütləqdir.", "copyright"),
        ("Qalampir.uz materiallaridan foydalanilganda havola berish majburiy", "copyright"),
        ("Войти в историю страны министр не рассчитывал, сказал он журналистам.", None),
        ("The station is committed to providing a forum for civil and constructive conversation.", "chrome"),
        ("When using materials of the site, a link to www.mfa.gov.kz is required.", "copyright"),
        ("© RePost.Az Bütün hüquqlar qorunur.", "copyright"),
    ],
)
def test_classify_line(line: str, kind: str | None) -> None:
    assert classify_line(line) == kind


def test_learned_boilerplate_needs_two_different_articles() -> None:
    footer = "Shine Daily is the best paper in town\nAll stories, all day"
    one = f"First story about a port that opened on Monday in the city.\n{footer}"
    two = f"Second story about a school that closed after a storm hit.\n{footer}"
    learned = learn_boilerplate([one, two])
    assert "shine daily is the best paper in town" in learned
    assert not any("story" in line for line in learned)
    # two copies of one article share everything: nothing of it is boilerplate
    assert learn_boilerplate([one, one]) == frozenset()


def test_a_sentence_is_learned_only_when_most_of_the_outlets_articles_print_it() -> None:
    background = "Earlier, the government raised the fuel price by a tenth, which led to protests in the west."
    stories = [f"Story {n} says something new happened in district number {n} on Monday morning.\n{background}"
               for n in range(5)]
    assert normalize_line(background) not in learn_boilerplate(stories[:2])  # two articles share a sentence
    disclaimer = "The opinions of the authors may differ from the position of the editors."
    tail = [f"{story}\n{disclaimer}" for story in stories[:4]] + [stories[4]]
    learned = learn_boilerplate(tail)
    assert normalize_line(disclaimer) in learned  # in four of five articles: the outlet's standing line
    assert normalize_line(background) in learned  # and so is a paragraph every article of the outlet repeats
    assert normalize_line(background) not in learn_boilerplate(tail[:2] + [f"Other story {n} about a bridge that reopened after repairs in spring." for n in range(4)])


@pytest.mark.parametrize(
    ("rest", "kind"),
    [
        ("In rare visit abroad, Putin holds talks with Kyrgyzstan president", "title"),
        ("MOSCOW, May 8. /TASS/. Russian President Vladimir Putin and his Kyrgyz counterpart met.", "body"),
        ("BISHKEK: Presidents met on Thursday to discuss trade and security issues.", "body"),
        ("Putin arrives in Bishkek. The visit is his first abroad this year.", "body"),
        ("Путин прибыл в Бишкек", "title"),
    ],
)
def test_classify_header_rest(rest: str, kind: str) -> None:
    assert classify_header_rest(rest) == kind


@pytest.mark.parametrize(
    ("header_rest", "text", "title", "source"),
    [
        ("A headline from the header", f"Another line\n\n{BODY}", "A headline from the header", "header"),
        (None, f"News / World\n\nPutin meets Japarov in Moscow\n\n{BODY}", "Putin meets Japarov in Moscow", "text"),
        (None, f"1. Главная\n2. Путин встретился с Жапаровым\nПутин Киргизия Политика\n\nПутин встретился с Жапаровым\n\n{BODY}",
         "Путин встретился с Жапаровым", "text"),
        (None, "MOSCOW, May 8. /TASS/. Vladimir Putin and Sadyr Japarov signed a statement on security, officials said.",
         "Vladimir Putin and Sadyr Japarov signed a statement on security", "lead"),
        (None, f"Title with <script>alert(1)</script> inside\n\n{BODY}", "Title with ‹script›alert(1)‹/script› inside", "text"),
    ],
)
def test_extract_title(header_rest: str | None, text: str, title: str, source: str) -> None:
    header = Header("2023-05-09", None, header_rest) if header_rest else None
    found = extract_title(header, clean(text), 16)
    assert (found.value, found.source) == (title, source)


@pytest.mark.parametrize(
    ("lead", "words", "expected"),
    [
        ("MOSCOW, May 8. /TASS/. Russian President Vladimir Putin and his Kyrgyz counterpart Sadyr Japarov noted the "
         "importance of developing Russian military facilities in Kyrgyzstan, according to a joint statement.", 16,
         "Putin and his Kyrgyz counterpart Sadyr Japarov noted the importance of developing Russian military facilities"),
        ("МОСКВА, 8 мая. /ТАСС/. Президент России Владимир Путин и президент Киргизии Садыр Жапаров отметили важность "
         "развития военных объектов, говорится в заявлении.", 16,
         "Путин и президент Киргизии Садыр Жапаров отметили важность развития военных объектов"),
        ("WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a bill that would fund the government through "
         "December and avert a shutdown.", 12, "The U.S. Senate on Tuesday passed a bill"),
    ],
)
def test_make_headline(lead: str, words: int, expected: str) -> None:
    headline = make_headline(lead, words)
    assert headline == expected
    assert len(headline.split()) <= words


@pytest.mark.parametrize(
    ("header_date", "url", "text", "expected", "source"),
    [
        ("2023-05-09", None, BODY, dt.date(2023, 5, 9), "header"),
        ("2023-02-30", None, f"Talks were held on May 8, 2023 in Moscow. {BODY}", dt.date(2023, 5, 8), "text"),
        ("2099-01-01", "https://sputnikglobe.com/20231012/a-b-1.html", BODY, dt.date(2023, 10, 12), "url"),
        ("1900-01-01", "https://example.com/2023/10/19/story.html", BODY, dt.date(2023, 10, 19), "url"),
        (None, None, f"21 мая 2024\n\nСтороны встретились. Об этом в понедельник, 8 мая, сообщает пресс-служба. {BODY}",
         dt.date(2023, 5, 8), "inferred"),
        # the page's own date is the day it was viewed: alone it dates nothing
        (None, None, f"21 мая 2024\n\nПрезиденты встретились в Москве и обсудили сотрудничество. {BODY}",
         None, "none"),
        (None, None, f"Agreement of September 20, 2012 was recalled; talks were on May 8, 2023. {BODY}",
         dt.date(2023, 5, 8), "text"),
        # a dateline's day and month without a year: the view date does not fix the year, a URL or a widget does
        (None, None, f"May 9, 2024\n\nMOSCOW, May 8. /TASS/. Leaders met and talked for hours. {BODY}", None, "none"),
        (None, "https://example.com/news/2024/05/talks.html", f"MOSCOW, May 8. /TASS/. Leaders met. {BODY}",
         dt.date(2024, 5, 8), "inferred"),
        (None, None, f"Май 2024\n\nMOSCOW, May 8. /TASS/. Leaders met and talked for hours. {BODY}",
         dt.date(2024, 5, 8), "inferred"),
        (None, "https://example.com/2024/talks.html", f"Leaders met on Wednesday, May 8. {BODY}",
         dt.date(2024, 5, 8), "inferred"),
        # a weekday that disagrees with the year is no evidence
        (None, "https://example.com/2024/talks.html", f"Leaders met on Thursday, May 8. {BODY}", None, "none"),
        (None, None, f"Заботкин рассказал о ставке\n26 ноября 2025 года 15:48\n\n{BODY}", dt.date(2025, 11, 26), "text"),
        # a widget's date above the headline (rates as of the day viewed, a city's weather) is not the byline under it
        (None, None, f"USD 87,45\nНа 04.06.2025 | |\nГлавная\nБайсалов объяснил, почему сменился мэр Бишкека\n06.12.2023 15:48\n\n{BODY}",
         dt.date(2023, 12, 6), "text"),
        (None, None, f"Tyumen, Monday, February 2, 2026\nNews\nKazakhstan restores full output at the Tengiz field\n"
                     f"January 31, 2026, 14:05\nBy Anna Petrova\n\n{BODY}", dt.date(2026, 1, 31), "text"),
        # slashed dates: day first on a line written the European way, month first with a.m./p.m.
        (None, None, f"Ходорковский рассказал о съемках фильма о себе\n05/12/2014 - 21:52 (по МСК)\n\n{BODY}",
         dt.date(2014, 12, 5), "text"),
        (None, None, f"Leaders meet in the capital for the talks\n05/12/2014 21:52\n\n{BODY}", dt.date(2014, 12, 5), "text"),
        (None, None, f"Leaders meet in the capital for the talks\nPublished 05/12/2014, 09:17 PM\n\n{BODY}",
         dt.date(2014, 5, 12), "text"),
        # a month in the region's other languages (`ақп.` is February in Kazakh)
        (None, None, f"Путин принял приглашение посетить Казахстан в мае\n- 16 ақп. 2026 20:00\n\n{BODY}",
         dt.date(2026, 2, 16), "text"),
        # `yesterday` under the headline, counted back from the page's own date above it
        (None, None, f"Понедельник, 16 февраля 2026\nПолитика\nМосква и Астана согласовывают сроки визита президента\n"
                     f"Вчера, 17:20\n\n{BODY}", dt.date(2026, 2, 15), "inferred"),
        (None, None, f"Monday, February 16, 2026\nPolitics\nMoscow and Astana agree on the dates of the visit\n"
                     f"Today at 9:15\n\n{BODY}", dt.date(2026, 2, 16), "inferred"),
        # a running clock above the headline (it shows seconds) is the page's own date, not a byline
        (None, None, f"Город N\n04 июля 2025 07:21:47\n78.78\nНовости\n\nВ области заработало новое министерство\n\n{BODY}",
         None, "none"),
        # ... and without a page's date it dates nothing
        (None, None, f"Москва и Астана согласовывают сроки визита президента\nВчера, 17:20\n\n{BODY}", None, "none"),
        (None, None, BODY, None, "none"),
    ],
)
def test_extract_date(header_date, url, text, expected, source) -> None:
    header = Header(header_date, url, None) if header_date else None
    found = extract_date(header, url, clean(text), MIN, MAX)
    assert (found.value, found.source) == (expected, source)


@pytest.mark.parametrize(
    ("header_date", "warning"),
    [("2023-02-30", "not a real date"), ("2099-01-01", "outside"), ("1900-01-01", "outside"), ("soon", "not a real date")],
)
def test_bad_header_dates_warn_and_fall_through(header_date: str, warning: str) -> None:
    found = extract_date(Header(header_date, None, None), None, clean(f"Talks on May 8, 2023 went well. {BODY}"), MIN, MAX)
    assert found.value == dt.date(2023, 5, 8)
    assert any(warning in w for w in found.warnings)


@pytest.mark.parametrize(
    ("text", "url", "expected", "where"),
    [
        (f"MOSCOW, May 8. /TASS/. {BODY}", None, "TASS", "dateline"),
        (f"МОСКВА, 8 мая. /ТАСС/. {BODY}", None, "TASS", "dateline"),
        (f"WASHINGTON (Reuters) - {BODY}", None, "Reuters", "dateline"),
        (f"{BODY}\n\nSource: Xinhua   Editor: Wang Qingchu", None, "Xinhua", "source-line"),
        (f'{BODY}\n\nПодписывайтесь на все публикации журнала "Профиль" в Дзен', None, "Профиль", "promo"),
        (f"{BODY} The leaders met, Kabar news agency reported.", None, "Kabar", "attribution"),
        (BODY, "https://sputnikglobe.com/20231012/x.html", "Sputnik", "url"),
        (BODY, "https://www.unknown-paper.example/news/1", "unknown-paper.example", "url"),
    ],
)
def test_extract_source(text: str, url: str | None, expected: str, where: str) -> None:
    found = extract_source(clean(text), url, KNOWLEDGE)
    assert (found.value, found.source) == (expected, where)


def test_extract_source_none_when_nothing_names_it() -> None:
    assert extract_source(clean(BODY), None, KNOWLEDGE) is None


@pytest.mark.parametrize(
    ("text", "url", "source", "expected"),
    [
        (f"{BODY}\n\nCopyright 2020 © Shanghai Daily. All Rights Reserved.", None, "Xinhua", "Shanghai Daily"),
        (f"{BODY}\n\nCopyright 2020 © Shanghai Daily. All Rights Reserved.", None, "Shanghai Daily", None),
        (BODY, "https://www.shine.cn/news/world/1/", "Xinhua", "Shanghai Daily"),
        (BODY, "https://sputnikglobe.com/1/", "Sputnik", None),
    ],
)
def test_extract_outlet(text: str, url: str | None, source: str, expected: str | None) -> None:
    found = extract_outlet(clean(text), url, source, KNOWLEDGE)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("url_text", "expected", "warns"),
    [
        ("https://sputnikglobe.com/a.html", "https://sputnikglobe.com/a.html", False),
        ("http://example.com/", "http://example.com/", False),
        ("javascript:alert(1)", None, True),
        ("ftp://example.com/file", None, True),
        (None, None, False),
    ],
)
def test_extract_url(url_text: str | None, expected: str | None, warns: bool) -> None:
    found = extract_url(Header("2023-01-01", url_text, None))
    assert (found.value if found else None) == expected
    assert bool(found and found.warnings) == warns


@pytest.mark.parametrize(
    ("text", "code", "warns"),
    [
        (BODY, "en", False),
        ("Президенты обсудили вопросы безопасности в Центральной Азии.", "ru", False),
        ("Президенти обговорили питання безпеки та співпраці в Центральній Азії, їхні міністри теж.", "uk", True),
        ("Die Präsidenten haben in der Hauptstadt über die Sicherheit und den Handel gesprochen.", "de", True),
        ("Les présidents ont discuté de la sécurité et du commerce dans la région pour les années.", "fr", True),
        ("中国和俄罗斯的领导人在莫斯科举行了会谈。", "zh", True),
        ("Putin and Japarov met. Путин и Жапаров встретились в Москве и обсудили много вопросов сотрудничества.", "ru", False),
    ],
)
def test_extract_language(text: str, code: str, warns: bool) -> None:
    found = extract_language(text)
    assert found.value == code
    assert bool(found.warnings) == warns


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"MOSCOW, May 8. /TASS/. {BODY}", "Moscow"),
        (f"BISHKEK: {BODY}", "Bishkek"),
        (f"МОСКВА, 8 мая. /ТАСС/. {BODY}", "Москва"),
        (f"NEW YORK (AP) — {BODY}", "New York"),
        (f"NATO leaders said on Monday that the talks would go on. {BODY}", None),
        (f"Кызылорда. 20 января. КазТАГ – {BODY}", "Кызылорда"),
        (f"Tashkent, May 8, 2025 (AFP) - {BODY}", "Tashkent"),
        (f"Shillong, October 8: {BODY}", "Shillong"),
        # a sentence that runs on from its date opens with no dateline
        (f"Напомним, 5 июня сборная сыграла вничью с командой ОАЭ. {BODY}", None),
        (f"Recall, May 8 was the day the talks began in the capital. {BODY}", None),
        (BODY, None),
    ],
)
def test_extract_dateline(text: str, expected: str | None) -> None:
    found = extract_dateline(clean(text))
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (f"MOSCOW, May 8. /TASS/. {BODY}", BODY),
        (f"Samarkand (Uzbekistan) (AFP) – {BODY}", BODY),
        (f"CentralAsia (UZ) - {BODY}", BODY),  # a site's name in one word and its country
        (f"McKinsey said on Monday that {BODY}", f"McKinsey said on Monday that {BODY}"),
    ],
)
def test_strip_dateline(lead: str, expected: str) -> None:
    assert strip_dateline(lead) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"MOSCOW, May 8. /TASS/. Leaders met in the capital. {BODY}", "Leaders met in the capital."),
        (f"The U.S. envoy arrived on Monday. {BODY}", "The U.S. envoy arrived on Monday."),
    ],
)
def test_extract_description_is_one_whole_sentence(text: str, expected: str) -> None:
    assert extract_description(clean(text)).value == expected


def test_header_parse_feeds_title_extraction() -> None:
    header, body = parse_header(f" date 2023-10-19 In rare visit abroad, Putin holds talks\n\n{BODY}")
    assert extract_title(header, clean(body), 16).value == "In rare visit abroad, Putin holds talks"


# Shapes met in other real scraped pages (texts here are made up, the layouts are real).
@pytest.mark.parametrize(
    ("rest", "kind"),
    [("Газета", "text"), ("Рейтинг@Mail.ru", "text"), ("Skip to content", "text")],
)
def test_header_rest_that_is_a_site_label(rest: str, kind: str) -> None:
    assert classify_header_rest(rest) == kind


def test_timestamp_under_the_headline_dates_the_article() -> None:
    text = f"Leaders meet in the capital\n# 12 October 2023 11:09 (UTC +04:00)\n\n{BODY}"
    found = extract_date(None, None, clean(text), MIN, MAX)
    assert (found.value, found.source) == (dt.date(2023, 10, 12), "text")
    text = f"Рейтинг\n16:27 25.11.2025 (обновлено: 17:09 25.11.2025)\nЛидеры встретились в аэропорту\n{BODY}"
    assert extract_date(None, None, clean(text), MIN, MAX).value == dt.date(2025, 11, 25)


def test_passage_with_a_read_more_link_after_the_text_is_a_teaser() -> None:
    text = (f"Мэр рассказал о реформе города\n06.12.2023 15:48\n\nТерритория города увеличится втрое, сообщил вице-премьер.\n\n"
            f"{BODY}\n\nГороскоп на неделю. Какие события вероятны в ближайшие дни? Ответы в еженедельном гороскопе.\n"
            f"Подробнее »\n")
    paragraphs = clean(text).paragraphs
    assert paragraphs[0].startswith("Территория города") and paragraphs[-1] == BODY
    assert not any("Гороскоп" in p or "Подробнее" in p for p in paragraphs)
    # an aggregator's snippet is the article, with its link to the rest
    snippet = clean(f"Мэр рассказал о реформе города\n\nТерритория города увеличится втрое, сообщил вице-премьер. {BODY}\nЧитать далее\n")
    assert snippet.paragraphs == (f"Территория города увеличится втрое, сообщил вице-премьер. {BODY}",)


def test_short_lead_with_a_dateline_over_a_teaser_card_is_the_text() -> None:
    lead = "TOShKENT, 20 mar - Sputnik. Qozog‘iston prezidenti vakolatlarini topshirish haqidagi qarorni imzoladi."
    text = ("Sputnik O‘zbekiston\nYangiliklar\nSport\nNazarboyev yangi binoga ko‘chib o‘tadi\n\n"
            "© Sputnik / Aleksey Nikolskiy / Mediabankka o‘tishRabochiy vizit prezidenta v Kazaxstan\n"
            "Rabochiy vizit prezidenta v Kazaxstan - Sputnik O‘zbekiston\nObuna bo‘lish\n"
            "Ostonadagi bu majmuada kutubxona va arxiv faoliyat yuritadi\n\n"
            f"{lead}\n\nMiting na ploshadi - Sputnik O‘zbekiston\n"
            f"Jirinovskiy Qozog‘iston uchun kurash boshlanishini prognoz qilmoqda\n\n{BODY}\n\n{BODY}\n")
    assert clean(text).paragraphs[0] == lead
    # a short appeal above the headline block is still no text, dated or not
    text = ("News   Business   Opinion   Podcasts\n×\nLiking the site without ads?\n"
            "Since July 1, 2024, we have switched off all ads to make reading easier.\n"
            "Doing so costs us $10,000 every month. Your support can help us cover it.\nSupport us\nBusiness\n"
            "Central bank lifts its key rate to a record high\nThe regulator went further than expected.\n"
            f"Oct. 25, 2024\n\n{BODY}\n")
    paragraphs = clean(text).paragraphs
    assert paragraphs[-1] == BODY and not any("ads" in p or "support" in p for p in paragraphs)


def test_an_agency_signing_off_after_a_dash_is_no_text() -> None:
    text = f"Protests outside parliament in Tbilisi\n\n{BODY}\n\n— AP\n\n{BODY} Again.\n"
    assert "— AP" not in clean(text).paragraphs


def test_a_caption_with_its_photo_credit_is_no_text() -> None:
    caption = "Staff of the outlet in the courtroom before the verdict. Photo via Meydan TV."
    assert clean(f"Journalists sentenced in Baku\n\n{caption}\n\n{BODY}\n").paragraphs == (BODY,)


def test_headlines_under_a_section_label_are_teasers() -> None:
    text = (f"Политика\n9 октября 2025, 10:02\nПутин и Рахмон перешли к переговорам в Душанбе\n\n{BODY}\n\n"
            "Теги: Владимир Путин, Таджикистан, Россия\nКомментарии\nТакже в разделе:\n"
            "В Душанбе пройдет саммит «Центральная Азия – Россия»\nПрограмма визита президента в Таджикистан\n"
            "© 2005–2025 Деловая газета. Все права защищены.\n")
    assert clean(text).paragraphs == (BODY,)


def test_headline_stuck_to_the_text_is_not_a_paragraph() -> None:
    cleaned = clean(f"Лидеры встретились в аэропорту столицы\nУ трапа самолета гостя встретил президент страны и его министры.\n{BODY}")
    assert extract_title(None, cleaned, 16, None, KNOWLEDGE).value == "Лидеры встретились в аэропорту столицы"
    assert not any(p.startswith("Лидеры встретились") for p in cleaned.paragraphs)


def test_agency_after_a_dash_in_a_dateline_of_the_second_paragraph() -> None:
    text = (f"Гостя встретили у трапа самолета, рассказали в администрации президента.\n\n"
            f"БИШКЕК, 25 ноя — РИА Новости. Президент лично встретил коллегу в аэропорту столицы.\n\n{BODY}")
    cleaned = clean(text)
    assert extract_source(cleaned, None, KNOWLEDGE).value == "RIA Novosti"
    assert extract_dateline(cleaned).value == "Бишкек"


def test_inline_photo_credits() -> None:
    text = ("Президенты провели переговоры в столице Фото: Иван Петров/РИА Новости/POOL\n\n"
            "Президент ищет новый формат сотрудничества со странами региона, считают эксперты.\n\n"
            "Вместо машин кортеж сопровождали всадники Фото: Анна Смирнова © URA.RU\n\n"
            "Кортеж проехал к новому комплексу в сопровождении конницы и оркестра.")
    cleaned = clean(text)
    assert extract_title(None, cleaned, 16, None, KNOWLEDGE).value == "Президенты провели переговоры в столице"
    assert len(cleaned.paragraphs) == 2 and not any("всадники" in p for p in cleaned.paragraphs)


@pytest.mark.parametrize(
    "appeal",
    ["A Message from The Daily Example:\nDear readers,\nWe are facing unprecedented pressure and need your support today.",
     "This post is for paying subscribers only\nSubscribe\nAlready have an account? Sign In"],
)
def test_appeals_and_paywalls_end_the_article(appeal: str) -> None:
    cleaned = clean(f"Headline of the day here\n\n{BODY}\n\nThe second paragraph of the story is also long enough.\n{appeal}")
    assert cleaned.paragraphs[-1] == "The second paragraph of the story is also long enough."


def test_keyword_lists_and_skip_links_are_not_text() -> None:
    text = f"Skip to content\n\nPresidents meet in Bishkek today\n\n{BODY}\nбишкек, киргизия, россия, одкб, белоруссия\n\n{BODY} Again."
    cleaned = clean(text)
    assert extract_title(None, cleaned, 16, None, KNOWLEDGE).value == "Presidents meet in Bishkek today"
    assert cleaned.site_tags == ("бишкек, киргизия, россия, одкб, белоруссия",)
    assert not any("одкб" in p for p in cleaned.paragraphs)


def test_copyright_holder_with_a_dot_in_its_name() -> None:
    cleaned = clean(f"{BODY}\n\n© 2024 URA.RU. Все права защищены.")
    assert ("copyright", "URA.RU") in cleaned.signals


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n\n".join(textwrap.fill(p, width) for p in text.split("\n\n"))


@pytest.mark.parametrize("width", [58, 64, 72])
@pytest.mark.parametrize("blank_lines", [True, False])
def test_a_hard_wrapped_lead_is_never_lost(width: int, blank_lines: bool) -> None:
    # Made-up article; long chrome lines (a headline, a byline) around a body wrapped at one column.
    body = _wrap(
        "ALMATY — The national uranium company, the biggest producer in the region, said on Thursday that "
        "its mines were working as usual and exports had not been affected.\n\n"
        "Prices of the fuel rose for a third day as unrest spread through the country, traders in London said, "
        "and buyers watched the rail routes to the ports on the Black Sea.\n\n"
        "The company, whose shares trade in two cities, is majority owned by the state fund, which did not "
        "comment on the figures or on the plans for the next quarter.", width)
    if not blank_lines:
        body = body.replace("\n\n", "\n")
    text = ("UPDATE 1-Uranium miner says output and exports running as normal despite the unrest in the country\n"
            "Publishing date: Jan 06, 2022\n\n" + body)
    paragraphs = clean(text).paragraphs
    joined = " ".join(paragraphs)
    assert paragraphs[0].startswith("ALMATY — The national uranium company, the biggest producer")
    assert "on the plans for the next quarter." in joined
    assert all(p[:1].isupper() for p in paragraphs)  # no paragraph opens mid-sentence


def test_a_word_wrapped_at_its_hyphen_stays_one_word() -> None:
    lines = ["Президент выступил с инициативой ввести должность вице-", "президента, сообщили в администрации главы государства."]
    text = "Заголовок статьи о парламенте\n\n" + "\n".join(lines)
    assert "должность вице-президента, сообщили" in clean(text).paragraphs[0]
