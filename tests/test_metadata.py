"""What news tools read from the built site: schema.org JSON-LD (checked against the schema.org types it uses),
Open Graph and Twitter card tags (read in Chromium), and the sitemap's dates."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from browser import chromium, serve_folder
from conftest import SEEDS, article_pages, make_project, read_front_matter, run_digest

SITE_URL = "https://news.example.org/digest/"
CROSS_SCRIPT = sorted((Path(__file__).parent / "data" / "crossscript").glob("*.txt"))
# Two more seeds, written here: a headline with markup characters, quotes and an ampersand over a lead that holds a
# closing script tag; and a headline longer than the 110 characters a NewsArticle headline may have.
TRICKY = {
    "tricky.txt": ' date 2024-02-01 https://news.example.net/2024/02/01/deal?a=1&b=2 AT&T & Beeline sign a "roaming" deal in '
                  "Almaty\n\nALMATY, Feb. 1. The operators said the deal </script><script>alert(1)</script> covers &amp; "
                  "calls and data, and that prices for travellers will fall by half.\n\nThe agreement was signed in Almaty "
                  "on Thursday by the heads of both companies, who called it a first for the region.\n",
    "long.txt": " date 2024-02-02 https://news.example.net/2024/02/02/grid Kazakhstan and Uzbekistan agree to link their "
                "power grids, build two new substations and share reserve capacity through the winter\n\nTASHKENT, Feb. 2. "
                "Kazakhstan and Uzbekistan agreed on Friday to link their power grids, build two new substations near the "
                "border and share reserve capacity through the winter months.\n\nOfficials said the work would start in the "
                "spring and end within two years, and that both countries would pay equal shares.\n",
}

# The schema.org types the site writes and, for each, the properties it may use with their expected types
# (from schema.org's definitions: https://schema.org/NewsArticle etc.; a property not listed here is an error, so a
# misspelt one fails). `Text`, `URL` (absolute http(s)), `Date` (ISO 8601), `Language` (a BCP 47 tag), `Integer`;
# other names are nested types.
SCHEMA = {
    "NewsArticle": {
        "headline": "Text", "alternativeHeadline": "Text", "description": "Text", "datePublished": "Date",
        "inLanguage": "Language", "publisher": "Organization", "author": "Organization|Person",
        "about": "Person|Place", "keywords": "Text", "isBasedOn": "URL", "url": "URL", "mainEntityOfPage": "URL",
    },
    "Organization": {"name": "Text"},
    "Person": {"name": "Text"},
    "Place": {"name": "Text"},
    "ItemList": {"name": "Text", "numberOfItems": "Integer", "itemListElement": "ListItem", "url": "URL"},
    "ListItem": {"position": "Integer", "url": "URL|Text", "name": "Text"},
}
REQUIRED = {
    "NewsArticle": {"headline", "inLanguage", "publisher"},
    "Organization": {"name"}, "Person": {"name"}, "Place": {"name"},
    "ItemList": {"itemListElement", "numberOfItems"},
    "ListItem": {"position", "url", "name"},
}
HEADLINE_MAX = 110  # characters a NewsArticle headline may have (Google's rich results)
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def check_value(value: object, kind: str, where: str) -> list[str]:
    """What is wrong with one value of a property expected to be of `kind` (alternatives separated by `|`)."""
    problems = []
    for option in kind.split("|"):
        if option in SCHEMA:
            if isinstance(value, dict) and value.get("@type") == option:
                return check_node(value, option, where)
            problems.append(f"{where}: not a {option}: {value!r}")
        elif option == "Text" and isinstance(value, str) and value.strip():
            return []
        elif option == "URL" and isinstance(value, str) and urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc:
            return []
        elif option == "Date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return []
        elif option == "Language" and isinstance(value, str) and BCP47.match(value):
            return []
        elif option == "Integer" and isinstance(value, int) and not isinstance(value, bool):
            return []
        else:
            problems.append(f"{where}: not {option}: {value!r}")
    return problems


def check_node(node: dict, kind: str, where: str = "") -> list[str]:
    """What is wrong with a JSON-LD node of a schema.org type: its type, unknown or missing properties, value types."""
    where = where or kind
    problems = [] if node.get("@type") == kind else [f"{where}: @type is {node.get('@type')!r}, not {kind}"]
    problems += [f"{where}: missing {name}" for name in sorted(REQUIRED.get(kind, set()) - set(node))]
    for name, value in node.items():
        if name in ("@context", "@type"):
            continue
        if name not in SCHEMA[kind]:
            problems.append(f"{where}: {kind} has no property {name}")
            continue
        for item in value if isinstance(value, list) else [value]:
            problems += check_value(item, SCHEMA[kind][name], f"{where}.{name}")
    return problems


class Head(HTMLParser):
    """The JSON-LD blocks and the Open Graph / Twitter meta tags of a page, as the HTML parser of a browser sees
    them (a `</script>` inside the data would end the block early here too)."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.tags: list[tuple[str, str]] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True
            self.blocks.append("")
        if tag == "meta" and re.match(r"(og|article|twitter):", attrs.get("property") or attrs.get("name") or ""):
            self.tags.append((attrs.get("property") or attrs.get("name"), attrs["content"]))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.blocks[-1] += data


