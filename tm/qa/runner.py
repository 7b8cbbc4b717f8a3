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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Self

from tm.gcpause import paused_gc
from tm.qa.base import Check, CorpusCheck, QAContext, QAUnit, UnitCheck
from tm.qa.findings import Finding, Severity
from tm.qa.registry import CHECKS
from tm.store.stream import iter_texts
from tm.store.tm import TM
from tm.workers import PARALLEL_MIN_UNITS, die_with_parent, fork_context, workers_for

#: Units per slice of the unit checks (bounds the per-unit cache the glossary checks share).
SLICE = 2_500
#: While a large TM loads, the unit checks of every this many loaded units start in a worker
#: forked then: loading reads the store on one core, and the other cores need not wait for it.
#: Not a smaller chunk: every fork makes the loading process and the new worker copy the pages
#: either writes (the kernel's copy-on-write); at 20,000 the five forks of a 100k-unit run cost
#: 17% more page faults and 0.3-0.9 s more kernel time than the two at 50,000.
EARLY_CHUNK = 50_000
#: Early workers yield the CPU to the load and then to the corpus checks, the long tasks
#: that can only start once every unit is loaded; their slices fill the gaps.
EARLY_NICENESS = 10
#: Seconds between looks at the pool's results while early workers are still sending.
POLL = 0.01


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


def load_units(
    tm: TM, doc_ids: Sequence[str] | None = None, on_chunk: Callable[[list[QAUnit]], None] | None = None
) -> list[QAUnit]:
    """Every unit as the checks see it, languages in each document's order. ``on_chunk`` is
    called with the units loaded so far after every :data:`EARLY_CHUNK` of them."""
    docs = {d.id: d.langs for d in tm.documents()}
    units: list[QAUnit] = []
    next_chunk = EARLY_CHUNK
    with paused_gc():
        for u in iter_texts(tm, list(doc_ids) if doc_ids else None, forms=True):
            langs = docs.get(u.doc_id) or list(u.texts)
            units.append(
                QAUnit(u.doc_id, u.position, {lang: u.texts.get(lang, "") for lang in langs}, u.paragraph, u.forms)
            )
            if len(units) == next_chunk and on_chunk is not None:
                on_chunk(units)
                next_chunk += EARLY_CHUNK
    return units


#: A task for one process: the checks to run (indices into the run's checks) and the slice
#: of units to run them on. A corpus check's task covers every unit.
Task = tuple[tuple[int, ...], int, int]


def _plan(checks: Sequence[Check]) -> tuple[list[tuple[int, ...]], tuple[int, ...]]:
    """The corpus tasks' checks (each corpus check with the unit checks that run with it,
    :attr:`UnitCheck.runs_with`) and the unit checks that run on slices."""
    corpus = {c.code: i for i, c in enumerate(checks) if isinstance(c, CorpusCheck)}
    joined: dict[int, list[int]] = {i: [] for i in corpus.values()}
    sliced = []
    for i, c in enumerate(checks):
        if isinstance(c, UnitCheck):
            if c.runs_with in corpus:
                joined[corpus[c.runs_with]].append(i)
            else:
                sliced.append(i)
    return [(i, *others) for i, others in joined.items()], tuple(sliced)


def _slices(sliced: tuple[int, ...], start: int, stop: int, size: int) -> list[Task]:
    if not sliced:
        return []
    return [(sliced, k, min(k + size, stop)) for k in range(start, stop, size)]


def _tasks(units: Sequence[QAUnit], checks: Sequence[Check]) -> list[Task]:
    """The corpus tasks first, as they are the long ones; then the unit checks on slices of
    :data:`SLICE` units, the last first (early workers take them from the first, see
    :class:`_Claims`)."""
    corpus, sliced = _plan(checks)
    return [(group, 0, len(units)) for group in corpus] + _slices(sliced, 0, len(units), SLICE)[::-1]


class _Claims:
    """Which slices of units a worker has taken, shared by every worker of a run: a slice is
    checked by whichever process claims it first, an early worker (from the first slice up)
    or a pool worker (from the last down), so that no process is left alone with a long list."""

    #: Slices a run can share out (no early worker starts beyond them; the pool checks the rest).
    CAPACITY = 1 << 16

    def __init__(self) -> None:
        fork = fork_context()
        self.taken = fork.RawArray("B", self.CAPACITY)
        self.lock = fork.Lock()

    def claim(self, start: int) -> bool:
        k = start // SLICE
        if k >= self.CAPACITY:
            return True
        with self.lock:
            if self.taken[k]:
                return False
            self.taken[k] = 1
            return True


def run_checks(
    units: Sequence[QAUnit], checks: Sequence[Check], context: QAContext | None = None, jobs: int | None = 1,
) -> list[Finding]:
    """The findings of ``checks`` on ``units``, sorted by document, unit, check and language.
    ``jobs``: worker processes (None: one per CPU); small runs stay in this process."""
    with _Run(checks, context, jobs) as run:
        return run.finish(units)


#: What forked workers read: (units, checks, context, claims), set while a run has workers.
_SHARED: tuple[Sequence[QAUnit], Sequence[Check], QAContext, _Claims | None] | None = None

#: (check index, unit index, language, message, found, expected): a failure as workers send it
#: back (a tuple pickles several times faster than a Failure)
Raw = tuple[int, int, str | None, str, list[str], list[str] | None]


