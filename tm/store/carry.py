"""What a person did survives an import with ``--replace``.

The rule: a unit a person touched (status confirmed or approved, or changed at all)
whose texts come back unchanged in the new import keeps its status, provenance, version
and history; one whose texts do not come back is kept in the history as deleted (listed
by ``tm unit deleted``), so nothing a person wrote is lost by a re-import. Units nobody
touched are replaced without a trace, as before.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from tm.store import history
from tm.store.models import Unit, UnitHistory, Variant
from tm.store.records import UnitRow

TextKey = tuple[tuple[str, str], ...]


def _rank(status: str) -> int:
    return history.STATUSES.index(status) if status in history.STATUSES else 0


def text_key(texts: dict[str, str] | list[tuple[str, str]]) -> TextKey:
    """A unit's texts, for comparison: (lang, text) of its non-empty texts, in order."""
    pairs = texts.items() if isinstance(texts, dict) else texts
    return tuple(sorted((lang, text) for lang, text in pairs if text))


class Carry:
    """Built before a document's old units are deleted; :meth:`apply` each new unit, then :meth:`finish`."""

    def __init__(self, s: Session, doc_id: str, user: str) -> None:
        self.doc_id = doc_id
        self.waiting: dict[TextKey, list[tuple[int, Unit]]] = defaultdict(list)  # key -> (delete row id, old unit)
        self.matched: list[tuple[int, int]] = []  # (delete row id, new position)
        touched = list(s.exec(
            select(Unit).where(Unit.doc_id == doc_id, or_(Unit.status != "machine", Unit.version > 1))  # type: ignore[arg-type]
            .order_by(Unit.position)
        ))
        at = history.now()
        for unit in touched:
            texts = {v.lang: v.text for v in s.exec(select(Variant).where(Variant.unit_id == unit.id))}  # type: ignore[arg-type]
            history.ensure_recorded(s, unit)
            row_id = history.record(s, unit, "delete", version=unit.version + 1, by=user, at=at)
            history.rekey(s, doc_id, unit.id or 0, -row_id)
            self.waiting[text_key(texts)].append((row_id, unit))
            s.expunge(unit)  # its row is about to go; a new unit may get its id

    def apply(self, row: UnitRow, position: int) -> UnitRow:
        if not self.waiting:
            return row
        found = self.waiting.get(text_key([(v[0], v[1]) for v in row.variants]))
        if not found:
            return row
        row_id, old = found.pop(0)
        self.matched.append((row_id, position))
        if _rank(row.status) > _rank(old.status):  # raised now (a review): a new version by whoever raised it
            return row._replace(created_by=old.created_by, created_at=old.created_at, version=old.version + 1)
        return row._replace(status=old.status, created_by=old.created_by, changed_by=old.changed_by,
                            created_at=old.created_at, changed_at=old.changed_at, version=old.version)

    def finish(self, s: Session) -> int:
        """Give the matched units their history back; the number of units carried over."""
        for row_id, position in self.matched:
            new_id = s.exec(select(Unit.id).where(Unit.doc_id == self.doc_id, Unit.position == position)).one()  # type: ignore[arg-type]
            s.execute(delete(UnitHistory).where(UnitHistory.id == row_id))  # type: ignore[arg-type]
            history.rekey(s, self.doc_id, -row_id, new_id or 0)
        return len(self.matched)
