#!/usr/bin/env python3
"""Fuzzy-lookup benchmark: ``tm lookup`` against an exhaustive scan and Translate Toolkit's TMDB.

Usage::

    python bench/lookup_bench.py [--sizes 10k,100k,1M] [--queries 100] [--seed 1] [--fts5] [--no-tmdb]
                                 [--postgres URL] [--tm zipf|small] [--sets exact,near,...] [--scan-cache]

Data
    Synthetic English–Russian TMs of each size, deterministic from ``--seed``. English
    sentences draw words from a Zipf distribution (exponent 1.05) over a 60,000-word
    vocabulary whose head is the English letter in corpora/ (real function words and
    their real frequencies) and whose tail is pronounceable made-up words; sentence
    length is log-normal around 17 words (3–60); 30% of sentences carry a capitalised
    name from a pool of 3,000 and 15% a number (a year or an amount). The Russian
    side is a word-for-word rendering through a made-up Cyrillic dictionary.
    ``--tm small``: the same generator over a vocabulary of 2,000 words (the letter's
    1,188, then made-up ones), the hard case for a word index: every word is common. Units go
    in as documents of 10,000 with ``TM.import_documents``; the built databases are
    cached in bench/out/ (git-ignored) with the measured index build time and size.

Query sets (``--queries`` each, from a separate seeded stream, ``--query-seed``)
    exact: the English side of a random unit; near: the same with 1–3 random word
    edits (substitute, insert or delete); short: a random stored sentence of 5–9 words
    with the same edits; common: 5–9 words drawn from the 50 most common (no planted
    source: their matches are chance resemblances, the hardest case there is for any
    index); unrelated: a new sentence from the generator.

Systems, on the same TM in the same run
    tm: ``tm.lookup.Lookup`` loaded once, ``--min 70``, limit 5; the index build time
    is ``WordIndex.rebuild`` on the imported units, its size from SQLite's dbstat.
    scan: an exhaustive rapidfuzz ``process.extractOne`` over the normalised English
    side of every unit in memory, with tm's scorer (Levenshtein percentage), cutoff 70.
    It is the ground truth: the true best *final* score is the best of tm's scoring
    (penalties included) over the scan's top 20 by raw score (exact, because
    penalties only lower scores; the bench checks that the 20th raw score is below it).
    recall@5 = share of the queries whose true best is >= 70 (--min; column n) for which
    tm's five matches include one with that score (within 0.1; tm ranks by final score,
    so it is then its first). ``--scan-cache`` keeps the scan's result beside the TM for
    the same queries. E p5 and E p50 are the 5th percentile and median of the words a
    stored text may lack and still be sure to be scored (tm.index.candidates).
    tmdb: ``translate.storage.tmdb.TMDB`` from translate-toolkit 3.18.1 (with
    python-Levenshtein) in its own virtualenv, bench/out/venv-ttk, created on first
    use, equivalent to::

        python -m venv bench/out/venv-ttk && bench/out/venv-ttk/bin/pip install translate-toolkit==3.18.1 Levenshtein

    min_similarity 75, 3 candidates, ``ANALYZE`` run after loading. Its recall uses
    tm's scoring of its top source. At 1M it gets ``--tmdb-queries`` (default 30) per set.
    fts5 (with ``--fts5``): the index design not chosen, SQLite FTS5 with the trigram
    tokenizer over the English search forms, queried selectively (see :func:`run_fts5`).
    tm-pg (with ``--postgres URL``): the same ``Lookup`` on PostgreSQL, candidates from
    the same word index (``tm.index.pg``); the TM is put there with ``tm copy`` into a
    schema ``bench_lookup_<size>_s<seed>`` that is kept for later runs.
    pg_trgm (with ``--postgres URL``): the design not chosen for PostgreSQL, candidates
    from ``search % query`` on the GIN trigram index (default similarity threshold 0.3),
    best PG_TRGM_CANDIDATES by ``similarity``, scored like tm (see :func:`run_pg_trgm`).
    Above 10k units it gets ``--trgm-queries`` (default 20) per set; at 1M it is not run.

Latency is wall time per query; the table shows p50 and p95 (of one run), and the CPU
time of the same queries (what other jobs on a shared machine do not inflate). Before
timing, each database is read once into the OS page cache (a TM in daily use is cached; a
cold 1.5 GB file would measure the disk) and each engine answers one untimed query.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
VENV = OUT / "venv-ttk"
DOC_UNITS = 10_000
VOCAB = 60_000
ZIPF = 1.05
NAMES = 3_000
MIN_SCORE = 70.0
RECALL_FROM = MIN_SCORE
#: The small-vocabulary TM (``--tm small``): this many words, the letter's own first.
SMALL_VOCAB = 2_000
#: Short queries draw their 5-9 words from this many most common words.
SHORT_WORDS = 50
TRUTH_TOP = 50
FTS5_TERMS = 12
FTS5_CANDIDATES = 50
PG_TRGM_CANDIDATES = 50

_SYL_EN = ["ba", "con", "der", "fi", "gra", "hol", "in", "ker", "lo", "man", "nor", "pe", "quin", "ros", "sta",
           "ter", "un", "ver", "wil", "xe", "yor", "zan", "ment", "tion", "ly", "er", "al", "ic"]
_SYL_RU = ["ба", "во", "ге", "да", "же", "зи", "ко", "ла", "ми", "но", "по", "ра", "си", "ту", "фе", "хо", "це",
           "че", "ша", "ще", "ем", "ов", "ий", "ая", "ость", "ение", "ный", "ска"]


# -- data ------------------------------------------------------------------------------


class Generator:
    """Seeded sentence generator (see the module docstring)."""

    def __init__(self, seed: int, vocab: int = VOCAB) -> None:
        rnd = random.Random(seed)
        letter = (ROOT / "corpora" / "ablyazov-duvanov-2" / "en.txt").read_text(encoding="utf-8")
        counts: dict[str, int] = {}
        for w in re.findall(r"[a-z]+", letter.lower()):
            counts[w] = counts.get(w, 0) + 1
        head = sorted(counts, key=lambda w: -counts[w])
        words = list(head)
        seen = set(words)
        while len(words) < vocab:
            w = "".join(rnd.choice(_SYL_EN) for _ in range(rnd.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words = words[:vocab]
        weights = [1 / (r + 1) ** ZIPF for r in range(len(words))]
        total = 0.0
        self.cum = []
        for x in weights:
            total += x
            self.cum.append(total)
        self.names = []
        while len(self.names) < NAMES:
            n = "".join(rnd.choice(_SYL_EN) for _ in range(rnd.randint(2, 3))).capitalize()
            if n.lower() not in seen:
                self.names.append(n)
        ru_seen: set[str] = set()
        self.ru: dict[str, str] = {}
        for w in [*words, *(n.lower() for n in self.names)]:
            while True:
                r = "".join(rnd.choice(_SYL_RU) for _ in range(rnd.randint(2, 4)))
                if r not in ru_seen:
                    ru_seen.add(r)
                    self.ru[w] = r
                    break

    def word(self, rnd: random.Random) -> str:
        return rnd.choices(self.words, cum_weights=self.cum)[0]

    def sentence(self, rnd: random.Random) -> list[str]:
        n = max(3, min(60, round(rnd.lognormvariate(math.log(15.5), 0.45))))
        ws = rnd.choices(self.words, cum_weights=self.cum, k=n)
        if rnd.random() < 0.3:
            ws.insert(rnd.randrange(1, n), rnd.choice(self.names))
        if rnd.random() < 0.15:
            ws.insert(rnd.randrange(1, n), str(rnd.randint(1990, 2025)) if rnd.random() < 0.6 else str(rnd.randint(2, 999)))
        return ws

    @staticmethod
    def english(ws: list[str]) -> str:
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def russian(self, ws: list[str]) -> str:
        out = [self.ru.get(w.lower(), w) for w in ws]
        out = [o.capitalize() if w[:1].isupper() else o for o, w in zip(out, ws)]
        return out[0].capitalize() + " " + " ".join(out[1:]) + "."

    def edit(self, ws: list[str], rnd: random.Random) -> list[str]:
        ws = list(ws)
        for _ in range(rnd.randint(1, 3)):
            op = rnd.choice("sid") if len(ws) > 3 else "i"
            i = rnd.randrange(len(ws))
            if op == "s":
                ws[i] = self.word(rnd)
            elif op == "i":
                ws.insert(i, self.word(rnd))
            else:
                del ws[i]
        return ws


def size_label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k"


def parse_size(text: str) -> int:
    t = text.strip().lower()
    return int(float(t[:-1]) * (1_000_000 if t.endswith("m") else 1000)) if t[-1] in "km" else int(t)


def sentences(gen: Generator, seed: int, n: int):
    rnd = random.Random(seed)
    for _ in range(n):
        yield gen.sentence(rnd)


def tm_path(n: int, seed: int, kind: str = "", doc_units: int = DOC_UNITS) -> Path:
    """The cached TM's file: documents of another size than DOC_UNITS, whose index is what
    imports left, are kept per index format (:data:`tm.index.words.INDEX_FORMAT`)."""
    from tm.index.words import INDEX_FORMAT

    docs = "" if doc_units == DOC_UNITS else f"-d{doc_units}-{INDEX_FORMAT}"
    return OUT / f"lookup{'-' + kind if kind else ''}-{size_label(n)}{docs}-s{seed}.db"


def build_tm(gen: Generator, n: int, seed: int, kind: str = "", doc_units: int = DOC_UNITS) -> tuple[Path, dict]:
    """The cached TM of ``n`` units and its index figures. The store is built once (under a
    ``.part`` name until whole); the index is rebuilt, timed, whenever the cached one was
    made by another index format (:data:`tm.index.words.INDEX_FORMAT`). With documents
    smaller than DOC_UNITS the TM is built as a translator's grows: one import per document,
    index hook on, so the index measured is the one imports leave (not a rebuild)."""
    from tm.index.words import INDEX_FORMAT

    path = tm_path(n, seed, kind, doc_units)
    if doc_units != DOC_UNITS:
        if not path.with_suffix(".json").exists():
            build_store(gen, n, seed, path, doc_units, index=True)
            meta = {**json.loads(path.with_suffix(".json").read_text()), **index_size(path), "index_build_s": 0.0,
                    "index": INDEX_FORMAT}
            path.with_suffix(".json").write_text(json.dumps(meta))
        return path, json.loads(path.with_suffix(".json").read_text())
    meta_path = path.with_suffix(".json")
    if not (path.exists() and meta_path.exists()):
        meta_path.unlink(missing_ok=True)
        build_store(gen, n, seed, path)
    from tm.compose import TM

    TM(f"sqlite:///{path}").init()  # a TM cached by an older tm: upgraded first
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if meta.get("index") != INDEX_FORMAT:
        meta = {**meta, **rebuild_index(path), "units": n, "index": INDEX_FORMAT}
        meta_path.write_text(json.dumps(meta))
    return path, meta


def build_store(gen: Generator, n: int, seed: int, path: Path, doc_units: int = DOC_UNITS, index: bool = False) -> None:
    """The units, as documents of ``doc_units``, imported one document a transaction; with
    the index hook off unless ``index`` (then the time includes the index's)."""
    from tm.index import HOOK
    from tm.compose import TM
    from tm.store.hooks import HOOKS
    from tm.store.records import DocumentData, UnitData, VariantData

    part = path.with_name(path.name + ".part")
    for p in OUT.glob(path.name + "*"):
        p.unlink()
    tm = TM(f"sqlite:///{part}")
    tm.init()
    t0 = time.perf_counter()
    it = sentences(gen, seed, n)
    if not index:
        HOOKS.remove(HOOK)  # the store alone first; the index build is timed on its own
    try:
        for d in range(math.ceil(n / doc_units)):
            units = (
                UnitData({"en": VariantData(gen.english(ws)), "ru": VariantData(gen.russian(ws))}, bead="1-1")
                for ws in (next(it) for _ in range(min(doc_units, n - d * doc_units)))
            )
            tm.import_documents([(DocumentData(id=f"doc-{d:04d}"), ["en", "ru"], units)])
            print(f"  imported {min(n, (d + 1) * doc_units):,} units", end="\r", file=sys.stderr)
    finally:
        if not index:
            HOOKS.append(HOOK)
    store_s = time.perf_counter() - t0
    tm.engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    part.rename(path)
    path.with_suffix(".json").write_text(json.dumps({"units": n, "store_s": store_s}))


def rebuild_index(path: Path) -> dict:
    """Rebuild the lookup index of the TM at ``path`` (timed) and measure its size."""
    from tm.index import index_for
    from tm.compose import TM

    tm = TM(f"sqlite:///{path}")
    t0 = time.perf_counter()
    with tm.session() as s:
        index_for("sqlite").rebuild(s)
    build_s = time.perf_counter() - t0
    tm.engine.dispose()
    return {"index_build_s": build_s, **index_size(path)}


def index_size(path: Path) -> dict:
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = dict(con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
    index_bytes = sum(v for k, v in size.items() if k.startswith(("lookup_", "ix_lookup_", "sqlite_autoindex_lookup_")))
    return {"index_bytes": index_bytes, "db_bytes": path.stat().st_size}


def commonest_blocks(db: Path) -> int:
    """How many blocks the word with the most has: what a lookup of it reads."""
    with sqlite3.connect(db) as con:
        return con.execute("SELECT max(c) FROM (SELECT count(*) AS c FROM lookup_block GROUP BY term_id)").fetchone()[0]


def query_sets(gen: Generator, db: Path, n_units: int, k: int, seed: int, doc_units: int = DOC_UNITS
               ) -> dict[str, list[str]]:
    rnd = random.Random(seed + 1_000)
    with sqlite3.connect(db) as con:
        ids = sorted(rnd.sample(range(n_units), 2 * k))
        picked = []
        for unit_pos in ids:
            doc, pos = divmod(unit_pos, doc_units)
            (text,) = con.execute(
                "SELECT v.text FROM variant v JOIN unit u ON u.id = v.unit_id "
                "WHERE u.doc_id = ? AND u.position = ? AND v.lang = 'en'", (f"doc-{doc:04d}", pos)
            ).fetchone()
            picked.append(text)
    rnd.shuffle(picked)
    exact = picked[:k]
    near = [gen.english(gen.edit(t.rstrip(".").split(), rnd)) for t in picked[k:]]
    unrelated = [gen.english(gen.sentence(rnd)) for _ in range(k)]
    common, cum = gen.words[:SHORT_WORDS], gen.cum[:SHORT_WORDS]
    noise = [gen.english(rnd.choices(common, cum_weights=cum, k=rnd.randint(5, 9))) for _ in range(k)]
    short = [gen.english(gen.edit(t.rstrip(".").split(), rnd)) for t in short_units(db, k, rnd)]
    return {"exact": exact, "near": near, "short": short, "common": noise, "unrelated": unrelated}


def short_units(db: Path, k: int, rnd: random.Random) -> list[str]:
    """``k`` stored English sentences of 5-9 words, at random."""
    with sqlite3.connect(db) as con:
        (top,) = con.execute("SELECT max(id) FROM variant").fetchone()
        out: list[str] = []
        while len(out) < k:
            start = rnd.randrange(top)
            for (text,) in con.execute(
                "SELECT text FROM variant WHERE id > ? AND lang = 'en' ORDER BY id LIMIT 200", (start,)
            ):
                if 5 <= len(text.split()) <= 9:
                    out.append(text)
                    break
    return out


# -- systems ----------------------------------------------------------------------------


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))] if xs else float("nan")


