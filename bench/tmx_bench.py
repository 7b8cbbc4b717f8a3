#!/usr/bin/env python3
"""TMX export and import throughput and peak memory: tm against Translate Toolkit.

Usage::

    python bench/tmx_bench.py [--sizes 100000,1000000] [--repeat 3] [--seed 1]

Builds a seeded synthetic TM of three-language (en, ru, kk) units per size, with
sentences of 8–30 words drawn from the vocabulary of the project's letter (its
English, Russian and Kazakh texts), stored in SQLite under ``bench/out/``. Then, each
in a fresh Python process so that peak RSS is that step's own:

- tm export: ``tm.exchange.export_tmx`` of the whole TM to a TMX file;
- tm import: ``tm.exchange.import_tmx`` of that file into an empty TM (one
  transaction, every table that follows the units, such as the lookup index, included);
- Translate Toolkit export: ``translate.storage.tmx.tmxfile`` built unit by unit from the
  same texts (source en, target ru, a third ``<tuv>`` for kk), then saved;
- Translate Toolkit import: ``tmxfile.parsefile`` of tm's file, reading every variant.

Prints the median time and peak RSS over ``--repeat`` runs, units per second, and the
machine. Targets for tm: export ≥ 100k units/s with peak RSS ≤ 100 MB at any size;
import ≥ 20k units/s with peak RSS ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LETTER = ROOT / "corpora" / "ablyazov-duvanov-2"
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
task, db, tmx, n = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, sys.argv[5])
if task.startswith("tm-"):
    from tm.exchange import export_tmx, import_tmx
    from tm.store import TM
else:
    from bench_texts import texts  # noqa
    from translate.storage.tmx import tmxfile
base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "units": units, "rss_mb": rss, "base_rss_mb": base_rss}))
"""

TEXTS = r"""
import random, re
from pathlib import Path

def _vocab(lang):
    text = (Path(LETTER) / f"{lang}.txt").read_text(encoding="utf-8")
    return re.findall(r"[^\W\d_]+", text)

def texts(n, seed=SEED):
    rng = random.Random(seed)
    vocab = {lang: _vocab(lang) for lang in ("en", "ru", "kk")}
    for k in range(n):
        length = rng.randint(8, 30)
        row = []
        for lang in ("en", "ru", "kk"):
            words = rng.choices(vocab[lang], k=length)
            row.append(" ".join(words).capitalize() + f" {k}.")
        yield tuple(row)
"""


def write_texts_module(seed: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = OUT / "ttk_mod"
    folder.mkdir(exist_ok=True)
    (folder / "bench_texts.py").write_text(f"LETTER = {str(LETTER)!r}\nSEED = {seed}\n" + TEXTS, encoding="utf-8")
    return folder


def build_source(n: int, seed: int, mod: Path) -> str:
    """The synthetic TM of n units (cached in bench/out/)."""
    from tm.store import TM, DocumentData, UnitData, VariantData

    path = OUT / f"tmx-source-{n}-{seed}.db"
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    sys.path.insert(0, str(mod))
    from bench_texts import texts  # type: ignore[import-not-found]

    tm = TM(url)
    per_doc = 10_000
    docs = []
    stream = texts(n, seed)
    for d in range(0, n, per_doc):
        rows = [next(stream) for _ in range(min(per_doc, n - d))]
        units = [UnitData(variants={"en": VariantData(en), "ru": VariantData(ru), "kk": VariantData(kk)}, bead="1-1-1")
                 for en, ru, kk in rows]
        docs.append((DocumentData(id=f"doc-{d // per_doc:05d}"), ["en", "ru", "kk"], units))
    tm.import_documents(docs)
    return url


def run_child(task: str, db: str, tmx: Path, n: int, mod: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, task, db, str(tmx), str(n), str(mod)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    mod = write_texts_module(args.seed)
    print(f"TMX benchmark (seed {args.seed}, median of {args.repeat}); {machine()}")
    header = ["units", "step", "tool", "seconds", "units/s", "peak RSS MB"]
    rows = []
    for n in sizes:
        db = build_source(n, args.seed, mod)
        tmx = OUT / f"tm-{n}.tmx"
        ttk_tmx = OUT / f"ttk-{n}.tmx"
        plan = [
            ("export", "tm", "tm-export", db, tmx),
            ("import", "tm", "tm-import", None, tmx),
            ("export", "translate-toolkit", "ttk-export", db, ttk_tmx),
            ("import", "translate-toolkit", "ttk-import", db, tmx),
        ]
        for step, tool, task, url, path in plan:
            results = []
            for _ in range(args.repeat):
                target = url
                if task == "tm-import":
                    fresh = OUT / f"import-{n}.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
                    target = f"sqlite:///{fresh}"
                results.append(run_child(task, target or "", path, n, mod))
            secs = statistics.median(r["seconds"] for r in results)
            rss = statistics.median(r["rss_mb"] for r in results)
            rows.append([f"{n:,}", step, tool, f"{secs:.2f}", f"{n / secs:,.0f}", f"{rss:,.0f}"])
            print("  ".join(rows[-1]), flush=True)
    table = [header, *rows]
    widths = [max(len(r[c]) for r in table) for c in range(len(header))]
    print()
    for k, r in enumerate(table):
        print("  ".join(cell.rjust(w) if c in (0, 3, 4, 5) else cell.ljust(w) for c, (cell, w) in enumerate(zip(r, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
