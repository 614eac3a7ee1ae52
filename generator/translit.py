"""Cyrillic -> Latin transliteration (Wikipedia's English-language convention, via iuliia). Pure functions."""

from __future__ import annotations

import re
import unicodedata
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


# --- Latin -> Cyrillic: English spellings of Russian and Central Asian names, for Russian readers ---------------

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f'’ʻʼ`]+")
_LATIN = re.compile(r"[A-Za-z]")
_VOWELS_LATIN = frozenset("aeiouy")
# Given names whose English form the letter rules below would miss (the first Russian form listed wins).
_GIVEN_NAMES_CYRILLIC = {
    **{latin.lower(): cyrillic for cyrillic, latin in reversed(list(_GIVEN_NAMES.items()))},
    "aleksandr": "Александр", "alexandr": "Александр", "aleksei": "Алексей", "alexey": "Алексей", "dmitry": "Дмитрий",
    "dmitri": "Дмитрий", "yuri": "Юрий", "grigory": "Григорий", "vasily": "Василий", "anatoly": "Анатолий",
    "gennady": "Геннадий", "valery": "Валерий", "vitaly": "Виталий", "georgy": "Георгий", "pyotr": "Пётр",
    "igor": "Игорь", "darya": "Дарья", "natalya": "Наталья", "yelena": "Елена", "elena": "Елена",
    "yekaterina": "Екатерина", "ekaterina": "Екатерина", "yegor": "Егор", "egor": "Егор", "olga": "Ольга",
    "lyubov": "Любовь",
}
# Longest first; j is ж, as in the Kazakh and Kyrgyz names the region's English-language press writes (Japarov).
_LETTERS = (("shch", "щ"), ("dzh", "дж"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"), ("ch", "ч"), ("sh", "ш"),
            ("th", "т"), ("ph", "ф"), ("gh", "г"), ("ck", "к"), ("qu", "кв"), ("dj", "дж"), ("ou", "у"), ("a", "а"),
            ("b", "б"), ("d", "д"), ("f", "ф"), ("g", "г"), ("h", "х"), ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"),
            ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"),
            ("w", "в"), ("x", "кс"), ("z", "з"))
_IOTATED = {"a": "я", "u": "ю", "o": "ё", "e": "е"}
_ACCENTED = str.maketrans({"ş": "sh", "Ş": "Sh", "ç": "ch", "Ç": "Ch", "ı": "y", "ğ": "g", "Ğ": "G"})


def _cyrillic_word(word: str, alternative: bool = False) -> str:
    """One lower-case Latin word in Cyrillic letters (`alternative`: j as дж, an initial e as е)."""
    if word in _GIVEN_NAMES_CYRILLIC:
        return _GIVEN_NAMES_CYRILLIC[word].lower()
    out: list[str] = []
    i = 0
    while i < len(word):
        rest, before = word[i:], word[i - 1] if i else ""
        after_consonant = bool(before) and before not in _VOWELS_LATIN
        letter, nxt = rest[0], rest[1:2]
        if letter == "y" and nxt in _IOTATED:
            # ye after a consonant is the soft sign's trace (Vasilyev -> Васильев); ya, yu, yo are я, ю, ё
            out.append(("ь" if after_consonant and nxt == "e" else "") + _IOTATED[nxt])
            i += 2
        elif letter == "y":
            if rest == "yy":  # Belyy
                out.append("ый")
                break
            if not after_consonant and before:  # Aibek's i written y: Aybek, Tolstoy
                out.append("й")
            elif not nxt:  # word-final after a consonant: Almaty, Gurbanguly; after г, к, х only и (Zelensky)
                out.append("ий" if out and out[-1][-1] in "гкх" else "ы")
            else:  # Kyrgyz, Sadyr
                out.append("ы")
            i += 1
        elif letter == "i" and rest in ("iy", "ii"):  # Dmitriy, Dmitrii
            out.append("ий")
            break
        elif letter == "i" and rest == "ia" and i:  # Natalia, Anastasia
            out.append("ия")
            break
        elif letter == "i":
            consonant_inside = len(rest) > 2 and rest[1] not in _VOWELS_LATIN
            # after a vowel, i is й at the end or before a consonant inside the word (Sergei, Kairat, Aibek, Seitkali;
            # not Mikhail, Said)
            vowel_before = bool(before) and not after_consonant
            out.append("й" if vowel_before and (len(rest) == 1 or consonant_inside) else "и")
            i += 1
        elif letter == "e":
            out.append("е" if i or alternative else "э")  # Erlan, Emomali; the other reading: Elena
            i += 1
        elif letter == "j" and alternative:  # the other reading of j: Jizzakh, Jamshid
            out.append("дж")
            i += 1
        elif letter == "c" and nxt != "h" and not rest.startswith("ck"):
            out.append("с" if nxt in ("e", "i", "y") else "к")
            i += 1
        else:
            for latin, cyrillic in _LETTERS:
                if rest.startswith(latin):
                    out.append(cyrillic)
                    i += len(latin)
                    break
            else:
                i += 1  # a letter with no Cyrillic counterpart (accents are removed before)
    return "".join(out)


def _restore_case(original: str, converted: str) -> str:
    if len(original) > 1 and original.isupper():
        return converted.upper()
    return converted[:1].upper() + converted[1:] if original[:1].isupper() else converted


@lru_cache(maxsize=100_000)
def to_cyrillic(text: str, alternative: bool = False) -> str:
    """A text in Cyrillic letters: Latin words (English spellings of Russian and Central Asian names) transliterated
    the way a Russian text writes them (Kassym Tokayev -> Кассым Токаев, Japarov -> Жапаров); the rest as it is.
    English spellings leave two letters ambiguous: j is ж in Kazakh and Kyrgyz names and дж in Russian and Uzbek
    ones (Jizzakh); an initial e is э (Ekibastuz) or е (Elena): `alternative` takes the second reading of both."""
    if not _LATIN.search(text):
        return text

    def convert(match: re.Match[str]) -> str:
        word = match.group(0).translate(_ACCENTED)
        soft = "ь" if re.search(r"[^aeiouyAEIOUY'’ʻʼ`]['’]$", word) else ""  # Ust'-Kamenogorsk: the soft sign's trace
        word = re.sub(r"['’ʻʼ`]s$|['’ʻʼ`]", "", word)  # Kyrgyzstan's, O'zbekiston
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
        return _restore_case(plain, _cyrillic_word(plain.lower(), alternative)) + soft if plain else match.group(0)

    return _LATIN_WORD.sub(convert, text)


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
