"""Run the QA checks over the TM (or some documents) and collect findings.

On a large TM the checks run in worker processes, one per CPU by default (``jobs``):
the unit checks on slices of the units, each corpus check on all of them (with the unit
checks that share its work, :attr:`tm.qa.base.UnitCheck.runs_with`). Workers are forked,
so they share the loaded units and the compiled glossary instead of receiving copies,
and send back only (check, unit, failure), from which this process builds the findings
while the workers go on. The findings are the same, in the same order, whatever the
number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
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


#: A task for one process: the checks to run (indices into the run's checks) and the slice
#: of units to run them on. A corpus check's task covers every unit.
Task = tuple[tuple[int, ...], int, int]


def _tasks(units: Sequence[QAUnit], checks: Sequence[Check], workers: int) -> list[Task]:
    """Each corpus check with the unit checks that run with it (:attr:`UnitCheck.runs_with`)
    first, as they are the long tasks; then the other unit checks, on slices."""
    corpus = {c.code: i for i, c in enumerate(checks) if isinstance(c, CorpusCheck)}
    joined: dict[int, list[int]] = {i: [] for i in corpus.values()}
    sliced = []
    for i, c in enumerate(checks):
        if isinstance(c, UnitCheck):
            if c.runs_with in corpus:
                joined[corpus[c.runs_with]].append(i)
            else:
                sliced.append(i)
    tasks: list[Task] = [((i, *others), 0, len(units)) for i, others in joined.items()]
    if sliced:
        # several slices per worker, so that the workers finish together
        size = SLICE if workers == 1 else max(1000, min(SLICE, len(units) // (16 * workers) + 1))
        tasks += [(tuple(sliced), start, min(start + size, len(units))) for start in range(0, len(units), size)]
    return tasks


def run_checks(
    units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext | None = None, jobs: int | None = 1,
) -> list[Finding]:
    """The findings of ``checks`` on ``units``, sorted by document, unit, check and language.
    ``jobs``: worker processes (None: one per CPU); small runs stay in this process."""
    workers = available_cpus() if jobs is None else max(1, jobs)
    context = context if context is not None else QAContext()
    tasks = _tasks(units, checks, workers)
    findings = _Findings(units, checks)
    with paused_gc():
        if workers > 1 and len(units) >= PARALLEL_MIN_UNITS and _can_fork():
            _in_workers(tasks, units, checks, context, workers, findings.add)
        else:
            for task in tasks:
                findings.add(_run_task(task, units, checks, context))
        return findings.sorted()


#: What forked workers read: (units, checks, context), set just before the pool starts.
_SHARED: tuple[Sequence[QAUnit], Sequence[Check], QAContext] | None = None

#: (check index, unit index, language, message, found, expected): a failure as workers send it
#: back (a tuple pickles several times faster than a Failure)
Raw = tuple[int, int, str | None, str, list[str], list[str] | None]


def _in_workers(
    tasks: list[Task], units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext, workers: int,
    collect: Callable[[list[Raw]], None],
) -> None:
    """Run ``tasks`` in forked workers, passing each task's failures to ``collect`` as it
    ends, so that findings are built while the workers go on."""
    global _SHARED
    _SHARED = (units, checks, context)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(tasks) or 1)) as pool:
            for raws in pool.imap_unordered(_worker_task, tasks, chunksize=1):
                collect(raws)
    finally:
        _SHARED = None


def _worker_task(task: Task) -> list[Raw]:
    assert _SHARED is not None
    return _run_task(task, *_SHARED)


def _run_task(task: Task, units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext) -> list[Raw]:
    """The checks ``task[0]`` on the units ``units[task[1]:task[2]]`` (all of them for a
    corpus check)."""
    indices, start, stop = task
    out: list[Raw] = []
    for i in indices:
        check = checks[i]
        if isinstance(check, CorpusCheck):
            position = {id(u): k for k, u in enumerate(units)}
            for unit, f in check.run(units, context):
                out.append((i, position[id(unit)], f.lang, f.message, list(f.found), f.expected))
        elif isinstance(check, UnitCheck):
            for k in range(start, stop):
                out.extend((i, k, f.lang, f.message, list(f.found), f.expected) for f in check.check(units[k], context))
    context.unit_cache.clear()  # what the units of the task shared (their glossary terms)
    return out


class _Findings:
    """Findings built from the failures of tasks, in any order; :meth:`sorted` gives the
    report's order (a unit's findings of one check all come from one task, so ties keep
    the order the check gave them)."""

    def __init__(self, units: Sequence[QAUnit], checks: Sequence[Check]) -> None:
        self.units, self.checks = units, checks
        self.findings: list[Finding] = []
        self.texts: dict[int, dict[str, str]] = {}  # unit index -> its texts, one dict for all its findings

    def add(self, raws: list[Raw]) -> None:
        checks, units, texts, append = self.checks, self.units, self.texts, self.findings.append
        for i, k, lang, message, found, expected in raws:
            check, unit = checks[i], units[k]
            text = texts.get(k)
            if text is None:
                text = texts[k] = unit.present()
            append(
                Finding(
                    code=check.code, severity=check.severity, doc=unit.doc, unit=unit.unit, lang=lang,
                    message=message, found=found, expected=expected, text=text,
                )
            )

    def sorted(self) -> list[Finding]:
        self.findings.sort(key=lambda f: (f.doc, f.unit, f.code, f.lang or ""))
        return self.findings


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
