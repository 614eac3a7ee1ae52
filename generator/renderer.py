"""Render stage: articles and reports -> Markdown pages (as `Page` values). Pure: no disk, no MkDocs."""

from __future__ import annotations

import dataclasses
import functools
import hashlib

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import yaml
from babel import Locale
from slugify import slugify

from generator.calendar_names import format_long_date, format_month_label
from generator.corpus import sort_newest_first
from generator.models import Article, Knowledge, Page, Skipped, Warning_
from generator.translation import METHOD_WORDS, PENDING, Summary

GENERATED_MARK = "digest"  # `generator: digest` in front matter marks a page this program owns
_BACKSLASH_ESCAPE = re.compile(r"([\\`*_{}\[\]])")
_LINE_START = re.compile(r"^(#|[-+]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Text that Markdown (with the site's extensions) renders as exactly these characters, never as markup."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
    text = _BACKSLASH_ESCAPE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: _escape_lead(m.group(1)), text)
    if text.startswith(("~", ":")):
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


def _escape_lead(lead: str) -> str:
    if lead[0].isdigit():
        return lead + "\\"  # `1.` opens a list; `1\.` does not
    return "\\" + lead


# `yaml.safe_dump` with libyaml's emitter when PyYAML has it: the same safe representer and the same bytes
# (tests/test_render.py checks that), forty times faster, which is a third of a cold build of 1,000 pages.
_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_fields(fields: dict[str, object]) -> str:
    """Fields with a value as YAML: `yaml.safe_dump(allow_unicode=True, sort_keys=False)`."""
    present = {k: v for k, v in fields.items() if v not in (None, [], {})}
    if not present:
        return ""
    text = yaml.dump(present, Dumper=_SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    if "\\U" in text or "\\x" in text:  # libyaml escapes characters that PyYAML's emitter writes as they are
        text = yaml.safe_dump(present, allow_unicode=True, sort_keys=False, width=10_000)
    return text


def render_front_matter(fields: dict[str, object]) -> str:
    """YAML front matter between `---` lines."""
    return f"---\n{dump_fields(fields)}---\n"


def safe_href(url: str) -> str | None:
    """An http(s) URL percent-encoded so that it cannot end a Markdown link or an HTML attribute early."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def language_name(code: str, locale: str) -> str:
    """A language's name in a locale ('Russian', 'русский'); the code itself when Babel does not know it."""
    return Locale.parse(locale).languages.get(code, code)


def article_path(article: Article) -> str:
    """Where an article's page lives under docs/."""
    return f"articles/{article.slug}.md"


@dataclass(frozen=True)
class ArticleContext:
    """What the corpus knows about an article: its story and the copies of it other outlets published."""

    story: tuple[str, str, str] | None = None  # (id, English title, Russian title)
    duplicate_of: tuple[str, str] | None = None  # (slug, title) of the article this one repeats
    also: tuple[tuple[str, str], ...] = ()  # (outlet, slug) of the copies of this article
    summaries: tuple[Summary, ...] = ()  # English first, then Russian

    def as_tuple(self) -> tuple:
        """Its fields as plain tuples, for digests: a dataclass's repr costs several times as much."""
        return self.story, self.duplicate_of, self.also, tuple(summary.as_tuple() for summary in self.summaries)


@functools.lru_cache(maxsize=200_000)
def entity_slug(name: str) -> str:
    """The page name of a person, place, organization or source."""
    return slugify(name, max_length=60, word_boundary=True) or "unnamed"


def _links(names: tuple[str, ...], folder: str) -> str:
    return ", ".join(f"[{escape_markdown(n)}](../{folder}/{entity_slug(n)}.md)" for n in names)


def topic_label(key: str, knowledge: Knowledge) -> str:
    """'Military cooperation · Военное сотрудничество'."""
    topic = knowledge.find_topic(key)
    return f"{topic.en} · {topic.ru}" if topic else key


def render_article_parts(article: Article, knowledge: Knowledge) -> dict[str, str]:
    """The parts of an article page that depend on the article alone (rendered in parallel and cached):
    its front matter fields, its metadata card lines, and its text."""
    meta = {
        "title": article.title,
        "description": article.description,
        "date": article.date,
        "date_source": article.date_source,
        "date_evidence": article.date_evidence or None,
        "page_date": article.page_date,
        "language": article.language,
        "source": article.source,
        "outlet": article.outlet,
        "url": article.url,
        "dateline": article.dateline,
        "people": list(article.people),
        "places": list(article.places),
        "organizations": list(article.organizations),
        "topics": list(article.topics),
        "tags": [topic_label(key, knowledge) for key in article.topics],
        "site_tags": list(article.site_tags),
        "seed": article.seed,
        "seed_sha256": article.seed_sha256,
        "generator": GENERATED_MARK,
    }
    card = []
    if article.date:
        dates = " · ".join(format_long_date(article.date, loc) for loc in ("en", "ru"))
        card.append(f"- **Date · Дата:** [{escape_markdown(dates)}](../dates/{article.date:%Y-%m}.md)")
    else:
        card.append("- **Date · Дата:** unknown · неизвестна")
    if article.source:
        source = f"[{escape_markdown(article.source)}](../sources/{entity_slug(article.source)}.md)"
        if article.outlet:
            source += f", published by · опубликовано: {escape_markdown(article.outlet)}"
        card.append(f"- **Source · Источник:** {source}")
    href = safe_href(article.url) if article.url else None
    if href:
        host = urlsplit(article.url).hostname or article.url
        card.append(f"- **Original · Оригинал:** [{escape_markdown(host)}]({href})")
    if article.dateline:
        card.append(f"- **Dateline · Место:** {escape_markdown(article.dateline)}")
    names = " · ".join(language_name(article.language, loc) for loc in ("en", "ru"))
    card.append(f"- **Language · Язык:** {escape_markdown(names)}")
    for label, names, folder in (("People · Люди", article.people, "people"), ("Places · Места", article.places, "places"),
                                 ("Organizations · Организации", article.organizations, "organizations")):
        if names:
            card.append(f"- **{label}:** {_links(names, folder)}")
    if article.topics:
        topics = ", ".join(f"[{escape_markdown(topic_label(k, knowledge))}](../topics/{k}.md)" for k in article.topics)
        card.append(f"- **Topics · Темы:** {topics}")
    text = [f'<div class="digest-text" lang="{article.language}" markdown>', ""]
    for paragraph in article.paragraphs:
        text += [escape_markdown(paragraph), ""]
    text.append("</div>")
    return {"front": dump_fields(meta), "card": "\n".join(card), "text": "\n".join(text)}


def assemble_article_page(article: Article, parts: dict[str, str], context: ArticleContext) -> Page:
    """The article page: cached parts plus what the corpus adds (story, copies)."""
    corpus: dict[str, object] = {}
    card = [parts["card"]]
    if context.story:
        story_id, title_en, title_ru = context.story
        corpus["story"] = story_id
        card.append(f"- **Story · Сюжет:** [{escape_markdown(title_en)} · {escape_markdown(title_ru)}](../stories/{story_id}.md)")
    if context.duplicate_of:
        slug, title = context.duplicate_of
        corpus["duplicate_of"] = slug
        card.append(f"- **Same text as · Тот же текст:** [{escape_markdown(title)}]({slug}.md)")
    if context.also:
        corpus["also_published_by"] = [outlet for outlet, _ in context.also]
        links = ", ".join(f"[{escape_markdown(outlet)}]({slug}.md)" for outlet, slug in context.also)
        card.append(f"- **Also published by · Также опубликовано:** {links}")
    if context.summaries:
        corpus["summary"] = {
            s.language: {k: v for k, v in (("text", s.text), ("method", s.method), ("model", s.model),
                                           ("from", s.origin.seed if s.origin else None)) if v}
            for s in context.summaries
        }
    extra = dump_fields(corpus)
    text = (
        f"---\n{parts['front']}{extra}---\n\n# {escape_markdown(article.title)}{_heading_lang(article)}\n\n"
        f'<div class="digest-meta" markdown>\n\n' + "\n".join(card) + "\n\n</div>\n\n"
        + "".join(render_summary_block(s) for s in context.summaries) + f"{parts['text']}\n"
    )
    return Page(article_path(article), text)


_LANGUAGE_LABEL = {"en": "English", "ru": "Русский"}


def _heading_lang(article: Article) -> str:
    # The site is English; a headline in another language says so (attr_list), like the text below it.
    return f' {{ lang="{article.language}" }}' if article.language != "en" and re.fullmatch(r"[a-z]{2,3}", article.language) else ""


def render_summary_block(summary: Summary) -> str:
    """A labelled summary block: `English · machine translation (model)`, in the summary's language; a same-story
    summary also says, in both languages, that it is not a translation, and links the article it comes from."""
    language = summary.language
    name = escape_markdown(_LANGUAGE_LABEL.get(language, language))
    if summary.method == "same-story" and summary.origin:
        # the same words in both languages on every page, each marked with its language for screen readers
        words = [escape_markdown(METHOD_WORDS["same-story"][code]) for code in ("en", "ru")]
        label = " · ".join([name, *(w if code == language else f'<span lang="{code}">{w}</span>'
                                    for code, w in zip(("en", "ru"), words))])
        origin = summary.origin
        body = (f"{escape_markdown(summary.text)}\n\n{_FROM.get(language, _FROM['en'])} {escape_markdown(origin.outlet)}: "
                f"[{escape_markdown(origin.title)}]({origin.slug}.md)")
    else:
        how = METHOD_WORDS[summary.method][language]
        if summary.model:
            how += f" ({summary.model})"
        label = f"{name} · {escape_markdown(how)}"
        pending = f" *[{PENDING[language]}]*" if summary.method == "facts" else ""
        body = f"{escape_markdown(summary.text)}{pending}"
    return f'<div class="digest-summary" lang="{language}" markdown>\n\n**{label}**\n\n{body}\n\n</div>\n\n'


_FROM = {"en": "From", "ru": "По материалам"}  # `From TASS: [headline]`, `По материалам ТАСС: [заголовок]`


def article_item(article: Article, prefix: str, also: tuple[str, ...] = ()) -> str:
    """A list line for an article: date, linked title, source, language (and the other outlets of its text)."""
    line = _article_item(article, prefix)
    return line + (f" (also · также: {escape_markdown(', '.join(also))})" if also else "")


def _article_item(article: Article, prefix: str) -> str:
    day = format_long_date(article.date, "en") if article.date else "undated"
    source = f" — {escape_markdown(article.source)}" if article.source else ""
    return f"- {day} · [{escape_markdown(article.title)}]({prefix}{article_path(article)}){source} · {article.language}"


PAGE_ENTRIES = 50  # a listing longer than this keeps its newest entries and links a page per year for the rest


@dataclasses.dataclass(frozen=True)
class ListingMemo:
    """Which listing pages need not be made: `unchanged(path, input digest)` says a page is on disk as made from
    that input (the caller's memo and page record); `keys` (seed -> cache key) identify an article's line without
    making it; `inputs` collects every listing page's input digest. `before` holds the input digest of every listing
    page the last complete run made, and `touched` the articles whose lines may have changed since it (each as it is
    now and as that run had it; None when that is not known): a listing none of them is in is taken as it was
    (`keep_listing`), without going through its entries."""

    unchanged: Callable[[str, str], bool] = lambda path, made: False
    keys: dict[str, str] = dataclasses.field(default_factory=dict)
    inputs: dict[str, str] = dataclasses.field(default_factory=dict)
    before: dict[str, str] = dataclasses.field(default_factory=dict)
    touched: tuple[Article, ...] | None = None

    @functools.cached_property
    def _below(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for path in self.before:
            found[path.rpartition("/")[0]].append(path)
        return found

    def keep_listing(self, main: str, year_dir: str = "") -> bool:
        """Take the pages of a listing none of whose entries changed (see `touched`) as the last complete run made
        them, when each is still on disk as made then (`year_dir`: where its year pages are, if it has any); False
        when one is not, or when another listing of this run has one of its paths (two names with one slug)."""
        paths = [main, *(self._below.get(year_dir, ()) if year_dir else ())]
        if any(path not in self.before or path in self.inputs or not self.unchanged(path, self.before[path]) for path in paths):
            return False
        self.inputs.update((path, self.before[path]) for path in paths)
        return True

    def pages_to_make(self, main: str, year_dir: str, title: str, entries: list[tuple[str, str]], split: bool = True) -> set[str]:
        """Record the input of each page of a listing (see `split_by_year`; `entries` are each article's year and
        identity: its line, or what the line is made from) and return the pages that must be made: the main page
        shows the count, the newest entries and each year's count; a year page, that year's entries (`split`: a
        long listing has year pages; a month's does not)."""
        inputs = {main: [title, str(len(entries)), *(f"{y}\0{i}" for y, i in (entries[:PAGE_ENTRIES] if split else entries))]}
        if split and len(entries) > PAGE_ENTRIES:
            by_year: dict[str, list[str]] = {}
            for year, identity in entries:
                by_year.setdefault(year, []).append(identity)
            inputs[main] += [f"{year}\0{len(found)}" for year, found in by_year.items()]
            inputs.update((f"{year_dir}/{year}.md", [title, *found]) for year, found in by_year.items())
        shared = any(path in self.inputs for path in inputs)  # two names with one slug: made again, the last one wins
        make = set(inputs) if shared else set()
        for path, parts in inputs.items():
            made = hashlib.sha256("\0".join([path, *parts]).encode("utf-8")).hexdigest()[:32]
            self.inputs[path] = made
            if not self.unchanged(path, made):
                make.add(path)
        return make

    def identify(self, article: Article, line: Callable[[], str], copies: object = ()) -> str:
        """What an article's line in a listing is made from: its cache key (which names all its fields), slug and
        copies; the line itself when the key is not known."""
        if article.seed in self.keys:
            return f"{article.seed}\0{self.keys[article.seed]}\0{article.slug}\0{copies}"
        return line()


def render_date_pages(articles: list[Article], memo: ListingMemo | None = None) -> list[Page]:
    """The date index (years newest first, months in both languages) and one page per month (but those `memo` knows
    as unchanged)."""
    memo = memo or ListingMemo()
    by_month: dict[tuple[int, int], list[Article]] = defaultdict(list)
    undated = []
    for article in articles:
        if article.date:
            by_month[(article.date.year, article.date.month)].append(article)
        else:
            undated.append(article)
    front = render_front_matter({"title": "Dates · Даты", "generator": GENERATED_MARK})
    lines = [front, "# Dates · Даты", ""]
    pages = []
    touched = None if memo.touched is None else {(a.date.year, a.date.month) for a in memo.touched if a.date}
    for year in sorted({y for y, _ in by_month}, reverse=True):
        lines += [f"## {year}", ""]
        for (y, month) in sorted((k for k in by_month if k[0] == year), reverse=True):
            label = format_month_label(y, month)
            count = len(by_month[(y, month)])
            lines.append(f"- [{label}]({y}-{month:02d}.md) — {count} {'article' if count == 1 else 'articles'}")
            if touched is not None and (y, month) not in touched and memo.keep_listing(f"dates/{y}-{month:02d}.md"):
                continue
            listed = sort_newest_first(by_month[(y, month)])
            identities = [("", memo.identify(a, functools.partial(_article_item, a, "../"))) for a in listed]
            if not memo.pages_to_make(f"dates/{y}-{month:02d}.md", "", label, identities, split=False):
                continue
            month_lines = [render_front_matter({"title": label, "generator": GENERATED_MARK}), f"# {label}", ""]
            month_lines += [_article_item(a, "../") for a in listed]
            pages.append(Page(f"dates/{y}-{month:02d}.md", "\n".join(month_lines) + "\n"))
        lines.append("")
    if undated:
        # Never a guessed date: an article whose year nothing fixes is listed here.
        count = len(undated)
        lines += ["## Undated · Без даты", "",
                  f"- [Undated · Без даты](undated.md) — {count} {'article' if count == 1 else 'articles'}", ""]
        undated_lines = [render_front_matter({"title": "Undated · Без даты", "generator": GENERATED_MARK}),
                         "# Undated · Без даты", "",
                         "Articles whose publication date the page does not give · Статьи, дата которых не указана.", ""]
        undated_lines += [_article_item(a, "../") for a in sort_newest_first(undated)]
        pages.append(Page("dates/undated.md", "\n".join(undated_lines) + "\n"))
    if not articles:
        lines += ["No articles yet · Статей пока нет.", ""]
    pages.insert(0, Page("dates/index.md", "\n".join(lines).rstrip("\n") + "\n"))
    return pages


def render_home(articles: list[Article], skipped: list[Skipped], limit: int) -> Page:
    """The home page: counts and the newest articles."""
    newest = sort_newest_first(articles)[:limit]
    sources = {a.source for a in articles if a.source}
    languages = sorted({a.language for a in articles})
    lines = [
        render_front_matter({"title": "News digest · Дайджест новостей", "generator": GENERATED_MARK}),
        "# News digest · Дайджест новостей",
        "",
        f"{len(articles)} articles · статей, {len(sources)} sources · источников, languages · языки: {', '.join(languages) or '—'}.",
        "",
        "## Latest · Последние",
        "",
    ]
    lines += [_article_item(a, "") for a in newest] or ["No articles yet · Статей пока нет."]
    lines += ["", "[All dates · Все даты](dates/index.md) · [Browse · Обзор](browse.md)", "",
              "Feeds · Ленты: [RSS](feed.xml) · [JSON](feed.json) · English [RSS](feed-en.xml) · "
              "русский [RSS](feed-ru.xml)"]
    if skipped:
        lines += ["", f"{len(skipped)} seed files were skipped: [see why](reports/skipped.md)."]
    return Page("index.md", "\n".join(lines) + "\n")


def render_skipped(skipped: list[Skipped], warnings: list[Warning_]) -> Page:
    """The report page: seed files that did not become pages and the warnings of the run."""
    lines = [
        render_front_matter({"title": "Skipped files · Пропущенные файлы", "generator": GENERATED_MARK}),
        "# Skipped files · Пропущенные файлы",
        "",
    ]
    if skipped:
        lines += [f"- `{_code_span(s.name)}`: {escape_markdown(s.reason)}" for s in sorted(skipped, key=lambda s: s.name)]
    else:
        lines.append("No seed file was skipped.")
    lines += ["", "## Warnings · Предупреждения", ""]
    if warnings:
        lines += [f"- `{_code_span(w.seed)}`: {escape_markdown(w.message)}" for w in sorted(warnings, key=lambda w: (w.seed, w.message))]
    else:
        lines.append("No warnings.")
    return Page("reports/skipped.md", "\n".join(lines) + "\n")


def _code_span(name: str) -> str:
    # Inside a code span nothing is markup; only a backtick could end it early.
    return " ".join(name.split()).replace("`", "'")