def postgres_copy(db: Path, base_url: str, n: int, seed: int) -> tuple[str, dict]:
    """The same TM on PostgreSQL, in a schema of its own (``tm copy`` of the SQLite file; kept
    for the next run): its URL and figures (copy time, index sizes)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tm.compose import TM
    from tm.store.copy import copy_tm
    from tm.store.dialect import engine_url

    schema = f"bench_lookup_{size_label(n).lower()}_s{seed}"
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema},public"})
    url_text = url.render_as_string(hide_password=False)
    admin = create_engine(engine_url(base_url))
    with admin.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        have = conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first()
    copy_s = None
    target = TM(url_text)
    if not have or not target.has_document("doc-0000") or target.stats().units != n:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        t0 = time.perf_counter()
        copy_tm(TM(f"sqlite:///{db}"), target)
        copy_s = time.perf_counter() - t0
    with target.engine.begin() as conn:
        conn.execute(text("ANALYZE variant"))
        index_bytes = conn.execute(text("SELECT pg_relation_size('ix_variant_search_trgm')")).scalar_one()
        words_bytes = conn.execute(text(
            "SELECT pg_total_relation_size('lookup_term') + pg_total_relation_size('lookup_block')")).scalar_one()
        db_bytes = conn.execute(text(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind = 'r'"), {"s": schema}).scalar_one()
    target.engine.dispose()
    admin.dispose()
    return url_text, {"copy_s": copy_s, "index_bytes": index_bytes, "words_bytes": words_bytes, "db_bytes": db_bytes}


def warm_sqlite(db: Path) -> None:
    """Read the database file once, so that lookups meet the OS page cache as in daily use
    (a TM in use is cached; a first query against a cold 1.5 GB file measures the disk)."""
    with db.open("rb") as fh:
        while fh.read(1 << 24):
            pass


def warm_postgres(url: str) -> None:
    """The same for PostgreSQL: pg_prewarm reads the lookup tables and their indexes into
    the OS page cache (mode 'read'; they are larger than shared_buffers)."""
    from sqlalchemy import text

    from tm.compose import TM

    tm = TM(url)
    with tm.engine.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm SCHEMA public"))
        for rel in ("lookup_term", "lookup_block", "variant", "unit"):
            for oid in conn.execute(text(
                "SELECT c.oid FROM pg_class c WHERE c.oid = CAST(:r AS regclass) "
                "UNION SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = CAST(:r AS regclass)"), {"r": rel}
            ).scalars():
                conn.execute(text("SELECT public.pg_prewarm(CAST(:o AS regclass), 'read')"), {"o": oid})
    tm.engine.dispose()


def run_tm(url: str, queries: dict[str, list[str]]) -> dict[str, dict]:
    """tm's lookups: wall and CPU time per query (CPU time is what a loaded machine does not
    inflate), the top final score, and the coverage E of each query (tm.index.candidates)."""
    from tm.lookup import Lookup
    from tm.lookup.scoring import penalties
    from tm.compose import TM

    engine = Lookup(TM(url), glossary=False)
    engine.lookup("a first query loads what lookups share", "en", ["ru"], min_score=MIN_SCORE, limit=5)
    penalties("The court of Smith in 2001.", "The court of Jones in 2002.", "en")  # loads the stemmers
    out = {}
    for name, qs in queries.items():
        times, cpu, tops, missing = [], [], [], []
        for q in qs:
            t0, c0 = time.perf_counter(), time.process_time()
            r = engine.lookup(q, "en", ["ru"], min_score=MIN_SCORE, limit=5)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            tops.append(r.matches[0].score if r.matches else 0.0)
            missing.append(r.coverage.max_missing if r.coverage else -1)
        out[name] = {"times": times, "cpu": cpu, "top": tops, "E": missing}
    return out


def run_scan(db: Path, queries: dict[str, list[str]]) -> dict[str, dict]:
    """Exhaustive rapidfuzz scan (timed) and the exact best final score (untimed)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from tm.lookup.scoring import final_score, penalties
    from tm.textnorm import search_form

    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT id, search FROM variant WHERE lang = 'en' ORDER BY id").fetchall()
        ids = [r[0] for r in rows]
        choices = [r[1] for r in rows]
        del rows
        out = {}
        for name, qs in queries.items():
            times, truth = [], []
            for q in qs:
                nq = search_form(q)
                t0 = time.perf_counter()
                process.extractOne(nq, choices, scorer=Levenshtein.normalized_similarity, score_cutoff=MIN_SCORE / 100)
                times.append(time.perf_counter() - t0)
                top = process.extract(nq, choices, scorer=Levenshtein.normalized_similarity,
                                      score_cutoff=MIN_SCORE / 100, limit=TRUTH_TOP)
                best = 0.0
                for _, raw, i in top:
                    (text,) = con.execute("SELECT text FROM variant WHERE id = ?", (ids[i],)).fetchone()
                    best = max(best, final_score(raw * 100, penalties(q, text, "en")))
                if len(top) == TRUTH_TOP and top[-1][1] * 100 >= best:
                    print(f"  warning: truth may be inexact for {q[:40]!r}", file=sys.stderr)
                truth.append(best)
            out[name] = {"times": times, "truth": truth}
    return out


