"""The candidate index behind lookup and concordance, kept in step with the store.

:func:`index_for` picks the implementation for a database dialect; :data:`HOOK`
is registered in :data:`tm.store.hooks.HOOKS`, so every import, ``--replace`` and
delete updates the index in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from tm.index.base import CandidateIndex, WordQuery
from tm.index.words import LookupBlock, LookupTerm, WordIndex
from tm.store.hooks import HOOKS, VariantFeed, VariantRow


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


HOOK = IndexHook()
if not any(isinstance(h, IndexHook) for h in HOOKS):
    HOOKS.append(HOOK)

__all__ = ["HOOK", "CandidateIndex", "IndexHook", "LookupBlock", "LookupTerm", "WordIndex", "WordQuery", "index_for",
           "session_index"]
