"""Everything database-specific about connections lives here, and only here.

SQLite: WAL journal, foreign keys on, a busy timeout so that a second writer waits
instead of failing with "database is locked"; the rows of an import go straight to the
driver (:func:`row_inserter`).

PostgreSQL: a plain ``postgresql://`` (or ``postgres://``) URL is given the psycopg 3
driver; sessions run in UTC (timestamps are stored without a zone) and name themselves
``tm`` in ``pg_stat_activity``; the pool checks a connection before handing it out.
The lookup index's PostgreSQL parts (COPY loading, pg_trgm for concordance) are in
:mod:`tm.index.pg`, the extension and its GIN index in the schema migrations.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import DateTime, Integer, Table, event, func, insert, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError

#: Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 30


#: Drivers chosen for a URL that names none (SQLAlchemy would pick psycopg2, which tm does not ship).
_DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


#: Database names that are not a database: given alone, they are a URL cut short, not a file name.
_BACKEND_NAMES = {"sqlite", "sqlite3", "postgresql", "postgres", "psql", "pg", "mysql"}
_URL_HELP = "give a file path, sqlite:///FILE or postgresql://USER@HOST/DATABASE"


def check_url(url: str) -> str:
    """The database URL to use for ``url`` as a person gives it, or :class:`StoreError`
    saying in one line what is wrong. A value without ``://`` is a path to a SQLite file
    (``tm.db``, ``/srv/tm.db``), unless it is only a database's name (``sqlite``)."""
    from tm.errors import StoreError

    given = url.strip()
    if not given:
        raise StoreError(f"the database URL is empty: {_URL_HELP}")
    if "\0" in given:
        raise StoreError(f"the database URL {given!r} has a NUL character in it")
    if "://" not in given:
        if given.lower().rstrip(":/") in _BACKEND_NAMES:
            raise StoreError(f"'{given}' is not a database URL: {_URL_HELP}")
        return "sqlite:///" + given
    try:
        parsed = make_url(given)
        parsed.port  # noqa: B018 - an IPv6 host without its ']' fails only here
        if not parsed.drivername:
            raise ArgumentError("no database type")
    except (ArgumentError, ValueError, TypeError) as exc:
        raise StoreError(f"cannot read the database URL '{given}' ({' '.join(str(exc).split())}): {_URL_HELP}") from None
    if any("\0" in str(part) for part in (parsed.database, parsed.host, parsed.username) if part):
        raise StoreError(f"the database URL '{given}' has a NUL character (%00) in it")
    return given


def engine_url(url: str) -> str:
    """The URL with the driver tm uses: ``postgresql://u@h/db`` -> ``postgresql+psycopg://u@h/db``."""
    scheme, sep, rest = url.partition("://")
    return _DEFAULT_DRIVERS.get(scheme.lower(), scheme) + sep + rest if sep else url


def display_url(url: str) -> str:
    """The URL with its password hidden, for messages and summaries."""
    try:
        parsed = make_url(url)
    except ArgumentError:  # not a URL at all: shown as given, create_engine will say what is wrong
        return url
    return parsed.render_as_string(hide_password=True) if parsed.password else url