def cached_scan(db: Path, queries: dict[str, list[str]], use_cache: bool, beside: Path | None = None) -> dict[str, dict]:
    """run_scan, its result kept beside the TM for the same queries (``--scan-cache``): the truth
    is needed by every run while the index is tuned, and the scan takes minutes at 1M."""
    import hashlib

    if not use_cache:
        return run_scan(db, queries)
    key = hashlib.sha256(json.dumps(queries, sort_keys=True).encode()).hexdigest()[:16]
    path = (beside or db).with_suffix(f".scan-{key}.json")  # the same units however cut: one truth
    if path.exists():
        return json.loads(path.read_text())
    out = run_scan(db, queries)
    path.write_text(json.dumps(out))
    return out


def best_score(query: str, normalised: str, rows) -> float:  # noqa: ANN001
    """The best final score tm gives any of ``rows`` (search form, text), 0 below MIN_SCORE."""
    from tm.lookup.scoring import final_score, fuzzy, penalties

    best = 0.0
    for search, text in rows:
        raw = fuzzy(normalised, search, MIN_SCORE)
        if raw >= MIN_SCORE:
            best = max(best, final_score(raw, penalties(query, text, "en")))
    return best


def run_pg_trgm(url: str, queries: dict[str, list[str]]) -> dict:
    """The alternative candidate source on PostgreSQL: pg_trgm's similarity operator on the
    GIN trigram index over the English search forms, best PG_TRGM_CANDIDATES, scored like tm."""
    from sqlalchemy import text

    from tm.compose import TM
    from tm.textnorm import search_form

    query = text(
        "SELECT search, text FROM variant WHERE lang = 'en' AND search % :q "
        "ORDER BY similarity(search, :q) DESC LIMIT :k"
    )
    out = {}
    tm = TM(url)
    with tm.engine.connect() as conn:
        for name, qs in queries.items():
            times, tops = [], []
            for q in qs:
                t0 = time.perf_counter()
                nq = search_form(q)
                best = best_score(q, nq, conn.execute(query, {"q": nq, "k": PG_TRGM_CANDIDATES}))
                times.append(time.perf_counter() - t0)
                tops.append(best)
            out[name] = {"times": times, "top": tops}
    tm.engine.dispose()
    return out


