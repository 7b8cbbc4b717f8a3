"""A QA finding: what a check reports about one unit. Shared by every check (glossary-*, name-*, ...).

The JSON form is the report format of ``tm qa --format json``::

    {"code", "severity", "doc", "unit", "lang", "message", "found": [...], "expected": [...] or null,
     "text": {"en": "...", "ru": "..."}}

``found`` lists the exact strings as they stand in the text.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(slots=True)
class Finding:
    """One finding (slotted, not frozen: a large run makes a hundred thousand of them)."""

    code: str
    severity: Severity
    doc: str
    unit: int  # the unit's position in its document
    lang: str | None
    message: str
    found: list[str] = field(default_factory=list)
    expected: list[str] | None = None
    text: dict[str, str] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """Stable id for baselines: the same check, document, language and offending strings
        on the same texts give the same fingerprint, at whatever number the unit stands. The
        number is left out because a review that merges or splits units renumbers the units
        after it; the unit's texts (``text``, every language it has) are in, so a finding on
        an edited text is a new finding, to be reviewed again."""
        key = json.dumps(
            [self.code, self.doc, self.lang, sorted(self.found), sorted(self.text.items())], ensure_ascii=False
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "severity": self.severity.value, "doc": self.doc, "unit": self.unit,
            "lang": self.lang, "message": self.message, "found": list(self.found),
            "expected": None if self.expected is None else list(self.expected), "text": dict(self.text),
            "fingerprint": self.fingerprint(),
        }


@dataclass
class QAResult:
    """A QA run: the units checked, the checks run (codes), the findings, how many the baseline
    silenced, and the documents' titles for a report."""

    units: int
    checks: list[str]
    findings: list[Finding] = field(default_factory=list)
    baselined: int = 0
    titles: dict[str, str] = field(default_factory=dict)  # document -> its title (first language that has one)

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
