"""The built site as a reader uses it, in a real Chromium (Debian's, driven by Playwright).

Every test using the `page` fixture (tests/conftest.py) also fails on a console error or a request to any host but the local server.
Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser import result_paths, search, serve_folder
from conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
EN_SEEDS = ("000_679f92e87514bbf1.txt", "002_8368a29cd808449b.txt", "003_caf2e0a4730efb04.txt", "004_555158ae0ccec1e9.txt")
RU_SEED = "001_a13e062ba28e5bd8.txt"


def articles_in(paths: list[str]) -> list[str]:
    """The article results, in order (person, place, topic and story pages come among them; tests/test_search.py)."""
    return [path for path in paths if path.startswith("articles/")]


PHONE = 375


def no_horizontal_scroll(tab, width: int = PHONE) -> list[str]:
    """What sticks out sideways once transitions have ended: the page wider than the window, or visible elements
    past its right edge (Material hides the page's sideways overflow, so content would be cut off rather than
    scroll). Elements inside their own scrolling box (wide tables, code) and Material's animated search backdrop are fine."""
    # (Mobile emulation widens the layout viewport to fit wide content, so window.innerWidth cannot be the limit.)
    return tab.evaluate("""async (width) => {
        await Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => null)));
        const problems = [];
        if (document.documentElement.scrollWidth > width) problems.push(`page ${document.documentElement.scrollWidth}px`);
        // a wide table or code block may scroll inside its own box; nothing else may
        const scrolls = (element) => !!element.parentElement?.closest(".md-typeset__scrollwrap, pre");
        for (const element of document.body.querySelectorAll("*")) {
            const box = element.getBoundingClientRect();
            if (box.right <= width + 1 || box.width === 0 || box.height === 0) continue;
            if (element.closest(".md-search__overlay") || getComputedStyle(element).visibility === "hidden") continue;
            if (box.left >= width) continue;  // wholly off-screen (a closed drawer)
            if (scrolls(element)) continue;
            problems.push(`${element.tagName.toLowerCase()}.${element.className} ends at ${Math.round(box.right)}px`);
        }
        return problems.slice(0, 5);
    }""", width)


def test_home_lists_the_newest_articles_first(page, urls, fronts) -> None:
    page.goto(page.base)
    listed = [href for href in page.eval_on_selector_all("article a", "links => links.map(a => a.getAttribute('href'))")
              if href.startswith("articles/")]
    by_date = sorted(fronts, key=lambda seed: (fronts[seed]["date"], seed), reverse=True)
    assert listed[:5] == [urls[seed] for seed in by_date]
    assert listed[0] == urls["003_caf2e0a4730efb04.txt"]  # 19 October 2023, the newest article
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)


@pytest.mark.parametrize("seed", [*EN_SEEDS, RU_SEED])
def test_article_page_shows_the_card_and_both_summaries(page, urls, fronts, seed) -> None:
    page.goto(page.base + urls[seed])
    front = fronts[seed]
    assert page.locator("article h1").inner_text() == front["title"]
    assert page.locator("article h1").get_attribute("lang") == (None if front["language"] == "en" else front["language"])
    card = page.locator(".digest-meta")
    assert card.is_visible()
    card_text = card.inner_text()
    day = front["date"]
    assert f"{day.day} {day:%B} {day.year}" in card_text  # English date, e.g. 9 May 2023
    assert re.search(rf"{day.day} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) {day.year}", card_text)
    assert front["source"] in card_text
    assert "Language · Язык" in card_text
    for language, label in (("en", "English"), ("ru", "Русский")):
        block = page.locator(f".digest-summary[lang={language}]")
        assert block.is_visible()
        assert block.inner_text().startswith(label)
        assert " ".join(front["summary"][language]["text"].split()[:6]) in " ".join(block.inner_text().split())
    assert page.locator(".digest-text").get_attribute("lang") == front["language"]
    description = page.locator("meta[name=description]").get_attribute("content")
    assert len(description) > 40 and front["summary"][front["language"]]["text"].startswith(description)
    if seed == RU_SEED:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)


