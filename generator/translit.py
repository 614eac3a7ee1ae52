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


# Latin -> Cyrillic: the reverse of the way English-language media spell Russian and Central Asian names, for names
# the knowledge files do not know (`Oralbay` -> Оралбай, `Ekibastuz` -> Экибастуз). Longest spelling first.
_CLUSTERS = (("shch", "щ"), ("dzh", "дж"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
             ("gh", "г"), ("ph", "ф"), ("ck", "к"), ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("x", "кс"))
_LETTERS = {"a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ж", "k": "к",
            "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
            "w": "в", "z": "з"}
_LATIN_VOWELS = frozenset("aeiouy")
# Given names English-language media spell their own way (Alexander, Andrei) back to Russian.
_GIVEN_NAMES_CYRILLIC = {latin: cyrillic for cyrillic, latin in reversed(_GIVEN_NAMES.items())}


@lru_cache(maxsize=100_000)
def to_cyrillic(text: str, alternative: bool = False) -> str:
    """A name in Latin letters spelled in Cyrillic as a Russian text most likely writes it (`Oralbay Seitkali` ->
    Оралбай Сейткали). English spellings leave two letters ambiguous: J is Ж in Kazakh and Kyrgyz names (Jomart) and
    Дж in Russian and Uzbek ones (Jizzakh); an initial E is Э (Ekibastuz, Eduard) or Е (Elena). `alternative` takes
    the second choice of both."""
    return re.sub(r"[A-Za-z'’]+", lambda m: _word_to_cyrillic(m.group(0), alternative), text)


def _word_to_cyrillic(word: str, alternative: bool) -> str:
    if word in _GIVEN_NAMES_CYRILLIC:
        return _GIVEN_NAMES_CYRILLIC[word]
    low = word.lower().replace("’", "'")
    out: list[str] = []
    at = 0
    while at < len(low):
        cyr, size = _cyrillic_at(low, at, alternative)
        out.append(cyr)
        at += size
    result = "".join(out).replace("'", "ь")
    if word.isupper() and len(word) > 1:
        return result.upper()
    return result[:1].upper() + result[1:] if word[:1].isupper() else result


def _cyrillic_at(low: str, at: int, alternative: bool) -> tuple[str, int]:
    """The Cyrillic for the Latin spelling that starts at `at`, and how many letters it took."""
    rest = low[at:]
    before = low[at - 1] if at else ""
    after = rest[1:2]
    if rest in ("iy", "yy"):
        return ("ий" if rest[0] == "i" else "ый"), 2  # Yuriy, Krasnyy
    if rest[0] in "aeou" and after in ("i", "y") and rest[2:3] not in _LATIN_VOWELS:
        if after == "i" and re.fullmatch(r"i[^aeiouy]", rest[1:]):
            return _LETTERS[rest[0]], 1  # Mikhail, Ismail: a final -il is -ил
        return _LETTERS[rest[0]] + "й", 2  # Oralbay, Sergei, Aibek, Tsoi (a vowel then a glide)
    for latin, cyr in _CLUSTERS:
        if rest.startswith(latin):
            return cyr, len(latin)
    letter = rest[0]
    if letter == "j":
        return ("дж" if alternative else "ж"), 1
    if letter == "e" and at == 0:
        return ("е" if alternative else "э"), 1  # an initial Е is spelled Ye (Yerlan, Yekaterinburg)
    if letter == "y":
        if before and before not in _LATIN_VOWELS and not after:
            # a final -y after a consonant: -ий in Russian names (Dmitry, Valery), -ы after s, z, a consonant and l
            # (Nurly), and in -uly
            hard = before in "sz" or low.endswith("uly") or (before == "l" and low[-3:-2] not in _LATIN_VOWELS)
            return ("ы" if hard else "ий"), 1
        return ("й" if before in _LATIN_VOWELS or not after else "ы"), 1
    return _LETTERS.get(letter, letter), 1


@lru_cache(maxsize=100_000)
def cross_script_spellings(name: str) -> tuple[str, ...]:
    """A name in both scripts, for the search: the name, its Cyrillic or Latin spellings, and the Latin spellings of
    its Cyrillic form (`Oralbai` -> Оралбай -> Oralbay), without repeats."""
    if _CYRILLIC.search(name):
        cyrillic = [name]
    else:
        cyrillic = [to_cyrillic(name), to_cyrillic(name, alternative=True)]
    latin = [spelling for word in cyrillic for spelling in (to_latin(word), name_to_latin(word))]
    return tuple(dict.fromkeys([name, *cyrillic, *latin]))