class _Run:
    """One run of the checks: its worker processes, and the findings built from what they
    send back.

    :meth:`loaded`, called as the units load, forks a worker for the unit checks of the units
    loaded since the last call (a plain process: forking while a pool's threads run is unsafe).
    :meth:`finish` runs the rest (the corpus checks, the other units' unit checks) in a pool
    of ``jobs`` workers, or in this process when the run is small, and builds the findings
    while the workers go on.
    """

    def __init__(self, checks: Sequence[Check], context: QAContext | None, jobs: int | None) -> None:
        self.checks = checks
        self.context = context if context is not None else QAContext()
        self.workers = workers_for(jobs)
        self.sliced = _plan(checks)[1]  # the unit checks that run on slices
        self.started = 0  # units whose unit checks an early worker may take
        self.early: list[tuple[Any, Any]] = []  # (process, the end of a pipe it sends its failures on)
        self.claims: _Claims | None = None
        self.pool: Any = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        global _SHARED
        _SHARED = None
        if self.pool is not None:
            self.pool.terminate()
        for process, pipe in self.early:
            pipe.close()
            if process.is_alive():
                process.terminate()
            process.join()

    def loaded(self, units: list[QAUnit]) -> None:
        """Start the unit checks of the units loaded since the last call, in a forked worker
        (slices of :data:`SLICE` units: call it when their number is a multiple of it)."""
        global _SHARED
        if self.workers == 1 or not self.sliced or len(units) % SLICE or len(units) > _Claims.CAPACITY * SLICE:
            return
        tasks = _slices(self.sliced, self.started, len(units), SLICE)
        self.started = len(units)
        if self.claims is None:
            self.claims = _Claims()
        _SHARED = (units, self.checks, self.context, self.claims)
        fork = fork_context()
        receiver, sender = fork.Pipe(duplex=False)
        process = fork.Process(target=_early_worker, args=(tasks, sender, receiver, os.getpid()), daemon=True)
        process.start()
        sender.close()
        self.early.append((process, receiver))

    def finish(self, units: Sequence[QAUnit]) -> list[Finding]:
        """The findings of the whole run, sorted."""
        global _SHARED
        findings = _Findings(units, self.checks)
        tasks = _tasks(units, self.checks)
        with paused_gc():
            if self.early or (self.workers > 1 and len(units) >= PARALLEL_MIN_UNITS):
                _SHARED = (units, self.checks, self.context, self.claims)
                if tasks:
                    self.pool = fork_context().Pool(min(self.workers, len(tasks)), die_with_parent, (os.getpid(),))
                    self._collect(self.pool.imap_unordered(_worker_task, tasks, chunksize=1), findings)
                else:
                    self._collect(None, findings)
            else:
                for task in tasks:
                    findings.add(_run_task(task, units, self.checks, self.context))
            return findings.sorted()

    def _collect(self, results: Any, findings: _Findings) -> None:
        """Build findings from what the early workers (all their failures at once, when done)
        and the pool's ``results`` send, in the order it comes."""
        pipes = [pipe for _, pipe in self.early]
        while pipes or results is not None:
            for pipe in wait(pipes, timeout=POLL if results is not None else None):
                findings.add(_received(pipe))
                pipes.remove(pipe)
            while results is not None:
                try:
                    findings.add(results.next(timeout=0 if pipes else None))
                except multiprocessing.TimeoutError:
                    break
                except StopIteration:
                    results = None


def _worker_task(task: Task) -> list[Raw]:
    """A task in a worker; a slice that another worker has claimed is left to it."""
    assert _SHARED is not None
    units, checks, context, claims = _SHARED
    indices, start, _stop = task
    if claims is not None and isinstance(checks[indices[0]], UnitCheck) and not claims.claim(start):
        return []
    return _run_task(task, units, checks, context)


def _early_worker(tasks: list[Task], pipe: Any, receiver: Any, parent: int) -> None:
    """An early worker's whole job: its tasks, their failures sent back at once when done
    (the parent reads them only once every unit is loaded), or what went wrong, which the
    parent raises."""
    die_with_parent(parent)
    receiver.close()  # the parent's end: held here, a send to a dead parent would block
    try:
        os.nice(EARLY_NICENESS)
        result: object = [raw for task in tasks for raw in _worker_task(task)]
    except BaseException as error:  # noqa: BLE001 - handed to the parent
        result = error
    pipe.send(result)
    pipe.close()


def _received(pipe: Any) -> list[Raw]:
    try:
        result = pipe.recv()
    except EOFError:
        raise RuntimeError("a QA worker process ended without its results") from None
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[no-any-return]


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
            check_unit, append = check.check, out.append
            for k in range(start, stop):
                for f in check_unit(units[k], context):
                    append((i, k, f.lang, f.message, list(f.found), f.expected))
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
    with paused_gc(), _Run(checks, QAContext(glossary=_glossary(tm)), jobs) as run:
        units = load_units(tm, doc_ids, on_chunk=run.loaded)
        return QAResult(len(units), [c.code for c in checks], run.finish(units))


def _glossary(tm: TM) -> object | None:
    """The TM's glossary, or None when it has no concepts."""
    from tm.glossary import load_glossary

    glossary = load_glossary(tm)
    # compiled here, once, rather than on first use in each worker process
    return glossary.compile() if len(glossary) else None
