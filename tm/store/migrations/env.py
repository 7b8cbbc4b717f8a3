"""Alembic environment: runs on the connection that :mod:`tm.store.schema` hands over,
inside the caller's transaction (so a failed migration changes nothing)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import tm.compose  # noqa: F401  (registers every table of a TM in SQLModel.metadata)
from tm.store.schema import include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    transactional_ddl=True,
    include_object=include_object(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
