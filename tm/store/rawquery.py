"""A query run on the driver's own cursor, for exporters and checks that read many rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Connection


def raw_query(
    conn: Connection, query: Select, encoded: bool = False
) -> Callable[[dict[str, Any]], list[tuple]]:
    """Run ``query`` (compiled once) with new bound values on the driver's own cursor, for
    plain tuples: SQLAlchemy's result rows cost more than the query. The query's columns
    need no result processing (the caller coerces what would, such as timestamps, to text).

    With ``encoded``, text columns come as UTF-8 bytes, for a writer of UTF-8 files; other
    drivers' strings are encoded here."""
    compiled = query.compile(dialect=conn.dialect)
    sql = compiled.string
    positions = compiled.positiontup
    dbapi: Any = conn.connection.driver_connection
    as_bytes = encoded and conn.dialect.name == "sqlite"

    def fetch(values: dict[str, Any]) -> list[tuple]:
        params = compiled.construct_params(values)
        args: Any = [params[name] for name in positions] if positions is not None else params
        cur = dbapi.cursor()
        # sqlite3 hands over its stored UTF-8 when text_factory is bytes, sparing the export
        # a decode and an encode of every text (a large share of it: docs/tmx.md). The
        # factory belongs to the pooled connection, so it is set for this query only and
        # restored whatever happens.
        factory = dbapi.text_factory if as_bytes else None
        if as_bytes:
            dbapi.text_factory = bytes
        try:
            cur.execute(sql, args)
            rows = cur.fetchall()
        finally:
            cur.close()
            if as_bytes:
                dbapi.text_factory = factory
        if encoded and not as_bytes:
            rows = [tuple(v.encode() if isinstance(v, str) else v for v in row) for row in rows]
        return rows

    return fetch
