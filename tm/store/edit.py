"""Changing units by hand: texts, status, deletes, restores, reverts.

Rules every operation keeps:

- One transaction each; the unit is locked first (``BEGIN IMMEDIATE`` on SQLite, a row
  lock on PostgreSQL), so two writers of the same unit go one after the other.
- A write names the version it was based on (by default the one the caller read when
  it started); if the unit has moved on, the write is refused with who changed it and
  when (:class:`tm.errors.Conflict`), and nothing is stored.
- Units keep their numbers: a delete leaves a gap, a restore fills it again.
- The old version goes to the history first (:mod:`tm.store.history`), and the word
  index follows the changed variants in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from tm.errors import Conflict, InputError, NotFound
from tm.lang import normalize_tag
from tm.store import history
from tm.store.hooks import HOOKS, VariantRow
from tm.store.models import Document, Unit, UnitProp, Variant
from tm.store.tm import TM
from tm.units import unit_ref
from tm.textnorm import clean_text, search_form

_UNIT = Unit.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Change:
    """What a write did: the unit's number, its new version and status."""

    doc_id: str
    position: int
    version: int
    status: str
    op: str

    def as_dict(self) -> dict[str, object]:
        return {"doc": self.doc_id, "unit": self.position, "version": self.version, "status": self.status,
                "op": self.op}


def lock_for_writing(s: Session) -> None:
    """SQLite: take the writer lock now, so that the unit read next is the one written."""
    conn = s.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.driver_connection.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def notify(s: Session, doc_id: str, removed: list[VariantRow], added: list[VariantRow]) -> None:
    for hook in HOOKS:
        changed = getattr(hook, "variants_changed", None)
        if changed is not None:
            changed(s, doc_id, removed, added)


def variant_rows(s: Session, unit_id: int) -> list[VariantRow]:
    return [(v.id or 0, v.lang, v.search) for v in s.exec(select(Variant).where(Variant.unit_id == unit_id))]  # type: ignore[arg-type]


