"""Run the QA checks over the TM (or some documents) and collect findings.

On a large TM the checks run in worker processes, one per CPU by default (``jobs``):
the unit checks on slices of the units, each corpus check on all of them. Workers are
forked, so they share the loaded units and the compiled glossary instead of receiving
copies, and send back only (check, unit, failure). The findings are the same, in the
same order, whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tm.gcpause import paused_gc
from tm.qa.base import Check, CorpusCheck, QAContext, QAUnit, UnitCheck
from tm.qa.findings import Finding, Severity
from tm.qa.registry import CHECKS
from tm.store.stream import iter_texts
from tm.store.tm import TM

#: Fewer units than this are checked in this process: forking would cost more than it saves.
PARALLEL_MIN_UNITS = 20_000
#: Units per slice of the unit checks (bounds the per-unit cache the glossary checks share).
SLICE = 5_000


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
        for u in iter_texts(tm, list(doc_ids) if doc_ids else None, forms=True):
            langs = docs.get(u.doc_id) or list(u.texts)
            units.append(
                QAUnit(u.doc_id, u.position, {lang: u.texts.get(lang, "") for lang in langs}, u.paragraph, u.forms)
            )
    return units


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # macOS forbids fork after some system frameworks start; Windows has no fork.
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def run_checks(
    units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext | None = None, jobs: int | None = 1,
) -> list[Finding]:
    """The findings of ``checks`` on ``units``, sorted by document, unit, check and language.
    ``jobs``: worker processes (None: one per CPU); small runs stay in this process."""
    workers = available_cpus() if jobs is None else max(1, jobs)
    context = context if context is not None else QAContext()
    # corpus checks first (each is one long task), then the unit checks on slices
    tasks = [(i, 0, len(units)) for i, c in enumerate(checks) if isinstance(c, CorpusCheck)]
    if any(isinstance(c, UnitCheck) for c in checks):
        # several slices per worker, so that the workers finish together
        size = SLICE if workers == 1 else max(1000, min(SLICE, len(units) // (16 * workers) + 1))
        tasks += [(-1, start, min(start + size, len(units))) for start in range(0, len(units), size)]
    with paused_gc():
        if workers > 1 and len(units) >= PARALLEL_MIN_UNITS and _can_fork():
            raws = _in_workers(tasks, units, checks, context, workers)
        else:
            raws = [_run_task(task, units, checks, context) for task in tasks]
        return _findings(raws, units, checks)


#: What forked workers read: (units, checks, context), set just before the pool starts.
_SHARED: tuple[Sequence[QAUnit], Sequence[Check], QAContext] | None = None

#: (check index, unit index, language, message, found, expected): a failure as workers send it
#: back (a tuple pickles several times faster than a Failure)
Raw = tuple[int, int, str | None, str, list[str], list[str] | None]


def _in_workers(
    tasks: list[tuple[int, int, int]], units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext,
    workers: int,
) -> list[list[Raw]]:
    global _SHARED
    _SHARED = (units, checks, context)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(tasks) or 1)) as pool:
            return pool.map(_worker_task, tasks, chunksize=1)
    finally:
        _SHARED = None


def _worker_task(task: tuple[int, int, int]) -> list[Raw]:
    assert _SHARED is not None
    return _run_task(task, *_SHARED)


def _run_task(
    task: tuple[int, int, int], units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext
) -> list[Raw]:
    """One corpus check on every unit (``task[0]`` is its index), or every unit check on
    the slice ``units[task[1]:task[2]]`` (``task[0]`` is -1)."""
    index, start, stop = task
    out: list[Raw] = []
    if index >= 0:
        check = checks[index]
        position = {id(u): k for k, u in enumerate(units)}
        for unit, f in check.run(units, context):  # type: ignore[attr-defined]
            out.append((index, position[id(unit)], f.lang, f.message, list(f.found), f.expected))
        return out
    for i, check in enumerate(checks):
        if isinstance(check, UnitCheck):
            for k in range(start, stop):
                out.extend((i, k, f.lang, f.message, list(f.found), f.expected) for f in check.check(units[k], context))
    context.unit_cache.clear()  # what the slice's units shared (their glossary terms)
    return out


def _findings(raws: list[list[Raw]], units: Sequence[QAUnit], checks: Sequence[Check]) -> list[Finding]:
    findings = []
    texts: dict[int, dict[str, str]] = {}  # unit index -> its texts, one dict for all its findings
    for part in raws:
        for i, k, lang, message, found, expected in part:
            check, unit = checks[i], units[k]
            text = texts.get(k)
            if text is None:
                text = texts[k] = unit.present()
            findings.append(
                Finding(
                    code=check.code, severity=check.severity, doc=unit.doc, unit=unit.unit, lang=lang,
                    message=message, found=found, expected=expected, text=text,
                )
            )
    findings.sort(key=lambda f: (f.doc, f.unit, f.code, f.lang or ""))
    return findings


def run_qa(
    tm: TM, doc_ids: Sequence[str] | None = None, only: Sequence[str] = (), skip: Sequence[str] = (),
    jobs: int | None = None,
) -> QAResult:
    """Every selected check on the TM (or some documents); ``jobs`` as in :func:`run_checks`."""
    checks = CHECKS.select(only, skip)
    if doc_ids:
        for doc_id in doc_ids:
            tm.document(doc_id)
    with paused_gc():
        units = load_units(tm, doc_ids)
        context = QAContext(glossary=_glossary(tm))
        return QAResult(len(units), [c.code for c in checks], run_checks(units, checks, context, jobs))


def _glossary(tm: TM) -> object | None:
    """The TM's glossary, or None when it has no concepts."""
    from tm.glossary import load_glossary

    glossary = load_glossary(tm)
    # compiled here, once, rather than on first use in each worker process
    return glossary.compile() if len(glossary) else None
