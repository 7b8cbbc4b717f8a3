"""Streaming reads of the TM, in document and unit order, in bounded memory.

Three readers, each one read transaction (a consistent snapshot, see
:func:`tm.store.dialect.read_snapshot`) with keyset pagination per document:
:func:`iter_units` (whole units), :func:`iter_row_pages` (a row per unit, for the
exporters) and :func:`iter_texts` (texts only, for QA and the glossary check).
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

from sqlalchemy import Select, String, and_, bindparam, exists, select, type_coerce
from sqlalchemy.engine import Connection

from tm.store.dialect import read_snapshot
from tm.store.models import Document, Unit, UnitProp, Variant
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
    with ``encoded``, the rows' text columns are UTF-8 bytes (see :func:`_raw_query`)."""
    if doc_ids is None:
        doc_ids = list(conn.execute(select(Document.id).order_by(Document.id)).scalars())  # type: ignore[arg-type]
    fetch = _raw_query(conn, query, encoded)
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


@dataclass(slots=True)
class RowPage:
    """One page of a document's units as flat rows, for exporters that write many units fast.

    ``rows`` hold ``(id, position, paragraph, bead, score, created, changed, plain, text...)``
    with one text per language of ``langs`` (None where the unit has no such variant);
    ``created``/``changed`` are raw (:func:`timestamp` reads them, once decoded if they are
    bytes). In the pages of ``iter_row_pages(..., encoded=True)``, bead, texts and (on SQLite)
    the timestamps are UTF-8 bytes. A unit is *plain* when those
    columns are all it has in these languages: no flags, tuid, note, props or inline markup.
    The others are in ``full``, by id, read whole as :class:`StoredUnit`. ``people`` gives
    each row's unit (by id) the index in ``who`` of its (review status, creator, last
    changer): a page has few distinct ones, so a writer prepares each once.
    """

    doc_id: str
    langs: list[str]
    rows: list[tuple]
    full: dict[int, StoredUnit]
    people: dict[int, int] = field(default_factory=dict)
    who: list[tuple[str, str | None, str | None]] = field(default_factory=list)


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


def iter_row_pages(
    tm: TM, langs: Sequence[str], doc_ids: Sequence[str] | None = None, page: int = PAGE, encoded: bool = False
) -> Iterator[RowPage]:
    """The units of the given documents (all by default) in ``langs``, page by page, in
    document then unit order (units with no variant in ``langs`` included: their texts are
    None). One row per unit, its variants joined by language: several times cheaper to read
    than :func:`iter_units`' row per variant. With ``encoded``, the rows' strings come as
    UTF-8 bytes, for writers of UTF-8 files (SQLite hands them over without decoding)."""
    tm.require()
    langs = list(langs)
    if len(langs) > MAX_JOINED_LANGS:
        yield from _row_pages_of_units(tm, langs, doc_ids, page, encoded)
        return
    u, p, v = _UNIT, _PROP, _VARIANT
    full_query = (
        select(*_FULL_COLUMNS).outerjoin(v, v.c.unit_id == u.c.id)
        .where(u.c.id.in_(bindparam("ids", expanding=True))).order_by(u.c.position, v.c.id)
    )
    wanted = set(langs)
    with tm.engine.connect() as conn:
        read_snapshot(conn)
        has_props = _has_props(conn)

        def unit_columns(vs: list[Any]) -> list[Any]:
            plain = and_(u.c.flags == "", u.c.tuid.is_(None), u.c.note.is_(None), *(v.c.markup.is_(None) for v in vs))
            if has_props:  # a subquery a unit, saved where no unit has props
                plain = and_(plain, ~exists().where(p.c.unit_id == u.c.id))
            return [u.c.paragraph, u.c.bead, u.c.score,
                    type_coerce(u.c.created_at, String), type_coerce(u.c.changed_at, String), plain]

        query = _by_language_query(langs, unit_columns, lambda v: [v.c.text], page)
        people_of = _people_reader(conn)
        for doc_id, rows in _pages(conn, query, doc_ids, encoded):
            others = [row[0] for row in rows if not row[7]]
            full: dict[int, StoredUnit] = {}
            if others:
                full = _assemble(doc_id, conn.execute(full_query, {"ids": others}).all(), wanted)  # type: ignore[arg-type]
                if has_props:
                    _add_props(conn, full)
            yield RowPage(doc_id, langs, rows, full, *people_of(doc_id, rows))


