"""Text normalisation shared by the store, the aligner and lookup.

Every text that enters the TM is NFC-normalised and tidied (:func:`tidy_text`);
:func:`clean_text` also folds whitespace, for comparisons; the *search form* is
the case-folded, punctuation-free form used for matching.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

# Zero-width characters do not separate words and are removed from stored text.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_HAS_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


@cache
def _punctuation_table() -> dict[int, str]:
    """Every punctuation (P*) and symbol (S*) code point -> a space, built on first use."""
    return {cp: " " for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp))[0] in "PS"}


_LINE_BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")


def tidy_text(text: str) -> str:
    """The form text is stored in: NFC, zero-width characters removed, tabs and line
    breaks turned into spaces, trimmed. Runs of spaces and no-break spaces are kept as
    written (QA reports double spaces; the search form ignores them)."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):  # ASCII is NFC
        text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # the common case: no zero-width character, tab or line break (all unprintable)
        return text.strip()
    if _HAS_ZERO_WIDTH.search(text):
        text = text.translate(_ZERO_WIDTH)
    return _LINE_BREAKS.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """NFC, zero-width characters removed, runs of whitespace folded to one space, trimmed."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _HAS_ZERO_WIDTH.search(text):
        text = text.translate(_ZERO_WIDTH)
    return " ".join(text.split())


#: The punctuation and symbols most texts use (ASCII, quotes, dashes, №, …): one regex
#: replaces them at C speed; a text with any other punctuation or symbol takes the full
#: table. Both give the same result (tests/test_textnorm.py checks it).
_COMMON_MARKS = re.escape(
    "".join(chr(c) for c in range(128) if unicodedata.category(chr(c))[0] in "PS") + "«»“”„‘’‚‹›—–…№•·§©®°±×÷€£¥"
)
_COMMON_PUNCTUATION = re.compile(f"[{_COMMON_MARKS}]+")
_OTHER_THAN_COMMON = re.compile(f"[^\\w\\s{_COMMON_MARKS}]")


#: ASCII punctuation and symbols -> space, as a byte table: an ASCII text (most English)
#: takes one ``bytes.translate`` instead of the regex.
_ASCII_MARKS = bytes(32 if unicodedata.category(chr(b))[0] in "PS" else b for b in range(256))


def search_form(text: str) -> str:
    """Case-folded text with punctuation and symbols replaced by spaces, for matching."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    folded = text.casefold()
    if folded.isascii():
        return " ".join(folded.encode("ascii").translate(_ASCII_MARKS).decode("ascii").split())
    if _OTHER_THAN_COMMON.search(folded):
        return " ".join(folded.translate(_punctuation_table()).split())
    return " ".join(_COMMON_PUNCTUATION.sub(" ", folded).split())
