"""The TM schema's version and its migrations (Alembic, ``tm/store/migrations/versions``).

- A new database gets the tables of the models (``create_all``) and is stamped with
  the newest revision; ``tests/test_schema.py`` checks that running every migration
  from the first gives the same schema.
- A database at an older revision is upgraded by ``tm init`` and by every import
  (which call :meth:`tm.store.TM.init`); reading commands ask for that upgrade first.
- A database whose revision this tm does not know was written by a newer tm, and is
  refused.
- A database made before migrations existed (tables but no ``alembic_version``) is
  given what the first revision has and it lacks (the lookup index, built from its
  units), then upgraded like any other.

Everything runs inside one transaction, with the schema lock of :mod:`tm.store.dialect`
held, so two processes that initialise the same database at once do it one after the
other, and a failed migration changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from tm.errors import StoreError
from tm.store import dialect
from tm.store.hooks import HOOKS

#: The table every TM has had since its first revision.
_CORE_TABLE = "document"

State = Literal["empty", "current", "old"]


@lru_cache(maxsize=1)
def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "tm.store:migrations")
    return cfg


@lru_cache(maxsize=1)
def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this tm knows."""
    revision = scripts().get_current_head()
    assert revision is not None, "no migrations shipped"
    return revision


def first() -> str:
    """The first revision (the schema before migrations existed)."""
    base = scripts().get_base()
    assert base is not None, "no migrations shipped"
    return base


def include_object(dialect_name: str) -> Callable[..., bool]:
    """For Alembic's comparisons: leave out what the models create only on another
    database (``Index(...).ddl_if(dialect=...)``, such as PostgreSQL's trigram index)."""

    def include(obj: object, _name: str | None, _type: str, _reflected: bool, _compare_to: object) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        wanted = getattr(condition, "dialect", None)
        if wanted is None:
            return True
        return dialect_name in ((wanted,) if isinstance(wanted, str) else tuple(wanted))

    return include


@dataclass(frozen=True)
class Version:
    state: State
    revision: str | None


def version(conn: Connection, url: str) -> Version:
    """Where the database stands: empty, at the newest revision, or at an older one.

    Raises :class:`StoreError` for a revision this tm does not know (a newer tm wrote it).
    """
    revision = MigrationContext.configure(conn).get_current_revision()
    if revision is None:
        if inspect(conn).has_table(_CORE_TABLE):
            return Version("old", first())
        return Version("empty", None)
    try:
        scripts().get_revision(revision)
    except CommandError:
        raise StoreError(
            f"{url} has TM schema revision {revision}, which is newer than this tm "
            f"understands (newest {head()}): upgrade tm"
        ) from None
    if revision != head():
        return Version("old", revision)
    missing = sorted(t.name for t in SQLModel.metadata.sorted_tables if not inspect(conn).has_table(t.name))
    if missing:  # dropped by hand: nothing can be read or written safely, and migrations would not restore them
        raise StoreError(
            f"{url} is a damaged TM: table {', '.join(missing)} is missing; restore the database from a copy"
        )
    return Version("current", revision)


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on the connection (in its transaction)."""
    _run(conn, "upgrade", revision)


def _run(conn: Connection, action: str, revision: str) -> None:
    cfg = _config()
    cfg.attributes["connection"] = conn
    try:
        getattr(command, action)(cfg, revision)
    finally:
        cfg.attributes.pop("connection", None)


def create_or_upgrade(conn: Connection, url: str) -> bool:
    """Bring the database to the newest revision, inside the caller's transaction.

    Returns True when the TM was created.
    """
    dialect.schema_lock(conn)
    now = version(conn, url)
    if now.state == "current":
        return False
    if now.state == "empty":
        for hook in HOOKS:
            hook.creating(conn)
        SQLModel.metadata.create_all(conn)
        _run(conn, "stamp", head())
        return True
    if MigrationContext.configure(conn).get_current_revision() is None:
        _adopt_premigration_tm(conn)
        _run(conn, "stamp", first())
    upgrade(conn, head())
    return False


def _adopt_premigration_tm(conn: Connection) -> None:
    """Bring a TM made before migrations existed to the first revision: it lacks the
    lookup index's tables (created, then filled from the stored variants by the hooks)
    and has a version table of its own (``tm_schema``, dropped)."""
    have = set(inspect(conn).get_table_names())
    missing = [t for t in SQLModel.metadata.sorted_tables if t.name not in have]
    for table in missing:
        table.create(conn)
    if "tm_schema" in have:
        conn.execute(text("DROP TABLE tm_schema"))
    if any(t.info.get("derived") for t in missing):
        with Session(bind=conn) as s:
            for hook in HOOKS:
                hook.rebuild(s)
            s.flush()
