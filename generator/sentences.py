"""Sentence splitting that knows each language: razdel for Russian, pysbd for English (`Sept.`, `U.S.`, `J. Smith`,
`г.`, `т.е.`, `В. Путин` never split), with a fast path for paragraphs that hold no abbreviation at all."""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd
import razdel

# A sentence ends at . ! ? (and a closing quote) before a capital letter, digit or opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])([\"”»]?)\s+(?=[\"“«]?[A-ZА-ЯЁ0-9])")
# What may be an abbreviation or an initial (`Sept.`, `Mr.`, `J.`, `U.S.`, `a.m.`, `etc.`): then the regex is not
# trusted and the library decides.
_TRAP = re.compile(r"(?:^|[\s(])(?:[A-Z][a-z]{0,3}\.|(?:[A-Za-z]\.){2,}|(?:etc|vs|approx|no|nos|fig|cf|ca|al|gen|gov|sen|rep)\.)(?=\s|,)")


@lru_cache(maxsize=2)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """The sentences of one paragraph, in order, none cut."""
    if language == "ru":
        return [s.text.strip() for s in razdel.sentenize(paragraph) if s.text.strip()]
    if not _TRAP.search(paragraph):
        parts, start = [], 0
        for match in _BOUNDARY.finditer(paragraph):
            parts.append(paragraph[start : match.end(1)].strip())
            start = match.end()
        parts.append(paragraph[start:].strip())
        return [p for p in parts if p]
    return [s.strip() for s in _segmenter("en").segment(paragraph) if s.strip()]
