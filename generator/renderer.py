"""Render stage: articles and reports -> Markdown pages (as `Page` values). Pure: no disk, no MkDocs."""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import quote, urlsplit

import yaml
from babel import Locale

from generator.calendar_names import format_long_date, format_month_label
from generator.corpus import sort_newest_first
from generator.models import Article, Page, Skipped, Warning_

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


def render_front_matter(fields: dict[str, object]) -> str:
    """YAML front matter between `---` lines, written only through `yaml.safe_dump`."""
    body = yaml.safe_dump({k: v for k, v in fields.items() if v not in (None, [], {})}, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---\n"


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


def render_article(article: Article) -> Page:
    """One article page: front matter of the contract, a visible metadata block, the cleaned text."""
    meta = {
        "title": article.title,
        "description": article.description,
        "date": article.date,
        "date_source": article.date_source,
        "page_date": article.page_date,
        "language": article.language,
        "source": article.source,
        "outlet": article.outlet,
        "url": article.url,
        "dateline": article.dateline,
        "site_tags": list(article.site_tags),
        "seed": article.seed,
        "seed_sha256": article.seed_sha256,
        "generator": GENERATED_MARK,
    }
    lines = [render_front_matter(meta), f"# {escape_markdown(article.title)}", "", '<div class="digest-meta" markdown>', ""]
    if article.date:
        dates = " · ".join(format_long_date(article.date, loc) for loc in ("en", "ru"))
        lines.append(f"- **Date · Дата:** [{escape_markdown(dates)}](../dates/{article.date:%Y-%m}.md)")
    else:
        lines.append("- **Date · Дата:** unknown · неизвестна")
    if article.source:
        source = escape_markdown(article.source)
        if article.outlet:
            source += f", published by · опубликовано: {escape_markdown(article.outlet)}"
        lines.append(f"- **Source · Источник:** {source}")
    href = safe_href(article.url) if article.url else None
    if href:
        host = urlsplit(article.url).hostname or article.url
        lines.append(f"- **Original · Оригинал:** [{escape_markdown(host)}]({href})")
    if article.dateline:
        lines.append(f"- **Dateline · Место:** {escape_markdown(article.dateline)}")
    names = " · ".join(language_name(article.language, loc) for loc in ("en", "ru"))
    lines.append(f"- **Language · Язык:** {escape_markdown(names)}")
    lines += ["", "</div>", "", f'<div class="digest-text" lang="{article.language}" markdown>', ""]
    for paragraph in article.paragraphs:
        lines += [escape_markdown(paragraph), ""]
    lines.append("</div>")
    return Page(article_path(article), "\n".join(lines) + "\n")


def _article_item(article: Article, prefix: str) -> str:
    day = format_long_date(article.date, "en") if article.date else "undated"
    source = f" — {escape_markdown(article.source)}" if article.source else ""
    return f"- {day} · [{escape_markdown(article.title)}]({prefix}{article_path(article)}){source} · {article.language}"


def render_date_pages(articles: list[Article]) -> list[Page]:
    """The date index (years newest first, months in both languages) and one page per month."""
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
    for year in sorted({y for y, _ in by_month}, reverse=True):
        lines += [f"## {year}", ""]
        for (y, month) in sorted((k for k in by_month if k[0] == year), reverse=True):
            label = format_month_label(y, month)
            count = len(by_month[(y, month)])
            lines.append(f"- [{label}]({y}-{month:02d}.md) — {count} {'article' if count == 1 else 'articles'}")
            month_lines = [render_front_matter({"title": label, "generator": GENERATED_MARK}), f"# {label}", ""]
            month_lines += [_article_item(a, "../") for a in sort_newest_first(by_month[(y, month)])]
            pages.append(Page(f"dates/{y}-{month:02d}.md", "\n".join(month_lines) + "\n"))
        lines.append("")
    if undated:
        lines += ["## Undated · Без даты", ""] + [_article_item(a, "../") for a in sort_newest_first(undated)] + [""]
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
    lines += ["", "[All dates · Все даты](dates/index.md)"]
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
