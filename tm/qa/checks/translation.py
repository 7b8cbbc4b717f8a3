"""Checks on whether and how a unit is translated: `untranslated`,
`inconsistent-translation` and `length-ratio`."""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from tm.glossary import Glossary
from tm.qa.base import CorpusCheck, Failure, QAUnit, UnitCheck
from tm.qa.facts import UnitFacts
from tm.qa.findings import Severity

_WORDS = re.compile(r"[^\W\d_]{2,}")


class Untranslated(UnitCheck):
    code = "untranslated"
    severity = Severity.warning
    description = (
        "A language of the document has no text in this unit, or its text is the source text copied "
        "(two or more words, not only names and numbers)."
    )

    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        present = unit.present
        if not present:
            return
        source_lang, source = next(iter(present.items()))
        for lang, text in unit.texts.items():
            if not text:
                yield Failure(lang, f"no {lang} text (the unit has {', '.join(present)})", [], None)
            elif lang != source_lang and text == source and _is_prose(text):
                yield Failure(lang, f"identical to the {source_lang} text", [text])


def _is_prose(text: str) -> bool:
    """At least two words and at least one that is not capitalised (not just a name)."""
    words = _WORDS.findall(text)
    return len(words) >= 2 and any(w[0].islower() for w in words)


class InconsistentTranslation(CorpusCheck):
    code = "inconsistent-translation"
    severity = Severity.warning
    description = "The same source sentence translated in different ways, or one translation used for different sources."

    #: Sentences shorter than this (in words) are too generic to demand one translation.
    MIN_WORDS = 3

    def run(
        self, units: Sequence[QAUnit], extracted: Sequence[Any] | None = None, glossary: Glossary | None = None
    ) -> Iterable[tuple[int, Failure]]:
        # The search forms of each unit, computed once for both directions:
        # (unit index, pivot language, pivot form, [(language, form) of the other texts]).
        rows: list[tuple[int, str, str, list[tuple[str, str]]]] = []
        for k, unit in enumerate(units):
            present = unit.present
            if len(present) < 2:
                continue
            pivot_lang, *other_langs = present
            key = unit.form(pivot_lang)
            if key.count(" ") + 1 < self.MIN_WORDS:  # a search form's words are single-spaced
                continue
            others = [(lang, unit.form(lang)) for lang in other_langs]
            rows.append((k, pivot_lang, key, others))
        for forward in (True, False):
            groups: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
            for k, pivot_lang, key, others in rows:
                for lang, other in others:
                    if forward:
                        groups[(pivot_lang, lang, key)].append((k, other))
                    else:
                        groups[(lang, pivot_lang, other)].append((k, key))
            for (a, b, _), members in groups.items():
                if len(members) < 2 or len({form for _, form in members}) < 2:
                    continue
                for k, others in _with_others(units, members, b):
                    texts = units[k].texts
                    if forward:  # one source (a), several translations (b): report the translation
                        yield k, Failure(b, f"the same {a} sentence is translated differently elsewhere",
                                         [texts[b]], others)
                    else:  # one translation (a), several sources (b): report the translation, show the sources
                        yield k, Failure(a, f"this {a} text also translates a different {b} sentence",
                                         [texts[a]], others)


def _with_others(
    units: Sequence[QAUnit], members: list[tuple[int, str]], lang: str
) -> Iterable[tuple[int, list[str]]]:
    """Each member (a unit's index) with the ``lang`` texts of the members whose form differs
    from its own, sorted (worked out once per form, not once per member: a group may be large)."""
    texts_by_form: dict[str, set[str]] = defaultdict(set)
    for k, form in members:
        texts_by_form[form].add(units[k].texts[lang])
    others_of: dict[str, list[str]] = {}
    for k, form in members:
        others = others_of.get(form)
        if others is None:
            others = others_of[form] = sorted(set().union(*(t for f, t in texts_by_form.items() if f != form)))
        yield k, list(others)


class LengthRatio(CorpusCheck):
    code = "length-ratio"
    severity = Severity.warning
    description = (
        "The length ratio of a unit's translation to its source is an outlier for that language pair "
        "(a likely misalignment or omission)."
    )

    #: Robust z-score (median and MAD of the log length ratio) beyond which a unit is an outlier.
    Z_LIMIT = 4.0
    #: Units shorter than this (characters, either side) are not judged; pairs with fewer units are not either.
    MIN_CHARS = 20
    MIN_UNITS = 20
    #: Floor of the spread (MAD of the log ratio): translations vary by at least this much anyway.
    MIN_SPREAD = 0.1

    def run(
        self, units: Sequence[QAUnit], extracted: Sequence[Any] | None = None, glossary: Glossary | None = None
    ) -> Iterable[tuple[int, Failure]]:
        pairs: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
        for k, unit in enumerate(units):
            present = unit.present
            if len(present) < 2:
                continue
            pivot_lang, pivot = next(iter(present.items()))
            for lang, text in list(present.items())[1:]:
                if len(pivot) >= self.MIN_CHARS and len(text) >= self.MIN_CHARS:
                    pairs[(pivot_lang, lang)].append((k, math.log(len(text) / len(pivot))))
        for (a, b), rows in pairs.items():
            if len(rows) < self.MIN_UNITS:
                continue
            values = [r for _, r in rows]
            median = statistics.median(values)
            mad = max(statistics.median(abs(v - median) for v in values), self.MIN_SPREAD)
            for k, value in rows:
                z = 0.6745 * (value - median) / mad
                if abs(z) > self.Z_LIMIT:
                    ratio = math.exp(value)
                    usual = math.exp(median)
                    yield k, Failure(
                        b, f"{b}/{a} length ratio {ratio:.2f}, usual {usual:.2f} (robust z {z:+.1f})", [units[k].texts[b]]
                    )
