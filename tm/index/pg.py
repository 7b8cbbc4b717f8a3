"""PostgreSQL's candidate index: the word index for fuzzy lookup, pg_trgm for concordance.

Fuzzy lookup uses the same word index as SQLite (:class:`tm.index.words.WordIndex`,
portable SQL), so candidates, ranking and scores are the same on both databases. A
trigram-similarity query (``search % :query`` on the GIN index) is the alternative,
and is far slower on sentences: every one of a sentence's many trigrams
has a long posting list, and the ``%`` operator must read them all (figures in
docs/lookup.md, ``python bench/lookup_bench.py --postgres URL``).

What PostgreSQL adds:

- Concordance finds the variants that contain each query word's stem with ``LIKE
  '%stem%'``, answered by the GIN trigram index ``ix_variant_search_trgm`` (migration
  0002), which PostgreSQL keeps up to date itself; the caller checks the text.
- Concurrent importers: new words are inserted with ``ON CONFLICT DO NOTHING`` in
  sorted order and document frequencies are updated in term-id order (so importers
  that share words wait for each other instead of deadlocking), and a word whose last
  variant goes keeps its row (see :attr:`WordIndex.prune_terms`).
- The blocks of an import or a rebuild are written with ``COPY``; ``ANALYZE`` after a
  rebuild.
- Locks on ``lookup_block`` (:meth:`PostgresIndex._lock`), so that no two transactions
  rewrite a compacted block at once (:mod:`tm.index.compact`) and none deadlocks on them:
  an importer takes ROW EXCLUSIVE before it writes any index row (importers share it);
  a delete or an edit takes SHARE ROW EXCLUSIVE, which conflicts with both, before it
  writes any index row, so it waits only for writers that wait for nothing it holds. An
  importer that already holds ROW EXCLUSIVE asks for SHARE ROW EXCLUSIVE only with
  ``NOWAIT`` and skips the compaction when another writer is busy: two importers waiting
  for each other's lock would deadlock, and compacting later loses nothing. (One case
  still upgrades and waits: an import of several documents in one transaction that
  replaces a document after writing another's blocks. Two of those at once can deadlock;
  PostgreSQL then refuses one, which rolls back whole and says so.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tm.errors import StoreError, db_reason
from tm.index.base import WordQuery
from tm.index.words import WordIndex, base_lang

#: Rows per COPY batch when bulk loading.
COPY_BATCH = 200_000
#: SQLSTATE of a lock that NOWAIT could not take.
LOCK_NOT_AVAILABLE = "55P03"


def ensure_extension(conn: Connection) -> None:
    """Create pg_trgm if it is missing, with a clear message when the role may not."""
    if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as exc:
        reason = db_reason(exc)
        raise StoreError(
            "the TM needs the PostgreSQL extension pg_trgm, and this role may not create it "
            f"({reason}): ask the database owner to run 'CREATE EXTENSION pg_trgm;' in this database"
        ) from None


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PostgresIndex(WordIndex):
    """The :class:`tm.index.base.CandidateIndex` of PostgreSQL (see the module docstring)."""

    prune_terms = False

    def containing(
        self, session: Session, words_: Sequence[WordQuery], lang: str, limit: int, after: int = 0
    ) -> list[int]:
        if not words_:
            return []
        params: dict[str, object] = {"lang": base_lang(lang), "lang_prefix": base_lang(lang) + "-%",
                                     "after": after, "limit": limit}
        likes = []
        for i, wq in enumerate(words_):
            params[f"w{i}"] = f"%{_like_escape(wq.prefix)}%"
            likes.append(f"search LIKE :w{i}")
        rows = session.execute(
            text(
                f"SELECT id FROM variant WHERE {' AND '.join(likes)} "
                "AND (lang = :lang OR lang LIKE :lang_prefix) AND id > :after ORDER BY id LIMIT :limit"
            ),
            params,
        )
        return [r[0] for r in rows]

    def _lock(self, session: Session, exclusive: bool, wait: bool = True) -> bool:
        mode = "SHARE ROW EXCLUSIVE" if exclusive else "ROW EXCLUSIVE"
        statement = f"LOCK TABLE lookup_block IN {mode} MODE"
        conn = session.connection()
        if wait:
            conn.exec_driver_sql(statement)
            return True
        conn.exec_driver_sql("SAVEPOINT tm_lookup_lock")  # a refused lock must not end the transaction
        try:
            conn.exec_driver_sql(statement + " NOWAIT")
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            conn.exec_driver_sql("ROLLBACK TO SAVEPOINT tm_lookup_lock")
            return False
        conn.exec_driver_sql("RELEASE SAVEPOINT tm_lookup_lock")
        return True

    def _copy(self, session: Session, table: str, columns: str, rows: Iterable[tuple]) -> None:
        dbapi = session.connection().connection.driver_connection
        with dbapi.cursor() as cur:
            it = iter(rows)
            while batch := list(islice(it, COPY_BATCH)):
                with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)

    def _insert_blocks(self, session: Session, rows: Sequence[tuple[int, str, int, int, bytes]]) -> None:
        # The blocks of an import are of new variants: nothing to conflict with, so COPY.
        self._copy(session, "lookup_block", "term_id, doc_id, seq, n, postings", rows)

    def _insert_terms(self, session: Session, rows: list[tuple[int, str, str, int]]) -> None:
        self._copy(session, "lookup_term", "id, lang, term, df", rows)
        # The ids were given explicitly: move the sequence past them.
        session.execute(text(
            "SELECT setval(pg_get_serial_sequence('lookup_term', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) "
            "FROM lookup_term"
        ))

    def _refresh_statistics(self, session: Session, full: bool = True) -> None:
        if full:
            session.execute(text("ANALYZE lookup_term"))
            session.execute(text("ANALYZE lookup_block"))