def engine_options(url: str) -> dict[str, Any]:
    """Keyword arguments for :func:`sqlalchemy.create_engine` for this URL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT}}
    if backend == "postgresql":
        connect_args: dict[str, Any] = {"connect_timeout": 10}
        if "application_name" not in parsed.query:
            connect_args["application_name"] = "tm"
        return {"pool_pre_ping": True, "connect_args": connect_args}
    return {"pool_pre_ping": True}


class ReadOnlyConnection(sqlite3.Connection):
    """A SQLite connection opened read-only: its journal mode is left as the file has it."""


def read_only_options(path: Path) -> dict[str, Any]:
    """Engine options for reading a SQLite file this process may not write: nothing, when
    it may; else a connection opened with ``mode=ro``, and ``immutable=1`` too when the
    folder is read-only and holds no ``-wal`` file, because a WAL database's reader must
    otherwise create the ``-shm`` file beside it (a file that is immutable has no writer
    whose changes the reader could miss)."""
    folder = path.resolve().parent
    if not path.exists() or (os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)):
        return {}
    query = "mode=ro"
    if not os.access(folder, os.W_OK) and not Path(f"{path}-wal").exists():
        query += "&immutable=1"
    uri = f"file:{quote(str(path.resolve()))}?{query}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT, check_same_thread=False, factory=ReadOnlyConnection
        )

    return {"creator": connect, "connect_args": {}}


def prepare(engine: Engine) -> None:
    """Per-connection set-up."""
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _postgresql_session(dbapi_conn: Any, _record: Any) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute("SET TIME ZONE 'UTC'")
            dbapi_conn.commit()

        return
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:") and not isinstance(dbapi_conn, ReadOnlyConnection):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def is_postgresql(url: str) -> bool:
    return make_url(engine_url(url)).get_backend_name() == "postgresql"


def schema_lock(conn: Connection) -> None:
    """Serialise schema creation and migration between processes, and make them one
    transaction. PostgreSQL: an advisory lock held until the transaction ends (its DDL is
    transactional anyway). SQLite: ``BEGIN IMMEDIATE`` takes the writer lock now; without
    it Python's sqlite3 module would run each CREATE TABLE in a transaction of its own, so
    a migration that failed halfway would leave half a schema. (A process that loses the
    race to create a new TM is retried by the caller.)"""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
    elif conn.dialect.name == "sqlite" and not conn.connection.driver_connection.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


#: The advisory lock id for schema changes ("tm" in ASCII, followed by 1).
SCHEMA_LOCK_KEY = 0x746D0001


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


def read_snapshot(conn: Connection) -> None:
    """Make the reads of this connection's transaction see one consistent state of the
    database, whatever other processes write meanwhile (for ``tm copy`` and the streaming
    readers of :mod:`tm.store.stream`)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    elif conn.dialect.name == "sqlite" and not conn.connection.driver_connection.in_transaction:
        # The sqlite3 module starts transactions only for writes; a WAL read transaction
        # opened by hand is a snapshot until it ends.
        conn.exec_driver_sql("BEGIN")


def reset_sequences(conn: Connection, tables: Sequence[Table]) -> None:
    """After rows were inserted with their ids (``tm copy``), move PostgreSQL's sequences
    past them so the next insert does not collide. SQLite takes max(id) + 1 by itself."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        column = table.c.get("id")
        if column is None or not isinstance(column.type, Integer):
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:t, 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) "
                f'FROM "{table.name}"'
            ),
            {"t": table.name},
        )


RowInserter = Callable[[Table, Sequence[str], list[tuple]], None]


def row_inserter(conn: Connection) -> RowInserter:
    """A function inserting rows (tuples in the order of the given columns) into a table.

    On SQLite the rows go straight to the driver's ``executemany``, with the values
    converted by the columns' own SQLAlchemy bind processors (so they are stored exactly
    as an ORM insert stores them); building a dict per row and letting SQLAlchemy process
    it costs more than the insert itself. Elsewhere, a Core ``insert`` of dicts.
    """
    if conn.dialect.name != "sqlite":
        def insert_dicts(table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
            conn.execute(insert(table), [dict(zip(columns, row)) for row in rows])

        return insert_dicts
    db = conn.connection.driver_connection
    dialect_ = conn.dialect
    Processor = tuple[int, Callable[[Any], Any], bool, Any]  # (column, process, is a timestamp, process(None))
    statements: dict[tuple[str, tuple[str, ...]], tuple[str, list[Processor]]] = {}

    def prepare(table: Table, columns: tuple[str, ...]) -> tuple[str, list[Processor]]:
        processors = []
        for i, name in enumerate(columns):
            type_ = table.c[name].type
            process = type_.dialect_impl(dialect_).bind_processor(dialect_)
            if process is not None:
                # (sqlmodel's timestamps are a TypeDecorator, whose python_type says object)
                is_datetime = isinstance(getattr(type_, "impl", type_), DateTime)
                processors.append((i, process, is_datetime, process(None)))
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        return sql, processors

    def insert_rows(table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        key = (table.name, tuple(columns))
        if key not in statements:
            statements[key] = prepare(table, key[1])
        sql, processors = statements[key]
        if processors:
            # Timestamps repeat (units imported together share them): convert each once per batch.
            memo: dict[object, object] = {}
            out = []
            for row in rows:
                values = list(row)
                for i, process, is_datetime, of_none in processors:
                    value = values[i]
                    if value is None:
                        values[i] = of_none
                    elif is_datetime:
                        k = (value, value.tzinfo)
                        converted = memo.get(k)
                        if converted is None:
                            converted = memo[k] = process(value)
                        values[i] = converted
                    else:
                        values[i] = process(value)
                out.append(values)
            rows = out
        db.executemany(sql, rows)

    return insert_rows
