"""A reader process for tests/test_concurrency.py: until STOP_FILE exists, it counts the
TM's units and looks a sentence up, over and over.

Usage: python tests/concurrent_reader.py DB_URL STOP_FILE QUERY
Prints one JSON line: {"reads": N, "lookups": N, "counts": [every unit count it saw]}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tm.lookup import Lookup
from tm.compose import TM


def main() -> None:
    url, stop, query = sys.argv[1:4]
    tm = TM(url)
    engine = Lookup(tm, glossary=False)
    reads = lookups = 0
    counts: set[int] = set()
    deadline = time.monotonic() + 120
    while not Path(stop).exists() and time.monotonic() < deadline:
        counts.add(tm.stats().units)
        reads += 1
        engine.lookup(query, "en", ["ru"], min_score=50)
        lookups += 1
    print(json.dumps({"reads": reads, "lookups": lookups, "counts": sorted(counts)}))


if __name__ == "__main__":
    main()
