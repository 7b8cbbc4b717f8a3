"""Reviewed findings, silenced by fingerprint: a JSON file kept beside the corpus.

A re-run shows only findings whose fingerprint is not in the baseline. The file
lists each silenced finding's code, place and message too, so that a reviewer can
read (and diff) what was accepted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from tm.atomic import write_text
from tm.errors import InputError
from tm.qa.findings import Finding, QAResult

DEFAULT_BASELINE = Path("corpora") / "qa-baseline.json"


def load(path: Path) -> set[str]:
    if not path.exists():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return set(data["findings"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"not a tm QA baseline ({exc})", path) from None


def save(path: Path, findings: Sequence[Finding], keep: Sequence[Path] = ()) -> int:
    """Write the baseline of ``findings`` whole or not at all (never over ``keep``, the TM's files)."""
    entries = {
        f.fingerprint(): {"code": f.code, "doc": f.doc, "unit": f.unit, "lang": f.lang, "message": f.message}
        for f in findings
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"version": 1, "findings": dict(sorted(entries.items()))}, ensure_ascii=False, indent=1)
    write_text(path, body + "\n", keep=keep)
    return len(entries)


def apply(findings: list[Finding], silenced: set[str]) -> tuple[list[Finding], int]:
    kept = [f for f in findings if f.fingerprint() not in silenced]
    return kept, len(findings) - len(kept)


def silence(result: QAResult, path: Path) -> None:
    """Leave out of ``result`` the findings the baseline at ``path`` lists (none if it does
    not exist), counting them in ``result.baselined``: what ``tm qa`` and ``tm build`` report."""
    result.findings, result.baselined = apply(result.findings, load(path))
