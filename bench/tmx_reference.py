#!/usr/bin/env python3
"""The TMX issue's reference figures, measured again on this machine.

Usage::

    python bench/tmx_reference.py [--units 1000000] [--langs en,ru] [--repeat 3] [--seed 1]

The TMX issue set its targets beside figures "measured here on two-language units for
orientation", on a machine we do not have: Translate Toolkit writes 1M units at 26k units/s
and reads them at 41k; a plain lxml streaming writer and iterparse reader do 112k units/s.
This script runs those same reference programs here, on the seeded synthetic texts of
``bench/synthetic.py``, written to a file first so that making them up is not timed
(``--langs en,ru`` as in the issue; ``en,ru,kk`` for tm's
benchmark units), each in a fresh process so that its peak RSS is its own:

- ``ttk-write``: Translate Toolkit's ``tmxfile`` built unit by unit, then saved;
- ``ttk-read``: ``tmxfile.parsefile`` of that file, every variant's text read;
- ``lxml-write``: lxml's incremental ``xmlfile``, one ``<tu>`` element written at a time;
- ``lxml-read``: lxml ``iterparse`` of that file, each ``<tu>``'s texts read, the tree
  cleared as it goes;
- ``lxml+sqlite``: the same reader, each unit and its variants inserted into a new SQLite
  file (two plain tables, no index, one transaction): the least an import into a
  store does, before any lookup index;
- ``lxml+sqlite+fts5``: the same, with SQLite's full-text index (FTS5, in C) over the
  variants' texts, filled as they go in: a word index at the cost of compiled code.

Prints the median over ``--repeat`` runs beside the issue's figure, and the ratio: how
much slower or faster this machine runs the same program. The issue's figures are for
two-language units: with a third language the ratio compares unlike work.
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
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import LANGS, machine, print_table, texts  # noqa: E402

# units/s on the issue's machine, for two-language units (None: the issue gives none)
ISSUE = {"ttk-write": 26_000, "ttk-read": 41_000, "lxml-write": 112_000, "lxml-read": 112_000,
         "lxml+sqlite": None, "lxml+sqlite+fts5": None}

CHILD = r"""
import json, sys, time
from pathlib import Path

task, path, langs, source = sys.argv[1], Path(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
sys.path.insert(0, sys.argv[5])
from synthetic import peak_rss_mb


def rows():
    # the texts come from a file written beforehand, so that making them up is not timed
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            yield line.rstrip("\n").split("\t")


TU = "{http://www.w3.org/XML/1998/namespace}lang"
start = time.perf_counter()
units = 0
if task == "ttk-write":
    from translate.storage.tmx import tmxfile
    store = tmxfile(sourcelanguage=langs[0], targetlanguage=langs[1])
    for texts_ in rows():
        unit = store.addsourceunit(texts_[0])
        unit.settarget(texts_[1])
        for lang, text in zip(langs[2:], texts_[2:]):
            unit.xmlelement.append(unit.createlanguageNode(lang, text, "target"))
        units += 1
    store.savefile(str(path))
elif task == "ttk-read":
    from translate.storage.tmx import tmxfile
    store = tmxfile.parsefile(str(path))
    for unit in store.units:
        for node in unit.getlanguageNodes():
            unit.getNodeText(node)
        units += 1
elif task == "lxml-write":
    from lxml import etree
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write(etree.Element("header", creationtool="reference", creationtoolversion="1",
                                   datatype="plaintext", segtype="sentence", adminlang="en",
                                   srclang=langs[0], **{"o-tmf": "reference"}))
            with xf.element("body"):
                for texts_ in rows():
                    tu = etree.Element("tu")
                    for lang, text in zip(langs, texts_):
                        tuv = etree.SubElement(tu, "tuv", {TU: lang})
                        etree.SubElement(tuv, "seg").text = text
                    xf.write(tu)
                    units += 1
elif task in ("lxml-read", "lxml+sqlite", "lxml+sqlite+fts5"):
    from lxml import etree
    db = None
    if task != "lxml-read":
        import sqlite3
        target = path.with_suffix(".db")
        target.unlink(missing_ok=True)
        db = sqlite3.connect(target)
        db.execute("CREATE TABLE unit (id INTEGER PRIMARY KEY)")
        db.execute("CREATE TABLE variant (id INTEGER PRIMARY KEY, unit_id INTEGER, lang TEXT, text TEXT)")
        fts5 = task.endswith("fts5")
        if fts5:
            # SQLite's own full-text index over the variants' texts (external content),
            # filled beside them (a trigger per row would be three times as slow)
            db.execute("CREATE VIRTUAL TABLE words USING fts5(text, content=variant, content_rowid=id)")
        db.execute("BEGIN")
        unit_rows, variant_rows = [], []

    def flush():
        db.executemany("INSERT INTO unit (id) VALUES (?)", unit_rows)
        first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM variant").fetchone()[0]
        db.executemany("INSERT INTO variant (unit_id, lang, text) VALUES (?, ?, ?)", variant_rows)
        if fts5:
            db.executemany("INSERT INTO words (rowid, text) VALUES (?, ?)",
                           zip(range(first, first + len(variant_rows)), (row[2] for row in variant_rows)))
        unit_rows.clear()
        variant_rows.clear()

    for _, tu in etree.iterparse(str(path), tag="tu"):
        variants = [(tuv.get(TU), tuv.findtext("seg")) for tuv in tu.iterfind("tuv")]
        units += 1
        if db is not None:
            unit_rows.append((units,))
            variant_rows.extend((units, lang, text) for lang, text in variants)
            if len(unit_rows) == 1000:
                flush()
        tu.clear()
        while tu.getprevious() is not None:
            del tu.getparent()[0]
    if db is not None:
        flush()
        db.commit()
        db.close()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "units": units, "rss_mb": peak_rss_mb()}))
