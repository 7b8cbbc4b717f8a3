#!/usr/bin/env python3
"""TMX export and import throughput and peak memory: tm against Translate Toolkit.

Usage::

    python bench/tmx_bench.py [--sizes 100000,1000000] [--repeat 3] [--seed 1] [--steps export,import]

Builds a seeded synthetic TM of three-language (en, ru, kk) units per size
(``bench/synthetic.py``: sentences of 8–30 words from the vocabulary of the project's
letter), stored in SQLite under ``bench/out/``. Then, each
in a fresh Python process so that peak RSS is that step's own:

- tm export: ``tm.exchange.export_tmx`` of the whole TM to a TMX file;
- tm import: ``tm.exchange.import_tmx`` of that file into an empty TM (one
  transaction, every table that follows the units, such as the lookup index, included);
- Translate Toolkit export: ``translate.storage.tmx.tmxfile`` built unit by unit from the
  same texts (source en, target ru, a third ``<tuv>`` for kk), then saved;
- Translate Toolkit import: ``tmxfile.parsefile`` of tm's file, reading every variant.

Prints the median time and peak RSS over ``--repeat`` runs, units per second, and the
machine; a step that handled fewer units than asked stops the run. Peak RSS is the
process's own plus its largest child's: tm parses a large TMX file in a worker process
while it imports, and the pages the two share count twice there. Peak PSS is the sum of
the process's and its children's proportional set sizes, sampled every 0.1 s: shared
pages counted once (a peak between two samples can be missed). Targets for tm: export ≥ 100k units/s with peak RSS ≤ 100 MB at any
size; import ≥ 20k units/s with peak RSS ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import build_tm, machine, print_table  # noqa: E402

CHILD = r"""
import json, sys, time
from pathlib import Path


def pss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # gone, or not Linux
        pass
    return 0


def children(pid):
    kids = []
    for task_dir in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(k) for k in (task_dir / "children").read_text().split()]
        except OSError:
            pass
    return kids


# Memory in use by this process and its children together, sampled every 0.1 s: PSS splits
# the pages a forked worker shares with its parent between them, so the sum counts them once.
import os, threading
pss_peak = [0]
stop = threading.Event()


def sample():
    me = os.getpid()
    while not stop.wait(0.1):
        pss_peak[0] = max(pss_peak[0], pss_kb(me) + sum(pss_kb(k) for k in children(me)))


threading.Thread(target=sample, daemon=True).start()

task, db, tmx, n = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, sys.argv[5])
from synthetic import peak_rss_mb
if task.startswith("tm-"):
    from tm.exchange import export_tmx, import_tmx
    from tm.compose import TM
else:
    from synthetic import texts  # noqa
    from translate.storage.tmx import tmxfile
base_rss = peak_rss_mb()
start = time.perf_counter()
if task == "tm-export":
    units = export_tmx(TM(db), tmx).units
elif task == "tm-import":
    units = sum(r.units for r in import_tmx(TM(db), tmx).results)
elif task == "ttk-export":
    store = tmxfile(sourcelanguage="en", targetlanguage="ru")
    units = 0
    for en, ru, kk in texts(n):
        unit = store.addsourceunit(en)
        unit.settarget(ru)
        unit.xmlelement.append(unit.createlanguageNode("kk", kk, "target"))
        units += 1
    store.savefile(str(tmx))
elif task == "ttk-import":
    store = tmxfile.parsefile(str(tmx))
    units = 0
    for unit in store.units:
        for node in unit.getlanguageNodes():
            unit.getNodeText(node)
        units += 1
seconds = time.perf_counter() - start
stop.set()
import resource
# tm reads a large TMX file in a worker process: its peak counts too (an upper bound, as the
# pages it shares with this process are counted twice)
rss = peak_rss_mb() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "units": units, "rss_mb": rss, "pss_mb": pss_peak[0] / 1024,
                  "base_rss_mb": base_rss}))
"""

def build_source(n: int, seed: int) -> str:
    return build_tm(n, seed, name="tmx-source")


def run_child(task: str, db: str, tmx: Path, n: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, task, db, str(tmx), str(n), str(ROOT / "bench")],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", default="export,import", help="which steps to run (both tools run each)")
    args = ap.parse_args()
    steps = set(args.steps.split(","))
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"TMX benchmark (seed {args.seed}, median of {args.repeat}); machine: {machine()}")
    header = ["units", "step", "tool", "seconds", "units/s", "peak RSS MB", "peak PSS MB"]
    rows = []
    for n in sizes:
        db = build_source(n, args.seed)
        tmx = OUT / f"tm-{n}.tmx"
        ttk_tmx = OUT / f"ttk-{n}.tmx"
        plan = [
            ("export", "tm", "tm-export", db, tmx),
            ("import", "tm", "tm-import", None, tmx),
            ("export", "translate-toolkit", "ttk-export", db, ttk_tmx),
            ("import", "translate-toolkit", "ttk-import", db, tmx),
        ]
        for step, tool, task, url, path in plan:
            if step not in steps:
                continue
            if task == "tm-import" and not tmx.exists():
                raise SystemExit(f"{tmx} is missing: the import step reads the file the export step writes")
            results = []
            for _ in range(args.repeat):
                target = url
                if task == "tm-import":
                    fresh = OUT / f"import-{n}.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
                    target = f"sqlite:///{fresh}"
                results.append(run_child(task, target or "", path, n))
            done = {int(r["units"]) for r in results}
            if done != {n}:
                raise SystemExit(f"{tool} {step} handled {sorted(done)} units, not {n:,}: is {db} whole?")
            secs = statistics.median(r["seconds"] for r in results)
            rss = statistics.median(r["rss_mb"] for r in results)
            pss = statistics.median(r["pss_mb"] for r in results)
            rows.append([f"{n:,}", step, tool, f"{secs:.2f}", f"{n / secs:,.0f}", f"{rss:,.0f}", f"{pss:,.0f}"])
            print("  ".join(rows[-1]), flush=True)
    print()
    print_table(header, rows, left={1, 2})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
