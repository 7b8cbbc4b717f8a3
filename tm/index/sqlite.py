"""SQLite-specific parts of the word index. Everything here runs only on SQLite
(chosen by dialect in :func:`tm.index.index_for`); the SQL elsewhere is portable.

- A block is written in set-based SQL: its words, frequencies and blobs go into a TEMP
  table with one ``executemany``; the new words are created in sorted order, the
  frequencies added and the blocks copied in term-id order, each in one statement
  (a block has one row per distinct word, tens of thousands for a large import).
- Lookups map the database file into memory (``PRAGMA mmap_size``, :data:`MMAP_BYTES`).
- Statistics: ``ANALYZE`` after a rebuild, ``PRAGMA optimize`` after an import, so the
  planner keeps choosing the index ranges (without statistics SQLite can pick a plan
  that takes seconds per query, as TMDB shows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session

from tm.index.candidates import CandidateSet
from tm.index.words import WordIndex, pack


#: Bytes of the database file a lookup connection maps into memory: the postings it reads
#: then come straight from the OS page cache instead of being copied through SQLite's.
MMAP_BYTES = 1 << 32

#: UPDATE ... FROM, for the set-based block write (SQLite 3.33; older ones take the portable path).
SET_BASED = sqlite3.sqlite_version_info >= (3, 33)


def _dbapi(session: Session) -> Any:
    """The sqlite3 connection under the session's transaction."""
    return session.connection().connection.driver_connection


class SqliteWordIndex(WordIndex):
    def candidate_set(
        self, session: Session, query: str, lang: str, limit: int, lengths: tuple[int, int] | None = None,
        enough: Callable[[list[int]], bool] | None = None,
    ) -> CandidateSet:
        conn = session.connection()
        if not conn.info.get("tm_lookup_mmap"):  # once per pooled connection
            conn.exec_driver_sql(f"PRAGMA mmap_size={MMAP_BYTES}")
            conn.info["tm_lookup_mmap"] = True
        return super().candidate_set(session, query, lang, limit, lengths, enough)

    def _lock(self, session: Session, exclusive: bool, wait: bool = True) -> bool:
        # One writer at a time already; but Python's sqlite3 module starts a transaction only
        # at the first write, so reads before it (a delete's first) could see a state another
        # writer is about to change: take the writer lock now, as tm.store.edit does.
        db = _dbapi(session)
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        return True

    def _write_block(
        self, session: Session, doc_id: str, seq: int, keys: list[tuple[str, str]], postings: list[list[int]]
    ) -> None:
        if not SET_BASED:
            super()._write_block(session, doc_id, seq, keys, postings)
            return
        db = _dbapi(session)
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS lookup_add (lang TEXT, term TEXT, n INTEGER, postings BLOB, tid INTEGER)"
        )
        db.execute("DELETE FROM temp.lookup_add")
        db.executemany(
            "INSERT INTO temp.lookup_add (lang, term, n, postings) VALUES (?, ?, ?, ?)",
            ((lang, term, len(p), pack(p)) for (lang, term), p in zip(keys, postings, strict=True)),
        )
        # New words in sorted order (BINARY collation: code point order, as Python sorts).
        db.execute(
            "INSERT INTO lookup_term (lang, term, df) SELECT a.lang, a.term, 0 FROM temp.lookup_add a "
            "WHERE NOT EXISTS (SELECT 1 FROM lookup_term t WHERE t.lang = a.lang AND t.term = a.term) "
            "ORDER BY a.lang, a.term ON CONFLICT (lang, term) DO NOTHING"
        )
        db.execute(
            "UPDATE temp.lookup_add SET tid = (SELECT t.id FROM lookup_term t "
            "WHERE t.lang = lookup_add.lang AND t.term = lookup_add.term)"
        )
        db.execute("UPDATE lookup_term SET df = df + a.n FROM temp.lookup_add a WHERE lookup_term.id = a.tid")
        db.execute(
            "INSERT INTO lookup_block (term_id, doc_id, seq, n, postings) "
            "SELECT tid, ?, ?, n, postings FROM temp.lookup_add ORDER BY tid",
            (doc_id, seq),
        )
        db.execute("DELETE FROM temp.lookup_add")

    def _insert_blocks(self, session: Session, rows: Sequence[tuple[int, str, int, int, bytes]]) -> None:
        _dbapi(session).executemany(
            "INSERT INTO lookup_block (term_id, doc_id, seq, n, postings) VALUES (?, ?, ?, ?, ?)", rows
        )

    def _insert_terms(self, session: Session, rows: list[tuple[int, str, str, int]]) -> None:
        _dbapi(session).executemany("INSERT INTO lookup_term (id, lang, term, df) VALUES (?, ?, ?, ?)", rows)

    def _refresh_statistics(self, session: Session, full: bool = True) -> None:
        db = _dbapi(session)
        if full:
            db.execute("ANALYZE lookup_term")
            db.execute("ANALYZE lookup_block")
        else:
            db.execute("PRAGMA optimize")
