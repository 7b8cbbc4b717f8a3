#!/usr/bin/env python3
"""QA with every check, this checkout against an older revision, alternately in one run.

Usage::

    python bench/qa_compare.py [--old aa6edd8] [--new DIR] [--units 100000] [--rounds 5] [--jobs 0]

Extracts the old revision with ``git archive`` into a scratch folder (``--new``: a folder
holding the new code, this checkout by default), makes one copy of the
QA bench's synthetic TM (``bench/synthetic.py``) with the project glossary, then times
``tm.qa.runner.run_qa`` on it in a fresh process per run, old and new in turn (the order
swapped every round, so that neither always runs first on a machine whose speed drifts).
``--jobs 0``: the default worker processes (one per CPU). Prints each run, then the
medians in units/s and new/old.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import build_tm, machine  # noqa: E402

CHILD = """
import sys, time
from tm.qa.runner import run_qa
from tm.store import TM
tm = TM(sys.argv[1])
jobs = int(sys.argv[2]) or None
start = time.perf_counter()
result = run_qa(tm, jobs=jobs)
print(time.perf_counter() - start, len(result.findings))
"""


def timed(code: Path, url: str, jobs: int) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run([sys.executable, "-c", CHILD, url, str(jobs)], env=env, capture_output=True, text=True,
                         check=True, cwd=code)
    wall, findings = out.stdout.split()
    return float(wall), int(findings)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", default="aa6edd8")
    ap.add_argument("--new", type=Path, default=ROOT)
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=0)
    args = ap.parse_args()
    from tm.glossary.formats import read_folder
    from tm.glossary.project import store_project
    from tm.store import TM

    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.old], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        db = Path(tmp) / "qa.db"
        shutil.copy(build_tm(args.units, 1, name="qa").removeprefix("sqlite:///"), db)
        url = f"sqlite:///{db}"
        store_project(TM(url), read_folder(ROOT / "glossaries"), ROOT / "glossaries")
        print(f"QA, every check, {args.units:,} units, jobs {args.jobs or 'one per CPU'}: "
              f"{args.old} (old) against {args.new} (new), {args.rounds} rounds\nmachine: {machine()}")
        walls: dict[str, list[float]] = {"old": [], "new": []}
        for r in range(args.rounds):
            order = [("old", old), ("new", args.new)] if r % 2 == 0 else [("new", args.new), ("old", old)]
            for name, code in order:
                wall, findings = timed(code, url, args.jobs)
                walls[name].append(wall)
                print(f"round {r + 1} {name}: {wall:6.2f} s {args.units / wall:8,.0f} units/s {findings:,} findings",
                      flush=True)
    med = {name: statistics.median(w) for name, w in walls.items()}
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"median old {args.units / med['old']:,.0f} units/s ({med['old']:.2f} s), "
          f"new {args.units / med['new']:,.0f} units/s ({med['new']:.2f} s): new/old {med['old'] / med['new']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
