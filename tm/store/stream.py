"""Streaming reads of the TM, in document and unit order, in bounded memory.

Exporters (TMX, TSV) and whole-TM checks read units through :func:`iter_units`:
one read transaction (a consistent snapshot), keyset pagination per document.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, select, type_coerce

from tm.store.models import Document, Unit, UnitProp, Variant
from tm.store.tm import TM

#: Units fetched per query.
PAGE = 2000


@dataclass
class StoredVariant:
    lang: str
    text: str
    markup: list[Any] | None = None


@dataclass
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


def iter_units(
    tm: TM, doc_ids: Sequence[str] | None = None, langs: Sequence[str] | None = None, page: int = PAGE
) -> Iterator[StoredUnit]:
    """Every unit of the given documents (all by default), in document then unit order."""
    tm.require()
    u, v, p = Unit.__table__, Variant.__table__, UnitProp.__table__  # type: ignore[attr-defined]
    with tm.engine.connect() as conn:
        if doc_ids is None:
            doc_ids = list(conn.execute(select(Document.id).order_by(Document.id)).scalars())  # type: ignore[arg-type]
        for doc_id in doc_ids:
            last = -1
            while True:
                # timestamps and JSON come raw (type_coerce): parsing them here is cheaper
                rows = conn.execute(
                    select(u.c.id, u.c.position, u.c.paragraph, u.c.bead, u.c.score, u.c.flags, u.c.tuid,
                           u.c.note, type_coerce(u.c.created_at, String).label("created_at"),
                           type_coerce(u.c.changed_at, String).label("changed_at"))
                    .where(u.c.doc_id == doc_id, u.c.position > last)
                    .order_by(u.c.position)
                    .limit(page)
                ).all()
                if not rows:
                    break
                units = {
                    r.id: StoredUnit(doc_id, r.position, r.paragraph, r.bead, r.score, r.flags.split(), r.tuid,
                                     r.note, _datetime(r.created_at), _datetime(r.changed_at))
                    for r in rows
                }
                ids = list(units)
                vq = select(v.c.unit_id, v.c.lang, v.c.text, type_coerce(v.c.markup, String)).where(
                    v.c.unit_id.in_(ids)
                )
                if langs:
                    vq = vq.where(v.c.lang.in_(list(langs)))
                for unit_id, lang, text, markup in conn.execute(vq.order_by(v.c.id)).all():
                    units[unit_id].variants[lang] = StoredVariant(lang, text, _json(markup))
                pq = select(p.c.unit_id, p.c.lang, p.c.type, p.c.value).where(p.c.unit_id.in_(ids)).order_by(p.c.id)
                for unit_id, lang, type_, value in conn.execute(pq).all():
                    units[unit_id].props.append((lang, type_, value))
                yield from units.values()
                last = rows[-1].position
