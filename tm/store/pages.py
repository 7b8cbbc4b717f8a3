"""The exporters' reader: a document's units page by page, a named row per unit with its
variants joined by language (see :mod:`tm.store.stream` for the other readers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import String, and_, bindparam, exists, select, type_coerce
from sqlalchemy.engine import Connection

from tm.store.dialect import read_snapshot
from tm.store.rawquery import raw_query
from tm.store.stream import (
    _FULL_COLUMNS, _PROP, _UNIT, _VARIANT, MAX_JOINED_LANGS, PAGE, StoredUnit, _add_props, _assemble,
    _by_language_query, _has_props, _pages, iter_units,
)
from tm.store.tm import TM


class Provenance(NamedTuple):
    """A unit's review status, who created it and who changed it last."""

    status: str
    created_by: str | None
    changed_by: str | None


class PageRow(NamedTuple):
    """A unit as a row of a :class:`RowPage`.

    ``created``/``changed`` are raw (:func:`timestamp` reads them, once decoded if they are
    bytes). ``texts`` has one text per language of the page (None where the unit has no such
    variant). In the pages of ``iter_row_pages(..., encoded=True)``, bead, texts and (on
    SQLite) the timestamps are UTF-8 bytes. A unit is *plain* when these fields are all it
    has in these languages: no flags, tuid, note, props or inline markup.
    """

    id: int
    position: int
    paragraph: int
    bead: str | bytes
    score: float
    created: object
    changed: object
    plain: bool
    texts: tuple[str | bytes | None, ...]


@dataclass(slots=True)
class RowPage:
    """One page of a document's units as :class:`PageRow`, for exporters that write many
    units fast. The units that are not plain are also in ``full``, by id, read whole as
    :class:`StoredUnit`. ``people`` gives each row's unit (by id) the index in ``who`` of
    its :class:`Provenance`: a page has few distinct ones, so a writer prepares each once.
    """

    doc_id: str
    langs: list[str]
    rows: list[PageRow]
    full: dict[int, StoredUnit]
    people: dict[int, int] = field(default_factory=dict)
    who: list[Provenance] = field(default_factory=list)


def iter_row_pages(
    tm: TM, langs: Sequence[str], doc_ids: Sequence[str] | None = None, page: int = PAGE, encoded: bool = False
) -> Iterator[RowPage]:
    """The units of the given documents (all by default) in ``langs``, page by page, in
    document then unit order (units with no variant in ``langs`` included: their texts are
    None). One row per unit, its variants joined by language: cheaper to read than
    :func:`iter_units`' row per variant. With ``encoded``, the rows' strings come as
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
        for doc_id, raw in _pages(conn, query, doc_ids, encoded):
            rows = [PageRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8:]) for r in raw]
            others = [row.id for row in rows if not row.plain]
            full: dict[int, StoredUnit] = {}
            if others:
                full = _assemble(doc_id, conn.execute(full_query, {"ids": others}).all(), wanted)  # type: ignore[arg-type]
                if has_props:
                    _add_props(conn, full)
            yield RowPage(doc_id, langs, rows, full, *people_of(doc_id, rows))


def _people_reader(conn: Connection) -> Callable[[str, list[PageRow]], tuple[dict[int, int], list[Provenance]]]:
    """Reads the status, creator and last changer of a page's units (one range read on the
    document's positions, compiled once), as :attr:`RowPage.people` and :attr:`RowPage.who`."""
    u = _UNIT
    fetch = raw_query(conn, select(u.c.id, u.c.status, u.c.created_by, u.c.changed_by).where(
        u.c.doc_id == bindparam("doc"), u.c.position.between(bindparam("lo"), bindparam("hi"))))

    def read(doc_id: str, rows: list[PageRow]) -> tuple[dict[int, int], list[Provenance]]:
        index: dict[Provenance, int] = {}
        found = fetch({"doc": doc_id, "lo": rows[0].position, "hi": rows[-1].position})
        people = {uid: index.setdefault(Provenance(st, cb, chb), len(index)) for uid, st, cb, chb in found}
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
        PageRow(k, u.position, u.paragraph, u.bead.encode() if encoded else u.bead, u.score, u.created_at, u.changed_at,
                False, tuple(text(u, lang) for lang in langs))
        for k, u in enumerate(units)
    ]
    index: dict[Provenance, int] = {}
    people = {k: index.setdefault(Provenance(u.status, u.created_by, u.changed_by), len(index))
              for k, u in enumerate(units)}
    return RowPage(units[0].doc_id, langs, rows, dict(enumerate(units)), people, list(index))
