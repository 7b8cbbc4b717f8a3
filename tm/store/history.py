"""A unit's history: every version a person made, and the units a person deleted.

The rules it keeps:

- A unit starts at version 1 (as aligned or imported); every change by a person adds
  one: a text, a status, a revert, a restore, a review.
- Versions are written from a unit's first change on: before that change the version
  as imported is written (op ``import``), then each new one. Units nobody touched cost
  nothing, so a million-unit import writes no history.
- A delete writes one more version (op ``delete``, the texts as they were, who and
  when) and moves the unit's versions to a key of their own, minus the id of that row,
  so that a unit that later gets the same id never inherits them. A restore gives them
  to the restored unit. Nothing a person wrote is lost by a delete.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, select

from tm.errors import InputError
from tm.lang import order_langs
from tm.store.models import Document, Unit, UnitHistory, UnitProp, Variant, utcnow

#: A unit's review status, from least to most trusted.
STATUSES = ("machine", "confirmed", "approved")
#: The operations a version can come from.
OPS = ("import", "edit", "status", "revert", "review", "delete", "restore", "replace")

_HISTORY = UnitHistory.__table__  # type: ignore[attr-defined]


def who(user: str | None = None) -> str:
    """Who is changing the TM: ``user`` if given, else ``TM_USER``, else the login name."""
    if user and user.strip():
        return user.strip()
    env = os.environ.get("TM_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InputError(f"unknown status '{status}' (one of: {', '.join(STATUSES)})")
    return status


@dataclass(frozen=True)
class Version:
    """One version of a unit as the history shows it."""

    version: int
    op: str
    status: str
    texts: dict[str, str]
    changed_by: str | None
    changed_at: dt.datetime
    position: int

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "op": self.op, "status": self.status, "by": self.changed_by,
                "at": iso(self.changed_at), "unit": self.position, "texts": dict(self.texts)}


def iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def snapshot(s: Session, unit: Unit) -> tuple[dict[str, Any], dict[str, Any]]:
    """A unit's variants (lang -> text, sentences, markup) and its other fields, as JSON-able data."""
    variants = {
        v.lang: {"text": v.text, "sentences": v.sentences, "markup": v.markup}
        for v in s.exec(select(Variant).where(Variant.unit_id == unit.id).order_by(Variant.id))  # type: ignore[arg-type]
    }
    props = [
        [p.lang, p.type, p.value]
        for p in s.exec(select(UnitProp).where(UnitProp.unit_id == unit.id).order_by(UnitProp.id))  # type: ignore[arg-type]
    ]
    data = {
        "id": unit.id, "paragraph": unit.paragraph, "bead": unit.bead, "score": unit.score, "flags": unit.flags,
        "tuid": unit.tuid, "note": unit.note, "created_by": unit.created_by,
        "created_at": iso(unit.created_at), "props": props,
    }
    return variants, data


def record(
    s: Session, unit: Unit, op: str, version: int | None = None, by: str | None = None, at: dt.datetime | None = None
) -> int:
    """Write the unit's present version to its history (or, for a delete, the version
    ``version`` made by ``by`` at ``at`` with the same content); the row's id."""
    variants, data = snapshot(s, unit)
    row = UnitHistory(
        doc_id=unit.doc_id, unit_id=unit.id, position=unit.position,
        version=version or unit.version, op=op, status=unit.status, variants=variants, data=data,
        changed_by=by or unit.changed_by, changed_at=at or unit.changed_at,
    )
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def ensure_recorded(s: Session, unit: Unit) -> None:
    """Before a unit's first change: write the version it has now (as imported)."""
    have = s.execute(
        select(func.count()).select_from(_HISTORY)
        .where(_HISTORY.c.doc_id == unit.doc_id, _HISTORY.c.unit_id == unit.id, _HISTORY.c.version == unit.version)
    ).scalar_one()
    if not have:
        record(s, unit, "import" if unit.version == 1 else "review")


def rekey(s: Session, doc_id: str, old: int, new: int) -> None:
    """Give the versions kept under ``old`` to ``new`` (a deleted or restored unit)."""
    s.execute(update(_HISTORY).where(_HISTORY.c.doc_id == doc_id, _HISTORY.c.unit_id == old).values(unit_id=new))


def _ordered(texts: dict[str, str]) -> dict[str, str]:
    return {lang: texts[lang] for lang in order_langs(texts)}


def _version(row: UnitHistory) -> Version:
    texts = _ordered({lang: v.get("text", "") for lang, v in row.variants.items()})
    return Version(row.version, row.op, row.status, texts, row.changed_by, row.changed_at, row.position)


def rows(s: Session, doc_id: str, key: int) -> list[UnitHistory]:
    return list(s.exec(
        select(UnitHistory).where(UnitHistory.doc_id == doc_id, UnitHistory.unit_id == key)  # type: ignore[arg-type]
        .order_by(UnitHistory.version, UnitHistory.id)
    ))


def versions(s: Session, unit: Unit) -> list[Version]:
    """Every version of a live unit, oldest first (just the present one if nobody changed it)."""
    found = [_version(r) for r in rows(s, unit.doc_id, unit.id or 0)]
    if not found or found[-1].version != unit.version:
        variants, _data = snapshot(s, unit)
        found.append(Version(unit.version, "import" if unit.version == 1 else "review", unit.status,
                             _ordered({lang: v["text"] for lang, v in variants.items()}), unit.changed_by,
                             unit.changed_at, unit.position))
    return found


def deleted_rows(s: Session, doc_id: str, position: int | None = None) -> list[UnitHistory]:
    """The delete rows of the document's deleted units (newest first), optionally at one position."""
    query = select(UnitHistory).where(
        UnitHistory.doc_id == doc_id, UnitHistory.unit_id < 0, UnitHistory.op == "delete"  # type: ignore[arg-type, operator]
    )
    if position is not None:
        query = query.where(UnitHistory.position == position)  # type: ignore[arg-type]
    return list(s.exec(query.order_by(UnitHistory.id.desc())))  # type: ignore[union-attr]


def deleted_versions(s: Session, row: UnitHistory) -> list[Version]:
    return [_version(r) for r in rows(s, row.doc_id, row.unit_id)]


def now() -> dt.datetime:
    return utcnow()


def parse_iso(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


#: The history row that keeps a deleted document's metadata (its units have rows of their own).
_DOCUMENT_OP = "document"


def record_document(s: Session, doc: Document, by: str) -> None:
    data = {"id": doc.id, "titles": doc.titles, "date": doc.date.isoformat() if doc.date else None,
            "author": doc.author, "addressee": doc.addressee, "source": doc.source, "notes": doc.notes,
            "langs": doc.langs, "origin": doc.origin, "created_at": iso(doc.created_at)}
    s.add(UnitHistory(doc_id=doc.id, unit_id=0, position=-1, version=0, op=_DOCUMENT_OP, status="",
                      variants={}, data=data, changed_by=by, changed_at=now()))
    s.flush()


def document_row(s: Session, doc_id: str) -> UnitHistory | None:
    return s.exec(
        select(UnitHistory).where(UnitHistory.doc_id == doc_id, UnitHistory.op == _DOCUMENT_OP)  # type: ignore[arg-type]
        .order_by(UnitHistory.id.desc())  # type: ignore[union-attr]
    ).first()


def document_fields(row: UnitHistory) -> dict[str, Any]:
    data = dict(row.data)
    data["date"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    data["created_at"] = parse_iso(data["created_at"])
    return data
