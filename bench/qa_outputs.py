#!/usr/bin/env python3
"""Capture what the QA commands print, to compare two revisions byte for byte.

Usage::

    PYTHONPATH=<checkout> python bench/qa_outputs.py OUT_DIR [--units 100000]

Runs, with the ``tm`` of ``PYTHONPATH``, in a scratch folder: ``tm build`` on a copy of
this checkout's corpora/ and glossaries/, then ``tm qa`` (text, --json, --format html) and
``tm glossary check`` (text, --json) on the letters' TM and on a synthetic TM of ``--units``
units with the project glossary (``bench/synthetic.py``). Each output (stdout, stderr, exit
status, the files written) goes to OUT_DIR; ``diff -r`` two such folders. ``--units 0``: the
letters only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def run(out: Path, name: str, args: list[str], cwd: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tm", *args], cwd=cwd, capture_output=True, env=os.environ)
    (out / f"{name}.stdout").write_bytes(proc.stdout)
    (out / f"{name}.stderr").write_bytes(proc.stderr)
    (out / f"{name}.rc").write_text(f"{proc.returncode}\n")


def commands(out: Path, db: str, cwd: Path, tag: str) -> None:
    base = ["--db", db]
    run(out, f"{tag}-qa", [*base, "qa", "--no-baseline"], cwd)
    run(out, f"{tag}-qa-json", [*base, "qa", "--json", "--no-baseline"], cwd)
    run(out, f"{tag}-qa-html", [*base, "qa", "--format", "html", "--output", str(out / f"{tag}-qa.html"),
                                "--no-baseline"], cwd)
    run(out, f"{tag}-qa-jobs1", [*base, "qa", "--json", "--no-baseline", "--jobs", "1"], cwd)
    run(out, f"{tag}-glossary-check", [*base, "glossary", "check"], cwd)
    run(out, f"{tag}-glossary-check-json", [*base, "glossary", "check", "--json"], cwd)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--units", type=int, default=100_000)
    args = ap.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "corpora", work / "corpora")
        shutil.copytree(ROOT / "glossaries", work / "glossaries")
        db = f"sqlite:///{work / 'letters.db'}"
        run(out, "letters-build", ["--db", db, "build"], work)
        run(out, "letters-build-json", ["--db", db, "build", "--json"], work)
        for path in sorted((work / "build").rglob("*")):
            if path.is_file():
                shutil.copy(path, out / ("build-" + path.relative_to(work / "build").as_posix().replace("/", "-")))
        commands(out, db, work, "letters")
        run(out, "letters-doc-qa", ["--db", db, "qa", "--no-baseline", "--doc", "ablyazov-duvanov-2"], work)
        if args.units == 0:  # the letters only
            return _normalised(out, tmp)
        from synthetic import build_tm  # the cached bench TM, copied: the glossary is loaded into the copy

        from tm.glossary.formats import read_folder
        from tm.glossary.project import store_project
        from tm.store import TM

        source = build_tm(args.units, 1, name="qa").removeprefix("sqlite:///")
        shutil.copy(source, work / "bench.db")
        tm = TM(f"sqlite:///{work / 'bench.db'}")
        store_project(tm, read_folder(ROOT / "glossaries"), ROOT / "glossaries")
        del tm
        commands(out, f"sqlite:///{work / 'bench.db'}", work, "bench")
    return _normalised(out, tmp)


def _normalised(out: Path, tmp: str) -> int:
    for path in out.iterdir():  # what varies from run to run: the folders' names, the TMX's dates
        if path.is_file():
            data = path.read_bytes().replace(tmp.encode(), b"TMP").replace(str(out).encode(), b"OUT")
            path.write_bytes(re.sub(rb'(creationdate|changedate)="[0-9]{8}T[0-9]{6}Z"', rb'\1="DATE"', data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
