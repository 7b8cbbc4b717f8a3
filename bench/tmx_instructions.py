#!/usr/bin/env python3
"""TMX export cost in instructions, not seconds: repeatable on a shared machine.

Usage::

    python bench/tmx_instructions.py [--units 20000]

The wall-clock figures of ``bench/tmx_bench.py`` drift with the machine's load (Translate
Toolkit's own export ran at 15,680 units/s one day and 7,806 another). Valgrind's callgrind
counts the instructions a run executes, the same count whatever else the machine is doing.
This exports a seeded synthetic TM of ``--units`` three-language units (``bench/synthetic.py``,
built under bench/out/ if missing) under callgrind, once and twice in one process, and prints
the difference per unit: the cost of one warm export, without starting Python, importing
tm and opening the TM. Needs ``valgrind`` on the PATH.
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


def inner(url: str, exports: int) -> None:
    """The measured process: ``exports`` whole-TM exports, each to a fresh file."""
    from tm.exchange import export_tmx
    from tm.store import TM

    tm = TM(url)
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(exports):
            print(export_tmx(tm, Path(tmp) / f"{k}.tmx").units)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--inner":
        inner(sys.argv[2], int(sys.argv[3]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=20_000)
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    url = build_tm(args.units, 1, name="tmx-source")
    print(f"TMX export instructions: {args.units:,} units x 3 languages, SQLite, one process, callgrind")
    print(f"machine: {machine()}\n")
    once, out = callgrind([__file__, "--inner", url, "1"])
    twice, _ = callgrind([__file__, "--inner", url, "2"])
    units = int(out.split()[-1])
    print(f"{'step':24} {'M instructions':>15} {'per unit':>10}")
    print(f"{'start, open, export':24} {once / 1e6:15,.0f}")
    print(f"{'one warm export':24} {(twice - once) / 1e6:15,.0f} {(twice - once) / units:10,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
