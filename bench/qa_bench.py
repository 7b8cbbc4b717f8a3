#!/usr/bin/env python3
"""QA throughput with every check, on a seeded synthetic TM.

Usage::

    python bench/qa_bench.py [--units 100000] [--repeat 3] [--seed 1]

Builds (and caches under bench/out/) a TM of three-language units (``bench/synthetic.py``),
loads the project glossary into it, then times ``tm.qa.runner.run_qa`` with all checks:
loading the units, running each check, collecting findings: once with the default worker
processes (one per CPU) and once in one process (``--jobs 1``). Each check alone runs in
one process, with the facts of each unit it reads (:mod:`tm.qa.facts`). Prints the median wall and CPU time (worker processes included), with units
per second. Target: at least 10,000 units/s with all checks.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import build_tm, machine  # noqa: E402

from tm.glossary.formats import read_folder  # noqa: E402
from tm.glossary.project import store_project  # noqa: E402
from tm.qa.registry import CHECKS  # noqa: E402
from tm.qa.runner import _glossary, load_units, run_checks, run_qa  # noqa: E402
from tm.workers import available_cpus  # noqa: E402
from tm.compose import TM  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the QA worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), cpu_seconds()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(cpu_seconds() - c)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    tm = TM(build_tm(args.units, args.seed, name="qa"))
    store_project(tm, read_folder(ROOT / "glossaries"), ROOT / "glossaries")
    print(f"QA benchmark: {args.units:,} units x 3 languages (seed {args.seed}, median of {args.repeat})")
    print(f"machine: {machine()}\n")
    rows = []
    workers = available_cpus()
    wall, cpu, result = timed(lambda: run_qa(tm), args.repeat)
    rows.append((f"all checks (tm qa, {workers} jobs)", wall, cpu, len(result.findings)))  # type: ignore[attr-defined]
    wall, cpu, result = timed(lambda: run_qa(tm, jobs=1), args.repeat)
    rows.append(("all checks (tm qa --jobs 1)", wall, cpu, len(result.findings)))  # type: ignore[attr-defined]
    units = load_units(tm)
    glossary = _glossary(tm)
    wall, cpu, _ = timed(lambda: load_units(tm), args.repeat)
    rows.append(("  load units", wall, cpu, None))
    for check in CHECKS:
        def one(check=check):  # type: ignore[no-untyped-def]
            return run_checks(units, [check], glossary)

        wall, cpu, found = timed(one, args.repeat)
        rows.append((f"  {check.code}", wall, cpu, len(found)))  # type: ignore[arg-type]
    print(f"{'step':28} {'wall s':>8} {'cpu s':>8} {'units/s wall':>13} {'units/s cpu':>12} {'findings':>9}")
    for name, wall, cpu, n in rows:
        print(f"{name:28} {wall:8.2f} {cpu:8.2f} {args.units / wall:13,.0f} {args.units / cpu:12,.0f} "
              f"{'' if n is None else f'{n:,}':>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
