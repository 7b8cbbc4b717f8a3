"""Streaming reads of the TM, in document and unit order, in bounded memory.

Readers, each one read transaction (a consistent snapshot, see
:func:`tm.store.dialect.read_snapshot`) with keyset pagination per document:
:func:`iter_units` (whole units), :func:`tm.store.pages.iter_row_pages` (a row per unit,
for the exporters) and :func:`iter_texts` (texts only, for QA and the glossary check).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, String, and_, bindparam, select, type_coerce
from sqlalchemy.engine import Connection

from tm.store.dialect import read_snapshot
from tm.store.models import Document, Unit, UnitProp, Variant
from tm.store.rawquery import raw_query
from tm.store.tm import TM

_UNIT, _VARIANT, _PROP = Unit.__table__, Variant.__table__, UnitProp.__table__  # type: ignore[attr-defined]

#: Units fetched per query.
PAGE = 2000
#: Up to this many languages, readers join each unit's variants into one row (one join per
#: language; SQLite allows 64 tables in a join); beyond, they read a row per variant.
MAX_JOINED_LANGS = 16


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
    status: str = "machine"
    created_by: str | None = None
    changed_by: str | None = None


@lru_cache(maxsize=1024)
def timestamp(value: object) -> dt.datetime:
    """A raw stored timestamp as an aware UTC datetime (SQLite gives text, PostgreSQL a datetime)."""
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
    u, v = _UNIT, _VARIANT
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


def _pages(
    conn: Connection, query: Select, doc_ids: Sequence[str] | None, encoded: bool = False
) -> Iterator[tuple[str, list[tuple]]]:
    """(document, rows of one page) for every page of every document, by keyset pagination;
    with ``encoded``, the rows' text columns are UTF-8 bytes (see :func:`tm.store.rawquery.raw_query`)."""
    if doc_ids is None:
        doc_ids = list(conn.execute(select(Document.id).order_by(Document.id)).scalars())  # type: ignore[arg-type]
    fetch = raw_query(conn, query, encoded)
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
    query = _page_query(_FULL_COLUMNS, page)
    # Variants in other languages are left out here rather than in SQL (the rows of a unit
    # none of whose variants is wanted are all dropped, as `lang IN (...) OR lang IS NULL` would).
    wanted = set(langs) if langs else None
    with tm.engine.connect() as conn:
        read_snapshot(conn)
        has_props = _has_props(conn)
        for doc_id, rows in _pages(conn, query, doc_ids):
            units = _assemble(doc_id, rows, wanted)
            if not units:
                continue  # nothing wanted on this page; later pages may have some
            if has_props:
                _add_props(conn, units)
            yield from units.values()


#: A unit's columns and one of its variants', in the order :func:`_assemble` unpacks them.
_FULL_COLUMNS = [
    _UNIT.c.id, _UNIT.c.position, _UNIT.c.paragraph, _UNIT.c.bead, _UNIT.c.score, _UNIT.c.flags, _UNIT.c.tuid,
    _UNIT.c.note, type_coerce(_UNIT.c.created_at, String), type_coerce(_UNIT.c.changed_at, String),
    _VARIANT.c.lang, _VARIANT.c.text, type_coerce(_VARIANT.c.markup, String),
    _UNIT.c.status, _UNIT.c.created_by, _UNIT.c.changed_by,
]


def _has_props(conn: Connection) -> bool:
    p = _PROP
    return conn.execute(select(p.c.id).limit(1)).first() is not None


def _assemble(doc_id: str, rows: Sequence[tuple], wanted: set[str] | None) -> dict[int, StoredUnit]:
    """Units (by id, in row order) from rows of :data:`_FULL_COLUMNS`, keeping the wanted variants."""
    units: dict[int, StoredUnit] = {}
    get = units.get
    for (uid, pos, para, bead, score, flags, tuid, note, created, changed, lang, text, markup, status, created_by,
         changed_by) in rows:
        if wanted is not None and lang is not None and lang not in wanted:
            continue
        unit = get(uid)
        if unit is None:
            unit = units[uid] = StoredUnit(doc_id, pos, para, bead, score, flags.split() if flags else [],
                                           tuid, note, timestamp(created), timestamp(changed),
                                           status=status, created_by=created_by, changed_by=changed_by)
        if lang is not None:
            unit.variants[lang] = StoredVariant(lang, text, _json(markup) if markup else None)
    return units


