"""`tm glossary check`: the QA run restricted to the glossary's checks (`glossary-forbidden`,
`glossary-missing`, :mod:`tm.qa.checks.glossary`), findings by unit, then by check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from tm.glossary.match import Glossary
from tm.qa.base import QAUnit
from tm.qa.checks.glossary import GLOSSARY_CODES
from tm.qa.findings import Finding, Severity
from tm.qa.registry import CHECKS
from tm.qa.runner import run_checks, run_qa
from tm.store.tm import TM


def check_units(glossary: Glossary, units: Iterable[tuple[str, int, Mapping[str, str]]]) -> list[Finding]:
    """Findings for ``(doc, position, {lang: text})`` units; empty texts count as absent."""
    qa_units = [QAUnit(doc, position, dict(texts)) for doc, position, texts in units]
    return run_checks(qa_units, CHECKS.select(GLOSSARY_CODES), glossary.compile(), by_report=False)


def check_tm(tm: TM, doc: str | None = None) -> list[Finding]:
    """The glossary findings on the whole TM, or on one document."""
    return run_qa(tm, [doc] if doc else None, only=GLOSSARY_CODES, by_report=False).findings


def summarize(findings: Sequence[Finding]) -> dict[str, object]:
    """Counts of findings, by check code and by severity (every code and severity listed)."""
    by_code = Counter(f.code for f in findings)
    by_severity = Counter(f.severity.value for f in findings)
    return {
        "findings": len(findings),
        "by_code": {code: by_code.get(code, 0) for code in GLOSSARY_CODES},
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
    }
