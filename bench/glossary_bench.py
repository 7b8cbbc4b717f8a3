#!/usr/bin/env python3
"""Glossary-check throughput on a synthetic, seeded TM of three-language units.

Usage::

    python bench/glossary_bench.py [--units 100000] [--seed 1] [--repeat 3]

The glossary is the project's own (``glossaries/``). Each synthetic unit has an
en, ru and kk sentence of 12-30 words drawn (seeded) from the words of the letter's
versions in ``corpora/`` that are not glossary terms, with 0-3 glossary concepts inserted in every language:
in en a preferred, admitted or (p=0.05) forbidden term, with a possessive half the
time; in ru and kk the concept's preferred or admitted term, with a case ending
(ru -а/-у/-ом, kk -ның/-да/-ға) half the time where that form is one the matcher
accepts (so that only the planted omissions are findings); with p=0.05 a concept is left out of
one language (a glossary-missing finding). Rows:

- compile: building the per-language matchers for the whole glossary (once);
- check (memory): :func:`tm.qa.glossary_check.check_units` on the units in memory;
- check (SQLite): :func:`tm.qa.glossary_check.check_tm`, reading the units from a
  SQLite TM file (built once with ``TM.import_documents``, not timed).

Each row is the median of ``--repeat`` runs on one core, as wall-clock and as CPU
time of this process (the honest figure on a shared machine; the load average is
printed). Offline; writes only a temporary database.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.glossary import Glossary, Status  # noqa: E402
from tm.qa.glossary_check import check_tm, check_units  # noqa: E402
from tm.glossary.formats import read_folder  # noqa: E402
from tm.glossary.project import store_project  # noqa: E402
from tm.compose import TM  # noqa: E402
from tm.store import DocumentData, UnitData, VariantData  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import machine  # noqa: E402

LANGS = ("en", "ru", "kk")
ENDINGS = {"en": ("’s", "'s"), "ru": ("а", "у", "ом"), "kk": ("ның", "да", "ға")}
P_FORBIDDEN = 0.05
P_MISSING = 0.05


def vocabulary(glossary: Glossary) -> dict[str, list[str]]:
    """The letter's words per language, less those that are glossary terms (as a sentence's first word too)."""
    letter = ROOT / "corpora" / "ablyazov-duvanov-2"
    out = {}
    for lang in LANGS:
        words = re.findall(r"\w+", (letter / f"{lang}.txt").read_text(encoding="utf-8").lower())
        plain = {w for w in set(words) if not glossary.find(w, lang) and not glossary.find(w.capitalize(), lang)}
        out[lang] = [w for w in words if w in plain]
    return out


def synthetic_units(glossary: Glossary, n: int, seed: int) -> list[tuple[str, int, dict[str, str]]]:
    rng = random.Random(seed)
    words = vocabulary(glossary)
    concepts = [c for c in glossary.concepts.values() if all(c.terms_in(lang, Status.preferred) for lang in LANGS)]
    units = []
    for i in range(n):
        length = rng.randint(12, 30)
        texts = {lang: [rng.choice(words[lang]) for _ in range(length)] for lang in LANGS}
        for c in rng.sample(concepts, rng.randint(0, 3)):
            skip = rng.choice(LANGS) if rng.random() < P_MISSING else None
            for lang in LANGS:
                if lang == skip:
                    continue
                pool = [t.text for t in c.terms_in(lang, Status.preferred, Status.admitted)]
                forbidden = [t.text for t in c.terms_in(lang, Status.forbidden)]
                term = rng.choice(forbidden if forbidden and rng.random() < P_FORBIDDEN else pool)
                inflected = term + rng.choice(ENDINGS[lang])
                if rng.random() < 0.5 and any(m.text == inflected for m in glossary.find(inflected, lang)):
                    term = inflected  # only endings the matcher accepts (kk harmony, ru stems)
                texts[lang].insert(rng.randint(0, len(texts[lang])), term)
        units.append(("synthetic", i, {lang: " ".join(ws)[:1].upper() + " ".join(ws)[1:] + "." for lang, ws in texts.items()}))
    return units


def median_time(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU (this process) seconds of ``repeat`` runs, and the last result."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    concepts = read_folder(ROOT / "glossaries")
    units = synthetic_units(Glossary(concepts), args.units, args.seed)
    terms = sum(len(c.terms) for c in concepts)
    print(f"glossary: {len(concepts)} concepts, {terms} terms; TM: {len(units)} units x {len(LANGS)} languages "
          f"(seed {args.seed}, median of {args.repeat})")
    print(f"machine: {machine()}\n")

    compile_s, compile_cpu, _ = median_time(lambda: Glossary(concepts).compile(), args.repeat)
    glossary = Glossary(concepts).compile()
    memory = median_time(lambda: check_units(glossary, units), args.repeat)
    findings: list = memory[2]  # type: ignore[assignment]

    with tempfile.TemporaryDirectory() as tmp:
        tm = TM(f"sqlite:///{Path(tmp) / 'bench.db'}")
        records = (UnitData(variants={lang: VariantData(text) for lang, text in t.items()}) for _, _, t in units)
        tm.import_documents([(DocumentData(id="synthetic"), LANGS, records)])
        store_project(tm, concepts)
        sqlite = median_time(lambda: check_tm(tm), args.repeat)
        tm.engine.dispose()
    assert len(sqlite[2]) == len(findings)  # type: ignore[arg-type]

    by_code: dict[str, int] = {}
    for f in findings:
        by_code[f.code] = by_code.get(f.code, 0) + 1
    print(f"{'row':<16} {'wall s':>8} {'cpu s':>8} {'units/s wall':>13} {'units/s cpu':>12}")
    print(f"{'compile':<16} {compile_s:>8.3f} {compile_cpu:>8.3f}")
    for name, (wall, cpu, _) in (("check (memory)", memory), ("check (SQLite)", sqlite)):
        print(f"{name:<16} {wall:>8.3f} {cpu:>8.3f} {len(units) / wall:>13,.0f} {len(units) / cpu:>12,.0f}")
    print(f"\nfindings: {len(findings)} ({', '.join(f'{k} {v}' for k, v in sorted(by_code.items()))})")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

if __name__ == "__main__":
    main()