def _people_reader(
    conn: Connection,
) -> Callable[[str, list[tuple]], tuple[dict[int, int], list[tuple[str, str | None, str | None]]]]:
    """Reads the status, creator and last changer of a page's units (one range read on the
    document's positions, compiled once), as :attr:`RowPage.people` and :attr:`RowPage.who`."""
    u = _UNIT
    fetch = _raw_query(conn, select(u.c.id, u.c.status, u.c.created_by, u.c.changed_by).where(
        u.c.doc_id == bindparam("doc"), u.c.position.between(bindparam("lo"), bindparam("hi"))))

    def read(doc_id: str, rows: list[tuple]) -> tuple[dict[int, int], list[tuple[str, str | None, str | None]]]:
        index: dict[tuple[str, str | None, str | None], int] = {}
        found = fetch({"doc": doc_id, "lo": rows[0][1], "hi": rows[-1][1]})
        people = {uid: index.setdefault((st, cb, chb), len(index)) for uid, st, cb, chb in found}
        return people, list(index)

    return read


def _row_pages_of_units(
    tm: TM, langs: list[str], doc_ids: Sequence[str] | None, page: int, encoded: bool
) -> Iterator[RowPage]:
    """:func:`iter_row_pages` for many languages: every unit read whole (none counts as plain)."""
    pages: dict[str, list[StoredUnit]] = {}
    for unit in iter_units(tm, doc_ids, langs, page):
        units = pages.setdefault(unit.doc_id, [])
        units.append(unit)
        if len(units) >= page:
            yield _row_page(pages.pop(unit.doc_id), langs, encoded)
    for units in pages.values():
        yield _row_page(units, langs, encoded)


def _row_page(units: list[StoredUnit], langs: list[str], encoded: bool) -> RowPage:
    def text(unit: StoredUnit, lang: str) -> str | bytes | None:
        variant = unit.variants.get(lang)
        return None if variant is None else variant.text.encode() if encoded else variant.text

    rows = [
        (k, u.position, u.paragraph, u.bead.encode() if encoded else u.bead, u.score, u.created_at, u.changed_at,
         False, *(text(u, lang) for lang in langs))
        for k, u in enumerate(units)
    ]
    index: dict[tuple[str, str | None, str | None], int] = {}
    people = {k: index.setdefault((u.status, u.created_by, u.changed_by), len(index)) for k, u in enumerate(units)}
    return RowPage(units[0].doc_id, langs, rows, dict(enumerate(units)), people, list(index))


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


def _raw_query(
    conn: Connection, query: Select, encoded: bool = False
) -> Callable[[dict[str, Any]], list[tuple]]:
    """Run ``query`` (compiled once) with new bound values on the driver's own cursor, for
    plain tuples: SQLAlchemy's result rows cost more than the query. The query's columns
    need no result processing (the caller coerces what would, such as timestamps, to text).

    With ``encoded``, text columns come as UTF-8 bytes: SQLite's sqlite3 module hands over
    its stored bytes (``text_factory``, set for this query only), which saves decoding texts
    that a writer would encode again; other drivers' strings are encoded here."""
    compiled = query.compile(dialect=conn.dialect)
    sql = compiled.string
    positions = compiled.positiontup
    dbapi: Any = conn.connection.driver_connection
    as_bytes = encoded and conn.dialect.name == "sqlite"

    def fetch(values: dict[str, Any]) -> list[tuple]:
        params = compiled.construct_params(values)
        args: Any = [params[name] for name in positions] if positions is not None else params
        cur = dbapi.cursor()
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
