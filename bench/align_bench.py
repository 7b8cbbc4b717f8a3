#!/usr/bin/env python3
"""End-to-end alignment benchmark for ``tm`` on real human translations (en/ru/kk).

Usage::

    python bench/align_bench.py [--data PATH] [--seed 1] [--repeat 3]
                                [--sets flores,udhr,ntrex,ntrex-tune] [--lexicon text|corpus]

``PATH`` defaults to ``../shared/data`` relative to the repository root. The run is
seeded and deterministic, needs no network and writes no files.

Test documents
--------------
FLORES-200 devtest
    One document per article (consecutive lines of ``metadata_devtest.tsv`` with the
    same URL). Each article is cut into paragraphs of 2–6 consecutive sentences
    (random sizes from the seed). In every language independently, each adjacent
    sentence pair inside a paragraph is MERGED on that side only with probability
    0.08, as translators do: the first sentence loses its final end punctuation and
    the two are joined with "; " (ru/kk: "; " or ", "), the second sentence's first
    letter lower-cased unless its first word occurs capitalised mid-sentence elsewhere
    in that language's data (a name) or is an acronym. Gold units are the finest
    grouping consistent with all merges of the languages evaluated (for a two-way
    row, only the merges on those two sides count), e.g. a 2-1-2 unit. Scored with
    :func:`tm.evaluate.score` (a gold unit counts only if one produced unit has
    exactly its text in every language), per document.
UDHR
    One document per article whose number of ``<para>`` elements (list-item paras
    included) is equal in all three languages (all 30 articles; the preamble is
    left out because its para counts differ). Each para is a paragraph and ONE gold
    unit. Rule: if the para is a single sentence in every evaluated language (per
    :func:`tm.segment.segment`), the gold unit is that sentence triple and is scored
    exactly with :func:`tm.evaluate.score`. Otherwise the sentences inside the para
    need not correspond 1-1 across languages, so it is scored at the paragraph level:
    the para is right if no produced unit that overlaps it crosses its boundary (then
    the union of the overlapping units is exactly the para).

NTREX-128
    News documents arranged as letters, in three constructions (merges on each side,
    merges on two sides, a dropped line), split into a tune half (documents 1–61) and a
    held-out half (62–123): see ``bench/align_news.py``. ``--sets ntrex`` is the held-out
    half, ``ntrex-tune`` the tune half. A gold unit with a dropped line has an empty side.

Unit scores
    For every row, the share of produced units that are right (inside one gold unit that
    came out right at its granularity), by score band (>= 0.9, 0.5-0.9, < 0.5).

Lexicon
    ``--lexicon text`` (default): the aligner learns from each document only, as ``tm import``
    does. ``--lexicon corpus``: it also gets a lexicon learned from the other corpus's lines
    (NTREX rows: FLORES; FLORES rows: NTREX; UDHR: both), as a TM's units would give.

Both systems get the TEXT of each document per language (paragraphs separated by
blank lines), so segmentation and alignment are measured end to end.

Baseline
    A naive splitter (split after ``[.!?]`` followed by whitespace and an upper-case
    letter) plus plain ``nltk.translate.gale_church.align_blocks`` (default
    parameters) per paragraph, paragraphs paired by position (the paragraph
    structures agree in these data); 1-0/0-1 sentences become units of their own.
    Two-way only. Note that at the UDHR paragraph level the baseline can never cross a
    para boundary, so its multi-sentence paras are right by construction.

Timings are the median over ``--repeat`` runs of segmentation + alignment of all
documents of a row (scoring excluded).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from nltk.translate import gale_church

from tm.align import Unit, align
from tm.evaluate import score
from tm.segment import segment
from tm.textnorm import clean_text

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
LANGS = ("en", "ru", "kk")
FLORES_FILES = {"en": "eng_Latn.devtest", "ru": "rus_Cyrl.devtest", "kk": "kaz_Cyrl.devtest"}
UDHR_FILES = {"en": "udhr_eng.xml", "ru": "udhr_rus.xml", "kk": "udhr_kaz.xml"}
UDHR_NS = "{http://efele.net/udhr}"
CONFIGS = [("en", "ru"), ("en", "kk"), ("en", "ru", "kk")]
MERGE_P = 0.08
CREDITS = {
    "FLORES": "FLORES-200 devtest (NLLB Team 2022; Goyal et al. 2022), CC BY-SA 4.0, via Helsinki-NLP/OPUS-MT-testsets",
    "UDHR": "OHCHR UDHR Translation Project, via the UDHR in XML project (Eric Muller), public domain",
}

_WORD = re.compile(r"[^\W\d_][\w\-\u2010'’]*")
_END = re.compile(r"[.!?\u2026]+([\"'»”’)\]]*)\s*$")


# ---------------------------------------------------------------- documents and gold


@dataclass
class Doc:
    """One test document: per language a list of paragraphs of (gold) sentences."""

    name: str
    paras: dict[str, list[list[str]]]
    # per language, per paragraph: the original sentence indices each sentence covers
    cover: dict[str, list[list[tuple[int, int]]]] = field(default_factory=dict)
    n_orig: list[int] = field(default_factory=list)  # original sentences per paragraph
    udhr: bool = False
    cache: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return "\n\n".join(" ".join(p) for p in self.paras[lang])


@dataclass
class Gold:
    """A gold unit: per language (paragraph, first, last sentence index inside it)."""

    span: dict[str, tuple[int, int, int]]
    texts: dict[str, str]
    exact: bool  # scored exactly (tm.evaluate.score) or at the paragraph level (UDHR)


def capitalised_names(sentences: list[str]) -> set[str]:
    """Words that occur capitalised after the first word of a sentence."""
    names = set()
    for sent in sentences:
        for k, m in enumerate(_WORD.finditer(sent)):
            if k and m.group(0)[0].isupper():
                names.add(m.group(0))
    return names


def merge_two(first: str, second: str, lang: str, names: set[str], rng: random.Random) -> str:
    """Join two sentences into one that a splitter will not cut again."""
    head = _END.sub(r"\1", first.rstrip())
    joiner = "; " if lang == "en" else rng.choice(["; ", ", "])
    m = _WORD.search(second)
    if m and m.start() <= 3:
        word = m.group(0)
        keep = word in names or (len(word) > 1 and word.isupper())
        if not keep:
            second = second[: m.start()] + word[0].lower() + second[m.start() + 1 :]
    return head + joiner + second.lstrip()


def flores_docs(folder: Path, seed: int) -> list[Doc]:
    lines = {lang: (folder / f).read_text(encoding="utf-8").splitlines() for lang, f in FLORES_FILES.items()}
    urls = [row.split("\t")[0] for row in (folder / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    n = len(urls)
    assert all(len(v) == n for v in lines.values()), "FLORES files are not line-aligned"
    names = {lang: capitalised_names(v) for lang, v in lines.items()}
    rng = random.Random(seed)
    articles: list[list[int]] = []
    for i, url in enumerate(urls):
        if i and url == urls[i - 1]:
            articles[-1].append(i)
        else:
            articles.append([i])
    docs = []
    for a, idx in enumerate(articles):
        sizes = []
        for block in _well_formed_blocks(idx, lines):
            left = len(block)
            while left:
                k = rng.randint(2, 6)
                if left - k == 1:
                    k = k + 1 if k < 6 else k - 1
                k = min(k, left)
                sizes.append(k)
                left -= k
        doc = Doc(f"flores article {a + 1} (lines {idx[0] + 1}-{idx[-1] + 1})", {l: [] for l in LANGS},
                  {l: [] for l in LANGS}, sizes)
        start = 0
        for size in sizes:
            rows = idx[start : start + size]
            start += size
            for lang in LANGS:
                sents, cover = [lines[lang][rows[0]].strip()], [(0, 0)]
                for k in range(1, size):
                    nxt = lines[lang][rows[k]].strip()
                    if rng.random() < MERGE_P:
                        sents[-1] = merge_two(sents[-1], nxt, lang, names[lang], rng)
                        cover[-1] = (cover[-1][0], k)
                    else:
                        sents.append(nxt)
                        cover.append((k, k))
                doc.paras[lang].append(sents)
                doc.cover[lang].append(cover)
        docs.append(doc)
    return docs


_ENDS = re.compile(r"[.?!…][\"'»”’)\]]*$")
_STARTS_LOWER = re.compile(r"^[\"'«“‘(\[]*[a-zа-яёәғқңөұүһі]")


def _well_formed_blocks(idx: list[int], lines: dict[str, list[str]]) -> list[list[int]]:
    """Cut an article where running its lines together would not make well-formed text:
    after a line that has no end punctuation in some language (a heading or a FLORES
    artefact) and before a line that starts in lower case in some language. Paragraphs
    are then built inside these blocks, so no paragraph contains a run-on sentence that
    no translator wrote."""
    blocks: list[list[int]] = [[]]
    for pos, i in enumerate(idx):
        if blocks[-1] and any(_STARTS_LOWER.match(lines[lang][i].strip()) for lang in lines):
            blocks.append([])
        blocks[-1].append(i)
        if pos + 1 < len(idx) and not all(_ENDS.search(lines[lang][i].strip()) for lang in lines):
            blocks.append([])
    return [b for b in blocks if b]


def flores_gold(doc: Doc, langs: tuple[str, ...]) -> list[Gold]:
    """Finest grouping of original sentences consistent with the merges on ``langs``."""
    gold = []
    for p, n in enumerate(doc.n_orig):
        runs: list[list[int]] = []
        for k in range(n):
            if runs and _linked(doc, langs, p, k):
                runs[-1].append(k)
            else:
                runs.append([k])
        for run in runs:
            span, texts = {}, {}
            for lang in langs:
                ids = [s for s, (lo, hi) in enumerate(doc.cover[lang][p]) if lo >= run[0] and hi <= run[-1]]
                # a line dropped in this language: an empty side (b < a)
                span[lang] = (p, ids[0], ids[-1]) if ids else (p, 0, -1)
                texts[lang] = clean_text(" ".join(doc.paras[lang][p][s] for s in ids))
            gold.append(Gold(span, texts, True))
    return gold


def _linked(doc: Doc, langs: tuple[str, ...], p: int, k: int) -> bool:
    """Is original sentence k merged with k-1 on any of ``langs``?"""
    return any(lo < k <= hi for lang in langs for lo, hi in doc.cover[lang][p])


def udhr_docs(folder: Path) -> tuple[list[Doc], int, int]:
    articles: dict[str, dict[str, list[str]]] = {}
    for lang, f in UDHR_FILES.items():
        root = ET.parse(folder / f).getroot()
        for art in root.iter(f"{UDHR_NS}article"):
            paras = [clean_text("".join(p.itertext())) for p in art.iter(f"{UDHR_NS}para")]
            articles.setdefault(art.get("number"), {})[lang] = paras
    docs, skipped = [], 0
    for number, paras in articles.items():
        if len(paras) != len(LANGS) or len({len(v) for v in paras.values()}) != 1 or not all(
            all(p for p in v) for v in paras.values()
        ):
            skipped += 1
            continue
        docs.append(Doc(f"UDHR article {number}", {l: [[p] for p in paras[l]] for l in LANGS},
                        n_orig=[1] * len(paras["en"]), udhr=True))
    return docs, len(articles), skipped


def udhr_gold(doc: Doc, langs: tuple[str, ...], tm_seg: dict[str, list[list[str]]]) -> list[Gold]:
    gold = []
    for p in range(len(doc.n_orig)):
        single = all(len(tm_seg[lang][p]) == 1 for lang in langs)
        span = {lang: (p, 0, len(tm_seg[lang][p]) - 1) for lang in langs}
        texts = {lang: clean_text(doc.paras[lang][p][0]) for lang in langs}
        gold.append(Gold(span, texts, single))
    return gold


# ---------------------------------------------------------------- systems

_NAIVE = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_])")


def naive_split(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _NAIVE.finditer(paragraph):
        if paragraph[m.end()].isupper():
            out.append(paragraph[start : m.start()].strip())
            start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def baseline(texts: dict[str, str], langs: tuple[str, str]) -> tuple[dict[str, list[list[str]]], list[Unit]]:
    src_l, tgt_l = langs
    seg = {lang: [naive_split(clean_text(p)) for p in texts[lang].split("\n\n")] for lang in langs}
    units: list[Unit] = []
    for p, (src, tgt) in enumerate(zip(seg[src_l], seg[tgt_l], strict=True)):
        links = gale_church.align_blocks([len(s) for s in src], [len(t) for t in tgt])
        groups: list[tuple[set[int], set[int]]] = []
        for i, j in links:
            if groups and (i in groups[-1][0] or j in groups[-1][1]):
                groups[-1][0].add(i)
                groups[-1][1].add(j)
            else:
                groups.append(({i}, {j}))
        si = ti = 0

        def emit(s_ids, t_ids):
            units.append(Unit({src_l: [src[k] for k in s_ids], tgt_l: [tgt[k] for k in t_ids]}, p, 1.0))

        for s_set, t_set in groups:
            while si < min(s_set):
                emit([si], [])
                si += 1
            while ti < min(t_set):
                emit([], [ti])
                ti += 1
            emit(sorted(s_set), sorted(t_set))
            si, ti = max(si, max(s_set) + 1), max(ti, max(t_set) + 1)
        for k in range(si, len(src)):
            emit([k], [])
        for k in range(ti, len(tgt)):
            emit([], [k])
    return seg, units


def run_tm(texts: dict[str, str], langs: tuple[str, ...], lexicon=None) -> tuple[dict[str, list[list[str]]], list[Unit]]:
    segs = {lang: segment(texts[lang], lang) for lang in langs}
    result = align(segs, lexicon=lexicon) if lexicon is not None else align(segs)
    return {lang: s.paragraphs for lang, s in segs.items()}, result.units


# ---------------------------------------------------------------- evaluation


def unit_positions(seg: dict[str, list[list[str]]], units: list[Unit], langs) -> list[dict[str, list[tuple[int, int]]]]:
    """(paragraph, sentence index) of every sentence of every unit, by walking units in order."""
    flat = {lang: [(p, k, s) for p, para in enumerate(seg[lang]) for k, s in enumerate(para)] for lang in langs}
    cursor = {lang: 0 for lang in langs}
    out = []
    for u in units:
        pos = {}
        for lang in langs:
            pos[lang] = []
            for s in u.sentences.get(lang, []):
                p, k, expect = flat[lang][cursor[lang]]
                assert expect == s, f"unit order differs from sentence order ({lang})"
                pos[lang].append((p, k))
                cursor[lang] += 1
        out.append(pos)
    return out


def char_spans(paras: list[list[str]], texts: list[str]) -> list[list[tuple[int, int]]]:
    """Character span of each sentence inside its cleaned paragraph text."""
    out = []
    for para, text in zip(paras, texts, strict=True):
        spans, cur = [], 0
        for s in para:
            s = clean_text(s)
            at = text.find(s, cur)
            if at < 0:
                at = cur
            spans.append((at, at + len(s)))
            cur = at + len(s)
        out.append(spans)
    return out


@dataclass
class Row:
    dataset: str
    langs: tuple[str, ...]
    gold: int = 0
    tm_exact: int = 0
    base_exact: int | None = None
    tm_lenient: int = 0
    n_exact: int = 0
    base_lenient: int | None = None
    tm_secs: float = 0.0
    base_secs: float | None = None
    categories: Counter = field(default_factory=Counter)
    examples: list[tuple[str, str, Gold, list[Unit]]] = field(default_factory=list)
    scored: list[tuple[float, bool]] = field(default_factory=list)  # (unit score, unit right)


def _gold_spans(doc: Doc, lang: str) -> list[list[tuple[int, int]]]:
    key = ("_spans", lang)
    if key not in doc.cache:
        doc.cache[key] = char_spans(doc.paras[lang], [clean_text(" ".join(x)) for x in doc.paras[lang]])
    return doc.cache[key]


def overlap(doc: Doc, g: Gold, lang: str, seg) -> tuple[list[int], bool, bool]:
    """Produced sentences (indices into ``seg``'s paragraph) overlapping the gold unit's text;
    whether one of them crosses the gold unit's edge (a missed sentence boundary); whether
    there are more of them than gold sentences (an over-split)."""
    p, a, b = g.span[lang]
    if b < a:
        return [], False, False
    if doc.udhr:
        return list(range(len(seg[lang][p]))), False, False
    gsp = _gold_spans(doc, lang)[p]
    lo, hi = gsp[a][0], gsp[b][1]
    tsp = char_spans([seg[lang][p]], [clean_text(" ".join(doc.paras[lang][p]))])[0]
    ids = [k for k, (s, e) in enumerate(tsp) if s < hi and e > lo]
    crosses = any(tsp[k][0] < lo or tsp[k][1] > hi for k in ids)
    return ids, crosses, len(ids) > b - a + 1


def evaluate_doc(doc: Doc, gold: list[Gold], seg, units, langs, row: Row | None = None) -> tuple[int, int]:
    """(gold units right, gold units not crossed); with ``row``, records why tm's wrong ones are wrong.

    *Right* is the official rule (tm.evaluate.score for exact units, the paragraph rule for
    UDHR multi-sentence paras). *Not crossed* is a lenient diagnostic: no produced sentence
    and no produced unit crosses the gold unit's edges (same or finer grouping)."""
    refs = [g.texts for g in gold if g.exact]
    wrong_ids = {id(r) for r in score(refs, units, langs).wrong}
    positions = unit_positions(seg, units, langs)
    touching: dict[tuple[str, int, int], int] = {}
    for n, pos in enumerate(positions):
        for lang in langs:
            for p, k in pos[lang]:
                touching[(lang, p, k)] = n
    right = lenient = 0
    verdicts: dict[int, list[bool]] = {}
    for g in gold:
        ov = {lang: overlap(doc, g, lang, seg) for lang in langs}
        allowed = {(lang, g.span[lang][0], k) for lang in langs for k in ov[lang][0]}
        units_here = sorted({touching[key] for key in allowed})
        inside = [all((lang, p, k) in allowed for lang in langs for p, k in positions[n][lang]) for n in units_here]
        crossed = [lang for lang in langs if ov[lang][1]]
        ok = id(g.texts) not in wrong_ids if g.exact else all(inside)
        right += ok
        # right at the gold's granularity: nothing crosses the gold unit, and every produced
        # piece inside it has every language (a correct refinement of a multi-sentence line)
        present = [lang for lang in langs if g.texts[lang]]
        good = all(inside) and not crossed and all(
            units[n].sentences.get(lang) for n in units_here for lang in present
        )
        lenient += good
        if row is not None:
            for n in units_here:
                verdicts.setdefault(n, []).append(bool(good))
        if ok or row is None:
            continue
        cat = classify_error(doc, g, [units[n] for n in units_here], inside, crossed,
                             [lang for lang in langs if ov[lang][2]], langs)
        row.categories[cat] += 1
        row.examples.append((doc.name, cat, g, [units[n] for n in units_here]))
    if row is not None:
        # a produced unit is right when it lies inside one gold unit that came out right
        for n, unit in enumerate(units):
            v = verdicts.get(n, [])
            row.scored.append((unit.score, len(v) == 1 and v[0]))
    return right, lenient


def classify_error(doc: Doc, g: Gold, made: list[Unit], inside: list[bool], crossed, oversplit, langs) -> str:
    shape = "-".join(str(g.span[lang][2] - g.span[lang][1] + 1) for lang in langs)
    tag = " [UDHR para]" if doc.udhr else (" [gold 1:1]" if set(shape.split("-")) == {"1"} else " [gold with merge]")
    if crossed:
        return f"segmentation: a produced sentence crosses the gold edge ({','.join(crossed)}){tag}"
    over = f" after over-split ({','.join(oversplit)})" if oversplit else ""
    if len(made) == 1:
        return f"alignment: too coarse, joined with a neighbour{over}{tag}"
    if all(inside):
        if all(u.sentences.get(lang) for u in made for lang in langs):
            return f"finer than gold: split into n-way pieces, each with every language{over}{tag}"
        return f"alignment: split, a piece lacks a language (1-0/0-1){over}{tag}"
    return f"alignment: boundary shifted, units cross the gold edge{over}{tag}"


# ---------------------------------------------------------------- main


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        result = result or out
    return result, statistics.median(times)


def bench_dataset(name: str, docs: list[Doc], repeat: int, lexicon=None) -> list[Row]:
    rows = []
    texts = [{lang: d.text(lang) for lang in LANGS} for d in docs]
    for langs in CONFIGS:
        row = Row(name, langs)
        tm_out, row.tm_secs = timed(lambda: [run_tm(t, langs, lexicon) for t in texts], repeat)
        golds = []
        for doc, (seg, units) in zip(docs, tm_out, strict=True):
            gold = udhr_gold(doc, langs, seg) if doc.udhr else flores_gold(doc, langs)
            golds.append(gold)
            row.gold += len(gold)
            row.n_exact += sum(g.exact for g in gold)
            ok, lenient = evaluate_doc(doc, gold, seg, units, langs, row)
            row.tm_exact += ok
            row.tm_lenient += lenient
        if len(langs) == 2:
            base_out, row.base_secs = timed(lambda: [baseline(t, langs) for t in texts], repeat)
            res = [evaluate_doc(doc, gold, seg, units, langs)
                   for doc, gold, (seg, units) in zip(docs, golds, base_out, strict=True)]
            row.base_exact = sum(r[0] for r in res)
            row.base_lenient = sum(r[1] for r in res)
        rows.append(row)
    return rows


def corpus_lexicons(data: Path) -> dict:
    """Lexicons learned from whole line-aligned corpora (a stand-in for a TM's units)."""
    from align_news import NTREX_FILES
    from tm.lexicon import from_units

    def units(folder: Path, files: dict[str, str]) -> list[dict[str, str]]:
        lines = {lang: (folder / f).read_text(encoding="utf-8").splitlines() for lang, f in files.items()}
        return [{lang: lines[lang][i] for lang in files} for i in range(len(lines["en"]))]

    fl = units(data / "flores200-devtest-ru-en-kk", FLORES_FILES)
    nt = units(data / "ntrex128-ru-en-kk", NTREX_FILES)
    return {"flores": from_units(fl, LANGS), "ntrex": from_units(nt, LANGS), "both": from_units(fl + nt, LANGS)}


def ntrex_rows(folder: Path, seed: int, sets: set[str], repeat: int, lexicon=None) -> list[Row]:
    from align_news import CONSTRUCTIONS, ntrex_docs

    rows = []
    for part, held_out in (("ntrex-tune", False), ("ntrex", True)):
        if part not in sets:
            continue
        for construction in CONSTRUCTIONS:
            docs = ntrex_docs(folder, seed, construction, held_out)
            name = f"NTREX {construction} ({'held-out' if held_out else 'tune'})"
            rows += bench_dataset(name, docs, repeat, lexicon)
    return rows


def print_scores(rows: list[Row]) -> None:
    """Does the unit score predict a right unit? Share of produced units that are right, by score band."""
    print("\nUnit scores (produced units; right = inside one gold unit that came out right):")
    header = ["dataset", "languages", "units", "score >= 0.9", "right %", "0.5 <= score < 0.9", "right %",
              "score < 0.5", "right %"]
    table = []
    for r in rows:
        cells = [r.dataset, "-".join(r.langs), str(len(r.scored))]
        for lo, hi in ((0.9, 2.0), (0.5, 0.9), (-1.0, 0.5)):
            band = [ok for sc, ok in r.scored if lo <= sc < hi]
            cells += [str(len(band)), f"{100 * sum(band) / len(band):.1f}" if band else "n/a"]
        table.append(cells)
    from synthetic import print_table

    print_table(header, table, left={0, 1})


def machine() -> str:
    from synthetic import cpu_model

    model = cpu_model()
    u = platform.uname()
    return (f"machine: {u.system} {u.release} {u.machine}; CPU: {model or 'unknown'}; "
            f"{os.cpu_count()} CPUs; Python {platform.python_version()}")


def cut(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sets", default="flores,udhr,ntrex",
                    help="comma-separated: flores, udhr, ntrex (held-out half), ntrex-tune (tune half)")
    ap.add_argument("--lexicon", choices=["text", "corpus"], default="text",
                    help="text: each document's own lexicon only (as `tm import`); corpus: plus a lexicon "
                         "learned from the OTHER corpus's lines, as a TM's units would give (NTREX rows: "
                         "FLORES; FLORES rows: NTREX; UDHR: both)")
    args = ap.parse_args(argv)
    repeat = max(1, args.repeat)
    sets = set(args.sets.split(","))
    lex = corpus_lexicons(args.data) if args.lexicon == "corpus" else {}

    flores = flores_docs(args.data / "flores200-devtest-ru-en-kk", args.seed)
    udhr, n_articles, skipped = udhr_docs(args.data / "udhr-ru-en-kk")
    merges = {lang: sum(hi - lo for d in flores for c in d.cover[lang] for lo, hi in c) for lang in LANGS}

    print(f"tm alignment benchmark  (seed {args.seed}, repeat {repeat}, data {args.data})")
    print(machine())
    print(f"data: FLORES — {CREDITS['FLORES']}")
    print(f"      UDHR   — {CREDITS['UDHR']}")
    print(f"FLORES: {len(flores)} article documents, {sum(len(d.n_orig) for d in flores)} paragraphs of 2-6 sentences; "
          f"merges made (p={MERGE_P}): " + ", ".join(f"{l} {merges[l]}" for l in LANGS))
    print(f"UDHR: {len(udhr)} of {n_articles} articles (equal para counts), {sum(len(d.n_orig) for d in udhr)} paras; "
          "a para that is one sentence in every language (tm.segment) is scored exactly, "
          "otherwise at paragraph level (right if no produced unit overlapping it crosses its boundary)")
    print("baseline: naive regex splitter + nltk gale_church.align_blocks per paragraph, two-way only")
    print(f"lexicon: {args.lexicon}" + (" (each document's own)" if args.lexicon == "text" else
          " (each document's own + one learned from the other corpus)"))
    print()

    rows: list[Row] = []
    if "flores" in sets:
        rows += bench_dataset("FLORES", flores, repeat, lex.get("ntrex"))
    if "udhr" in sets:
        rows += bench_dataset("UDHR", udhr, repeat, lex.get("both"))
    rows += ntrex_rows(args.data / "ntrex128-ru-en-kk", args.seed, sets, repeat, lex.get("flores"))

    header = ["dataset", "languages", "gold units", "tm right %", "baseline right %",
              "tm exact %", "baseline exact %", "tm s", "baseline s"]
    table = [header]
    for r in rows:
        table.append([
            r.dataset, "-".join(r.langs), str(r.gold),
            f"{100 * r.tm_lenient / r.gold:.1f}",
            "n/a (2-way only)" if r.base_lenient is None else f"{100 * r.base_lenient / r.gold:.1f}",
            f"{100 * r.tm_exact / r.gold:.1f}",
            "n/a" if r.base_exact is None else f"{100 * r.base_exact / r.gold:.1f}",
            f"{r.tm_secs:.3f}", "n/a" if r.base_secs is None else f"{r.base_secs:.3f}",
        ])
    from synthetic import print_table

    print_table(header, table[1:], left={0, 1})
    print("(right %: gold units reproduced at the gold's granularity: no produced sentence or unit crosses\n"
          " the gold unit, and every produced piece inside it has every language, so a line of two sentences\n"
          " aligned as two 1-1 pieces counts as right; exact %: one produced unit equals the gold unit;\n"
          " tm s / baseline s: median seconds over the repeats for segmentation + alignment of all documents)")

    print_scores(rows)
    print("UDHR gold units scored exactly (one sentence per language) / at paragraph level: "
          + ", ".join(f"{'-'.join(r.langs)} {r.n_exact}/{r.gold - r.n_exact}" for r in rows if r.dataset == "UDHR"))
    print("\nWhy tm's wrong units are wrong (counts per row):")
    for r in rows:
        print(f"  {r.dataset} {'-'.join(r.langs)}: {r.gold - r.tm_exact} wrong")
        for cat, k in r.categories.most_common():
            print(f"    {k:4d}  {cat}")

    for name in ("FLORES", "UDHR"):
        r = next((x for x in rows if x.dataset == name and len(x.langs) == 3), None)
        if r is None:
            continue
        print(f"\nExamples of units tm got wrong ({name}, en-ru-kk; gold vs. produced units overlapping it):")
        # one example per category, real errors first, at most 5
        order = sorted(r.categories, key=lambda c: (c.startswith("finer"), -r.categories[c]))[:5]
        if not order:
            print("  none")
        for cat in order:
            doc_name, _, g, made = next(e for e in r.examples if e[1] == cat)
            print(f"  [{doc_name}] {cat}")
            for lang in r.langs:
                print(f"    gold {lang}: {cut(g.texts[lang])}")
            for k, u in enumerate(made[:3]):
                print(f"    tm unit {k + 1} ({u.shape(r.langs)}):")
                for lang in r.langs:
                    print(f"      {lang}: {cut(u.text(lang))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
