#!/usr/bin/env python3
"""TMX export and import, the code of two revisions against each other, alternately.

Usage::

    python bench/tmx_compare.py --old main [--new WORKTREE] [--units 100000] [--repeat 3]

Checks out ``--old`` (a commit or branch) with ``git worktree add`` in a temporary folder
and runs each step in a fresh process with ``PYTHONPATH`` set to one revision or the other,
old then new, ``--repeat`` times: the export of a seeded synthetic TM of three-language
units (``bench/synthetic.py``, built with the new code) and the import of the old
revision's export into an empty TM. Prints the median wall and CPU seconds of each (the
importing process's CPU plus its reading worker's) and new/old speed ratios from them: on
a shared machine the CPU time moves less than the wall time. Also checks that the two
revisions' exports are the same bytes (the header's creation date aside).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import OUT, build_tm, machine  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
task, db, tmx = sys.argv[1], sys.argv[2], Path(sys.argv[3])
try:
    from tm.compose import TM
except ImportError:  # a revision before tm.compose: tm.store wired the layers in
    from tm.store import TM
from tm.exchange import export_tmx, import_tmx
wall, cpu = time.perf_counter(), time.process_time()
if task == "export":
    units = export_tmx(TM(db, read_only=True), tmx, force=True).units
else:
    units = sum(r.units for r in import_tmx(TM(db), tmx).results)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"units": units, "wall": time.perf_counter() - wall,
                  "cpu": time.process_time() - cpu + kids.ru_utime + kids.ru_stime}))
"""


def run(tree: Path, task: str, db: str, tmx: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, task, db, str(tmx)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree)
    if out.returncode:
        raise SystemExit(f"{task} with {tree} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def body(path: Path) -> bytes:
    return re.sub(rb'(<header[^>]*) creationdate="\d{8}T\d{6}Z"', rb"\1", path.read_bytes(), count=1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", required=True, help="commit or branch of the code before")
    ap.add_argument("--new", default=str(ROOT), help="folder of the code after (default: this one)")
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    source = build_tm(args.units)  # a URL
    new = Path(args.new).resolve()
    with tempfile.TemporaryDirectory(prefix="tmx-compare-") as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), args.old], check=True)
        try:
            trees = {"old": old, "new": new}
            files = {name: OUT / f"compare-{name}-{args.units}.tmx" for name in trees}
            times: dict[tuple[str, str], list[dict[str, float]]] = {}
            for _ in range(args.repeat):
                for name, tree in trees.items():
                    times.setdefault(("export", name), []).append(run(tree, "export", source, files[name]))
                for name, tree in trees.items():
                    target = OUT / f"compare-import-{args.units}.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{target}{suffix}").unlink(missing_ok=True)
                    times.setdefault(("import", name), []).append(run(tree, "import", f"sqlite:///{target}",
                                                                      files["old"]))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=True)
    same = body(files["old"]) == body(files["new"])
    print(f"TMX old ({args.old}) against new ({new}), {args.units:,} units, median of {args.repeat}, "
          f"alternately; machine: {machine()}")
    print(f"{'step':8}{'old wall':>10}{'new wall':>10}{'old CPU':>10}{'new CPU':>10}{'speed (wall)':>14}{'speed (CPU)':>13}")
    for step in ("export", "import"):
        o, n = times[(step, "old")], times[(step, "new")]
        assert {r["units"] for r in o + n} == {args.units}, f"{step}: not every unit was handled"
        ow, nw = (statistics.median(r["wall"] for r in rs) for rs in (o, n))
        oc, nc = (statistics.median(r["cpu"] for r in rs) for rs in (o, n))
        print(f"{step:8}{ow:10.2f}{nw:10.2f}{oc:10.2f}{nc:10.2f}{ow / nw:13.2f}x{oc / nc:12.2f}x")
    print(f"exports byte-identical (header date aside): {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
