"""The candidate index behind lookup and concordance, kept in step with the store.

:func:`index_for` picks the implementation for a database dialect; :data:`HOOK`
is the store hook that :mod:`tm.compose` registers, so every import, ``--replace`` and
delete updates the index in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection
from sqlmodel import Session

from tm.index.base import CandidateIndex, WordQuery
from tm.index.words import LookupBlock, LookupTerm, WordIndex
from tm.store.hooks import VariantFeed, VariantRow


def index_for(dialect: str) -> CandidateIndex:
    """The index implementation for a SQLAlchemy dialect name (``sqlite``, ``postgresql``)."""
    if dialect == "sqlite":
        from tm.index.sqlite import SqliteWordIndex

        return SqliteWordIndex()
    if dialect == "postgresql":
        from tm.index.pg import PostgresIndex

        return PostgresIndex()
    return WordIndex()


def session_index(session: Session) -> CandidateIndex:
    bind = session.get_bind()
    return index_for(bind.dialect.name)


class IndexHook:
    """The store hook: forwards to the index of the session's database."""

    def adding(self, session: Session, doc_id: str) -> VariantFeed:
        return session_index(session).adding(session, doc_id)

    def document_removed(self, session: Session, doc_id: str) -> None:
        session_index(session).document_removed(session, doc_id)

    def variants_changed(
        self, session: Session, doc_id: str, removed: Sequence[VariantRow], added: Sequence[VariantRow]
    ) -> None:
        from tm.index.edits import add_variants, remove_variants

        index = session_index(session)
        assert isinstance(index, WordIndex)
        remove_variants(index, session, doc_id, removed)
        add_variants(index, session, doc_id, added)

    def creating(self, conn: Connection) -> None:
        if conn.dialect.name == "postgresql":
            from tm.index.pg import ensure_extension  # the trigram index's operator class

            ensure_extension(conn)

    def rebuild(self, session: Session) -> None:
        session_index(session).rebuild(session)


HOOK = IndexHook()

__all__ = ["HOOK", "CandidateIndex", "IndexHook", "LookupBlock", "LookupTerm", "WordIndex", "WordQuery", "index_for",
           "session_index"]
