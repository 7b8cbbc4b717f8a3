"""Things that follow the TM's units, such as the lookup index, register here.

A hook is told, inside the importing or deleting transaction, which document's
units were added or are about to be removed, so it can keep its own tables in
step; if the hook fails, the whole transaction rolls back.
"""

from __future__ import annotations

from typing import Protocol

from sqlmodel import Session


class StoreHook(Protocol):
    def units_added(self, session: Session, doc_id: str) -> None:
        """Called after a document's units and variants were inserted (same transaction)."""

    def document_removed(self, session: Session, doc_id: str) -> None:
        """Called before a document's units and variants are deleted (same transaction)."""


#: The registered hooks, in order. Register with ``HOOKS.append(...)`` at import time of
#: the module that owns the hook, and import that module in ``tm/store/__init__.py``.
HOOKS: list[StoreHook] = []
