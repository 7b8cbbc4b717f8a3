"""A word index of the project's own, in portable SQL: which variants contain which word.

Two tables (:mod:`tm.index.tables`), created by ``TM.init()`` with the rest of the schema:

- ``lookup_term``: one row per (base language, word of the search form) with its
  document frequency ``df`` (how many variants contain it);
- ``lookup_block``: the postings of one word, as one row per word and block. An import
  writes its document's blocks (``doc_id`` = the document, one per :data:`BLOCK_VARIANTS`
  variants); now and then they are compacted into one block per word and chunk of
  variant ids (``doc_id`` = ``''``, :mod:`tm.index.compact`), which is also what a
  rebuild writes. A block's ``postings`` blob holds (search-form length, variant id)
  pairs sorted by length, so the postings of a word within a length window are a binary
  search away (see :func:`pack`).

Why blocks and not a row per posting: a unit has dozens of postings, and a B-tree row
each would bound an import's speed whatever else it did. A block row holds all of a
word's postings from many variants, so an import writes about one row per distinct word
instead of one per word occurrence. An importer writes only rows of its own document, so
importers do not contend; compaction keeps the rows a lookup reads per word bounded
however many documents the TM has. (Sizes and speeds: docs/tmx.md, docs/lookup.md.)

Lookup does not OR every query word (that scores a fifth of the TM per query, as
TMDB does): it reads the postings of the query's *rarest* words inside the length
window that the minimum score allows, counts per variant the words it holds and scores
every variant above a count threshold; what that covers is stated with each lookup
(:mod:`tm.index.candidates`). The budgets were set with ``bench/lookup_bench.py``
(see docs/lookup.md).

Why words and not character trigrams: a near repeat keeps most of its words, and a
word's postings are far fewer than a sentence's trigrams; the benchmark compares both.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from tm.lang import base_language
from tm.index import compact as compaction
from tm.index.base import WordQuery
from tm.index.blocks import BlockBuilder, chunks as _chunks, words
from tm.index.candidates import FIRST, MORE, WANTED, CandidateSet, empty
from tm.index.tables import (  # noqa: F401  (LookupBlock, LookupTerm, pack: used through this module)
    BLOCK, TERM, LookupBlock, LookupTerm, pack, unpack,
)
from tm.store.hooks import VariantRow
from tm.store.models import Variant

if TYPE_CHECKING:
    from tm.index.counting import Counting

#: INSERT ... ON CONFLICT DO NOTHING, where the dialect has it.
_UPSERT = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}

#: A query longer than this many distinct words uses its longest ones (long words are rare).
MAX_QUERY_WORDS = 200
#: Concordance intersects with a word's postings only when it has at most this many.
MAX_CONCORDANCE_ROWS = 100_000
#: Variants per block: the postings of this many variants are held in memory (about
#: 20 MB for three-language sentences) and then written, one row per distinct word.
BLOCK_VARIANTS = 100_000
#: Names the layout of the index tables, so a cached benchmark TM knows when to rebuild.
INDEX_FORMAT = "words-blocks-2"


base_lang = base_language  # the index's key for a tag: its base language (tm.lang)


class _Feed:
    """The :class:`tm.store.hooks.VariantFeed` of one document: its variants go into blocks
    of its own; when enough documents have blocks of their own, they are compacted."""

    def __init__(self, index: WordIndex, session: Session, doc_id: str) -> None:
        self.index, self.session = index, session
        index._lock(session, exclusive=False)
        self.builder = BlockBuilder(
            lambda seq, keys, postings: index._write_block(session, doc_id, seq, keys, postings), BLOCK_VARIANTS
        )

    def add(self, rows: Sequence[VariantRow]) -> None:
        self.builder.add(rows)

    def close(self) -> None:
        self.builder.flush()
        self.index.compact_if_due(self.session)
        self.index._refresh_statistics(self.session, full=False)


class WordIndex:
    """The word index on any SQL database (see the module docstring)."""

    #: Delete a word's row when its last variant goes. A database with concurrent writers
    #: keeps it (df 0, harmless) so that an importer never loses a term id it has just read.
    prune_terms = True

    # -- store hook ---------------------------------------------------------------

    def adding(self, session: Session, doc_id: str) -> _Feed:
        return _Feed(self, session, doc_id)

    def document_removed(self, session: Session, doc_id: str) -> None:
        """Delete the document's own blocks, and take its variants (still stored) out of
        the compacted blocks."""
        self._lock(session, exclusive=True)
        removed: dict[int, int] = defaultdict(int)
        for tid, n in session.execute(
            select(BLOCK.c.term_id, func.sum(BLOCK.c.n)).where(BLOCK.c.doc_id == doc_id).group_by(BLOCK.c.term_id)
        ):
            removed[tid] += int(n)
        session.execute(delete(BLOCK).where(BLOCK.c.doc_id == doc_id))
        if compaction.has_compacted(session):
            for rows in compaction.document_variants(session, doc_id):
                for tid, n in compaction.take_out(self, session, rows).items():
                    removed[tid] += n
        self._forget(session, removed)

    def _forget(self, session: Session, removed: dict[int, int]) -> None:
        """Lower the frequencies of the words whose postings went (term id -> how many);
        words left with none are deleted (see :attr:`prune_terms`)."""
        self._add_df(session, sorted((tid, -n) for tid, n in removed.items() if n))
        if self.prune_terms:
            for chunk in _chunks(sorted(removed)):
                session.execute(delete(TERM).where(TERM.c.id.in_(chunk), TERM.c.df <= 0))

    def compact_if_due(self, session: Session) -> None:
        """Compact when more than :data:`tm.index.compact.COMPACT_AFTER` documents have
        blocks of their own, unless another writer holds the table (then a later import will)."""
        bound = compaction.COMPACT_AFTER
        if compaction.own_documents(session, bound) > bound and self._lock(session, exclusive=True, wait=False):
            compaction.compact(self, session)

    def compact(self, session: Session) -> None:
        """Merge every document's own blocks into the compacted blocks (see :mod:`tm.index.compact`)."""
        self._lock(session, exclusive=True)
        compaction.compact(self, session)

    def _lock(self, session: Session, exclusive: bool, wait: bool = True) -> bool:
        """Take the lock on the blocks that a writer of them needs (:mod:`tm.index.pg`); False
        when ``wait`` is false and another writer holds it. A database with one writer at a
        time needs none."""
        return True

    def rebuild(self, session: Session) -> None:
        """Build the index from every stored variant, as compacted blocks. The tables start
        empty, so the word ids are given here and the words written once at the end with
        their final frequencies: no statement per word while the blocks are written."""
        session.execute(delete(BLOCK))
        session.execute(delete(TERM))
        ids: dict[tuple[str, str], int] = {}
        df = [0]  # by term id (ids start at 1)

        def write(seq: int, keys: list[tuple[str, str]], postings: list[list[int]]) -> None:
            tids = []
            for key, p in zip(keys, postings, strict=True):
                tid = ids.get(key)
                if tid is None:
                    tid = ids[key] = len(df)
                    df.append(0)
                df[tid] += len(p)
                tids.append(tid)
            self._insert_blocks(session, _block_rows(tids, compaction.COMPACTED, seq, postings))

        builder = BlockBuilder(write)  # one block per chunk of ids: flushed when the chunk changes
        for rows in self._all_variants(session):
            for chunk, run in groupby(rows, key=lambda r: r[0] >> compaction.CHUNK_BITS):
                if chunk != builder.seq:
                    builder.flush()
                    builder.seq = chunk
                builder.add(run)
        builder.flush()
        self._insert_terms(session, [(tid, lang, term, df[tid]) for (lang, term), tid in ids.items()])
        self._refresh_statistics(session, full=True)

    def is_empty(self, session: Session) -> bool:
        return session.execute(select(TERM.c.id).limit(1)).first() is None

    # -- queries --------------------------------------------------------------------

    def candidates(
        self, session: Session, query: str, lang: str, limit: int, lengths: tuple[int, int] | None = None
    ) -> list[int]:
        return self.candidate_set(session, query, lang, limit, lengths).ids

    def candidate_set(
        self, session: Session, query: str, lang: str, limit: int, lengths: tuple[int, int] | None = None,
        enough: Callable[[list[int]], bool] | None = None,
    ) -> CandidateSet:
        """The variants to score and what that covers (the rule is in :mod:`tm.index.candidates`)."""
        terms = sorted(words(query), key=len, reverse=True)[:MAX_QUERY_WORDS]
        if not terms or limit <= 0:
            return empty(len(terms))
        found: list[tuple[int, int]] = []  # (df, term id)
        for chunk in _chunks(terms):
            found.extend(
                (df, tid)
                for tid, df in session.execute(
                    select(TERM.c.id, TERM.c.df).where(TERM.c.lang == base_lang(lang), TERM.c.term.in_(chunk))
                )
                if df > 0
            )
        if not found:
            return empty(len(terms))
        found.sort()
        from tm.index.counting import Counting  # numpy: loaded by the first lookup, not at start-up

        counting = Counting()
        conn = session.connection()  # Core: no ORM layer per statement
        # The rarest word first, alone: how many of its postings fall inside the window tells
        # how many more words the budget allows; those are then read with one statement.
        df0, tid0 = found[0]
        first = conn.execute(select(BLOCK.c.postings).where(BLOCK.c.term_id == tid0)).scalars().all()
        counting.add(first, df0, lengths)
        self._read(conn, counting, counting.plan(found[1:], FIRST), lengths)
        picked = counting.select(len(terms), len(terms) - len(found), limit)
        # Common words: spend more for the promise, unless the caller has what it needs.
        if picked.coverage.max_missing < WANTED and not (enough is not None and enough(picked.ids)):
            self._read(conn, counting, counting.plan(found[counting.read :], MORE), lengths)
            picked = counting.select(len(terms), len(terms) - len(found), limit, max(limit, MORE.scored))
        return picked

    @staticmethod
    def _read(conn: Any, counting: Counting, plan: list[tuple[int, int]], lengths: tuple[int, int] | None) -> None:
        """Count the postings of the words planned (one statement)."""
        if not plan:
            return
        rows = conn.execute(
            select(BLOCK.c.term_id, BLOCK.c.postings).where(BLOCK.c.term_id.in_([tid for _, tid in plan]))
        ).all()
        by_term: dict[int, list[bytes]] = defaultdict(list)
        for tid, blob in rows:
            by_term[tid].append(blob)
        for df, tid in plan:
            counting.add(by_term[tid], df, lengths)

    def containing(
        self, session: Session, words_: Sequence[WordQuery], lang: str, limit: int, after: int = 0
    ) -> list[int]:
        forms = []  # per word: (summed df, term ids)
        for wq in words_:
            rows = session.execute(
                select(TERM.c.id, TERM.c.term, TERM.c.df).where(
                    TERM.c.lang == base_lang(lang), TERM.c.term >= wq.prefix, TERM.c.term < wq.prefix + "\U0010ffff"
                )
            )
            hits = [(tid, df) for tid, term, df in rows if df > 0 and wq.accepts(term)]
            if not hits:
                return []
            forms.append((sum(df for _, df in hits), [tid for tid, _ in hits]))
        if not forms:
            return []
        forms.sort(key=itemgetter(0))
        (_, rarest), *others = forms
        page = heapq.nsmallest(limit, {vid for vid in self._variant_ids(session, rarest) if vid > after})
        if not page:
            return []
        kept = set(page)
        for total, tids in others:
            if total > MAX_CONCORDANCE_ROWS:
                break  # too common to be worth intersecting: the caller checks the text anyway
            kept &= self._variant_ids(session, tids)
        kept.add(page[-1])  # the cursor for the next page (the caller checks every text anyway)
        return sorted(kept)

    def _variant_ids(self, session: Session, term_ids: Sequence[int]) -> set[int]:
        """Every variant id in the postings of ``term_ids``."""
        out: set[int] = set()
        for chunk in _chunks(term_ids):
            for (blob,) in session.execute(select(BLOCK.c.postings).where(BLOCK.c.term_id.in_(chunk))):
                out.update(unpack(blob)[1])
        return out

    # -- writing ----------------------------------------------------------------------

    def _write_block(
        self, session: Session, doc_id: str, seq: int, keys: list[tuple[str, str]], postings: list[list[int]]
    ) -> None:
        """Store one block of a document: per word (``keys``) its sorted postings; words
        new to the TM get their rows, and every word's frequency grows by its postings."""
        ids = self._term_ids(session, keys, create=True)
        tids = [ids[k] for k in keys]
        self._insert_blocks(session, _block_rows(tids, doc_id, seq, postings))
        self._add_df(session, sorted(zip(tids, map(len, postings))))

    def _add_df(self, session: Session, deltas: Sequence[tuple[int, int]]) -> None:
        """Add to the document frequencies; in term-id order, so that concurrent importers
        lock the rows they share in one order."""
        for chunk in _chunks(deltas, 5000):
            session.execute(
                update(TERM).where(TERM.c.id == bindparam("tid")).values(df=TERM.c.df + bindparam("delta")),
                [{"tid": tid, "delta": n} for tid, n in chunk],
            )

    def _term_ids(self, session: Session, keys: list[tuple[str, str]], create: bool) -> dict[tuple[str, str], int]:
        ids: dict[tuple[str, str], int] = {}
        by_lang: dict[str, list[str]] = {}
        for lang, w in keys:
            by_lang.setdefault(lang, []).append(w)
        for lang, terms in by_lang.items():
            for chunk in _chunks(terms):
                for tid, term in session.execute(
                    select(TERM.c.id, TERM.c.term).where(TERM.c.lang == lang, TERM.c.term.in_(chunk))
                ):
                    ids[(lang, term)] = tid
        missing = sorted(k for k in keys if k not in ids)
        if create and missing:
            self._create_terms(session, missing)
            ids.update(self._term_ids(session, missing, create=False))
        return ids

    def _create_terms(self, session: Session, keys: list[tuple[str, str]]) -> None:
        """Insert new terms with df 0, in sorted order; a term another importer has just
        created is left as it is (on PostgreSQL this waits for that importer to finish)."""
        name = session.get_bind().dialect.name
        stmt: Any = insert(TERM)
        if name in _UPSERT:
            stmt = _UPSERT[name](TERM).on_conflict_do_nothing(index_elements=["lang", "term"])
        for chunk in _chunks(keys, 5000):
            session.execute(stmt, [{"lang": lang, "term": w, "df": 0} for lang, w in chunk])

    def _insert_terms(self, session: Session, rows: list[tuple[int, str, str, int]]) -> None:
        """Insert (id, lang, term, df) rows into the empty word table (a rebuild)."""
        for chunk in _chunks(rows, 20_000):
            session.execute(insert(TERM), [{"id": i, "lang": lang, "term": t, "df": n} for i, lang, t, n in chunk])

    def _insert_blocks(self, session: Session, rows: Sequence[tuple[int, str, int, int, bytes]]) -> None:
        """Insert (term id, document, block number, postings, blob) rows."""
        for chunk in _chunks(rows, 5000):
            session.execute(
                insert(BLOCK), [{"term_id": t, "doc_id": d, "seq": q, "n": n, "postings": b} for t, d, q, n, b in chunk]
            )

    def _refresh_statistics(self, session: Session, full: bool = True) -> None:
        """Keep the planner's statistics fresh (database-specific; nothing by default)."""

    # -- reading the store ----------------------------------------------------------------

    def _all_variants(self, session: Session, batch: int = 50_000) -> Iterator[list[VariantRow]]:
        """Every variant with a search form as (id, lang tag, search form), in id order, a page at a time."""
        last = 0
        while True:
            rows = session.execute(
                select(Variant.id, Variant.lang, Variant.search)
                .where(Variant.id > last, Variant.search != "")  # type: ignore[arg-type, operator]
                .order_by(Variant.id).limit(batch)  # type: ignore[arg-type]
            ).all()
            if not rows:
                return
            yield [tuple(r) for r in rows]  # type: ignore[misc]
            last = rows[-1][0]


def _block_rows(
    tids: list[int], doc_id: str, seq: int, postings: list[list[int]]
) -> list[tuple[int, str, int, int, bytes]]:
    """The ``lookup_block`` rows of one block, per word its term id and packed postings, in
    term-id order: the table's b-tree is then written in one sweep, not at random places."""
    return sorted((tid, doc_id, seq, len(p), pack(p)) for tid, p in zip(tids, postings, strict=True))
