"""Cyrillic -> Latin transliteration (Wikipedia's English-language convention, via iuliia). Pure functions."""

from __future__ import annotations

import re
from functools import lru_cache

import iuliia

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters of the Central Asian Cyrillic alphabets the Russian schema leaves as they are.
_EXTRA = str.maketrans({"қ": "q", "Қ": "Q", "ғ": "gh", "Ғ": "Gh", "ү": "u", "Ү": "U", "ұ": "u", "Ұ": "U", "ө": "o",
                        "Ө": "O", "ә": "a", "Ә": "A", "ң": "ng", "Ң": "Ng", "һ": "h", "Һ": "H", "ҳ": "h", "Ҳ": "H",
                        "ҷ": "j", "Ҷ": "J", "ӣ": "i", "Ӣ": "I", "ӯ": "u", "Ӯ": "U", "ў": "o", "Ў": "O", "і": "i",
                        "І": "I", "ї": "yi", "Ї": "Yi", "є": "ye", "Є": "Ye", "ґ": "g", "Ґ": "G"})


@lru_cache(maxsize=100_000)
def to_latin(text: str) -> str:
    """A text in Latin letters: Cyrillic transliterated the way English-language media spell Russian names."""
    if not _CYRILLIC.search(text):
        return text
    return iuliia.WIKIPEDIA.translate(text.translate(_EXTRA))


_SPELLING = (("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("yu", "u"), ("ya", "a"),
             ("yo", "o"), ("ye", "e"), ("iy", "i"), ("yy", "i"), ("y", "i"), ("w", "v"), ("ck", "k"), ("q", "k"),
             ("x", "ks"))


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """A spelling-blind Latin key of a name (`Smadyarov`, `Smadiyarov` and `Смадьяров` meet)."""
    text = re.sub(r"[^a-z]", "", to_latin(name).casefold())
    for old, new in _SPELLING:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)
