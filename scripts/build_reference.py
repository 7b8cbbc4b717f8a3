"""Build a letter's three-way reference alignment from its translators' records.

Usage:  python scripts/build_reference.py corpora/<letter-id>

Each translator recorded ``<lang>.pairs.tsv``: rows ``ENGLISH<TAB>TRANSLATION`` with the
English sentences copied verbatim, a blank line between paragraphs. The three-way
reference unit is the finest grouping that every record agrees on: a boundary in the
English is kept where all records put one. Writes ``alignment.tsv`` (paragraph, en, and
one column per translated language) and checks that the records cover en.txt exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tm.corpus import order_langs  # noqa: E402
from tm.segment import split_paragraphs  # noqa: E402
from tm.textnorm import clean_text  # noqa: E402


def read_pairs(path: Path) -> list[list[tuple[str, str]]]:
    paragraphs: list[list[tuple[str, str]]] = [[]]
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            sys.exit(f"{path}:{n}: expected ENGLISH<TAB>TRANSLATION")
        paragraphs[-1].append((cells[0], cells[1]))
    return [p for p in paragraphs if p]


def main() -> None:
    folder = Path(sys.argv[1])
    en_paragraphs = split_paragraphs((folder / "en.txt").read_text(encoding="utf-8"))
    records = {p.name.split(".")[0]: read_pairs(p) for p in sorted(folder.glob("*.pairs.tsv"))}
    langs = [lang for lang in order_langs(records) if lang != "en"]
    for lang, paras in records.items():
        if len(paras) != len(en_paragraphs):
            sys.exit(f"{lang}.pairs.tsv has {len(paras)} paragraphs, en.txt {len(en_paragraphs)}")
        for k, (para, en) in enumerate(zip(paras, en_paragraphs, strict=True)):
            if clean_text(" ".join(e for e, _ in para)) != en:
                sys.exit(f"{lang}.pairs.tsv paragraph {k + 1} does not reproduce en.txt")
    rows = []
    for k, en in enumerate(en_paragraphs):
        cuts: dict[str, dict[int, int]] = {}
        for lang in langs:
            ends, prefix = {}, []
            for n, (e, _) in enumerate(records[lang][k]):
                prefix.append(e)
                ends[len(clean_text(" ".join(prefix)))] = n
            cuts[lang] = ends
        common = sorted(set.intersection(*(set(c) for c in cuts.values())))
        start = {lang: 0 for lang in langs}
        en_start = 0
        for end in common:
            row = {"paragraph": str(k), "en": en[en_start:end].strip()}
            for lang in langs:
                last = cuts[lang][end]
                row[lang] = clean_text(" ".join(t for _, t in records[lang][k][start[lang] : last + 1]))
                start[lang] = last + 1
            rows.append(row)
            en_start = end
    out = folder / "alignment.tsv"
    columns = ["paragraph", "en", *langs]
    lines = ["\t".join(columns)] + ["\t".join(row[c] for c in columns) for row in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} units ({', '.join(['en', *langs])})")


if __name__ == "__main__":
    main()
