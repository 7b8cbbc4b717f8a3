"""The writing system of a letter and of a text: the one place `tm` decides Latin or Cyrillic.

A letter's script is the first word of its Unicode name (LATIN SMALL LETTER A: Latin).
A text's main script counts the letters of the two scripts the letters are written in.
"""

from __future__ import annotations

import unicodedata

LATIN = "Latin"
CYRILLIC = "Cyrillic"

#: The script each core language is written in (Kazakh: Cyrillic, as the letters write it).
LANGUAGE_SCRIPTS = {"en": LATIN, "ru": CYRILLIC, "kk": CYRILLIC}

# Letters are counted on the UTF-8 bytes: an ASCII letter is one byte of its own, and a letter of
# U+0400-U+04FF is the only character whose first byte is D0-D3 (later bytes are 80-BF).
_NOT_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122 or 0xD0 <= b <= 0xD3))


def letter_script(ch: str) -> str | None:
    """The script of one letter, "Latin", "Cyrillic", "Greek"...; None for anything but a letter."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0].title() if name else None


def has_script(text: str, script: str) -> bool:
    """Whether ``text`` has at least one letter of ``script``."""
    return any(letter_script(c) == script for c in text)


def main_script(text: str) -> str | None:
    """:data:`LATIN` or :data:`CYRILLIC`, whichever has more letters ([A-Za-z], U+0400-U+04FF)
    in ``text``; None on a tie or with neither."""
    if text.isascii():
        return LATIN if any(c.isalpha() for c in text) else None
    letters = text.encode("utf-8", "surrogatepass").translate(None, _NOT_LETTER)
    cyrillic = letters.count(0xD0) + letters.count(0xD1) + letters.count(0xD2) + letters.count(0xD3)
    latin = len(letters) - cyrillic
    return LATIN if latin > cyrillic else CYRILLIC if cyrillic > latin else None
