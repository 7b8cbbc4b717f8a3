"""Name keys: comparable forms of one name across scripts and romanization schemes.

``name_key`` maps Аблязов, Әблязов, Ablyazov and Abliazov to the same key, and
Sergei, Sergey, Sergej and Сергей to another. It is deliberately coarse (a
consonant skeleton after folding the letters that romanization schemes render
differently); it is used as an alignment anchor, where a false match costs
little, not as a spelling judgement.
"""

from __future__ import annotations

import re
import unicodedata

# A rough, scheme-neutral Cyrillic -> Latin table for Russian and Kazakh letters. It
# only needs to bring the schemes close enough for the folding below; the exact
# schemes (BGN/PCGN, ICAO, GOST, the 2021 Kazakh Latin alphabet) live elsewhere.
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}

# Latin digraphs and letters that different schemes write differently, folded to one
# symbol each (order matters: longer sequences first).
_LATIN_FOLDS = (
    ("shch", "s"), ("sch", "s"), ("zh", "j"), ("kh", "h"), ("sh", "s"), ("ch", "c"),
    ("ts", "c"), ("tz", "c"), ("q", "k"), ("x", "ks"), ("w", "v"), ("j", "i"), ("y", "i"),
)
_VOWELS = set("aeiou")
_NON_LETTER = re.compile(r"[^a-z]")


def to_latin_rough(word: str) -> str:
    """Lower-case Latin rendering of a Cyrillic or Latin word (diacritics stripped)."""
    out = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        out.append(_CYR_TO_LAT.get(ch, ch))
    decomposed = unicodedata.normalize("NFD", "".join(out))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(word: str) -> str:
    """A coarse key shared by the spellings of one name in Cyrillic and Latin.

    The first letter is kept (vowels included), then consonants only, with
    doubled letters collapsed: ``Nazarbayev`` -> ``nzrbv``, ``Аблязов`` -> ``ablzv``.
    """
    latin = to_latin_rough(word)
    # "j" as a separate letter (Janaozen) stands for the same sound as "zh" (Zhanaozen);
    # after a vowel it is the "y" of Sergej.
    latin = re.sub(r"^j", "zh", latin)
    for src, dst in _LATIN_FOLDS:
        latin = latin.replace(src, dst)
    latin = _NON_LETTER.sub("", latin)
    if not latin:
        return ""
    head, rest = latin[0], latin[1:]
    skeleton = [c for c in rest if c not in _VOWELS]
    key = [head]
    for c in skeleton:
        if c != key[-1]:
            key.append(c)
    return "".join(key)
