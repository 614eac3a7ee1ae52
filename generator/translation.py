"""The other language's summary: translation memory first, then an offline model, else a fact line built
without translation and marked pending. Pure functions (the memory and the model are handed in)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from slugify import slugify

from generator.calendar_names import format_long_date
from generator.models import Article, Knowledge

LANGUAGES = ("en", "ru")
PENDING = {"en": "translation pending", "ru": "перевод ожидается"}
METHOD_WORDS = {  # how a page names each method, in the reader's language
    "extractive": {"en": "extractive summary", "ru": "извлечённые предложения"},
    "reviewed": {"en": "reviewed translation", "ru": "проверенный перевод"},
    "machine": {"en": "machine translation", "ru": "машинный перевод"},
    "facts": {"en": "facts only, translation pending", "ru": "только факты, перевод ожидается"},
}
Translate = Callable[[list[str]], tuple[list[str], str]]  # sentences -> (translations, model name)


@dataclass(frozen=True)
class MemoryEntry:
    """One translation in `translations/<target>.yml`, keyed by a hash of its source text."""

    key: str
    target: str
    source: str
    text: str
    method: str  # reviewed | machine
    model: str | None = None
    seed: str | None = None


@dataclass(frozen=True)
class Summary:
    """A summary in one language and how it was made."""

    language: str
    text: str
    method: str  # extractive | reviewed | machine | facts
    model: str | None = None


def memory_key(text: str) -> str:
    """The translation memory's key for a source text: its white-space-folded SHA-256, 16 hex digits."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def make_fact_line(article: Article, language: str, knowledge: Knowledge) -> str:
    """What can be said of an article in a language without translating it: date, place, people, places, topics."""
    def name(canonical: str) -> str:
        entity = knowledge.find_entity(canonical)
        if entity:
            return entity.ru if language == "ru" else entity.en
        if language == "en" and any("\u0400" <= ch <= "\u04ff" for ch in canonical):
            return " ".join(part.capitalize() for part in slugify(canonical, separator=" ").split())
        return canonical

    head = []
    if article.date:
        head.append(format_long_date(article.date, language))
    if article.dateline:
        head.append(name(article.dateline) if knowledge.find_entity(article.dateline) else article.dateline)
    parts = []
    if article.people:
        parts.append(", ".join(name(p) for p in article.people[:4]))
    if article.places:
        parts.append(", ".join(name(p) for p in article.places[:4]))
    line = ", ".join(head)
    if parts:
        line = f"{line}: {'; '.join(parts)}" if line else "; ".join(parts)
    if article.topics:
        labels = [(t.ru if language == "ru" else t.en) for t in (knowledge.find_topic(k) for k in article.topics) if t]
        line += f". {'Темы' if language == 'ru' else 'Topics'}: {', '.join(labels)}"
    return (line.strip() + ".") if line.strip() else ""


def own_summary(article: Article) -> Summary:
    """The extractive summary in the article's own language."""
    return Summary(article.language, " ".join(article.summary) or article.description, "extractive")


def summarize_in(
    article: Article, language: str, memory: dict[str, MemoryEntry], translate: Translate | None, knowledge: Knowledge
) -> tuple[Summary, MemoryEntry | None]:
    """The summary in `language`: the article's own, a memory entry, a fresh machine translation (returned as a new
    memory entry too), or a fact line."""
    if language == article.language:
        return own_summary(article), None
    source = own_summary(article).text
    if article.language in LANGUAGES and source:
        entry = memory.get(memory_key(source))
        if entry and entry.source.split() == source.split():
            return Summary(language, entry.text, entry.method, entry.model), None
        if translate and article.summary:
            sentences, model = translate(list(article.summary))
            text = " ".join(s.strip() for s in sentences if s.strip())
            if text:
                new = MemoryEntry(memory_key(source), language, source, text, "machine", model, article.seed)
                return Summary(language, text, "machine", model), new
    return Summary(language, make_fact_line(article, language, knowledge), "facts"), None


def find_stale_entries(memory: dict[str, MemoryEntry], articles: list[Article]) -> list[str]:
    """Messages for entries whose source text changed: edited by hand, or made for an older summary of a seed."""
    current = {a.seed: memory_key(own_summary(a).text) for a in articles}
    messages = []
    for key, entry in sorted(memory.items()):
        if memory_key(entry.source) != key:
            messages.append(f"entry {key}: its source text no longer matches its key (stale)")
        elif entry.seed in current and current[entry.seed] != key:
            messages.append(f"entry {key} was made for an older summary of {entry.seed} (stale)")
    return messages