# (query, seeds that must be among the first three results). Inflected forms that are not in the texts,
# aliases the texts do not use, names in the other language.
QUERIES = [
    ("сотрудничества", {RU_SEED}),  # the text says сотрудничество
    ("военного", {RU_SEED}),  # the text says военное, военной
    ("Киргизии", {RU_SEED}),
    ("cooperate", {"000_679f92e87514bbf1.txt"}),  # the text says cooperation
    ("Japarov", {"000_679f92e87514bbf1.txt"}),  # 000 spells him Zhaparov
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_finds_inflected_forms_and_aliases_in_the_first_three(page, urls, query, expected) -> None:
    page.goto(page.base)
    found = articles_in(search(page, query))
    assert {urls[seed] for seed in expected} <= set(found[:3]), found


def test_russian_name_finds_the_english_articles(page, urls) -> None:
    page.goto(page.base)
    found = search(page, "Жапаров")
    english = {urls[seed] for seed in EN_SEEDS}
    assert english <= set(found)
    assert english & set(articles_in(found)[:3]), found
    # a match in the list of names shows the summary instead: no article's result text is a run of "·"-separated names
    texts = page.eval_on_selector_all(".md-search-result__link[href*='/articles/'] .md-search-result__article p:last-child",
                                      "ps => ps.map(p => p.textContent)")
    assert len(texts) == len(articles_in(found)) and not any(" · " in text for text in texts), texts
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"))


def test_search_is_precise_across_languages(page, urls) -> None:
    page.goto(page.base)
    # Bishkek appears only in 002 and 003 (English); the Russian locative finds them and nothing else.
    found = search(page, "Бишкеке")
    assert set(articles_in(found)) == {urls["002_8368a29cd808449b.txt"], urls["003_caf2e0a4730efb04.txt"]}
    assert found[0] == "places/bishkek/"
    assert search(page, "квазиорбита") == []
    assert "No matching" in page.locator("[data-digest-status]").inner_text()


def test_a_filter_narrows_the_results(page, urls) -> None:
    page.goto(page.base)
    everything = search(page, "Putin")
    assert len(articles_in(everything)) == 5
    # the facets come once the filter chunks are loaded, after the first answer is shown
    page.wait_for_function("() => (document.querySelector('[data-digest-search]').dataset.faceted || '').includes('Putin')")
    assert page.locator("select[name=language] option").all_inner_texts()[1:] == ["English", "Русский"]
    page.locator("select[name=language]").select_option("Русский")
    page.wait_for_function("() => (document.querySelector('[data-digest-search]').dataset.faceted || '').includes('Русский')")
    assert result_paths(page) == [urls[RU_SEED]]
    # the other facets now offer only what the narrowed results have
    assert page.locator("select[name=source] option").all_inner_texts()[1:] == ["Профиль"]
    assert page.locator("select[name=year] option").all_inner_texts()[1:] == ["2023"]


def test_the_results_do_not_move_when_the_facets_come(page) -> None:
    """The facets' chunks load after the first results are shown: their places are kept meanwhile, so a reader
    reaching for a result does not see the list jump when they come."""
    page.goto(page.base)
    page.evaluate("""() => {
        const root = document.querySelector('[data-digest-search]');
        window.listTops = {};
        new MutationObserver((changes) => {
            for (const change of changes) {
                const top = document.querySelector('[data-digest-list]').getBoundingClientRect().top;
                window.listTops[change.attributeName] = top;
            }
        }).observe(root, { attributes: true, attributeFilter: ['data-answered', 'data-faceted'] });
    }""")
    search(page, "Putin")
    page.wait_for_function("() => (document.querySelector('[data-digest-search]').dataset.faceted || '').includes('Putin')")
    tops = page.evaluate("window.listTops")
    assert tops["data-answered"] == tops["data-faceted"], tops
    assert not page.locator("[data-digest-filters] select[disabled]").count()  # the facets are usable once they came


def test_facets_come_for_a_search_that_ran_while_their_chunks_loaded(served, built_site) -> None:
    """A second query searched before the facets' chunks were loaded has no counts in its answers, even when the
    chunks are in by the time its results are: it must count again, not show the facets of none."""
    _, browser = served
    # fragments (the results' texts) slower than the facets' chunks: the second query's results come after them
    with serve_folder(built_site / "site", delays={".pf_filter": 0.3, ".pf_fragment": 1.2}) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.base = base
        try:
            tab.goto(base)
            search(tab, "Putin")  # its answer shown: the facets' chunks start loading
            tab.locator("input.md-search__input").fill("Бишкеке")
            tab.wait_for_function("() => (document.querySelector('[data-digest-search]').dataset.faceted || '').includes('Бишкеке')",
                                  timeout=15_000)
            assert tab.locator("[data-digest-filters] select:not([disabled])").count() >= 2
        finally:
            context.close()


def test_search_opens_from_the_keyboard_and_enter_opens_the_best_result(page, urls) -> None:
    page.goto(page.base)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("Бишкеке")
    page.wait_for_function("() => (document.querySelector('[data-digest-search]').dataset.answered || '').includes('Бишкеке')")
    first = result_paths(page)[0]
    page.wait_for_load_state("networkidle")  # leaving with fetches in flight would log aborted requests
    page.keyboard.press("Enter")
    page.wait_for_url(page.base + first)
    page.keyboard.press("s")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


def _links_in_content(tab) -> list[str]:
    return tab.eval_on_selector_all("article.md-content__inner a", "links => links.map(a => a.href)")


def test_topic_date_and_story_pages_link_to_the_right_articles(page, urls, fronts, built_site) -> None:
    article_url = {page.base + path: seed for seed, path in urls.items()}
    page.goto(page.base + "topics/military-cooperation/")
    linked = {article_url[href] for href in _links_in_content(page) if href in article_url}
    assert linked == {seed for seed, front in fronts.items() if "military-cooperation" in front["topics"]}
    page.goto(page.base + "dates/2023-05/")
    linked = {article_url[href] for href in _links_in_content(page) if href in article_url}
    assert linked == {seed for seed, front in fronts.items() if f"{front['date']:%Y-%m}" == "2023-05"}
    for story in sorted({front["story"] for front in fronts.values() if front.get("story")}):
        page.goto(page.base + f"stories/{story}/")
        linked = {article_url[href] for href in _links_in_content(page) if href in article_url}
        assert linked == {seed for seed, front in fronts.items() if front.get("story") == story}
    # and a link followed lands on that article
    page.goto(page.base + "topics/military-cooperation/")
    links = _links_in_content(page)
    number, target = next((n, href) for n, href in enumerate(links) if href in article_url)
    page.locator("article.md-content__inner a").nth(number).click()
    page.wait_for_url(target)
    assert page.locator("article h1").inner_text() == fronts[article_url[target]]["title"]


@pytest.mark.parametrize("path", ["", "articles/", "search"])
def test_no_horizontal_scroll_on_a_phone(served, urls, path) -> None:
    base, browser = served
    context = browser.new_context(viewport={"width": PHONE, "height": 740}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.base = base
    try:
        if path == "articles/":
            for seed in sorted(urls):
                tab.goto(base + urls[seed])
                assert no_horizontal_scroll(tab) == [], seed
        elif path == "search":
            tab.goto(base)
            tab.locator("label.md-header__button[for=__search]").click()
            tab.locator("input.md-search__input").fill("Путин")
            tab.wait_for_function("() => (document.querySelector('[data-digest-search]').dataset.answered || '').includes('Путин')")
            assert tab.locator(".md-search-result__item a[href*='/articles/']").count() == 5
            assert no_horizontal_scroll(tab) == []
            ARTIFACTS.mkdir(exist_ok=True)
            tab.screenshot(path=str(ARTIFACTS / "search-phone.png"))
        else:
            for section in ("", "stories/", "topics/", "dates/", "browse/", "people/"):
                tab.goto(base + section)
                assert no_horizontal_scroll(tab) == [], section
    finally:
        context.close()


def test_search_works_when_the_site_lives_under_a_sub_path(served, built_site, tmp_path) -> None:
    """A site published at https://host/digest/ (a project page): the search box finds the bundles and links right."""
    (tmp_path / "digest").symlink_to(built_site / "site", target_is_directory=True)
    _, browser = served
    with serve_folder(tmp_path) as root:
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.base = root + "digest/"
        tab.goto(tab.base)
        found = search(tab, "Бишкеке")
        assert len(articles_in(found)) == 2 and found[0] == "places/bishkek/"
        tab.locator(".md-search-result__list a").first.click()
        tab.wait_for_url(tab.base + found[0])
        assert errors == []


OLD_ARTICLE = """ date 2019-04-02 https://example.org/2019/04/02/almaty-chess-open
Young Kazakh player takes the Almaty chess open

ALMATY, April 2. Fifteen-year-old Dinara Seitkali won the Almaty open chess tournament on Tuesday, finishing with
eight points out of nine ahead of forty-two rivals from six countries.

The organisers said the event drew a record number of juniors this spring, and that the final round was played in
the city's main library hall before about three hundred spectators.

Seitkali, who trains at a municipal chess school, will represent the country at the Asian youth championship later
this year, the national chess federation said in a statement.
"""


def test_search_merges_the_bundles_of_every_period(served, tmp_path: Path) -> None:
    """An article of another year is in another bundle; one query finds articles of both periods."""
    from conftest import make_project, run_digest

    project = make_project(tmp_path / "p")
    (project / "seeds" / "old-chess.txt").write_text(OLD_ARTICLE, encoding="utf-8")
    result = run_digest(project, "build")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((project / "site" / "search" / "languages.json").read_text(encoding="utf-8"))
    assert manifest["bundles"]["en"] == ["en/", "en/2019/", "en/pages/"]  # newest year first (stories with their year)
    assert not (project / "site" / "search" / "en" / "2019" / "pagefind.js").exists()  # the primary's script serves all
    browser = served[1]
    with serve_folder(project / "site") as base:
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.base = base
        tab.goto(base)
        found = articles_in(search(tab, "chess"))
        assert found and all("chess" in path for path in found), found  # and nothing from the bundles without it
        assert search(tab, "Zhaparov"), "the primary bundle's articles are no longer found"
        tab.close()
        assert errors == []
