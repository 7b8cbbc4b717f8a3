"""Checks on whether and how a unit is translated: `untranslated`,
`inconsistent-translation` and `length-ratio`."""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence

from tm.qa.base import CorpusCheck, Failure, QAContext, QAUnit, UnitCheck
from tm.qa.findings import Severity

_WORDS = re.compile(r"[^\W\d_]{2,}")


class Untranslated(UnitCheck):
    code = "untranslated"
    severity = Severity.warning
    description = (
        "A language of the document has no text in this unit, or its text is the source text copied "
        "(two or more words, not only names and numbers)."
    )

    def check(self, unit: QAUnit, context: QAContext | None = None) -> Iterable[Failure]:
        present = unit.present()
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

    def run(self, units: Sequence[QAUnit], context: QAContext | None = None) -> Iterable[tuple[QAUnit, Failure]]:
        # The search forms of each unit, computed once for both directions:
        # (unit, pivot language, pivot form, [(language, form) of the other texts]).
        rows: list[tuple[QAUnit, str, str, list[tuple[str, str]]]] = []
        for unit in units:
            present = unit.present()
            if len(present) < 2:
                continue
            pivot_lang, *other_langs = present
            key = unit.form(pivot_lang)
            if key.count(" ") + 1 < self.MIN_WORDS:  # a search form's words are single-spaced
                continue
            others = [(lang, unit.form(lang)) for lang in other_langs]
            rows.append((unit, pivot_lang, key, others))
        for forward in (True, False):
            groups: dict[tuple[str, str, str], list[tuple[QAUnit, str]]] = defaultdict(list)
            for unit, pivot_lang, key, others in rows:
                for lang, other in others:
                    if forward:
                        groups[(pivot_lang, lang, key)].append((unit, other))
                    else:
                        groups[(lang, pivot_lang, other)].append((unit, key))
            for (a, b, _), members in groups.items():
                if len(members) < 2 or len({form for _, form in members}) < 2:
                    continue
                for unit, others in _with_others(members, b):
                    if forward:  # one source (a), several translations (b): report the translation
                        yield unit, Failure(b, f"the same {a} sentence is translated differently elsewhere",
                                            [unit.texts[b]], others)
                    else:  # one translation (a), several sources (b): report the translation, show the sources
                        yield unit, Failure(a, f"this {a} text also translates a different {b} sentence",
                                            [unit.texts[a]], others)


def _with_others(members: list[tuple[QAUnit, str]], lang: str) -> Iterable[tuple[QAUnit, list[str]]]:
    """Each member with the ``lang`` texts of the members whose form differs from its own, sorted
    (worked out once per form, not once per member: a group may be large)."""
    texts_by_form: dict[str, set[str]] = defaultdict(set)
    for unit, form in members:
        texts_by_form[form].add(unit.texts[lang])
    others_of: dict[str, list[str]] = {}
    for unit, form in members:
        others = others_of.get(form)
        if others is None:
            others = others_of[form] = sorted(set().union(*(t for f, t in texts_by_form.items() if f != form)))
        yield unit, list(others)


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

    def run(self, units: Sequence[QAUnit], context: QAContext | None = None) -> Iterable[tuple[QAUnit, Failure]]:
        pairs: dict[tuple[str, str], list[tuple[QAUnit, float]]] = defaultdict(list)
        for unit in units:
            present = unit.present()
            if len(present) < 2:
                continue
            pivot_lang, pivot = next(iter(present.items()))
            for lang, text in list(present.items())[1:]:
                if len(pivot) >= self.MIN_CHARS and len(text) >= self.MIN_CHARS:
                    pairs[(pivot_lang, lang)].append((unit, math.log(len(text) / len(pivot))))
        for (a, b), rows in pairs.items():
            if len(rows) < self.MIN_UNITS:
                continue
            values = [r for _, r in rows]
            median = statistics.median(values)
            mad = max(statistics.median(abs(v - median) for v in values), self.MIN_SPREAD)
            for unit, value in rows:
                z = 0.6745 * (value - median) / mad
                if abs(z) > self.Z_LIMIT:
                    ratio = math.exp(value)
                    usual = math.exp(median)
                    yield unit, Failure(
                        b, f"{b}/{a} length ratio {ratio:.2f}, usual {usual:.2f} (robust z {z:+.1f})", [unit.texts[b]]
                    )
