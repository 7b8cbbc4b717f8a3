"""Reviewed findings, silenced by fingerprint: a JSON file kept beside the corpus.

A re-run shows only findings whose fingerprint is in the baseline. The file lists each
silenced finding's code, place and message too, so that a reviewer can read (and diff)
what was accepted.

Version 2 files hold :meth:`Finding.fingerprint`, which follows the unit's texts, not its
number. Version 1 files (fingerprints of code, document, unit number, language and found
strings) are still read the way they were written: a finding is silenced when its
version-1 fingerprint is listed; ``tm qa --update-baseline`` writes version 2.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.atomic import write_text
from tm.errors import InputError
from tm.qa.findings import Finding, QAResult

DEFAULT_BASELINE = Path("corpora") / "qa-baseline.json"
VERSION = 2


def fingerprint_v1(f: Finding) -> str:
    """The fingerprint a version-1 baseline lists: tied to the unit's number."""
    key = json.dumps([f.code, f.doc, f.unit, f.lang, sorted(f.found)], ensure_ascii=False)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


_FINGERPRINTS: dict[int, Callable[[Finding], str]] = {1: fingerprint_v1, VERSION: Finding.fingerprint}


@dataclass(frozen=True)
class Baseline:
    """The fingerprints a baseline file lists, and how they were computed (its version)."""

    version: int
    fingerprints: frozenset[str]

    def silences(self, finding: Finding) -> bool:
        return _FINGERPRINTS[self.version](finding) in self.fingerprints


def load(path: Path) -> Baseline:
    if not path.exists():
        return Baseline(VERSION, frozenset())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version, fingerprints = data.get("version", 1), frozenset(data["findings"])
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"not a tm QA baseline ({exc})", path) from None
    if version not in _FINGERPRINTS:
        raise InputError(f"QA baseline version {version!r} is not one this tm reads (1 or {VERSION})", path)
    return Baseline(version, fingerprints)


def save(path: Path, findings: Sequence[Finding], keep: Sequence[Path] = ()) -> int:
    """Write the baseline of ``findings`` whole or not at all (never over ``keep``, the TM's files).
    Findings of one check on units with the same texts share a fingerprint and one entry."""
    entries = {
        f.fingerprint(): {"code": f.code, "doc": f.doc, "unit": f.unit, "lang": f.lang, "message": f.message}
        for f in findings
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"version": VERSION, "findings": dict(sorted(entries.items()))}, ensure_ascii=False, indent=1)
    write_text(path, body + "\n", keep=keep)
    return len(entries)


def apply(findings: list[Finding], baseline: Baseline) -> tuple[list[Finding], int]:
    kept = [f for f in findings if not baseline.silences(f)]
    return kept, len(findings) - len(kept)


def silence(result: QAResult, path: Path) -> None:
    """Leave out of ``result`` the findings the baseline at ``path`` lists (none if it does
    not exist), counting them in ``result.baselined``: what ``tm qa`` and ``tm build`` report."""
    result.findings, result.baselined = apply(result.findings, load(path))