def _add_props(conn: Connection, units: dict[int, StoredUnit]) -> None:
    """The props of ``units`` (one page of them), in the order they were stored."""
    p = _PROP
    pq = select(p.c.unit_id, p.c.lang, p.c.type, p.c.value).where(p.c.unit_id.in_(list(units))).order_by(p.c.id)
    for unit_id, lang, type_, value in conn.execute(pq).all():
        units[unit_id].props.append((lang, type_, value))


def _by_language_query(
    langs: Sequence[str], unit_columns: Callable[[list[Any]], list[Any]], variant_columns: Callable[[Any], list[Any]],
    page: int,
) -> Select:
    """One page of a document's units (after position ``last``), one row per unit:
    its id, its position, ``unit_columns(variant tables)``, then ``variant_columns(table)``
    of its variant in each language of ``langs`` (NULLs where it has none)."""
    u = _UNIT
    vs = [_VARIANT.alias(f"v{i}") for i in range(len(langs))]
    query = select(u.c.id, u.c.position, *unit_columns(vs), *(c for v in vs for c in variant_columns(v)))
    for v, lang in zip(vs, langs):
        query = query.outerjoin(v, and_(v.c.unit_id == u.c.id, v.c.lang == lang))
    return query.where(
        u.c.doc_id == bindparam("doc"), u.c.position > bindparam("last")
    ).order_by(u.c.position).limit(page)


@dataclass(slots=True)
class UnitTexts:
    """A unit as whole-TM checks read it: where it is, its text per language and, when
    asked for, the stored search form of each text (:func:`tm.textnorm.search_form`)."""

    doc_id: str
    position: int
    paragraph: int
    texts: dict[str, str]
    forms: dict[str, str] | None = None


def iter_texts(
    tm: TM, doc_ids: Sequence[str] | None = None, page: int = 10 * PAGE, forms: bool = False
) -> Iterator[UnitTexts]:
    """Every unit's texts (of the given documents, all by default), in document then unit
    order, languages in :func:`tm_langs` order: what QA and the glossary check read,
    without the rest of a stored unit."""
    tm.require()
    langs = tm_langs(tm, doc_ids)
    u, v = _UNIT, _VARIANT
    if len(langs) > MAX_JOINED_LANGS:  # a row per variant
        query = _page_query([u.c.id, u.c.position, u.c.paragraph, v.c.lang, v.c.text, v.c.search], page)
        with tm.engine.connect() as conn:
            read_snapshot(conn)
            for doc_id, rows in _pages(conn, query, doc_ids):
                for _uid, group in groupby(rows, key=itemgetter(0)):
                    first, *rest = group
                    unit = UnitTexts(doc_id, first[1], first[2], {}, {} if forms else None)
                    for *_, lang, text, search in (first, *rest):
                        if lang is not None:
                            unit.texts[lang] = text
                            if unit.forms is not None:
                                unit.forms[lang] = search
                    yield unit
        return
    per_variant = (lambda v: [v.c.text, v.c.search]) if forms else (lambda v: [v.c.text])
    query = _by_language_query(langs, lambda vs: [u.c.paragraph], per_variant, page)
    width = 2 if forms else 1
    with tm.engine.connect() as conn:
        read_snapshot(conn)
        for doc_id, rows in _pages(conn, query, doc_ids):
            for _uid, pos, para, *values in rows:
                texts: dict[str, str] = {}
                found: dict[str, str] | None = {} if forms else None
                for i, lang in enumerate(langs):
                    text = values[i * width]
                    if text is not None:
                        texts[lang] = text
                        if found is not None:
                            found[lang] = values[i * width + 1]
                yield UnitTexts(doc_id, pos, para, texts, found)


def tm_langs(tm: TM, doc_ids: Sequence[str] | None = None) -> list[str]:
    """The languages of the given documents (all by default): the documents' own, in their
    order, then any other that a variant has."""
    langs: dict[str, None] = {}
    for doc in tm.documents():
        if doc_ids is None or doc.id in doc_ids:
            for lang in doc.langs:
                langs.setdefault(lang)
    u, v = _UNIT, _VARIANT
    query = select(v.c.lang).distinct()
    if doc_ids:
        query = query.join(u, u.c.id == v.c.unit_id).where(u.c.doc_id.in_(list(doc_ids)))
    with tm.engine.connect() as conn:
        for lang in sorted(conn.execute(query).scalars()):
            langs.setdefault(lang)
    return list(langs)
