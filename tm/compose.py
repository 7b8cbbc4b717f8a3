"""A TM as tm uses it: the store with the layers built on it wired in.

The store (:mod:`tm.store`) knows nothing of what follows its units. This module adds:

- the lookup index (:mod:`tm.index`): its tables, and its hook, which every import,
  ``--replace`` and delete calls inside the same transaction, so a lookup never meets a
  unit the index lacks;
- the glossary (:mod:`tm.glossary`): its tables, kept in the same database as the units.

Whatever opens a TM (the CLI, the library, the benches, the tests) imports :class:`TM`
from here, so the tables exist and the hooks are registered before the first statement.
"""

from __future__ import annotations

from sqlalchemy import Table

from tm.glossary.models import GlossaryConcept, GlossaryTerm
from tm.index import HOOK as INDEX_HOOK
from tm.index.tables import LookupBlock, LookupTerm
from tm.store.hooks import register
from tm.store.tm import TM

#: The tables the layers add to the store's own (created with them, copied unless derived).
TABLES: tuple[Table, ...] = tuple(
    model.__table__ for model in (GlossaryConcept, GlossaryTerm, LookupTerm, LookupBlock)  # type: ignore[attr-defined]
)

register(INDEX_HOOK)

__all__ = ["TABLES", "TM"]
