"""A word index of the project's own, in portable SQL: which variants contain which word.

Two tables, created by ``TM.init()`` with the rest of the schema:

- ``lookup_term``: one row per (base language, word of the search form) with its
  document frequency ``df`` (how many variants contain it);
- ``lookup_posting``: (term id, search-form length, variant id), the primary key itself,
  so the postings of a word within a length window are one index range.

Lookup does not OR every query word (that scores a fifth of the TM per query, as
TMDB does): it picks the query's *rarest* words, reads only their postings inside the
length window that the minimum score allows, and ranks variants by the summed
informativeness (idf) of the words they share. Only the best :data:`CANDIDATES` are
scored with an edit distance by :mod:`tm.lookup`. The tuning constants below were set
with ``bench/lookup_bench.py`` (see docs/lookup.md).

Why words and not character trigrams: a near repeat keeps most of its words, and a
word's postings are ~4x fewer than a sentence's trigrams; the benchmark compares both.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter

from typing import Any

from sqlalchemy import Column, Integer, UniqueConstraint, bindparam, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel

from tm.index.base import WordQuery
from tm.store.models import Unit, Variant

#: At most this many of the query's rarest words are used to find candidates.
MAX_TERMS = 8
#: ... and at least this many (when the query has them), whatever their frequency.
MIN_TERMS = 3
#: Words beyond MIN_TERMS are added only while the summed document frequency of the
#: chosen words stays below this, so a query of common words cannot read half the TM.
POSTINGS_BUDGET = 20_000
#: A query longer than this many distinct words uses its longest ones (long words are rare).
MAX_QUERY_WORDS = 200
#: Words are indexed and looked up truncated to this many characters.
MAX_WORD_CHARS = 40
#: Concordance intersects with a word's postings only when it has at most this many.
MAX_CONCORDANCE_ROWS = 100_000
#: Statement chunk for IN lists and bulk writes.
CHUNK = 500


class LookupTerm(SQLModel, table=True):
    __tablename__ = "lookup_term"
    __table_args__ = (UniqueConstraint("lang", "term", name="uq_lookup_term_lang_term"),)

    id: int | None = Field(default=None, primary_key=True)
    lang: str = Field(max_length=35, description="base language subtag of the variants (en, ru, kk)")
    term: str = Field(max_length=MAX_WORD_CHARS, description="a word of the search form")
    df: int = Field(default=0, description="how many variants contain the word")


class LookupPosting(SQLModel, table=True):
    __tablename__ = "lookup_posting"
    __table_args__ = {"sqlite_with_rowid": False}

    term_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    length: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    variant_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))


#: INSERT ... ON CONFLICT DO NOTHING, where the dialect has it.
_UPSERT = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}

TERM = LookupTerm.__table__
POSTING = LookupPosting.__table__
# Derived from the variants: `tm copy` leaves them out and the target builds its own index.
TERM.info["derived"] = POSTING.info["derived"] = True


def base_lang(tag: str) -> str:
    """``kk-Cyrl-KZ`` -> ``kk`` (no validation: tags in the store are already canonical)."""
    return tag.split("-", 1)[0].lower()


def words(search: str) -> set[str]:
    """The distinct indexable words of a search form."""
    return {w[:MAX_WORD_CHARS] for w in search.split()}


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


VariantRow = tuple[int, str, str]  # (variant id, lang tag, search form)


class LocalTerms:
    """The words of one import, numbered locally (0, 1, ...) as they are first seen, with
    their document frequencies; the bulk paths of :meth:`WordIndex.units_added` stage
    postings under these numbers and map them to term ids in SQL once every word is known
    (so new terms are still created in one sorted batch)."""

    __slots__ = ("_by_tag", "_by_lang", "keys", "df")

    def __init__(self) -> None:
        self._by_tag: dict[str, dict[str, int]] = {}  # lang tag -> word -> local number
        self._by_lang: dict[str, dict[str, int]] = {}  # base language -> the same dicts
        #: local number -> (base language, word)
        self.keys: list[tuple[str, str]] = []
        #: local number -> how many of the import's variants contain the word
        self.df: Counter[int] = Counter()

    def ids(self, lang: str, search: str) -> list[int]:
        """The local numbers of the distinct words of ``search`` (same words as :func:`words`)."""
        local = self._by_tag.get(lang)
        if local is None:
            key_lang = base_lang(lang)
            local = self._by_tag[lang] = self._by_lang.setdefault(key_lang, {})
        ws = set(search.split())
        if ws and max(map(len, ws)) > MAX_WORD_CHARS:
            ws = {w[:MAX_WORD_CHARS] for w in ws}
        ids = list(map(local.get, ws))
        if None in ids:
            key_lang = base_lang(lang)
            keys = self.keys
            for k, w in enumerate(ws):
                if ids[k] is None:
                    ids[k] = local[w] = len(keys)
                    keys.append((key_lang, w))
        self.df.update(ids)
        return ids  # type: ignore[return-value]

    def rows(self) -> Iterator[tuple[int, str, str, int]]:
        """(local number, base language, word, df) of every word."""
        df = self.df
        for i, (lang, w) in enumerate(self.keys):
            yield i, lang, w, df[i]


class WordIndex:
    """The word index on any SQL database (see the module docstring)."""

    #: Delete a word's row when its last variant goes. A database with concurrent writers
    #: keeps it (df 0, harmless) so that an importer never loses a term id it has just read.
    prune_terms = True

    # -- store hook ---------------------------------------------------------------

    def units_added(self, session: Session, doc_id: str) -> None:
        self._apply(session, self._doc_variants(session, doc_id), +1)

    def document_removed(self, session: Session, doc_id: str) -> None:
        self._apply(session, self._doc_variants(session, doc_id), -1)

    def rebuild(self, session: Session) -> None:
        session.execute(delete(POSTING))
        session.execute(delete(TERM))
        ids: dict[tuple[str, str], int] = {}
        df: Counter[tuple[str, str]] = Counter()

        def postings() -> Iterator[tuple[int, int, int]]:
            for vid, lang, search in self._all_variants(session):
                key_lang = base_lang(lang)
                length = len(search)
                for w in words(search):
                    key = (key_lang, w)
                    tid = ids.get(key)
                    if tid is None:
                        tid = ids[key] = len(ids) + 1
                    df[key] += 1
                    yield tid, length, vid

        self._load_postings(session, postings())
        self._insert_terms(session, [{"id": tid, "lang": k[0], "term": k[1], "df": df[k]} for k, tid in ids.items()])
        self._refresh_statistics(session)

    def is_empty(self, session: Session) -> bool:
        return session.execute(select(TERM.c.id).limit(1)).first() is None

    # -- queries --------------------------------------------------------------------

    def candidates(
        self, session: Session, query: str, lang: str, limit: int, lengths: tuple[int, int] | None = None
    ) -> list[int]:
        terms = sorted(words(query), key=len, reverse=True)[:MAX_QUERY_WORDS]
        if not terms or limit <= 0:
            return []
        found: list[tuple[int, int]] = []  # (df, term id)
        for chunk in _chunks(terms):
            found.extend(
                (df, tid)
                for tid, df in session.execute(
                    select(TERM.c.id, TERM.c.df).where(TERM.c.lang == base_lang(lang), TERM.c.term.in_(chunk))
                )
                if df > 0
            )
        chosen = _rarest(found)
        if not chosen:
            return []
        weight = {tid: math.log(1 + 1e6 / df) for df, tid in chosen}
        stmt = select(POSTING.c.term_id, POSTING.c.variant_id).where(POSTING.c.term_id.in_(list(weight)))
        if lengths is not None:
            stmt = stmt.where(POSTING.c.length.between(*lengths))
        score: dict[int, float] = {}
        get = score.get
        for tid, vid in session.execute(stmt):
            score[vid] = get(vid, 0.0) + weight[tid]
        best = heapq.nlargest(limit, score.items(), key=itemgetter(1))
        return [vid for vid, _ in best]

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
        page = list(session.execute(
            select(POSTING.c.variant_id).where(POSTING.c.term_id.in_(rarest), POSTING.c.variant_id > after)
            .distinct().order_by(POSTING.c.variant_id).limit(limit)
        ).scalars())
        if not page:
            return []
        kept = set(page)
        for total, tids in others:
            if total > MAX_CONCORDANCE_ROWS:
                break  # too common to be worth intersecting: the caller checks the text anyway
            kept &= set(session.execute(
                select(POSTING.c.variant_id).where(POSTING.c.term_id.in_(tids), POSTING.c.variant_id.between(page[0], page[-1]))
            ).scalars())
        kept.add(page[-1])  # the cursor for the next page (the caller checks every text anyway)
        return sorted(kept)

    # -- writing ----------------------------------------------------------------------

    def _apply(self, session: Session, rows: list[VariantRow], sign: int) -> None:
        """Add (sign +1) or remove (-1) the postings of ``rows`` and adjust the frequencies."""
        if not rows:
            return
        per_variant = [(vid, base_lang(lang), len(search), words(search)) for vid, lang, search in rows]
        df = Counter((lang, w) for _, lang, _, ws in per_variant for w in ws)
        ids = self._term_ids(session, list(df), create=sign > 0)
        postings = sorted(
            (ids[(lang, w)], length, vid) for vid, lang, length, ws in per_variant for w in ws if (lang, w) in ids
        )
        if sign > 0:
            self._insert_postings(session, postings)
        else:
            for chunk in _chunks(postings, 5000):
                session.execute(
                    delete(POSTING).where(
                        POSTING.c.term_id == bindparam("t"), POSTING.c.length == bindparam("n"),
                        POSTING.c.variant_id == bindparam("v"),
                    ),
                    [{"t": t, "n": n, "v": v} for t, n, v in chunk],
                )
        # In term-id order, so that concurrent importers lock the rows they share in one order.
        updates = sorted(({"tid": ids[key], "delta": sign * n} for key, n in df.items() if key in ids),
                         key=itemgetter("tid"))
        for chunk in _chunks(updates, 5000):
            session.execute(
                update(TERM).where(TERM.c.id == bindparam("tid")).values(df=TERM.c.df + bindparam("delta")), chunk
            )
        if sign < 0 and self.prune_terms:
            touched = [u["tid"] for u in updates]
            for chunk in _chunks(touched):
                session.execute(delete(TERM).where(TERM.c.id.in_(chunk), TERM.c.df <= 0))

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

    def _insert_terms(self, session: Session, rows: list[dict[str, object]]) -> None:
        for chunk in _chunks(rows, 20_000):
            session.execute(insert(TERM), list(chunk))

    def _insert_postings(self, session: Session, postings: Sequence[tuple[int, int, int]]) -> None:
        for chunk in _chunks(postings, 20_000):
            session.execute(insert(POSTING), [{"term_id": t, "length": n, "variant_id": v} for t, n, v in chunk])

    def _load_postings(self, session: Session, postings: Iterable[tuple[int, int, int]]) -> None:
        """Bulk-load the postings of a rebuild (in any order) into the empty table."""
        batch: list[tuple[int, int, int]] = []
        for p in postings:
            batch.append(p)
            if len(batch) >= 100_000:
                self._insert_postings(session, batch)
                batch = []
        self._insert_postings(session, batch)

    def _refresh_statistics(self, session: Session) -> None:
        """Keep the planner's statistics fresh (database-specific; nothing by default)."""

    # -- reading the store ----------------------------------------------------------------

    def _doc_variants(self, session: Session, doc_id: str) -> list[VariantRow]:
        stmt = (
            select(Variant.id, Variant.lang, Variant.search)
            .join(Unit, Unit.id == Variant.unit_id)  # type: ignore[arg-type]
            .where(Unit.doc_id == doc_id, Variant.search != "")  # type: ignore[arg-type]
        )
        return [tuple(r) for r in session.execute(stmt)]  # type: ignore[misc]

    def _all_variants(self, session: Session, batch: int = 50_000) -> Iterable[VariantRow]:
        last = 0
        while True:
            rows = session.execute(
                select(Variant.id, Variant.lang, Variant.search)
                .where(Variant.id > last, Variant.search != "")  # type: ignore[arg-type, operator]
                .order_by(Variant.id).limit(batch)  # type: ignore[arg-type]
            ).all()
            if not rows:
                return
            yield from rows  # type: ignore[misc]
            last = rows[-1][0]


def _rarest(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (df, term id) pairs to read: the rarest MIN_TERMS, then more while within budget."""
    found.sort()
    chosen: list[tuple[int, int]] = []
    total = 0
    for df, tid in found[:MAX_TERMS]:
        if len(chosen) >= MIN_TERMS and total + df > POSTINGS_BUDGET:
            break
        chosen.append((df, tid))
        total += df
    return chosen
