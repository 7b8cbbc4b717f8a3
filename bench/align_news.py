"""Real news arranged as letters: NTREX-128 documents in the constructions that free
translation produces, for ``bench/align_bench.py``.

NTREX-128 (newstest2019: 123 news documents, 1,997 lines, en source with professional ru
and kk translations) is line-aligned; a line is one sentence in English and sometimes two
in a translation (the translators' own splits). Documents are cut into paragraphs of 2–6
lines as the FLORES rows are (inside well-formed blocks). Constructions, each a row:

``merges``
    In every language independently, each adjacent pair of lines inside a paragraph is
    merged on that side with probability 0.08 (as the FLORES rows).
``merges-2``
    As ``merges``, plus with probability 0.08 a pair merged in ru and kk together (two
    sides) but not in en, i.e. split in en.
``dropped``
    As ``merges``, plus one line per document (not the first or last of a paragraph)
    dropped in one translation (ru or kk, alternately): the gold unit has nothing in
    that language (e.g. 1-0-1).

Gold units are the finest grouping of lines consistent with all merges of the languages
evaluated. Documents are split by position into a *tune* half (documents 1–61) and a
*held-out* half (62–123): the aligner's weights were tuned on the tune half only, and the
held-out rows are the ones to quote.
"""

from __future__ import annotations

import random
from pathlib import Path

from align_bench import LANGS, Doc, _well_formed_blocks, capitalised_names, merge_two

NTREX_FILES = {"en": "newstest2019-src.eng.txt", "ru": "newstest2019-ref.rus.txt", "kk": "newstest2019-ref.kaz.txt"}
CONSTRUCTIONS = ("merges", "merges-2", "dropped")
TUNE_DOCS = 61
MERGE_P = 0.08


def _paragraph_sizes(blocks: list[list[int]], rng: random.Random) -> list[int]:
    sizes = []
    for block in blocks:
        left = len(block)
        while left:
            k = rng.randint(2, 6)
            if left - k == 1:
                k = k + 1 if k < 6 else k - 1
            k = min(k, left)
            sizes.append(k)
            left -= k
    return sizes


def _merge_plan(size: int, construction: str, rng: random.Random) -> dict[str, set[int]]:
    """For each language, the lines k (1..size-1) joined to the line before them."""
    plan: dict[str, set[int]] = {lang: set() for lang in LANGS}
    for k in range(1, size):
        for lang in LANGS:
            if rng.random() < MERGE_P:
                plan[lang].add(k)
        if construction == "merges-2" and rng.random() < MERGE_P:
            plan["ru"].add(k)
            plan["kk"].add(k)
    return plan


def ntrex_docs(folder: Path, seed: int, construction: str, held_out: bool) -> list[Doc]:
    lines = {lang: [x.strip() for x in (folder / f).read_text(encoding="utf-8").splitlines()]
             for lang, f in NTREX_FILES.items()}
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    names = {lang: capitalised_names(v) for lang, v in lines.items()}
    articles: list[list[int]] = []
    for i, doc_id in enumerate(ids):
        if i and doc_id == ids[i - 1]:
            articles[-1].append(i)
        else:
            articles.append([i])
    rng = random.Random(f"{seed}-{construction}")
    docs = []
    for a, idx in enumerate(articles):
        sizes = _paragraph_sizes(_well_formed_blocks(idx, lines), rng)
        if (a >= TUNE_DOCS) != held_out:
            continue
        doc = Doc(f"ntrex doc {a + 1} ({ids[idx[0]]})", {l: [] for l in LANGS}, {l: [] for l in LANGS}, sizes)
        drop_lang = ("ru", "kk")[a % 2]
        inner = [(p, k) for p, size in enumerate(sizes) for k in range(1, size - 1)]
        drop = rng.choice(inner) if construction == "dropped" and inner else None
        start = 0
        for p, size in enumerate(sizes):
            rows = idx[start : start + size]
            start += size
            plan = _merge_plan(size, construction, rng)
            for lang in LANGS:
                sents: list[str] = []
                cover: list[tuple[int, int]] = []
                for k in range(size):
                    if drop == (p, k) and lang == drop_lang:
                        continue
                    text = lines[lang][rows[k]]
                    if k in plan[lang] and sents and cover[-1][1] == k - 1:
                        sents[-1] = merge_two(sents[-1], text, lang, names[lang], rng)
                        cover[-1] = (cover[-1][0], k)
                    else:
                        sents.append(text)
                        cover.append((k, k))
                doc.paras[lang].append(sents)
                doc.cover[lang].append(cover)
        docs.append(doc)
    return docs
