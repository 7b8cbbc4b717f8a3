"""Streaming reads of the TM, in document and unit order, in bounded memory.

Exporters (TMX, TSV) and whole-TM checks read units through :func:`iter_units`:
one read transaction (a consistent snapshot), keyset pagination per document.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, String, bindparam, select, type_coerce
from sqlalchemy.engine import Connection

from tm.store.models import Document, Unit, UnitProp, Variant
from tm.store.tm import TM

#: Units fetched per query.
PAGE = 2000


@dataclass(slots=True)
class StoredVariant:
    lang: str
    text: str
    markup: list[Any] | None = None


@dataclass(slots=True)
class StoredUnit:
    doc_id: str
    position: int
    paragraph: int
    bead: str
    score: float
    flags: list[str]
    tuid: str | None
    note: str | None
    created_at: dt.datetime
    changed_at: dt.datetime
    variants: dict[str, StoredVariant] = field(default_factory=dict)
    props: list[tuple[str | None, str, str]] = field(default_factory=list)  # (lang, type, value)


@lru_cache(maxsize=1024)
def _datetime(value: object) -> dt.datetime:
    """A stored timestamp as an aware UTC datetime (SQLite gives text, PostgreSQL a datetime)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _json(value: object) -> Any:
    if value is None or not isinstance(value, str):
        return value
    return None if value == "null" else json.loads(value)


def count_units(tm: TM, doc_ids: Sequence[str] | None = None) -> int:
    tm.require()
    from sqlalchemy import func

    query = select(func.count()).select_from(Unit)
    if doc_ids:
        query = query.where(Unit.doc_id.in_(list(doc_ids)))  # type: ignore[attr-defined]
    with tm.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _page_query(columns: Sequence[Any], page: int) -> Select:
    """The rows of one page of a document's units (after position ``last``) joined with
    their variants, in unit then variant order; the first two columns must be the unit's
    id and position."""
    u, v = Unit.__table__, Variant.__table__  # type: ignore[attr-defined]
    page_units = (
        select(u.c.id).where(u.c.doc_id == bindparam("doc"), u.c.position > bindparam("last"))
        .order_by(u.c.position).limit(page)
    ).subquery()
    return (
        select(*columns)
        .join(page_units, page_units.c.id == u.c.id)
        .outerjoin(v, v.c.unit_id == u.c.id)
        .order_by(u.c.position, v.c.id)
    )


def _pages(conn: Connection, query: Select, doc_ids: Sequence[str] | None) -> Iterator[tuple[str, list[tuple]]]:
    """(document, rows of one page) for every page of every document, by keyset pagination."""
    if doc_ids is None:
        doc_ids = list(conn.execute(select(Document.id).order_by(Document.id)).scalars())  # type: ignore[arg-type]
    fetch = _raw_query(conn, query)
    for doc_id in doc_ids:
        last = -1
        while rows := fetch({"doc": doc_id, "last": last}):
            last = rows[-1][1]  # the page's last position
            yield doc_id, rows


def iter_units(
    tm: TM, doc_ids: Sequence[str] | None = None, langs: Sequence[str] | None = None, page: int = PAGE
) -> Iterator[StoredUnit]:
    """Every unit of the given documents (all by default), in document then unit order.

    One query per page of units joins their variants (rows come raw: timestamps and JSON
    are parsed here, which is cheaper than the ORM's processing), a second fetches the
    page's properties if the TM has any.
    """
    tm.require()
    u, v, p = Unit.__table__, Variant.__table__, UnitProp.__table__  # type: ignore[attr-defined]
    query = _page_query(
        [u.c.id, u.c.position, u.c.paragraph, u.c.bead, u.c.score, u.c.flags, u.c.tuid, u.c.note,
         type_coerce(u.c.created_at, String), type_coerce(u.c.changed_at, String),
         v.c.lang, v.c.text, type_coerce(v.c.markup, String)],
        page,
    )
    # Variants in other languages are left out here rather than in SQL (the rows of a unit
    # none of whose variants is wanted are all dropped, as `lang IN (...) OR lang IS NULL` would).
    wanted = set(langs) if langs else None
    with tm.engine.connect() as conn:
        has_props = conn.execute(select(p.c.id).limit(1)).first() is not None
        for doc_id, rows in _pages(conn, query, doc_ids):
            units: dict[int, StoredUnit] = {}
            get = units.get
            for (uid, pos, para, bead, score, flags, tuid, note, created, changed,
                 lang, text, markup) in rows:
                if wanted is not None and lang is not None and lang not in wanted:
                    continue
                unit = get(uid)
                if unit is None:
                    unit = units[uid] = StoredUnit(doc_id, pos, para, bead, score, flags.split() if flags else [],
                                                   tuid, note, _datetime(created), _datetime(changed))
                if lang is not None:
                    unit.variants[lang] = StoredVariant(lang, text, _json(markup) if markup else None)
            if not units:
                continue  # nothing wanted on this page; later pages may have some
            if has_props:
                pq = select(p.c.unit_id, p.c.lang, p.c.type, p.c.value).where(
                    p.c.unit_id.in_(list(units))
                ).order_by(p.c.id)
                for unit_id, lang, type_, value in conn.execute(pq).all():
                    units[unit_id].props.append((lang, type_, value))
            yield from units.values()


@dataclass(slots=True)
class UnitTexts:
    """A unit as whole-TM checks read it: where it is, and its text per language."""

    doc_id: str
    position: int
    paragraph: int
    texts: dict[str, str]


def iter_texts(tm: TM, doc_ids: Sequence[str] | None = None, page: int = 10 * PAGE) -> Iterator[UnitTexts]:
    """Every unit's texts (of the given documents, all by default), in document then unit
    order: what QA and the glossary check read, without the rest of a stored unit."""
    tm.require()
    u, v = Unit.__table__, Variant.__table__  # type: ignore[attr-defined]
    query = _page_query([u.c.id, u.c.position, u.c.paragraph, v.c.lang, v.c.text], page)
    with tm.engine.connect() as conn:
        for doc_id, rows in _pages(conn, query, doc_ids):
            unit, current = None, None
            for uid, pos, para, lang, text in rows:
                if uid != current:
                    if unit is not None:
                        yield unit
                    unit, current = UnitTexts(doc_id, pos, para, {}), uid
                if lang is not None:
                    unit.texts[lang] = text  # type: ignore[union-attr]
            if unit is not None:
                yield unit


def _raw_query(conn: Connection, query: Select) -> Callable[[dict[str, Any]], list[tuple]]:
    """Run ``query`` (compiled once) with new bound values on the driver's own cursor, for
    plain tuples: SQLAlchemy's result rows cost more than the query. The query's columns
    need no result processing (the caller coerces what would, such as timestamps, to text)."""
    compiled = query.compile(dialect=conn.dialect)
    sql = compiled.string
    positions = compiled.positiontup
    dbapi = conn.connection.driver_connection

    def fetch(values: dict[str, Any]) -> list[tuple]:
        params = compiled.construct_params(values)
        args: Any = [params[name] for name in positions] if positions is not None else params
        cur = dbapi.cursor()  # type: ignore[union-attr]
        try:
            cur.execute(sql, args)
            return cur.fetchall()
        finally:
            cur.close()

    return fetch
