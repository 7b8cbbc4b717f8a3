"""SQLite-specific parts of the word index. Everything here runs only on SQLite
(chosen by dialect in :func:`tm.index.index_for`); the SQL elsewhere is portable.

- Bulk loading for a rebuild: postings go unsorted into a TEMP table and are then
  copied in primary-key order, so the WITHOUT ROWID b-tree is written sequentially
  (SQLite's external sorter does the sorting, in C, in bounded memory).
- Statistics: ``ANALYZE`` after a rebuild, ``PRAGMA optimize`` after an import, so the
  planner keeps choosing the index ranges (without statistics SQLite can pick a plan
  that takes seconds per query, as TMDB shows).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from sqlmodel import Session

from tm.index.words import WordIndex

#: Rows per executemany call when bulk loading.
LOAD_BATCH = 200_000


def _dbapi(session: Session) -> Any:
    """The sqlite3 connection under the session's transaction."""
    return session.connection().connection.driver_connection


class SqliteWordIndex(WordIndex):
    def units_added(self, session: Session, doc_id: str) -> None:
        super().units_added(session, doc_id)
        self._refresh_statistics(session, full=False)

    def _insert_postings(self, session: Session, postings: Sequence[tuple[int, int, int]]) -> None:
        _dbapi(session).executemany(
            "INSERT INTO lookup_posting (term_id, length, variant_id) VALUES (?, ?, ?)", postings
        )

    def _load_postings(self, session: Session, postings: Iterable[tuple[int, int, int]]) -> None:
        db = _dbapi(session)
        db.execute("DROP TABLE IF EXISTS temp.lookup_posting_load")
        db.execute("CREATE TEMP TABLE lookup_posting_load (term_id INTEGER, length INTEGER, variant_id INTEGER)")
        it = iter(postings)
        while batch := list(islice(it, LOAD_BATCH)):
            db.executemany("INSERT INTO temp.lookup_posting_load VALUES (?, ?, ?)", batch)
        db.execute(
            "INSERT INTO lookup_posting (term_id, length, variant_id) "
            "SELECT term_id, length, variant_id FROM temp.lookup_posting_load ORDER BY 1, 2, 3"
        )
        db.execute("DROP TABLE temp.lookup_posting_load")

    def _refresh_statistics(self, session: Session, full: bool = True) -> None:
        db = _dbapi(session)
        if full:
            db.execute("ANALYZE lookup_term")
            db.execute("ANALYZE lookup_posting")
        else:
            db.execute("PRAGMA optimize")
