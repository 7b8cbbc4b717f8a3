"""Glossary QA checks: `glossary-missing` and `glossary-forbidden`.

As in Weblate, a check is one small class: a ``code``, a ``severity``, a
``description`` and one method, :meth:`failures`, that returns what failed in one
unit; the finding's message is built from that. The terms of a unit are found once
(:class:`UnitTerms`) and shared by every check. :data:`CHECKS` is the registry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from tm.gcpause import paused_gc
from tm.glossary.match import Glossary, TermMatch
from tm.glossary.store import unit_texts
from tm.qa.findings import Finding, Severity
from tm.store.tm import TM


class UnitTerms:
    """One unit's texts (non-empty only) and the glossary terms found in each, found once
    and shared by every check."""

    __slots__ = ("doc", "unit", "texts", "glossary", "matches", "concepts")

    def __init__(self, doc: str, unit: int, texts: Mapping[str, str], glossary: Glossary) -> None:
        self.doc, self.unit, self.texts, self.glossary = doc, unit, texts, glossary
        find = glossary.find
        #: language -> the terms found in its text, in order
        self.matches: dict[str, list[TermMatch]] = {lang: find(text, lang) for lang, text in texts.items()}
        #: concept id -> language -> its matches there
        self.concepts: dict[str, dict[str, list[TermMatch]]] = {}
        concepts = self.concepts
        for lang, found in self.matches.items():
            for m in found:
                by_lang = concepts.get(m.concept_id)
                if by_lang is None:
                    concepts[m.concept_id] = {lang: [m]}
                elif lang in by_lang:
                    by_lang[lang].append(m)
                else:
                    by_lang[lang] = [m]


@dataclass(slots=True)
class Failure:
    """What a check found wrong: one concept in one language of a unit."""

    lang: str
    concept_id: str
    found: list[str]
    expected: list[str]
    sources: list[str] = field(default_factory=list)  # the languages where the concept occurs


class GlossaryCheck:
    code: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]

    def failures(self, unit: UnitTerms) -> list[Failure]:
        raise NotImplementedError

    def message(self, failure: Failure) -> str:
        raise NotImplementedError

    def findings(self, unit: UnitTerms) -> list[Finding]:
        return [
            Finding(
                code=self.code, severity=self.severity, doc=unit.doc, unit=unit.unit, lang=f.lang,
                message=self.message(f), found=f.found, expected=f.expected, text=dict(unit.texts),
            )
            for f in self.failures(unit)
        ]


def _quoted(items: Sequence[str]) -> str:
    return f"“{'”, “'.join(items)}”" if items else ""


class GlossaryMissing(GlossaryCheck):
    code = "glossary-missing"
    severity = Severity.warning
    description = (
        "A glossary concept occurs in one language of a unit, and another language present "
        "has none of its preferred or admitted renderings."
    )

    def failures(self, unit: UnitTerms) -> list[Failure]:
        out = []
        langs = unit.texts
        for concept_id, by_lang in unit.concepts.items():
            if len(by_lang) == len(langs):  # found in every language
                continue
            found: list[str] | None = None
            for lang in langs:
                if lang in by_lang:
                    continue
                expected = unit.glossary.renderings(concept_id, lang)
                if not expected:
                    continue
                if found is None:
                    found = [m.text for matches in by_lang.values() for m in matches]
                out.append(Failure(lang, concept_id, list(found), expected, list(by_lang)))
        return out

    def message(self, failure: Failure) -> str:
        return (
            f"{failure.concept_id}: {_quoted(failure.found)} ({', '.join(failure.sources)}) has no rendering "
            f"in {failure.lang}; expected {_quoted(failure.expected)}"
        )


class GlossaryForbidden(GlossaryCheck):
    code = "glossary-forbidden"
    severity = Severity.error
    description = "A forbidden (deprecated) variant of a glossary term is used."

    def failures(self, unit: UnitTerms) -> list[Failure]:
        out = []
        for concept_id, by_lang in unit.concepts.items():
            for lang, found in by_lang.items():
                bad = [m.text for m in found if m.status == "forbidden"]
                if bad:
                    out.append(Failure(lang, concept_id, bad, unit.glossary.renderings(concept_id, lang), [lang]))
        return out

    def message(self, failure: Failure) -> str:
        return (
            f"{failure.concept_id}: forbidden variant {_quoted(failure.found)} in {failure.lang}; "
            f"use {_quoted(failure.expected)}"
        )


def _registry(*checks: GlossaryCheck) -> tuple[GlossaryCheck, ...]:
    codes = [c.code for c in checks]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:
        raise ValueError(f"duplicate check codes: {', '.join(sorted(duplicates))}")
    return checks


#: The glossary checks, in report order.
CHECKS: tuple[GlossaryCheck, ...] = _registry(GlossaryForbidden(), GlossaryMissing())


def check_units(
    glossary: Glossary, units: Iterable[tuple[str, int, Mapping[str, str]]],
    checks: Iterable[GlossaryCheck] = CHECKS,
) -> Iterator[Finding]:
    """Findings for ``(doc, position, {lang: text})`` units; empty texts count as absent."""
    active = tuple(checks)
    for doc, position, texts in units:
        present = {lang: text for lang, text in texts.items() if text.strip()}
        unit = UnitTerms(doc, position, present, glossary)
        if not unit.concepts:
            continue
        for check in active:
            yield from check.findings(unit)


def check_tm(tm: TM, glossary: Glossary, doc: str | None = None) -> list[Finding]:
    """The glossary findings on the whole TM, or on one document."""
    with paused_gc():
        return list(check_units(glossary, unit_texts(tm, doc)))


def summarize(findings: Sequence[Finding]) -> dict[str, object]:
    """Counts of findings, by check code and by severity (every code and severity listed)."""
    by_code = Counter(f.code for f in findings)
    by_severity = Counter(f.severity.value for f in findings)
    return {
        "findings": len(findings),
        "by_code": {check.code: by_code.get(check.code, 0) for check in CHECKS},
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
    }
