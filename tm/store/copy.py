"""Copy a whole TM between databases (SQLite <-> PostgreSQL), streamed and verified.

Every table of the TM (documents, units, variants, props, the glossary) is read in
primary-key order from one consistent snapshot of the source and written in batches
into an empty target, keeping its ids, inside one transaction. Tables that are
derived from the others (the SQL word index) are not copied: the target builds its
own index, of its own kind. Before the transaction commits, each table's row count and
checksum on the target are compared with the source's; any difference rolls the whole
copy back.

The QA baseline is a file kept beside the corpus (``corpora/qa-baseline.json``), not a
table, so it travels with the corpus, not with the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from tm.errors import StoreError, db_reason
from tm.store import dialect
from tm.store.hooks import HOOKS
from tm.store.tm import TM

#: Rows read and written per batch.
COPY_BATCH = 5000


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    tables: list[TableCopy]

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.source, "to": self.target, "verified": True,
            "tables": {t.table: {"rows": t.rows, "sha256": t.sha256} for t in self.tables},
        }


def copied_tables() -> list[Table]:
    """The tables a copy moves, parents before children (derived tables left out)."""
    return [t for t in SQLModel.metadata.sorted_tables if not t.info.get("derived") and t.name != "alembic_version"]


def _canonical(value: Any) -> Any:
    """A value as the same JSON on every database (time in UTC, JSON columns with sorted keys)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


class _Checksum:
    def __init__(self) -> None:
        self.rows = 0
        self._hash = hashlib.sha256()

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            line = json.dumps([_canonical(v) for v in row], ensure_ascii=False, sort_keys=True, default=str)
            self._hash.update(line.encode() + b"\n")
            self.rows += 1

    @property
    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _ordered(table: Table) -> Any:
    return select(table).order_by(*table.primary_key.columns)


def _checksum(conn: Connection, table: Table) -> _Checksum:
    result = _Checksum()
    # Per statement: Connection.execution_options() would change the connection itself.
    stream = conn.execute(_ordered(table), execution_options={"yield_per": COPY_BATCH})
    for part in stream.partitions():
        result.add(part)
    return result


def copy_tm(source: TM, target: TM, progress: Callable[[int], None] | None = None) -> CopyResult:
    """Copy ``source`` into ``target``, which must hold no TM or an empty one."""
    if source.url == target.url:
        raise StoreError("--from and --to are the same database")
    source.require()
    target.init()
    tables = copied_tables()
    try:
        with source.engine.connect() as src, target.engine.begin() as dst:
            dialect.read_snapshot(src)
            for table in tables:
                if dst.execute(select(table).limit(1)).first() is not None:
                    raise StoreError(f"{target.name} is not empty (table {table.name} has rows): copy into an empty TM")
            copies = [_copy_table(src, dst, table, progress) for table in tables]
            for table, done in zip(tables, copies, strict=True):
                check = _checksum(dst, table)
                if (check.rows, check.hexdigest) != (done.rows, done.sha256):
                    raise StoreError(
                        f"the copy of table {table.name} does not match its source "
                        f"({check.rows} rows against {done.rows}); nothing was copied"
                    )
            dialect.reset_sequences(dst, tables)
            with Session(bind=dst) as s:
                for hook in HOOKS:  # their derived tables were not copied
                    hook.rebuild(s)
                s.flush()
    except (DBAPIError, source.driver_error, target.driver_error) as exc:
        raise StoreError(f"the copy failed ({db_reason(exc)}); nothing was copied") from None
    finally:
        source.engine.dispose()
        target.engine.dispose()
    return CopyResult(source.name, target.name, copies)


def _copy_table(src: Connection, dst: Connection, table: Table, progress: Callable[[int], None] | None) -> TableCopy:
    checksum = _Checksum()
    stream = src.execute(_ordered(table), execution_options={"yield_per": COPY_BATCH})
    names = [c.name for c in table.columns]
    for part in stream.partitions():
        checksum.add(part)
        dst.execute(insert(table), [dict(zip(names, row, strict=True)) for row in part])
        if progress:
            progress(len(part))
    return TableCopy(table.name, checksum.rows, checksum.hexdigest)


def rows_to_copy(tm: TM) -> int:
    """How many rows a copy of ``tm`` moves (for a progress bar)."""
    tm.require()
    with tm.engine.connect() as conn:
        return sum(conn.execute(select(func.count()).select_from(t)).scalar_one() for t in copied_tables())
