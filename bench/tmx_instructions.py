#!/usr/bin/env python3
"""TMX export and import cost in instructions, not seconds: repeatable on a shared machine.

Usage::

    python bench/tmx_instructions.py [--units 20000] [--step export|import|both]   (default: export)

The wall-clock figures of ``bench/tmx_bench.py`` drift with the machine's load (Translate
Toolkit's own export ran at 15,680 units/s one day and 7,806 another). Valgrind's callgrind
counts the instructions a run executes, the same count whatever else the machine is doing.
This exports a seeded synthetic TM of ``--units`` three-language units (``bench/synthetic.py``,
built under bench/out/ if missing) under callgrind, once and twice in one process, and prints
the difference per unit: the cost of one warm export, without starting Python, importing
tm and opening the TM. ``--step import`` does the same for importing tm's export of that
TM into an empty TM (index included), once and twice, each into a new SQLite file, with
the file parsed in the importing process (not in a worker, as large files are). Needs
``valgrind`` on the PATH.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import build_tm, callgrind, machine  # noqa: E402


def inner(step: str, source: str, times: int) -> None:
    """The measured process: ``times`` whole-TM exports of the TM at ``source``, each to a
    fresh file, or ``times`` imports of the TMX file ``source``, each into a fresh TM."""
    from tm import exchange
    from tm.exchange import export_tmx, import_tmx
    from tm.compose import TM

    # The file is parsed in this process, as a file under 2 MB is: callgrind then counts all
    # of an import's work in one place. (With a forked worker, the two processes' counts
    # added up to twice this one's: the worker's count included its parent's work.)
    exchange.AHEAD_MIN_BYTES = 1 << 62

    with tempfile.TemporaryDirectory() as tmp:
        for k in range(times):
            if step == "export":
                print(export_tmx(TM(source), Path(tmp) / f"{k}.tmx").units)
            else:
                print(sum(r.units for r in import_tmx(TM(f"sqlite:///{tmp}/{k}.db"), Path(source)).results))


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--inner":
        inner(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=20_000)
    ap.add_argument("--step", choices=["export", "import", "both"], default="export")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    url = build_tm(args.units, 1, name="tmx-source")
    print(f"TMX instructions: {args.units:,} units x 3 languages, SQLite, one process, callgrind")
    print(f"machine: {machine()}\n")
    print(f"{'step':24} {'M instructions':>15} {'per unit':>10}")
    for step in ("export", "import") if args.step == "both" else (args.step,):
        source = url
        if step == "import":
            from tm.exchange import export_tmx
            from tm.compose import TM

            source = str(ROOT / "bench" / "out" / f"tmx-instructions-{args.units}.tmx")
            export_tmx(TM(url), Path(source))
        once, out = callgrind([__file__, "--inner", step, source, "1"])
        twice, _ = callgrind([__file__, "--inner", step, source, "2"])
        units = int(out.split()[-1])
        print(f"{'start, open, ' + step:24} {once / 1e6:15,.0f}")
        print(f"{'one warm ' + step:24} {(twice - once) / 1e6:15,.0f} {(twice - once) / units:10,.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