"""


def source(n: int, langs: str, seed: int) -> Path:
    """The units' texts, a line each and a tab between languages, cached under bench/out/."""
    path = OUT / f"reference-{n}-{langs.replace(',', '-')}-{seed}.tsv"
    if not path.exists():
        columns = [LANGS.index(lang) for lang in langs.split(",")]
        part = path.with_suffix(".part")
        with part.open("w", encoding="utf-8") as out:
            for row in texts(n, seed):
                out.write("\t".join(row[c] for c in columns) + "\n")
        part.rename(path)
    return path


def run(task: str, path: Path, n: int, langs: str, seed: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, task, str(path), langs, str(source(n, langs, seed)),
                          str(ROOT / "bench")],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--langs", default="en,ru", help="languages of each unit, from en, ru, kk")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n = args.units
    OUT.mkdir(parents=True, exist_ok=True)
    tag = f"{n}-{args.langs.replace(',', '-')}"
    files = {"ttk": OUT / f"reference-ttk-{tag}.tmx", "lxml": OUT / f"reference-lxml-{tag}.tmx"}
    print(f"TMX reference programs ({n:,} units, {args.langs}, seed {args.seed}, median of "
          f"{args.repeat}); machine: {machine()}")
    header = ["program", "seconds", "units/s", "peak RSS MB", "issue's units/s", "here / issue"]
    rows = []
    for task in ISSUE:
        path = files[task.split("-")[0].split("+")[0]]
        results = [run(task, path, n, args.langs, args.seed) for _ in range(args.repeat)]
        if {int(r["units"]) for r in results} != {n}:
            raise SystemExit(f"{task} handled {sorted({int(r['units']) for r in results})} units, not {n:,}")
        secs = statistics.median(r["seconds"] for r in results)
        rss = statistics.median(r["rss_mb"] for r in results)
        theirs = ISSUE[task]
        rows.append([task, f"{secs:.2f}", f"{n / secs:,.0f}", f"{rss:,.0f}",
                     f"{theirs:,}" if theirs else "-", f"{n / secs / theirs:.2f}" if theirs else "-"])
        print("  ".join(rows[-1]), flush=True)
    print()
    print_table(header, rows, left={0})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
