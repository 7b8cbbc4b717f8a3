"""Shared by the benchmarks: seeded synthetic translation memories, and the machine they ran on.

Three-language (en, ru, kk) units of 8–30 words drawn from the vocabulary of the
project's letter, each ending in its number, so every unit is distinct.
"""

from __future__ import annotations

import os
import platform
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LETTER = ROOT / "corpora" / "ablyazov-duvanov-2"
LANGS = ("en", "ru", "kk")


@lru_cache(maxsize=None)
def vocabulary(lang: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[^\W\d_]+", (LETTER / f"{lang}.txt").read_text(encoding="utf-8")))


def texts(n: int, seed: int = 1) -> Iterator[tuple[str, str, str]]:
    rng = random.Random(seed)
    for k in range(n):
        length = rng.randint(8, 30)
        yield tuple(" ".join(rng.choices(vocabulary(lang), k=length)).capitalize() + f" {k}." for lang in LANGS)


def build_tm(n: int, seed: int = 1, name: str = "synthetic") -> str:
    """A SQLite TM of ``n`` units in documents of 10,000, cached under bench/out/; returns its URL."""
    sys.path.insert(0, str(ROOT))
    from tm.compose import TM
    from tm.store import DocumentData, UnitData, VariantData

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}-{n}-{seed}.db"
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    # Built under another name and renamed when whole: an interrupted build is not taken
    # for a cached TM the next time.
    part = path.with_name(path.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    tm = TM(f"sqlite:///{part}")
    stream = texts(n, seed)
    docs = []
    for start in range(0, n, 10_000):
        rows = [next(stream) for _ in range(min(10_000, n - start))]
        units = [UnitData(variants={lang: VariantData(t) for lang, t in zip(LANGS, row, strict=True)}, bead="1-1-1")
                 for row in rows]
        docs.append((DocumentData(id=f"doc-{start // 10_000:05d}"), list(LANGS), units))
    tm.import_documents(docs)
    tm.engine.dispose()  # closes the connections: the WAL is checkpointed into the file
    part.rename(path)
    return url


def cpu_model() -> str:
    """The CPU's model name (from /proc/cpuinfo where there is one), for the benchmark tables."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """CPU model, cores, Python and OS, for the benchmark tables."""
    return (f"{cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def peak_rss_mb() -> float:
    """This process's peak resident set in MB (Linux; 0 elsewhere). VmHWM belongs to the
    process image: getrusage's ru_maxrss survives exec and would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def print_table(header: list[str], rows: list[list[str]], left: set[int]) -> None:
    """``rows`` under ``header`` in aligned columns, the ``left`` ones flush left, the others right."""
    table = [header, *rows]
    widths = [max(len(r[c]) for r in table) for c in range(len(header))]
    for k, r in enumerate(table):
        print("  ".join(cell.ljust(w) if c in left else cell.rjust(w) for c, (cell, w) in enumerate(zip(r, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def callgrind(args: list[str]) -> tuple[int, str]:
    """Instructions valgrind's callgrind counts for ``python ARGS`` (hash seed fixed), and
    what the run printed: the same count on a busy machine and a quiet one."""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", sys.executable, *args],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, check=True,
        )
    total = re.search(r"Collected : (\d+)", run.stderr)
    if total is None:
        raise SystemExit(f"no instruction count from callgrind:\n{run.stderr[-2000:]}")
    return int(total.group(1)), run.stdout.strip()