class Editor:
    """Hand changes to the TM at ``tm``, made by ``user`` (see :func:`tm.store.history.who`)."""

    def __init__(self, tm: TM, user: str | None = None) -> None:
        self.tm = tm
        self.user = history.who(user)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        self.tm.require()
        with self.tm.session() as s:
            lock_for_writing(s)
            yield s

    # -- reading ------------------------------------------------------------------

    def unit(self, s: Session, doc_id: str, position: int, lock: bool = False) -> Unit:
        query = select(Unit).where(Unit.doc_id == doc_id, Unit.position == position)  # type: ignore[arg-type]
        unit = s.exec(query.with_for_update() if lock else query).first()
        if unit is not None:
            return unit
        if s.get(Document, doc_id) is None:
            raise NotFound(f"no document '{doc_id}' in the TM")
        last = s.execute(select(func.max(Unit.position)).where(Unit.doc_id == doc_id)).scalar()  # type: ignore[arg-type]
        gone = history.deleted_rows(s, doc_id, position)
        if gone:
            raise NotFound(f"unit {unit_ref(doc_id, position)} was deleted by {gone[0].changed_by} "
                           f"(restore it with 'tm unit restore {doc_id} {position}')")
        raise NotFound(f"no unit {position} in {doc_id} (units 0 to {last})" if last is not None
                       else f"{doc_id} has no units")

    def current_version(self, doc_id: str, position: int) -> int:
        self.tm.require()
        with self.tm.session() as s:
            return self.unit(s, doc_id, position).version

    def text(self, doc_id: str, position: int, lang: str) -> str:
        """The unit's present text in ``lang`` ("" when it has none)."""
        tag = normalize_tag(lang)
        self.tm.require()
        with self.tm.session() as s:
            unit = self.unit(s, doc_id, position)
            variant = s.exec(select(Variant).where(Variant.unit_id == unit.id, Variant.lang == tag)).first()  # type: ignore[arg-type]
            return variant.text if variant is not None else ""

    # -- writing ------------------------------------------------------------------

    def _claim(self, s: Session, unit: Unit, expected: int | None, status: str) -> None:
        """Check the version, record the old one, and move the unit to the next version
        (the caller then changes what it changes and calls :meth:`_finish`)."""
        if expected is not None and unit.version != expected:
            raise Conflict(
                f"unit {unit_ref(unit.doc_id, unit.position)} was changed by {unit.changed_by or 'an import'} at "
                f"{history.iso(unit.changed_at)} (now version {unit.version}) after you read version "
                f"{expected}; your change was not stored (see 'tm unit history {unit.doc_id} {unit.position}')"
            )
        history.ensure_recorded(s, unit)
        done = s.execute(
            update(_UNIT).where(_UNIT.c.id == unit.id, _UNIT.c.version == unit.version)
            .values(version=unit.version + 1, status=status, changed_by=self.user, changed_at=history.now())
        )
        if done.rowcount != 1:  # cannot happen under the lock; refuse rather than overwrite
            raise Conflict(f"unit {unit_ref(unit.doc_id, unit.position)} changed while it was being written; try again")

    def _finish(self, s: Session, unit: Unit, op: str) -> Change:
        """Record the unit's new version in its history."""
        s.flush()
        s.expire(unit)
        s.refresh(unit)
        history.record(s, unit, op)
        return Change(unit.doc_id, unit.position, unit.version, unit.status, op)

    def edit(self, doc_id: str, position: int, lang: str, text: str, expected: int | None = None) -> Change:
        """Replace the unit's text in ``lang`` (an empty text: no counterpart in that language)."""
        tag = normalize_tag(lang)
        with self.writing() as s:
            unit = self.unit(s, doc_id, position, lock=True)
            doc = s.get(Document, doc_id)
            assert doc is not None
            if doc.langs and tag not in doc.langs:
                raise InputError(f"{doc_id} has no language '{tag}' (languages: {', '.join(doc.langs)})")
            new = clean_text(text)  # one line: an editor's line breaks and runs of spaces fold
            variant = s.exec(select(Variant).where(Variant.unit_id == unit.id, Variant.lang == tag)).first()  # type: ignore[arg-type]
            if variant is not None and variant.text == new:
                return Change(doc_id, position, unit.version, unit.status, "unchanged")
            self._claim(s, unit, expected, "confirmed")  # a person wrote it; an approval was of the old text
            self._set_text(s, unit, tag, new, variant)
            return self._finish(s, unit, "edit")

    def _set_text(self, s: Session, unit: Unit, lang: str, text: str, variant: Variant | None) -> None:
        removed: list[VariantRow] = []
        if variant is None:
            variant = Variant(unit_id=unit.id or 0, lang=lang, text=text, search=search_form(text))
            s.add(variant)
        else:
            removed.append((variant.id or 0, variant.lang, variant.search))
            variant.text, variant.search, variant.markup = text, search_form(text), None
        s.flush()
        notify(s, unit.doc_id, removed, [(variant.id or 0, variant.lang, variant.search)])

    def set_status(self, doc_id: str, position: int, status: str, expected: int | None = None) -> Change:
        history.check_status(status)
        with self.writing() as s:
            unit = self.unit(s, doc_id, position, lock=True)
            if unit.status == status:
                return Change(doc_id, position, unit.version, status, "unchanged")
            self._claim(s, unit, expected, status)
            return self._finish(s, unit, "status")

    def delete(self, doc_id: str, position: int, expected: int | None = None) -> Change:
        """Delete one unit; its versions stay in the history, and it can be restored."""
        with self.writing() as s:
            unit = self.unit(s, doc_id, position, lock=True)
            self._claim(s, unit, expected, unit.status)
            change = self._finish(s, unit, "delete")
            self._drop(s, unit)
            return change

    def _drop(self, s: Session, unit: Unit) -> None:
        """Remove a unit whose last history row is its delete: its versions go under a key of their own."""
        last = history.rows(s, unit.doc_id, unit.id or 0)[-1]
        history.rekey(s, unit.doc_id, unit.id or 0, -(last.id or 0))
        notify(s, unit.doc_id, variant_rows(s, unit.id or 0), [])
        s.execute(delete(Variant).where(Variant.unit_id == unit.id))  # type: ignore[arg-type]
        s.execute(delete(UnitProp).where(UnitProp.unit_id == unit.id))  # type: ignore[arg-type]
        s.execute(delete(Unit).where(Unit.id == unit.id))  # type: ignore[arg-type]

    def revert(self, doc_id: str, position: int, to: int | None = None, expected: int | None = None) -> Change:
        """Bring back the texts and status of an earlier version (by default the one before)."""
        with self.writing() as s:
            unit = self.unit(s, doc_id, position, lock=True)
            past = {r.version: r for r in history.rows(s, doc_id, unit.id or 0)}
            target = unit.version - 1 if to is None else to
            if target == unit.version:
                raise InputError(f"unit {unit_ref(doc_id, position)} is at version {target} already")
            if target not in past or past[target].op == "delete":
                known = ", ".join(str(v) for v in sorted(past) if v != unit.version) or "none"
                raise InputError(f"unit {unit_ref(doc_id, position)} has no earlier version {target} (versions: {known})")
            row = past[target]
            self._claim(s, unit, expected, row.status)
            self._set_variants(s, unit, row.variants)
            return self._finish(s, unit, "revert")

    def _set_variants(self, s: Session, unit: Unit, variants: dict[str, dict]) -> None:
        old = list(s.exec(select(Variant).where(Variant.unit_id == unit.id)))  # type: ignore[arg-type]
        removed = [(v.id or 0, v.lang, v.search) for v in old]
        s.execute(delete(Variant).where(Variant.unit_id == unit.id))  # type: ignore[arg-type]
        new = [Variant(unit_id=unit.id or 0, lang=lang, text=v["text"], search=search_form(v["text"]),
                       sentences=v.get("sentences", 1), markup=v.get("markup")) for lang, v in variants.items()]
        s.add_all(new)
        s.flush()
        notify(s, unit.doc_id, removed, [(v.id or 0, v.lang, v.search) for v in new])

    # -- history, deleted units, restores ----------------------------------------------

    def history(self, doc_id: str, position: int) -> list[history.Version]:
        """The versions of unit ``position``, oldest first; of the unit deleted there last if none is."""
        self.tm.require()
        with self.tm.session() as s:
            unit = s.exec(select(Unit).where(Unit.doc_id == doc_id, Unit.position == position)).first()  # type: ignore[arg-type]
            if unit is not None:
                return history.versions(s, unit)
            gone = history.deleted_rows(s, doc_id, position)
            if not gone:
                self.unit(s, doc_id, position)  # raises NotFound, saying what there is
            return history.deleted_versions(s, gone[0])

    def deleted(self, doc_id: str) -> list[history.Version]:
        """The document's deleted units (their delete versions), newest first."""
        self.tm.require()
        with self.tm.session() as s:
            return [history.deleted_versions(s, row)[-1] for row in history.deleted_rows(s, doc_id)]

    def restore(self, doc_id: str, position: int) -> Change:
        """Bring back the unit deleted last at ``position`` (and its document, if that was deleted too)."""
        with self.writing() as s:
            gone = history.deleted_rows(s, doc_id, position)
            if not gone:
                raise NotFound(f"no deleted unit {position} in {doc_id} (see 'tm unit deleted {doc_id}')")
            return self._restore(s, gone[0])

    def restore_all(self, doc_id: str) -> list[Change]:
        """Bring back every deleted unit of the document whose number is free (one transaction)."""
        with self.writing() as s:
            rows, seen = [], set()
            for row in history.deleted_rows(s, doc_id):  # newest first: the last delete at a number wins
                if row.position not in seen:
                    seen.add(row.position)
                    rows.append(row)
            if not rows:
                raise NotFound(f"no deleted units in {doc_id}")
            return [self._restore(s, row) for row in sorted(rows, key=lambda r: r.position)]

    def _restore(self, s: Session, row: history.UnitHistory) -> Change:
        doc_id, position = row.doc_id, row.position
        if s.get(Document, doc_id) is None:
            restore_document(s, doc_id)
        taken = s.exec(select(Unit.id).where(Unit.doc_id == doc_id, Unit.position == position)).first()  # type: ignore[arg-type]
        if taken is not None:
            raise Conflict(f"unit {unit_ref(doc_id, position)} is in use by another unit; the deleted one was not restored")
        data = row.data
        key = row.unit_id
        old_id = data.get("id")  # the unit keeps its id, and so its place in the index's order, when it is free
        unit = Unit(
            doc_id=doc_id, position=position, paragraph=data["paragraph"], bead=data["bead"], score=data["score"],
            flags=data["flags"], tuid=data["tuid"], note=data["note"], status=row.status, version=row.version + 1,
            created_by=data.get("created_by"), changed_by=self.user, changed_at=history.now(),
            created_at=history.parse_iso(data["created_at"]),
        )
        if old_id is not None and s.get(Unit, old_id) is None:
            unit.id = old_id
        s.add(unit)
        s.flush()
        s.add_all(UnitProp(unit_id=unit.id or 0, lang=lang, type=type_, value=value) for lang, type_, value in data["props"])
        history.rekey(s, doc_id, key, unit.id or 0)
        self._set_variants(s, unit, row.variants)
        return self._finish(s, unit, "restore")

    def delete_document(self, doc_id: str) -> int:
        """Delete a document; every unit goes to the history (restore with 'tm unit restore DOC --all')."""
        with self.writing() as s:
            doc = s.get(Document, doc_id)
            if doc is None:
                raise NotFound(f"no document '{doc_id}' in the TM")
            history.record_document(s, doc, self.user)
            units = list(s.exec(select(Unit).where(Unit.doc_id == doc_id).order_by(Unit.position)))  # type: ignore[arg-type]
            at = history.now()
            for unit in units:
                row_id = history.record(s, unit, "delete", version=unit.version + 1, by=self.user, at=at)
                history.rekey(s, doc_id, unit.id or 0, -row_id)
            self.tm._delete(s, doc_id)
            return len(units)


def restore_document(s: Session, doc_id: str) -> None:
    """Recreate a deleted document from its last 'document' history row."""
    row = history.document_row(s, doc_id)
    if row is None:
        raise NotFound(f"document '{doc_id}' is gone and its metadata was not kept")
    s.add(Document(**history.document_fields(row)))
    s.flush()
