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
# Russian first names as English-language media spell them, where that differs from the Wikipedia schema
# (Александр is Alexander, not Aleksandr; Андрей is Andrei, not Andrey).
_GIVEN_NAMES = {
    "Александр": "Alexander", "Александра": "Alexandra", "Алексей": "Alexei", "Алексия": "Alexia",
    "Андрей": "Andrei", "Сергей": "Sergei", "Николай": "Nikolai", "Матвей": "Matvei", "Тимофей": "Timofei",
    "Евгений": "Yevgeny", "Евгения": "Yevgenia", "Юрий": "Yury", "Максим": "Maxim", "Мария": "Maria",
    "Наталья": "Natalia", "Наталия": "Natalia", "Татьяна": "Tatiana", "Юлия": "Yulia", "Ксения": "Ksenia",
    "Анастасия": "Anastasia", "Дарья": "Daria", "Виктория": "Victoria", "Валерия": "Valeria", "София": "Sofia",
    "Софья": "Sofya", "Илья": "Ilya", "Ольга": "Olga", "Аркадий": "Arkady", "Вячеслав": "Vyacheslav",
}


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
    """A spelling-blind Latin key of a name (`Japarov`, `Zhaparov`, `Dzhaparov` and `Жапаров` meet)."""
    text = re.sub(r"[^a-z]", "", to_latin(name).casefold())
    for old, new in _SPELLING:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


@lru_cache(maxsize=100_000)
def name_to_latin(name: str) -> str:
    """A person's name in Latin letters as English-language media spell it: common Russian first names in their
    English form (Андрей Кузнецов -> Andrei Kuznetsov, not Andrey), `-ай`, `-ей` as `-ai`, `-ei`, the rest by the
    Wikipedia schema."""
    if not _CYRILLIC.search(name):
        return name
    # `ай`, `ей` before a consonant as `ai`, `ei`: Айбек -> Aibek, Михайлович -> Mikhailovich (not Aybek, Mikhaylovich)
    words = [re.sub(r"(?<=[аеАЕ])й(?=[бвгджзклмнпрстфхцчшщ])", "и", w) for w in name.split()]
    first = words[0]
    if first in _GIVEN_NAMES:
        first = _GIVEN_NAMES[first]
    elif len(words) > 1 and re.search(r"[аеоуыэюя]й$", first):
        first = to_latin(first[:-1]) + "i"  # a given name in -ай, -ей, -ой: Nikolai, Sergei
    else:
        first = to_latin(first)
    return " ".join([first, *(_surname_to_latin(w) for w in words[1:])])


def _surname_to_latin(word: str) -> str:
    """A surname by the Wikipedia schema, except `-ев` after a vowel, written `-ev` as the region's English-language
    press does (Сыргабаев -> Syrgabaev, Машиев -> Mashiev, not Syrgabayev, Mashiyev)."""
    return to_latin(re.sub(r"(?<=[аеиоуыэюя])е(?=ва?\b)", "э", word, flags=re.IGNORECASE))
