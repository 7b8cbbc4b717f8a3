#!/usr/bin/env python3
"""How the cost of importing one letter grows with its length.

Usage::

    python bench/align_scale.py [--data PATH] [--sizes 500,1000,2000,5000] [--one-paragraph]

Each size N is a letter of N short paragraphs in en, ru and kk: paragraph k is line
k of NTREX-128 (newstest2019, real news translated by professionals; the lines are
taken in order and repeated past the end), so every paragraph is one or a few
sentences, as in a letter of many short paragraphs. ``--one-paragraph`` writes the
Russian version without paragraph breaks, so that it is aligned sentence by
sentence over the whole text. Each size runs in a fresh process that reads the
letter folder, segments and aligns it (timed alone, with the dynamic programmes'
cell count) and imports it into a new SQLite TM (:func:`tm.letters.import_letter`,
timed as a whole); the table gives the seconds, the cells, and the process's peak
RSS. Then the whole NTREX text (1,997 lines per language, one paragraph per
document) is segmented and aligned three-way once, wall and CPU seconds (the CPU
time is what a busy shared machine does not inflate). Nothing is downloaded; the letters and the TM go to a temporary folder that is
removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
NTREX = {"en": "newstest2019-src.eng.txt", "ru": "newstest2019-ref.rus.txt", "kk": "newstest2019-ref.kaz.txt"}

CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from synthetic import peak_rss_mb
from tm.banded import Work
from tm.align import align
from tm.corpus import read_letter
from tm.letters import import_letter
from tm.segment import segment
from tm.compose import TM
folder, db = Path(sys.argv[1]), sys.argv[2]
source = read_letter(folder)
t0, c0 = time.perf_counter(), time.process_time()
work = Work()
result = align({lang: segment(text, lang) for lang, text in source.texts.items()}, work)
t1, c1 = time.perf_counter(), time.process_time()
tm = TM(f"sqlite:///{db}")
t2 = time.perf_counter()
imported = import_letter(tm, folder)
t3 = time.perf_counter()
print(json.dumps({"align_s": t1 - t0, "align_cpu": c1 - c0, "import_s": t3 - t2, "cells": work.cells, "units": len(result.units),
                  "stored": len(imported.alignment.units), "rss_mb": peak_rss_mb()}))
"""


def write_letter(folder: Path, lines: dict[str, list[str]], n: int, one_paragraph: bool) -> None:
    folder.mkdir(parents=True)
    for lang, rows in lines.items():
        paras = [rows[k % len(rows)].strip() for k in range(n)]
        sep = " " if one_paragraph and lang == "ru" else "\n\n"
        (folder / f"{lang}.txt").write_text(sep.join(paras) + "\n", encoding="utf-8")
    (folder / "meta.toml").write_text(f'id = "scale-{n}"\n', encoding="utf-8")


WHOLE = r"""
import json, sys, time
from pathlib import Path
from tm.align import align
from tm.segment import segment
texts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
w0, c0 = time.perf_counter(), time.process_time()
segs = {lang: segment(text, lang) for lang, text in texts.items()}
w1, c1 = time.perf_counter(), time.process_time()
result = align(segs)
w2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"sentences": {k: len(s.sentences) for k, s in segs.items()}, "units": len(result.units),
                  "seg_wall": w1 - w0, "seg_cpu": c1 - c0, "align_wall": w2 - w1, "align_cpu": c2 - c1}))
"""


def whole_text(folder: Path, lines: dict[str, list[str]], tmp: Path) -> dict:
    """The whole NTREX text three-way (1,997 lines, one paragraph per document), in a fresh process."""
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    texts = {}
    for lang, rows in lines.items():
        paras: list[list[str]] = []
        for i, line in enumerate(rows):
            if not i or ids[i] != ids[i - 1]:
                paras.append([])
            paras[-1].append(line.strip())
        texts[lang] = "\n\n".join(" ".join(p) for p in paras)
    path = tmp / "whole.json"
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", WHOLE, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="500,1000,2000,5000")
    ap.add_argument("--one-paragraph", action="store_true")
    args = ap.parse_args(argv)
    folder = args.data / "ntrex128-ru-en-kk"
    lines = {lang: (folder / f).read_text(encoding="utf-8").splitlines() for lang, f in NTREX.items()}
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic import machine, print_table

    print(f"tm letter-size benchmark (NTREX-128 lines as paragraphs{', ru in one paragraph' if args.one_paragraph else ''})")
    print(f"machine: {machine()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            letter = Path(tmp) / f"letter-{n}"
            write_letter(letter, lines, n, args.one_paragraph)
            out = subprocess.run([sys.executable, "-c", CHILD, str(letter), str(Path(tmp) / f"tm-{n}.db"),
                                  str(REPO / "bench")], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append([str(n), str(r["units"]), f"{r['align_s']:.2f}", f"{r['align_cpu']:.2f}", f"{r['cells']:,}",
                         f"{r['cells'] / n:.0f}", f"{r['import_s']:.2f}", f"{r['rss_mb']:.0f}"])
        r = whole_text(folder, lines, Path(tmp))
    print_table(["paragraphs", "units", "segment+align s", "CPU s", "DP cells", "cells/paragraph", "import s",
                 "peak RSS MB"], rows, left=set())
    print(f"\nwhole NTREX text three-way ({', '.join(f'{k} {v}' for k, v in r['sentences'].items())} sentences, "
          f"a paragraph per document): {r['units']} units; segmentation {r['seg_wall']:.2f} s wall "
          f"({r['seg_cpu']:.2f} s CPU), alignment with the lexical pass {r['align_wall']:.2f} s wall "
          f"({r['align_cpu']:.2f} s CPU); load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
