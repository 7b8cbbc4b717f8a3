"""The search form: case-folded, punctuation and symbols as spaces, whitespace folded."""

from __future__ import annotations

import random
import unicodedata

import pytest

from tm.textnorm import _punctuation_table, search_form, tidy_text


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


def random_texts(pool: list[str], seed: int, n: int = 20_000) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 40))) for _ in range(n)]


def test_the_ascii_path_agrees_with_the_table_on_any_ascii_text() -> None:
    """Every ASCII character, controls included, and the Kelvin sign, which case-folds to ASCII."""
    texts = random_texts([chr(c) for c in range(128)] + ["\u212a"] + list("ab ") * 40, seed=8)
    assert [search_form(t) for t in texts] == [by_the_table(t) for t in texts]


def by_the_definition(text: str) -> str:
    """tidy_text as documented, without its fast path."""
    text = unicodedata.normalize("NFC", text)
    for zero_width in "\u200b\u200c\u200d\u2060\ufeff":
        text = text.replace(zero_width, "")
    for line_break in "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029":
        text = text.replace(line_break, " ")
    return text.strip()


def test_tidy_text_agrees_with_its_definition_on_any_text() -> None:
    specials = list("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029\u200b\u200c\u200d\u2060\ufeff\u00a0\u0301 ")
    texts = random_texts([chr(c) for c in range(0x300)] + specials * 20 + list("abcабвә") * 40, seed=9)
    assert [tidy_text(t) for t in texts] == [by_the_definition(t) for t in texts]
