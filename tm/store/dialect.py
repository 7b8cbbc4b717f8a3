"""Everything database-specific lives here, and only here.

SQLite: WAL journal, foreign keys on, a busy timeout so that a second writer waits
instead of failing with "database is locked". Other databases (PostgreSQL) need no
connection set-up.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, event, func, select, text
from sqlalchemy.engine import Connection, Engine, make_url

#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 30


def engine_options(url: str) -> dict[str, Any]:
    """Keyword arguments for :func:`sqlalchemy.create_engine` for this URL."""
    if make_url(url).get_backend_name() == "sqlite":
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT}}
    return {"pool_pre_ping": True}


def prepare(engine: Engine) -> None:
    """Per-connection set-up (SQLite only)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def allocate_ids(conn: Connection, table: Table, count: int) -> list[int] | None:
    """Reserve ``count`` primary keys of ``table`` for a bulk insert, or None to let the
    database assign them (then the caller uses INSERT ... RETURNING).

    SQLite: the importing transaction already holds the write lock (it has written the
    document row), so the keys after the current maximum are free. PostgreSQL: the
    serial column's sequence hands them out, safe under concurrent importers.
    """
    name = conn.dialect.name
    if name == "sqlite":
        start = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        return list(range(start + 1, start + 1 + count))
    if name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return [r[0] for r in rows]
    return None
