"""Letters that typing and OCR confuse inside names: a small l, a capital I and a digit 1; a
capital O and a digit 0; Latin letters and their Cyrillic look-alikes. Two spellings that
differ only by such letters are one name; a spelling that differs by a real letter is not.
`name-inconsistent` pairs them through their :func:`skeleton`."""

from __future__ import annotations

import re
import unicodedata

# Each confusable letter -> the letter that stands for its class in a skeleton.
_CLASSES = {"I": "l", "1": "l", "|": "l", "0": "O"}
# Cyrillic letters that look like Latin ones, folded to the Latin letter.
_CYRILLIC_LOOKALIKES = dict(zip("аеорсухіјАВЕКМНОРСТХІЈ", "aeopcyxijABEKMHOPCTXIJ"))
_SKELETON = str.maketrans({**_CLASSES, **_CYRILLIC_LOOKALIKES})

#: A word that opens with a small l or a digit 1/0 where a capital belongs (l or 1 before a
#: consonant: no English word starts "ll", "lv", "1l"; 0 before a letter), or that has a digit
#: 1/0 among its letters (Ab1yazov: the name tokens stop at a digit).
_LOWER_NAME = re.compile(
    r"(?<![^\W_])(?:[l1][bcdfghjklmnpqrstvwxz]|0[^\W\d_])[^\W\d_]+|(?<![^\W_])[^\W\d_]+[01][^\W\d_]+"
)


def skeleton(word: str) -> str:
    """The word with each confusable letter replaced by its class (llyashev, Ilyashev -> llyashev)."""
    return word.translate(_SKELETON)


def suspects(text: str) -> list[str]:
    """Words of ``text`` that may be names typed with a confusable first letter (llyashev)."""
    return _LOWER_NAME.findall(text) if ("l" in text or "1" in text or "0" in text) else []


def confused(a: str, b: str) -> list[tuple[str, str]] | None:
    """The (letter of a, letter of b) pairs where two spellings of one skeleton differ, or None
    where they are not one name by confusion: other skeletons, other lengths, or as many
    differences as agreements (Сор and Cop are two words, not one with look-alikes)."""
    if a == b or len(a) != len(b) or skeleton(a) != skeleton(b):
        return None
    pairs = [(x, y) for x, y in zip(a, b) if x != y]
    return pairs if 2 * len(pairs) < len(a) else None


def describe(letter: str) -> str:
    """small l (U+006C), Cyrillic а (U+0430), digit 1 (U+0031)."""
    name = unicodedata.name(letter, "")
    if letter.isdigit():
        kind = "digit"
    elif name.startswith("CYRILLIC"):
        kind = "Cyrillic capital" if letter.isupper() else "Cyrillic"
    else:
        kind = "capital" if letter.isupper() else "small"
    return f"{kind} {letter} (U+{ord(letter):04X})"


def odd(word: str) -> int:
    """How out of place the word's confusable letters are: a capital I after a small letter, a
    digit among letters, a small initial, letters of two scripts (the likelier wrong spelling
    scores higher)."""
    score = int(word[:1].islower()) + len(re.findall(r"(?<=[a-z])I|[^\W\d_]\d|\d[^\W\d_]", word))
    scripts = {unicodedata.name(c, "?").split()[0] for c in word if c.isalpha()}
    return score + int(len(scripts) > 1)
