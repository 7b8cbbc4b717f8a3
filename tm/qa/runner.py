"""Run the QA checks over the TM (or some documents) and collect findings.

A run has two passes. The unit pass finds each unit's facts (:mod:`tm.qa.facts`), runs the
unit checks on the unit and takes what each corpus check extracts of it; the corpus pass runs
each corpus check over every unit with what was extracted. On a large TM the unit pass runs on
slices of units in a process pool, and so do the corpus checks that extract nothing, while
this process runs the others and builds the findings. The findings are the same, in the same
order, whatever the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from tm.gcpause import paused_gc
from tm.glossary import Glossary, load_glossary
from tm.qa.base import Check, CorpusCheck, QAUnit, UnitCheck
from tm.qa.facts import Fact, unit_facts
from tm.qa.findings import Finding, QAResult
from tm.qa.registry import CHECKS
from tm.store.stream import iter_texts
from tm.store.tm import TM
from tm.workers import PARALLEL_MIN_UNITS, die_with_parent, fork_context, workers_for

#: Units per task of the unit pass.
SLICE = 5_000

#: A failure as a pass returns it: (check index, unit index, language, message, found, expected).
Raw = tuple[int, int, str | None, str, list[str], list[str] | None]


def load_units(tm: TM, doc_ids: Sequence[str] | None = None) -> list[QAUnit]:
    """Every unit as the checks see it, languages in each document's order."""
    docs = {d.id: d.langs for d in tm.documents()}
    units = []
    for u in iter_texts(tm, list(doc_ids) if doc_ids else None, forms=True):
        langs = docs.get(u.doc_id) or list(u.texts)
        texts = {lang: u.texts.get(lang, "") for lang in langs}
        units.append(QAUnit(u.doc_id, u.position, texts, u.paragraph, u.forms))
    return units


@dataclass(frozen=True)
class _Job:
    """The checks of one run, on its units: what each pass does, in whichever process."""

    units: Sequence[QAUnit]
    checks: Sequence[Check]
    glossary: Glossary | None

    def unit_pass(self, start: int, stop: int) -> tuple[list[Raw], dict[int, list[Any]]]:
        """The unit checks' failures on ``units[start:stop]``, and what each corpus check
        (by index) extracted of those units."""
        needs: frozenset[Fact] = frozenset().union(*(c.needs for c in self.checks))
        unit_checks = [(i, c.check) for i, c in enumerate(self.checks) if isinstance(c, UnitCheck)]
        extractors = [(i, c.extract) for i, c in enumerate(self.checks) if isinstance(c, CorpusCheck) and c.extracts()]
        raws: list[Raw] = []
        append, extracted = raws.append, {i: [] for i, _ in extractors}
        for k in range(start, stop):
            unit = self.units[k]
            facts = unit_facts(unit.present, needs, self.glossary)
            for i, check in unit_checks:
                for f in check(unit, facts):
                    append((i, k, f.lang, f.message, f.found, f.expected))
            for i, extract in extractors:
                extracted[i].append(extract(unit, facts))
        return raws, extracted

    def corpus_pass(self, i: int, extracted: list[Any] | None) -> list[Raw]:
        """The failures of the corpus check ``checks[i]``."""
        check = self.checks[i]
        assert isinstance(check, CorpusCheck)
        failures = check.run(self.units, extracted, self.glossary)
        return [(i, k, f.lang, f.message, f.found, f.expected) for k, f in failures]

    def findings(self, raws: list[Raw]) -> list[Finding]:
        """Findings by unit, then by check in the run's order, each check's in the order it gave them."""
        raws.sort(key=lambda r: (r[1], r[0]))
        texts: dict[int, dict[str, str]] = {}  # unit index -> its texts, one dict for all its findings
        out = []
        for i, k, lang, message, found, expected in raws:
            check, unit = self.checks[i], self.units[k]
            text = texts.get(k)
            if text is None:
                text = texts[k] = unit.present
            out.append(Finding(check.code, check.severity, unit.doc, unit.unit, lang, message, found, expected, text))
        return out


