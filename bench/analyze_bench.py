#!/usr/bin/env python3
"""Analysis benchmark: ``tm analyze`` of a new 200-segment letter against large TMs, beside
an exhaustive scan of the same TM in the same run.

Usage::

    python bench/analyze_bench.py [--sizes 100k,1M] [--segments 200] [--seed 1] [--runs 3]

Data
    The synthetic three-language TMs of bench/synthetic.py (cached in bench/out/). The new
    letter is Russian, ``--segments`` sentences in paragraphs of five, from a separate seeded
    stream: 40% copies of random stored units (exact), 30% the same with 1–3 word edits
    (near), 30% new sentences from the generator with another seed (mostly no match).

Systems, on the same TM in the same run
    analyze: :func:`tm.analyze.analyze` (every segment looked up once, context included),
    median of ``--runs`` runs in this process (wall and CPU time); and the whole command, ``tm analyze FILE --from
    ru --to en,kk --json`` in a new process (start-up, imports, glossary), median of
    ``--runs``. scan: rapidfuzz ``process.extractOne`` over the Russian search form of every
    unit held in memory (loading excluded), the Levenshtein percentage tm scores with,
    cutoff 50. recall: share of segments whose scan score is >= 50 where the analysis found
    a match whose raw score (before name and number penalties) is within 0.5 of it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic import ROOT, build_tm, machine, print_table, texts  # noqa: E402


def _size(text: str) -> int:
    return int(float(text[:-1]) * (1_000_000 if text.endswith("M") else 1_000)) if text[-1] in "kM" else int(text)


def new_letter(n: int, segments: int, seed: int) -> list[str]:
    """Russian sentences: exact copies, near copies and new ones, shuffled."""
    rng = random.Random(seed + 1000)
    exact_n, near_n = int(segments * 0.4), int(segments * 0.3)
    picked = sorted(rng.sample(range(n), exact_n + near_n))
    wanted = set(picked)
    stored = {k: ru for k, (_, ru, _) in enumerate(texts(n, seed)) if k in wanted}
    out = [stored[k] for k in picked[:exact_n]]
    for k in picked[exact_n:]:
        words = stored[k].split()
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(len(words) - 1)] = rng.choice(words)
        out.append(" ".join(words))
    out += [ru for _, ru, _ in texts(segments - len(out), seed + 7)]
    rng.shuffle(out)
    return out


def run(size: int, segments: int, seed: int, runs: int) -> list[str]:
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein
    from sqlalchemy import text

    from tm.analyze import analyze
    from tm.leverage import leverage
    from tm.compose import TM
    from tm.textnorm import search_form

    url = build_tm(size, seed)
    tm = TM(url)
    sentences = new_letter(size, segments, seed)
    folder = Path(tempfile.mkdtemp())
    letter = folder / "new.ru.txt"
    letter.write_text("\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)) + "\n",
                      encoding="utf-8")
    analyze(tm, [letter], "ru", ["en", "kk"])  # once untimed: caches warm, index checked
    library, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        analysis = analyze(tm, [letter], "ru", ["en", "kk"])
        library.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    command = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tm", "--db", url, "analyze", str(letter), "--from", "ru", "--to",
                        "en,kk", "--json"], check=True, capture_output=True, cwd=ROOT)
        command.append(time.perf_counter() - start)
    with tm.engine.connect() as c:
        choices = [row[0] for row in c.execute(text("select search from variant where lang = 'ru'"))]
    [items] = leverage(tm, [letter], "ru", ["en", "kk"])
    start = time.perf_counter()
    truth = [process.extractOne(search_form(i.segment.text), choices, scorer=Levenshtein.normalized_similarity,
                                score_cutoff=0.5) for i in items]
    scan = time.perf_counter() - start
    found = [(t[1] * 100, max((m.fuzzy for m in i.matches), default=0.0)) for i, t in zip(items, truth) if t]
    recall = sum(1 for best, got in found if got >= best - 0.5) / len(found)
    return [f"{size:,}", str(analysis.total.segments), f"{statistics.median(library):.2f}",
            f"{statistics.median(cpu):.2f}",
            f"{statistics.median(command):.2f}", f"{scan:.1f}", f"{100 * recall:.1f}%"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    rows = [run(_size(s), args.segments, args.seed, args.runs) for s in args.sizes.split(",")]
    print_table(["TM units", "segments", "analyze s", "analyze CPU s", "command s", "scan s", "recall"], rows,
                left=set())


if __name__ == "__main__":
    main()
