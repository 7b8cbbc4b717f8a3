"""`punctuation`: unbalanced quotes and brackets, double spaces, spaces before
punctuation, missing spaces after sentence punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from tm.glossary import Glossary
from tm.qa.base import CorpusCheck, Failure, QAUnit
from tm.qa.facts import UnitFacts
from tm.qa.findings import Severity

# Opening mark -> the marks that close it (published texts mix straight and curly quotes).
PAIRS = {"(": ")", "[": "]", "«": "»", "“": "”\"", "„": "“”", '"': '"”'}
_MARKS = set(PAIRS) | set("".join(PAIRS.values()))
# Each pattern finds the spot; the words around it are reported as the offending string.
_DOUBLE_SPACE = re.compile(r"[ \u00a0\u202f]{2,}")
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \u00a0](?:[,;:!?]|\.(?!\.))(?=\s|$)")
_NO_SPACE_AFTER = re.compile(r"(?<=[a-zа-яёәғқңөұүһі])[.!?;,](?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
# What each pattern needs to match at all, tested first: a pattern tries every position of a
# text, and most texts have nothing for it to find. Each starts with the mark, as marks are
# rarer than spaces and capitals: the regex engine skips ahead to them.
_SPACE_THEN_MARK = re.compile("[,;:!?.](?<=[ \u00a0].)")
_MARK_THEN_CAPITAL = re.compile("[.!?;,](?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def _spaces_together(text: str) -> bool:
    return "  " in text or "\u00a0" in text or "\u202f" in text


_SPOTS = (
    (_spaces_together, _DOUBLE_SPACE, "double space"),
    (_SPACE_THEN_MARK.search, _SPACE_BEFORE, "space before punctuation"),
    (_MARK_THEN_CAPITAL.search, _NO_SPACE_AFTER, "no space after punctuation"),
)


def _context(text: str, start: int, end: int) -> str:
    """The spot with the words touching it: "said  no", "ended.Then"."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


_MARK_CHARS = "".join(sorted(_MARKS))
_MARK_RE = re.compile(f"[{re.escape(_MARK_CHARS)}]")


def _has_mark(text: str) -> bool:
    """Does a quote or bracket occur (one substring search per mark: faster than the regex
    engine's scan, and most texts have none)?"""
    for mark in _MARK_CHARS:
        if mark in text:
            return True
    return False


def _balance(text: str, stack: list[tuple[str, int]], unit: int) -> tuple[list[tuple[str, int]], list[str]]:
    """Push openers, pop on closers; returns the stack and the closers that had no opener."""
    stray: list[str] = []
    if not _has_mark(text):
        return stack, stray
    for ch in _MARK_RE.findall(text):
        if stack and ch in PAIRS[stack[-1][0]]:
            stack.pop()
        elif ch in PAIRS:
            stack.append((ch, unit))
        else:
            stray.append(ch)
    return stack, stray


class Punctuation(CorpusCheck):
    code = "punctuation"
    severity = Severity.warning
    description = (
        "Unbalanced quotes or brackets (within the paragraph), double spaces, a space before , . ; : ! ?, "
        "or no space after sentence punctuation."
    )

    def extract(self, unit: QAUnit, facts: UnitFacts) -> list[Failure] | None:
        """The spots of the unit (a unit's own: double spaces, spaces around punctuation)."""
        spots = []
        for lang, text in unit.present.items():
            for may_match, pattern, message in _SPOTS:
                if not may_match(text):
                    continue
                for m in pattern.finditer(text):
                    spots.append(Failure(lang, message, [_context(text, m.start(), m.end())]))
        return spots or None

    def run(
        self, units: Sequence[QAUnit], extracted: Sequence[Any] | None = None, glossary: Glossary | None = None
    ) -> Iterable[tuple[int, Failure]]:
        assert extracted is not None
        for k, spots in enumerate(extracted):
            for failure in spots or ():
                yield k, failure
        # A quotation may run over several units of one paragraph: balance per paragraph.
        langs = {lang for u in units for lang in u.texts}
        for lang in sorted(langs):
            for _key, group in groupby(range(len(units)), key=lambda k: (units[k].doc, units[k].paragraph)):
                members = list(group)
                stack: list[tuple[str, int]] = []
                for m, k in enumerate(members):
                    stack, stray = _balance(units[k].texts.get(lang, ""), stack, m)
                    if stray:
                        yield k, Failure(lang, "closing mark without an opening one", stray)
                for opener, m in stack:
                    yield members[m], Failure(lang, f"{opener} is never closed", [opener], [PAIRS[opener][0]])
