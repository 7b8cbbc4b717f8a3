"""Letters that typing and OCR confuse inside names: a small l, a capital I and a digit 1; a
capital O and a digit 0; Latin letters and their Cyrillic look-alikes. Two spellings that
differ only by such letters are one name; a spelling that differs by a real letter is not.
`name-inconsistent` pairs them through their :func:`skeleton`."""

from __future__ import annotations

import re

from tm.scripts import CYRILLIC, letter_script

# Each confusable letter -> the letter that stands for its class in a skeleton.
_CLASSES = {"I": "l", "1": "l", "|": "l", "0": "O"}
# Cyrillic letters that look like Latin ones, folded to the Latin letter.
_CYRILLIC_LOOKALIKES = dict(zip("аеорсухіјАВЕКМНОРСТХІЈ", "aeopcyxijABEKMHOPCTXIJ"))
_SKELETON = str.maketrans({**_CLASSES, **_CYRILLIC_LOOKALIKES})

#: A word that opens with a small l or a digit 1/0 where a capital belongs (l or 1 before a
#: consonant: no English word starts "ll", "lv", "1l"; 0 before a letter), or that has a digit
#: 1/0 among its letters (Ab1yazov: the name tokens stop at a digit).
#: Each pattern starts with the confusable character, so that the regex engine skips ahead to
#: it rather than trying every position of the text.
_INITIAL = re.compile(r"[l1](?<![^\W_][l1])[bcdfghjklmnpqrstvwxz][^\W\d_]+|0(?<![^\W_]0)[^\W\d_]+")
_INNER_DIGIT = re.compile(r"[01](?<=[^\W\d_][01])(?=[^\W\d_])")


def skeleton(word: str) -> str:
    """The word with each confusable letter replaced by its class (llyashev, Ilyashev -> llyashev)."""
    return word.translate(_SKELETON)


def suspects(text: str) -> list[str]:
    """Words of ``text`` that may be names typed with a confusable first letter (llyashev)."""
    found: list[str] = _INITIAL.findall(text)
    if "1" in text or "0" in text:
        for m in _INNER_DIGIT.finditer(text):
            start, end = m.start(), m.end()
            while start > 0 and text[start - 1].isalnum():
                start -= 1
            while end < len(text) and text[end].isalnum():
                end += 1
            found.append(text[start:end])
    return found


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
    if letter.isdigit():
        kind = "digit"
    elif letter_script(letter) == CYRILLIC:
        kind = "Cyrillic capital" if letter.isupper() else "Cyrillic"
    else:
        kind = "capital" if letter.isupper() else "small"
    return f"{kind} {letter} (U+{ord(letter):04X})"


def odd(word: str) -> int:
    """How out of place the word's confusable letters are: a capital I after a small letter, a
    digit among letters, a small initial, letters of two scripts (the likelier wrong spelling
    scores higher)."""
    score = int(word[:1].islower()) + len(re.findall(r"(?<=[a-z])I|[^\W\d_]\d|\d[^\W\d_]", word))
    scripts = {letter_script(c) for c in word if c.isalpha()}
    return score + int(len(scripts) > 1)
