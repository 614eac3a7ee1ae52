"""Sentence splitting shared by the stages that need sentences (facts, summaries)."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (and a closing quote) before a capital letter, digit or opening quote, but not after a
# single capital letter (initials: `В. Путин`, `U.S.`).
_BOUNDARY = re.compile(r"(?<=[^A-ZА-ЯЁ.\s][.!?])[\"”»]?\s+(?=[\"“«]?[A-ZА-ЯЁ0-9])|(?<=[.!?][\"”»])\s+(?=[\"“«]?[A-ZА-ЯЁ0-9])")


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, in order, none cut."""
    parts, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        parts.append(paragraph[start : match.end()].strip())
        start = match.end()
    parts.append(paragraph[start:].strip())
    return [p for p in parts if p]
