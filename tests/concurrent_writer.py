"""A writer process for tests/test_concurrency.py: imports, replaces and deletes documents
of its own, with compaction after every second document (and chunks of 64 variant ids).

Usage: python tests/concurrent_writer.py DB_URL PREFIX STEPS SEED
Prints one JSON line: {"imported": N, "replaced": N, "deleted": N}.
"""

from __future__ import annotations

import json
import random
import sys

from tm.compose import TM
from tm.index import compact
from tm.store import DocumentData, UnitData, VariantData

COMPACT_AFTER = 2
CHUNK_BITS = 6


def units(rnd: random.Random, doc: str) -> list[UnitData]:
    en = ["the", "court", "claim", "bank", "judge", "witness", "letter", "of", "a"]
    ru = ["суд", "иск", "банк", "судья", "свидетель", "письмо"]
    return [UnitData({"en": VariantData(" ".join(rnd.choices(en, k=rnd.randint(2, 8)) + [doc]) + "."),
                      "ru": VariantData(" ".join(rnd.choices(ru, k=rnd.randint(2, 8))) + ".")})
            for _ in range(rnd.randint(3, 12))]


def main() -> None:
    url, prefix, steps, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    compact.COMPACT_AFTER, compact.CHUNK_BITS = COMPACT_AFTER, CHUNK_BITS
    tm = TM(url)
    rnd = random.Random(seed)
    mine: list[str] = []
    done = {"imported": 0, "replaced": 0, "deleted": 0}
    for k in range(steps):
        op = rnd.choice(["import", "import", "replace", "delete"]) if mine else "import"
        if op == "import":
            mine.append(doc := f"{prefix}-{k}")
            tm.import_documents([(DocumentData(id=doc), ["en", "ru"], units(rnd, doc))])
        elif op == "replace":
            doc = rnd.choice(mine)
            tm.import_documents([(DocumentData(id=doc), ["en", "ru"], units(rnd, doc))], replace=True)
        else:
            doc = mine.pop(rnd.randrange(len(mine)))
            tm.delete_document(doc)
        done[{"import": "imported", "replace": "replaced", "delete": "deleted"}[op]] += 1
    print(json.dumps(done))


if __name__ == "__main__":
    main()
