"""Things that follow the TM's units, such as the lookup index, register here.

The store knows nothing of them: :mod:`tm.compose` registers them. A hook is told,
inside the importing or deleting transaction, about every document whose units are
added or about to be removed, so it can keep its own tables in step;
if the hook fails, the whole transaction rolls back. New variants are handed to it
batch by batch as they are inserted, so it never has to read them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.engine import Connection
from sqlmodel import Session

#: (variant id, language tag, search form) of a new variant.
VariantRow = tuple[int, str, str]


class VariantFeed(Protocol):
    def add(self, rows: Sequence[VariantRow]) -> None:
        """One batch of the document's new variants, just inserted."""

    def close(self) -> None:
        """The document's last batch was given: its units and variants are all in place."""


class StoreHook(Protocol):
    def adding(self, session: Session, doc_id: str) -> VariantFeed:
        """Called when a document's units are about to be inserted (same transaction);
        the returned feed is given the new variants, then closed."""

    def document_removed(self, session: Session, doc_id: str) -> None:
        """Called before a document's units and variants are deleted (same transaction)."""

    def variants_changed(
        self, session: Session, doc_id: str, removed: Sequence[VariantRow], added: Sequence[VariantRow]
    ) -> None:
        """Called when a person edits, deletes or restores units of a document (same
        transaction): ``removed`` are variants as they were before (already deleted or
        about to change), ``added`` the variants as they are now."""

    def creating(self, conn: Connection) -> None:
        """Called before a new TM's tables are created (same transaction): what the hook's
        tables need from the database first, such as an extension."""

    def rebuild(self, session: Session) -> None:
        """Build the hook's tables afresh from the stored variants: after a copy, which
        moves no table derived from others, and when a TM made before the hook's tables
        existed is adopted."""


#: The registered hooks, in order (see :func:`register`).
HOOKS: list[StoreHook] = []


def register(hook: StoreHook) -> None:
    """Add ``hook`` to :data:`HOOKS`, once however often it is registered."""
    if not any(type(h) is type(hook) for h in HOOKS):
        HOOKS.append(hook)
