"""Text normalisation shared by the store, the aligner and (later) lookup.

Every text that enters the TM is NFC-normalised with its whitespace tidied;
the *search form* is the case-folded, punctuation-free form used for matching.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT_CATEGORIES = ("P", "S")  # punctuation and symbols drop out of the search form

# U+2028/2029 and other separators count as whitespace; zero-width characters do not
# separate words and are removed from stored text.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def clean_text(text: str) -> str:
    """NFC, zero-width characters removed, runs of whitespace folded to one space, trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return _SPACE.sub(" ", text).strip()


def search_form(text: str) -> str:
    """Case-folded text with punctuation and symbols replaced by spaces, for matching."""
    folded = unicodedata.normalize("NFC", text).casefold()
    chars = [" " if unicodedata.category(c)[0] in _PUNCT_CATEGORIES else c for c in folded]
    return _SPACE.sub(" ", "".join(chars)).strip()
