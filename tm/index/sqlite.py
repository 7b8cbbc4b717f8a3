"""SQLite-specific parts of the word index. Everything here runs only on SQLite
(chosen by dialect in :func:`tm.index.index_for`); the SQL elsewhere is portable.

- Bulk loading for a rebuild: postings go unsorted into a TEMP table and are then
  copied in primary-key order, so the WITHOUT ROWID b-tree is written sequentially
  (SQLite's external sorter does the sorting, in C, in bounded memory).
- Bulk indexing of an import (:meth:`SqliteWordIndex.units_added`): one row per variant
  (its words' local numbers as a JSON array, see :class:`tm.index.words.LocalTerms`) goes
  into a TEMP table; the new words are created in sorted order, frequencies updated and
  the postings expanded with ``json_each``, mapped to term ids and inserted in
  primary-key order, all in SQL. Python holds one entry per distinct word, not the
  postings, so memory does not grow with the import.
- Statistics: ``ANALYZE`` after a rebuild, ``PRAGMA optimize`` after an import, so the
  planner keeps choosing the index ranges (without statistics SQLite can pick a plan
  that takes seconds per query, as TMDB shows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from sqlmodel import Session

from tm.index.words import LocalTerms, WordIndex

#: Rows per executemany call when bulk loading.
LOAD_BATCH = 200_000


def _dbapi(session: Session) -> Any:
    """The sqlite3 connection under the session's transaction."""
    return session.connection().connection.driver_connection


#: json_each (JSON1, built in since 3.38) and UPDATE ... FROM (3.33) for the bulk path.
BULK_ADD = sqlite3.sqlite_version_info >= (3, 38)


class SqliteWordIndex(WordIndex):
    def units_added(self, session: Session, doc_id: str) -> None:
        if BULK_ADD:
            self._add_bulk(session, doc_id)
        else:
            super().units_added(session, doc_id)
        self._refresh_statistics(session, full=False)

    def _add_bulk(self, session: Session, doc_id: str) -> None:
        db = _dbapi(session)
        terms = LocalTerms()
        ids = terms.ids
        db.execute("DROP TABLE IF EXISTS temp.lookup_add")
        db.execute("DROP TABLE IF EXISTS temp.lookup_add_term")
        db.execute("CREATE TEMP TABLE lookup_add (variant_id INTEGER, length INTEGER, ids TEXT)")
        variants = db.execute(
            "SELECT v.id, v.lang, v.search FROM variant v JOIN unit u ON u.id = v.unit_id "
            "WHERE u.doc_id = ? AND v.search != ''",
            (doc_id,),
        )
        db.executemany(
            "INSERT INTO temp.lookup_add VALUES (?, ?, ?)",
            # str() of a list of ints is its JSON array, and cheaper than json.dumps.
            ((vid, len(search), str(ids(lang, search))) for vid, lang, search in variants),
        )
        if terms.keys:
            db.execute(
                "CREATE TEMP TABLE lookup_add_term (local INTEGER PRIMARY KEY, lang TEXT, term TEXT, n INTEGER, "
                "tid INTEGER)"
            )
            db.executemany("INSERT INTO temp.lookup_add_term (local, lang, term, n) VALUES (?, ?, ?, ?)", terms.rows())
            # New words in sorted order (BINARY collation: code point order, as Python sorts).
            db.execute(
                "INSERT INTO lookup_term (lang, term, df) SELECT a.lang, a.term, 0 FROM temp.lookup_add_term a "
                "WHERE NOT EXISTS (SELECT 1 FROM lookup_term t WHERE t.lang = a.lang AND t.term = a.term) "
                "ORDER BY a.lang, a.term ON CONFLICT (lang, term) DO NOTHING"
            )
            db.execute(
                "UPDATE temp.lookup_add_term SET tid = (SELECT t.id FROM lookup_term t "
                "WHERE t.lang = lookup_add_term.lang AND t.term = lookup_add_term.term)"
            )
            db.execute(
                "UPDATE lookup_term SET df = df + a.n FROM temp.lookup_add_term a WHERE lookup_term.id = a.tid"
            )
            db.execute(
                "INSERT INTO lookup_posting (term_id, length, variant_id) "
                "SELECT a.tid, p.length, p.variant_id FROM temp.lookup_add p, json_each(p.ids) j "
                "JOIN temp.lookup_add_term a ON a.local = j.value ORDER BY 1, 2, 3"
            )
            db.execute("DROP TABLE temp.lookup_add_term")
        db.execute("DROP TABLE temp.lookup_add")

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
