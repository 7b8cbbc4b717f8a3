"""The search form: case-folded, punctuation and symbols as spaces, whitespace folded."""

from __future__ import annotations

import random
import unicodedata

import pytest

from tm.textnorm import _punctuation_table, search_form


def by_the_table(text: str) -> str:
    """The definition: every P* and S* code point becomes a space."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.casefold().translate(_punctuation_table()).split())


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("«БТА Банк», — сказал он.", "бта банк сказал он"),
        ("Nazarbayev’s “regime” (2009)…", "nazarbayev s regime 2009"),
        ("№ 5 — 1,000.5 $", "5 1 000 5"),
        ("snake_case x²", "snake case x²"),  # the underscore is punctuation; ² is a number
        ("STRASSE Straße", "strasse strasse"),
        ("Қазақстан ‹Әділет›\u00a0ҮШІН", "қазақстан әділет үшін"),
        ("a\u2e3ab ⸻ c", "a b c"),  # a rarer dash takes the full table
        ("e\u0301", "é"),  # NFC first
        ("", ""),
    ],
)
def test_search_form(text: str, form: str) -> None:
    assert search_form(text) == form == by_the_table(text)


def test_the_fast_path_agrees_with_the_table_on_any_text() -> None:
    rnd = random.Random(7)
    pool = [chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c <= 0xDFFF] + list("abcабвәғқ   ,.;«»—") * 40
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 40))) for _ in range(20_000)]
    assert [search_form(t) for t in texts] == [by_the_table(t) for t in texts]
