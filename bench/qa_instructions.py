#!/usr/bin/env python3
"""QA cost in instructions, not seconds: repeatable on a shared machine.

Usage::

    python bench/qa_instructions.py [--units 10000] [--each]

Wall-clock time on this shared machine drifts by a third within the hour, too much to tell a
change of a few per cent. Valgrind's callgrind counts the instructions a run executes, the same
count whatever else the machine is doing, so two versions of the code can be compared exactly.
This runs the QA checks in one process (``--jobs 1``) on the first ``--units`` units of the QA
benchmark's TM (``bench/qa_bench.py``, built if missing) under callgrind, once with no check
(loading Python, the units and the glossary) and once with every check (``--each``: also each
check alone), and prints the difference per unit. Needs ``valgrind`` on the PATH. The units
are pickled once under bench/out/: delete ``qa-units-*.pickle`` there after changing
:class:`tm.qa.base.QAUnit`.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import OUT, build_tm, callgrind, machine  # noqa: E402


def units_file(n: int) -> Path:
    """The first ``n`` units of the QA bench's TM and its glossary, pickled (made once)."""
    path = OUT / f"qa-units-{n}.pickle"
    if not path.exists():
        from tm.glossary.formats import read_folder
        from tm.glossary.project import store_project
        from tm.qa.runner import _glossary, load_units
        from tm.compose import TM

        tm = TM(build_tm(100_000, 1, name="qa"))
        store_project(tm, read_folder(ROOT / "glossaries"), ROOT / "glossaries")
        units = load_units(tm)[:n]
        glossary = _glossary(tm)
        glossary._matchers.clear()  # compiled again in the measured process, like the units' caches
        path.write_bytes(pickle.dumps((units, glossary)))
    return path


def inner(path: Path, codes: list[str]) -> None:
    """The measured process: load the units, run the checks ``codes`` ("none": no check)."""
    from tm.qa.registry import CHECKS
    from tm.qa.runner import run_checks

    units, glossary = pickle.loads(path.read_bytes())
    glossary.compile()
    checks = [] if codes == ["none"] else [c for c in CHECKS if not codes or c.code in codes]
    findings = run_checks(units, checks, glossary, jobs=1)
    print(len(findings))


def instructions(path: Path, codes: list[str]) -> tuple[int, str]:
    """Instructions callgrind counts for :func:`inner` on ``codes``, and what it printed."""
    return callgrind([__file__, "--inner", str(path), *codes])


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--inner":
        inner(Path(sys.argv[2]), sys.argv[3:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--each", action="store_true", help="also each check alone")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    from tm.qa.registry import CHECKS

    path = units_file(args.units)
    print(f"QA instructions: {args.units:,} units x 3 languages of the QA bench's TM, one process, callgrind")
    print(f"machine: {machine()}\n")
    base, _ = instructions(path, ["none"])
    rows = [("all checks", [])] + ([(c.code, [c.code]) for c in CHECKS] if args.each else [])
    print(f"{'checks':28} {'M instructions':>15} {'per unit':>10} {'findings':>9}")
    print(f"{'(baseline: load, no check)':28} {base / 1e6:15,.0f}")
    for name, codes in rows:
        total, out = instructions(path, codes)
        print(f"{name:28} {(total - base) / 1e6:15,.0f} {(total - base) / args.units:10,.0f} {int(out):9,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
