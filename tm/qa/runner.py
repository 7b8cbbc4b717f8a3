"""Run the QA checks over the TM (or some documents) and collect findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tm.gcpause import paused_gc
from tm.qa.base import Check, CorpusCheck, QAContext, QAUnit, UnitCheck
from tm.qa.findings import Finding, Severity
from tm.qa.registry import CHECKS
from tm.store.stream import iter_texts
from tm.store.tm import TM


@dataclass
class QAResult:
    units: int
    checks: list[str]
    findings: list[Finding] = field(default_factory=list)
    baselined: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "units": self.units,
            "checks": self.checks,
            "findings": len(self.findings),
            "baselined": self.baselined,
            "by_code": dict(Counter(f.code for f in self.findings)),
            "by_severity": dict(Counter(f.severity.value for f in self.findings)),
        }

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)


def load_units(tm: TM, doc_ids: Sequence[str] | None = None) -> list[QAUnit]:
    """Every unit as the checks see it, languages in each document's order."""
    docs = {d.id: d.langs for d in tm.documents()}
    units = []
    with paused_gc():
        for u in iter_texts(tm, list(doc_ids) if doc_ids else None):
            langs = docs.get(u.doc_id) or list(u.texts)
            units.append(QAUnit(u.doc_id, u.position, {lang: u.texts.get(lang, "") for lang in langs}, u.paragraph))
    return units


def run_checks(units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext | None = None) -> list[Finding]:
    with paused_gc():
        return _run_checks(units, checks, context)


def _run_checks(units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext | None) -> list[Finding]:
    findings: list[Finding] = []
    for check in checks:
        if isinstance(check, UnitCheck):
            pairs = ((unit, failure) for unit in units for failure in check.check(unit, context))
        elif isinstance(check, CorpusCheck):
            pairs = check.run(units, context)
        else:
            pairs = check.run_findings(units)  # type: ignore[attr-defined]
            findings.extend(pairs)
            continue
        for unit, failure in pairs:
            findings.append(
                Finding(
                    code=check.code, severity=check.severity, doc=unit.doc, unit=unit.unit, lang=failure.lang,
                    message=failure.message, found=list(failure.found), expected=failure.expected,
                    text=unit.present(),
                )
            )
    findings.sort(key=lambda f: (f.doc, f.unit, f.code, f.lang or ""))
    return findings


def run_qa(
    tm: TM, doc_ids: Sequence[str] | None = None, only: Sequence[str] = (), skip: Sequence[str] = ()
) -> QAResult:
    checks = CHECKS.select(only, skip)
    if doc_ids:
        for doc_id in doc_ids:
            tm.document(doc_id)
    units = load_units(tm, doc_ids)
    context = QAContext(glossary=_glossary(tm))
    return QAResult(len(units), [c.code for c in checks], run_checks(units, checks, context))


def _glossary(tm: TM) -> object | None:
    """The TM's glossary, or None when it has no concepts."""
    from tm.glossary import load_glossary

    glossary = load_glossary(tm)
    return glossary if len(glossary) else None