#: The job of a worker process, given when the pool starts it (inherited through fork, not copied).
_worker_job: _Job | None = None


def _start_worker(job: _Job, parent: int) -> None:
    """A worker's start: its job, and its end when the run's process ends (a killed ``tm qa``
    leaves no worker behind)."""
    global _worker_job
    die_with_parent(parent)
    _worker_job = job


def _unit_pass(start: int, stop: int) -> tuple[list[Raw], dict[int, list[Any]]]:
    assert _worker_job is not None
    return _worker_job.unit_pass(start, stop)


def _corpus_pass(i: int) -> list[Raw]:
    assert _worker_job is not None
    return _worker_job.corpus_pass(i, None)


def run_checks(
    units: Sequence[QAUnit], checks: Sequence[Check], glossary: Glossary | None = None, jobs: int | None = 1,
    by_report: bool = True,
) -> list[Finding]:
    """The findings of ``checks`` on ``units``: sorted by document, unit, check code and
    language (``by_report``), or by unit, then check in the order given. ``jobs``: worker
    processes (None: one per CPU); small runs stay in this process."""
    job = _Job(units, checks, glossary)
    corpus = [i for i, c in enumerate(checks) if isinstance(c, CorpusCheck)]
    extracting = [i for i in corpus if checks[i].extracts()]  # type: ignore[attr-defined]
    per_unit = len(corpus) < len(checks) or extracting  # a unit check, or a corpus check's extract
    bounds = [(k, min(k + SLICE, len(units))) for k in range(0, len(units), SLICE)] if per_unit else []
    raws: list[Raw] = []
    extracted: dict[int, list[Any]] = {i: [] for i in extracting}
    workers = workers_for(jobs)
    with paused_gc():
        if workers == 1 or len(units) < PARALLEL_MIN_UNITS:
            for start, stop in bounds:
                _merge(job.unit_pass(start, stop), raws, extracted)
            for i in corpus:
                raws += job.corpus_pass(i, extracted.get(i))
        else:
            with ProcessPoolExecutor(workers, fork_context(), initializer=_start_worker, initargs=(job, os.getpid())) as pool:
                whole: list[Future[list[Raw]]] = [pool.submit(_corpus_pass, i) for i in corpus if i not in extracted]
                for future in [pool.submit(_unit_pass, start, stop) for start, stop in bounds]:
                    _merge(future.result(), raws, extracted)
                for i in extracting:
                    raws += job.corpus_pass(i, extracted[i])
                for future in whole:
                    raws += future.result()
        findings = job.findings(raws)
    if by_report:
        findings.sort(key=lambda f: (f.doc, f.unit, f.code, f.lang or ""))
    return findings


def _merge(result: tuple[list[Raw], dict[int, list[Any]]], raws: list[Raw], extracted: dict[int, list[Any]]) -> None:
    """Add a unit pass's failures and extracts (slices come in order) to the run's."""
    raws += result[0]
    for i, values in result[1].items():
        extracted[i] += values


def run_qa(
    tm: TM, doc_ids: Sequence[str] | None = None, only: Sequence[str] = (), skip: Sequence[str] = (),
    jobs: int | None = None, by_report: bool = True,
) -> QAResult:
    """Every selected check on the TM (or some documents); ``jobs`` and ``by_report`` as in
    :func:`run_checks`."""
    checks = CHECKS.select(only, skip)
    for doc_id in doc_ids or ():
        tm.document(doc_id)
    with paused_gc():
        units = load_units(tm, doc_ids)
    findings = run_checks(units, checks, _glossary(tm), jobs, by_report)
    titles = {d.id: next((d.titles[lang] for lang in [*d.langs, *d.titles] if d.titles.get(lang)), "")
              for d in tm.documents()}
    return QAResult(len(units), [c.code for c in checks], findings, titles={k: v for k, v in titles.items() if v})


def _glossary(tm: TM) -> Glossary | None:
    """The TM's glossary, compiled (once, before any worker starts), or None when it has no concepts."""
    glossary = load_glossary(tm)
    return glossary.compile() if len(glossary) else None
