"""Alignment anchors that survive translation between English, Russian and Kazakh.

An anchor is something a translation keeps: numbers (with thousands separators
and decimal marks normalised), names (capitalised words, compared through
:func:`tm.translit.name_key`, so Аблязов ~ Ablyazov ~ Әблязов), question and
exclamation marks, and quotations.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tm.translit import name_key

# 1,000 / 1 000 / 1.000 (grouped thousands) or a plain run of digits.
_NUMBER = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)|\d+")
_GROUP_SEP = re.compile(r"[,.\u00a0\u202f ]")
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_OPEN_QUOTES = "«“„\"‘"
#: a name key shorter than this is too weak to be evidence
MIN_NAME_KEY = 3


@dataclass
class Anchors:
    """The anchors of one sentence or of a group of sentences."""

    length: int = 0
    numbers: Counter[str] = field(default_factory=Counter)
    names: list[str] = field(default_factory=list)
    questions: int = 0
    exclamations: int = 0
    quotes: int = 0
    #: how many numbers, and which kinds of punctuation (bits: ?, !, quotes) occur
    number_count: int = field(init=False)
    marks: int = field(init=False)

    def __post_init__(self) -> None:
        self.number_count = sum(self.numbers.values())
        self.marks = (self.questions > 0) | (self.exclamations > 0) << 1 | (self.quotes > 0) << 2

    def __add__(self, other: Anchors) -> Anchors:
        return Anchors(
            self.length + other.length,
            self.numbers + other.numbers,
            self.names + other.names,
            self.questions + other.questions,
            self.exclamations + other.exclamations,
            self.quotes + other.quotes,
        )


def _numbers(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for m in _NUMBER.finditer(text):
        digits = m.group(0)
        if len(digits) > 4 or not digits.isdigit():
            digits = _GROUP_SEP.sub("", digits)
        out[digits.lstrip("0") or "0"] += 1
    return out


def _names(text: str) -> list[str]:
    keys = []
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group(0)
        # The first word of a sentence is capitalised anyway; all-caps words are
        # acronyms, which are often translated (UK / Великобритания).
        if i == 0 or not word[0].isupper() or (len(word) > 1 and word.isupper()):
            continue
        key = name_key(word.split("’")[0].split("'")[0])
        if len(key) >= MIN_NAME_KEY:
            keys.append(key)
    return keys


def extract(sentence: str) -> Anchors:
    """The anchors of one sentence."""
    return Anchors(
        length=len(sentence),
        numbers=_numbers(sentence),
        names=_names(sentence),
        questions=sentence.count("?"),
        exclamations=sentence.count("!"),
        quotes=sum(sentence.count(q) for q in _OPEN_QUOTES),
    )


def keys_match(a: str, b: str) -> bool:
    """Two name keys match when one is a prefix of the other (inflection adds endings)."""
    return a.startswith(b) or b.startswith(a)


def name_matches(src: list[str], tgt: list[str]) -> int:
    """How many source names find a distinct counterpart among the target names."""
    if not src or not tgt:
        return 0
    # Matching keys share their first MIN_NAME_KEY letters: compare within those buckets only.
    buckets: dict[str, list[str]] = {}
    for key in tgt:
        buckets.setdefault(key[:MIN_NAME_KEY], []).append(key)
    hits = 0
    for key in src:
        remaining = buckets.get(key[:MIN_NAME_KEY])
        if not remaining:
            continue
        for k, other in enumerate(remaining):
            if keys_match(key, other):
                hits += 1
                del remaining[k]
                break
    return hits


@dataclass(frozen=True)
class Evidence:
    """How well the anchors of two groups agree."""

    matched: int
    unmatched_numbers: int
    punctuation_mismatch: int


def compare(src: Anchors, tgt: Anchors) -> Evidence:
    src_count, tgt_count = src.number_count, tgt.number_count
    common_numbers = sum((src.numbers & tgt.numbers).values()) if src_count and tgt_count else 0
    # multisets: |A - B| + |B - A| = |A| + |B| - 2|A & B|
    unmatched_numbers = src_count + tgt_count - 2 * common_numbers
    matched = common_numbers + name_matches(src.names, tgt.names)
    # one point per kind of punctuation present on one side only
    punct = (src.marks ^ tgt.marks).bit_count()
    return Evidence(matched, unmatched_numbers, punct)