def run_fts5(db: Path, queries: dict[str, list[str]]) -> dict:
    """The alternative index design: SQLite FTS5 with the trigram tokenizer, queried selectively
    (the query's FTS5_TERMS rarest trigrams by document frequency, OR-ed, best FTS5_CANDIDATES by
    bm25, scored like tm). Built in a separate file; build time and size are reported."""
    from tm.textnorm import search_form

    path = db.with_suffix(".fts5.db")
    built_s = None
    if not path.exists():
        t0 = time.perf_counter()
        con = sqlite3.connect(path)
        con.execute("CREATE VIRTUAL TABLE f USING fts5(search, tokenize='trigram')")
        con.execute("ATTACH ? AS tm", (str(db),))
        con.execute("INSERT INTO f(rowid, search) SELECT id, search FROM tm.variant WHERE lang = 'en'")
        con.execute("INSERT INTO f(f) VALUES ('optimize')")
        con.commit()
        con.close()
        built_s = time.perf_counter() - t0
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, f, 'row')")
    con.execute("ATTACH ? AS tm", (str(db),))
    out: dict = {"build_s": built_s, "size": path.stat().st_size}
    for name, qs in queries.items():
        times, tops = [], []
        for q in qs:
            t0 = time.perf_counter()
            nq = search_form(q)
            grams = sorted({nq[i : i + 3] for i in range(len(nq) - 2)})
            marks = ",".join("?" * len(grams))
            dfs = sorted((d, t) for t, d in con.execute(f"SELECT term, doc FROM temp.v WHERE term IN ({marks})", grams))
            chosen = [t for _, t in dfs[:FTS5_TERMS]]
            best = 0.0
            if chosen:
                match = " OR ".join('"' + t.replace('"', '""') + '"' for t in chosen)
                ids = [r[0] for r in con.execute(
                    "SELECT rowid FROM f WHERE f MATCH ? ORDER BY rank LIMIT ?", (match, FTS5_CANDIDATES))]
                rows = con.execute(
                    f"SELECT search, text FROM tm.variant WHERE id IN ({','.join('?' * len(ids))})", ids
                ).fetchall()
                best = best_score(q, nq, rows)
            times.append(time.perf_counter() - t0)
            tops.append(best)
        out[name] = {"times": times, "top": tops}
    con.close()
    return out