def read_head(page: Path) -> Head:
    head = Head()
    head.feed(page.read_text(encoding="utf-8"))
    return head


def json_ld(page: Path) -> dict:
    """The one JSON-LD block of a built page."""
    blocks = read_head(page).blocks
    assert len(blocks) == 1, (page, blocks)
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, the two boxer articles and the two tricky ones, built with `site_url` set."""
    root = make_project(tmp_path_factory.mktemp("metadata") / "project", [*SEEDS, *CROSS_SCRIPT])
    for name, text in TRICKY.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    (root / "digest.yml").write_text(f"site_url: {SITE_URL}\n", encoding="utf-8")
    result = run_digest(root, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def built(project: Path, docs_page: Path) -> Path:
    """The built HTML of a generated page."""
    return project / "site" / docs_page.parent.name / docs_page.stem / "index.html"


def test_every_article_page_carries_a_valid_news_article(project: Path) -> None:
    pages = article_pages(project)
    assert len(pages) == len(SEEDS) + len(CROSS_SCRIPT) + len(TRICKY)
    for seed, source in pages.items():
        front = read_front_matter(source)
        ld = json_ld(built(project, source))
        assert check_node(ld, "NewsArticle") == [], seed
        assert ld["@context"] == "https://schema.org"
        # the values are the front matter's, unescaped exactly once
        assert len(ld["headline"]) <= HEADLINE_MAX
        if len(front["title"]) <= HEADLINE_MAX:
            assert ld["headline"] == front["title"] and "alternativeHeadline" not in ld
        else:  # cut at a word, marked, and the whole headline kept beside it
            assert ld["headline"].endswith("…") and front["title"].startswith(ld["headline"][:-1])
            assert ld["alternativeHeadline"] == front["title"]
        assert ld["description"] == front["description"]
        assert ld["datePublished"] == front["date"].isoformat()
        assert ld["inLanguage"] == front["language"]
        assert ld["publisher"] == {"@type": "Organization", "name": front.get("outlet") or front["source"]}
        if front.get("outlet"):  # an outlet published what an agency wrote
            assert ld["author"] == {"@type": "Organization", "name": front["source"]}
        else:
            assert "author" not in ld  # nothing in the front matter names who wrote it apart from who published it
        about = [("Person", name) for name in front.get("people", [])] + [("Place", name) for name in front.get("places", [])]
        assert [(node["@type"], node["name"]) for node in ld.get("about", [])] == about
        assert ld.get("isBasedOn") == front.get("url")
        address = urljoin(SITE_URL, f"articles/{source.stem}/")
        assert ld["url"] == ld["mainEntityOfPage"] == address


def test_json_ld_survives_markup_and_ampersands(project: Path) -> None:
    pages = {seed: path for seed, path in article_pages(project).items() if seed in TRICKY}
    ld = json_ld(built(project, pages["tricky.txt"]))
    assert ld["headline"] == 'AT&T & Beeline sign a "roaming" deal in Almaty'  # not AT&amp;T
    assert "</script><script>alert(1)</script> covers &amp; calls" in ld["description"]  # the text's own &amp; stays
    html = built(project, pages["tricky.txt"]).read_text(encoding="utf-8")
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block) == ld  # the first </script> after the block's start is its own end
    ld = json_ld(built(project, pages["long.txt"]))
    assert ld["headline"] == ("Kazakhstan and Uzbekistan agree to link their power grids, build two new substations "
                              "and share reserve…")


def test_story_pages_carry_an_item_list_of_their_articles(project: Path) -> None:
    titles = {f"articles/{p.stem}/": read_front_matter(p)["title"] for p in article_pages(project).values()}
    stories = sorted(p for p in (project / "docs" / "stories").glob("*.md") if p.name != "index.md")
    assert len(stories) >= 3
    for story in stories:
        ld = json_ld(built(project, story))
        assert check_node(ld, "ItemList") == [], story.name
        items = ld["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1)) and ld["numberOfItems"] == len(items)
        # the articles the page's table links, in its order
        html = built(project, story).read_text(encoding="utf-8")
        linked = re.findall(r'<td><a href="\.\./\.\./(articles/[^"]+)">', html)
        assert [item["url"] for item in items] == [urljoin(SITE_URL, path) for path in linked]
        assert [item["name"] for item in items] == [titles[path] for path in linked]
        assert ld["url"] == urljoin(SITE_URL, f"stories/{story.stem}/")


def test_without_site_url_the_addresses_are_relative(built_site: Path) -> None:
    article = next(iter(article_pages(built_site).values()))
    ld = json_ld(built(built_site, article))
    assert check_node(ld, "NewsArticle") == []
    assert "url" not in ld and "mainEntityOfPage" not in ld
    assert "og:url" not in dict(read_head(built(built_site, article)).tags)
    story = next(p for p in (built_site / "docs" / "stories").glob("*.md") if p.name != "index.md")
    ld = json_ld(built(built_site, story))
    assert check_node(ld, "ItemList") == []
    for item in ld["itemListElement"]:  # relative to the story page, they lead to the article pages
        target = built(built_site, story).parent / item["url"] / "index.html"
        assert target.resolve().is_file(), item["url"]


def test_pages_that_are_not_articles_or_stories_carry_no_article_metadata(project: Path) -> None:
    for page in ("index.html", "people/vladimir-putin/index.html", "dates/index.html", "about/index.html"):
        head = read_head(project / "site" / page)
        assert head.blocks == [] and head.tags == [], page


def test_sitemap_lists_every_page_with_the_article_date(project: Path) -> None:
    tree = ET.parse(project / "site" / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
              for url in tree.getroot().findall("s:url", ns)}
    folders = [p.parent.relative_to(project / "site").as_posix() for p in (project / "site").rglob("index.html")]
    pages = {urljoin(SITE_URL, "" if folder == "." else f"{folder}/") for folder in folders}
    assert set(listed) == pages
    dates = {urljoin(SITE_URL, f"articles/{p.stem}/"): read_front_matter(p)["date"].isoformat()
             for p in article_pages(project).values()}
    # an article's lastmod is its publication date; no other page has one (never the day of the build)
    assert {loc: lastmod for loc, lastmod in listed.items() if lastmod} == dates


@pytest.mark.browser
def test_open_graph_and_twitter_tags_in_chromium(project: Path) -> None:
    pages = article_pages(project)
    chosen = {seed: pages[seed] for seed in ("003_caf2e0a4730efb04.txt", "001_a13e062ba28e5bd8.txt", "tricky.txt")}
    with serve_folder(project / "site") as base, chromium() as browser:
        tab = browser.new_page()
        for seed, source in chosen.items():
            front = read_front_matter(source)
            tab.goto(f"{base}articles/{source.stem}/")
            tags = tab.eval_on_selector_all(
                "head meta[property^='og:'], head meta[property^='article:'], head meta[name^='twitter:']",
                "tags => tags.map(t => [t.getAttribute('property') || t.getAttribute('name'), t.content])")
            one = dict(tags)
            assert one["og:type"] == "article"
            assert one["og:title"] == front["title"]  # the browser reads the escaped attribute back as the text
            assert one["og:description"] == front["description"]
            assert one["og:locale"] == {"en": "en_US", "ru": "ru_RU"}[front["language"]]
            assert one["og:url"] == urljoin(SITE_URL, f"articles/{source.stem}/")
            assert one["article:published_time"] == front["date"].isoformat()
            assert [value for name, value in tags if name == "article:tag"] == front.get("tags", [])
            assert one["twitter:card"] == "summary"
            # and the JSON-LD parses in the page as it does here
            headline = tab.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent).headline")
            assert headline == json_ld(built(project, source))["headline"], seed
