"""`glossary-missing` and `glossary-forbidden` in the QA run: the glossary's own checks
(:mod:`tm.glossary.checks`), run when the TM has a glossary."""

from __future__ import annotations

from collections.abc import Iterable

from tm.glossary.checks import GlossaryCheck, GlossaryForbidden, GlossaryMissing, UnitTerms
from tm.qa.base import Failure, QAContext, QAUnit, UnitCheck


def unit_terms(unit: QAUnit, context: QAContext | None) -> UnitTerms | None:
    """The glossary terms of a unit (None without a glossary), found once per run for every
    check that needs them (both glossary checks, name-mismatch)."""
    if context is None or context.glossary is None:
        return None
    key = (unit.doc, unit.unit)
    terms: UnitTerms | None = context.unit_cache.get(key)
    if terms is None:
        terms = context.unit_cache[key] = UnitTerms(unit.doc, unit.unit, unit.present(), context.glossary)
    return terms


class _FromGlossary(UnitCheck):
    """A QA check that runs one of the glossary's checks on a unit."""

    inner: GlossaryCheck

    def check(self, unit: QAUnit, context: QAContext | None = None) -> Iterable[Failure]:
        terms = unit_terms(unit, context)
        if terms is None:
            return
        for f in self.inner.failures(terms):
            yield Failure(f.lang, self.inner.message(f), f.found, f.expected)


class GlossaryForbiddenQA(_FromGlossary):
    inner = GlossaryForbidden()
    code, severity, description = inner.code, inner.severity, inner.description


class GlossaryMissingQA(_FromGlossary):
    inner = GlossaryMissing()
    code, severity, description = inner.code, inner.severity, inner.description