def ensure_venv() -> Path:
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "translate-toolkit==3.18.1", "Levenshtein"], check=True)
    return py


def run_tmdb(db: Path, queries: dict[str, list[str]], k: int) -> dict:
    py = ensure_venv()
    tmdb_path = db.with_suffix(".tmdb")
    qfile = OUT / "tmdb-queries.json"
    qfile.write_text(json.dumps({name: qs[:k] for name, qs in queries.items()}))
    res = subprocess.run([str(py), __file__, "--tmdb-worker", str(db), str(tmdb_path), str(qfile)],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def tmdb_worker(db: str, tmdb_path: str, qfile: str) -> None:
    """Runs inside the translate-toolkit virtualenv: build (cached) and query TMDB."""
    import logging

    logging.disable(logging.WARNING)
    from translate.storage.tmdb import TMDB

    built = os.path.exists(tmdb_path)
    t0 = time.perf_counter()
    tmdb = TMDB(tmdb_path, max_candidates=3, min_similarity=75, max_length=1000)
    if not built:
        with sqlite3.connect(db) as con:
            rows = con.execute(
                "SELECT e.text, r.text FROM variant e JOIN variant r ON r.unit_id = e.unit_id "
                "WHERE e.lang = 'en' AND r.lang = 'ru' ORDER BY e.id"
            )
            tmdb.add_list(({"source": s, "target": t, "context": ""} for s, t in rows), "en", "ru")
        tmdb.cursor.execute("ANALYZE")
        tmdb.connection.commit()
    build_s = time.perf_counter() - t0
    out: dict = {"build_s": None if built else build_s, "size": os.path.getsize(tmdb_path)}
    for name, qs in json.loads(Path(qfile).read_text()).items():
        times, tops = [], []
        for q in qs:
            t0 = time.perf_counter()
            r = tmdb.translate_unit(q, "en", "ru")
            times.append(time.perf_counter() - t0)
            tops.append(r[0]["source"] if r else None)
        out[name] = {"times": times, "top": tops}
    json.dump(out, sys.stdout)


# -- report -------------------------------------------------------------------------------


def machine() -> str:
    from synthetic import cpu_model

    cpu = cpu_model()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores{mem}; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def recall(tops: list[float], truth: list[float]) -> tuple[float, int]:
    pairs = [(t, g) for t, g in zip(tops, truth) if g >= RECALL_FROM]
    if not pairs:
        return float("nan"), 0
    return 100 * sum(t >= g - 0.1 for t, g in pairs) / len(pairs), len(pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--queries", type=int, default=100, help="queries per set")
    ap.add_argument("--tmdb-queries", type=int, default=30, help="queries per set for TMDB at 1M units and above")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--query-seed", type=int, help="seed of the query sets (default: --seed); the candidate "
                    "step was tuned on seed 1's queries, so another seed gives held-out figures")
    ap.add_argument("--tm", choices=("zipf", "small"), default="zipf",
                    help=f"zipf: a {VOCAB:,}-word vocabulary; small: {SMALL_VOCAB:,} words, the hard case for a word index")
    ap.add_argument("--scan-cache", action="store_true",
                    help="reuse the exhaustive scan's result (times and truth) for the same TM and queries")
    ap.add_argument("--sets", default="exact,near,short,common,unrelated", help="query sets to run")
    ap.add_argument("--no-tmdb", action="store_true")
    ap.add_argument("--doc-units", type=int, default=DOC_UNITS,
                    help="units per document; below the default the TM is built by one indexed import per document")
    ap.add_argument("--fts5", action="store_true", help="also measure an FTS5-trigram index (the design not chosen)")
    ap.add_argument("--postgres", metavar="URL", help="also run tm on PostgreSQL at URL (e.g. "
                    "postgresql://postgres@127.0.0.1:5432/test): the TM is copied there with tm copy")
    ap.add_argument("--trgm-queries", type=int, default=20,
                    help="queries per set for the pg_trgm row above 10k units (it is not run at 1M)")
    ap.add_argument("--tmdb-worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.tmdb_worker:
        tmdb_worker(*args.tmdb_worker)
        return
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    gen = Generator(args.seed, SMALL_VOCAB if args.tm == "small" else VOCAB)
    kind = "" if args.tm == "zipf" else args.tm
    for n in [parse_size(s) for s in args.sizes.split(",")]:
        qseed = "" if args.query_seed is None else f", query seed {args.query_seed}"
        print(f"\n== {size_label(n)} units ({args.tm} TM, seed {args.seed}{qseed}) ==", flush=True)
        db, meta = build_tm(gen, n, args.seed, kind, args.doc_units)
        queries = query_sets(gen, db, n, args.queries, args.seed if args.query_seed is None else args.query_seed,
                             args.doc_units)
        print(f"documents of {args.doc_units:,} units; the commonest word has {commonest_blocks(db):,} blocks")
        queries = {name: qs for name, qs in queries.items() if name in args.sets.split(",")}
        warm_sqlite(db)
        tm_res = run_tm(f"sqlite:///{db}", queries)
        pg_res = trgm_res = None
        if args.postgres:
            pg_url, pg_meta = postgres_copy(db, args.postgres, n, args.seed)
            warm_postgres(pg_url)
            pg_res = run_tm(pg_url, queries)
            if n < 1_000_000:  # seconds per query above: skipped at 1M
                k = min(args.queries, args.trgm_queries) if n > 10_000 else args.queries
                trgm_res = run_pg_trgm(pg_url, {name: qs[:k] for name, qs in queries.items()})
        scan = cached_scan(db, queries, args.scan_cache, tm_path(n, args.seed, kind))
        fts5 = run_fts5(db, queries) if args.fts5 else None
        tmdb = None
        if not args.no_tmdb:
            from tm.lookup.scoring import final_score, fuzzy, penalties
            from tm.textnorm import search_form

            k = args.queries if n < 1_000_000 else min(args.queries, args.tmdb_queries)
            tmdb = run_tmdb(db, queries, k)
            for name, qs in queries.items():
                tmdb[name]["score"] = [
                    final_score(fuzzy(search_form(q), search_form(src)), penalties(q, src, "en")) if src else 0.0
                    for q, src in zip(qs, tmdb[name]["top"])
                ]
        print(f"tm index: built in {meta['index_build_s']:.1f} s, {meta['index_bytes'] / 2**20:.1f} MiB "
              f"(whole db {meta['db_bytes'] / 2**20:.0f} MiB; store import {meta['store_s']:.0f} s)")
        if pg_res:
            copied = f"copied from SQLite in {pg_meta['copy_s']:.0f} s" if pg_meta["copy_s"] else "cached"
            print(f"tm-pg (PostgreSQL): {copied}, word index {pg_meta['words_bytes'] / 2**20:.0f} MiB, "
                  f"trigram index {pg_meta['index_bytes'] / 2**20:.0f} MiB (whole schema {pg_meta['db_bytes'] / 2**20:.0f} MiB)")
        if fts5:
            built = f"built in {fts5['build_s']:.1f} s" if fts5["build_s"] else "cached"
            print(f"fts5 trigram: {built}, {fts5['size'] / 2**20:.0f} MiB")
        if tmdb:
            built = f"built in {tmdb['build_s']:.1f} s" if tmdb["build_s"] else "cached"
            print(f"tmdb: {built}, {tmdb['size'] / 2**20:.0f} MiB")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'set':<10} {'system':<7} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} "
              f"{'recall@5':>9} {'n≥70':>5} {'E p5':>5} {'E p50':>5}")
        for name in queries:
            truth = scan[name]["truth"]
            rows = [("tm", tm_res[name], recall(tm_res[name]["top"], truth)),
                    ("scan", scan[name], (100.0, sum(g >= RECALL_FROM for g in truth)))]
            if pg_res:
                rows.insert(1, ("tm-pg", pg_res[name], recall(pg_res[name]["top"], truth)))
            if trgm_res:
                rows.append(("pg_trgm", trgm_res[name], recall(trgm_res[name]["top"], truth[: len(trgm_res[name]["times"])])))
            if fts5:
                rows.append(("fts5", fts5[name], recall(fts5[name]["top"], truth)))
            if tmdb:
                rows.append(("tmdb", tmdb[name], recall(tmdb[name]["score"], truth[: len(tmdb[name]["times"])])))
            for system, res, (rec, m) in rows:
                times = res["times"]
                r = f"{rec:.1f}%" if m else "–"
                cpu = (f"{1000 * statistics.median(res['cpu']):>8.2f} {1000 * pct(res['cpu'], 95):>8.2f}"
                       if "cpu" in res else f"{'–':>8} {'–':>8}")
                e = (f"{pct(res['E'], 5):>5} {statistics.median_low(res['E']):>5}" if "E" in res else f"{'–':>5} {'–':>5}")
                print(f"{name:<10} {system:<7} {1000 * statistics.median(times):>8.2f} {1000 * pct(times, 95):>8.2f} "
                      f"{cpu} {r:>9} {m:>5} {e}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
