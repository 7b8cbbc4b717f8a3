"""The letters in a TM, listed (``tm documents``) and shown side by side (``tm show``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tm.confidence import needs_review
from tm.errors import NotFound
from tm.lang import picked
from tm.store import TM
from tm.store.models import Document, Unit, Variant
from tm.units import parse_unit_ref, unit_ref


@dataclass(frozen=True)
class DocumentSummary:
    """One letter of the TM and how many units it has."""

    document: Document
    units: int

    def as_dict(self) -> dict[str, Any]:
        d = self.document
        return {"doc": d.id, "titles": d.titles, "langs": d.langs, "units": self.units,
                "date": d.date.isoformat() if d.date else None, "origin": d.origin}


def list_documents(tm: TM) -> list[DocumentSummary]:
    """Every letter in the TM, by id."""
    docs, counts = tm.documents(), tm.unit_counts()
    return [DocumentSummary(d, counts.get(d.id, 0)) for d in docs]


@dataclass(frozen=True)
class DocumentView:
    """A letter's units in the languages asked for: each unit's variants keyed by the tag
    asked for, in what that tag means for the unit (:func:`tm.lang.picked`)."""

    document: Document
    langs: list[str]
    units: list[tuple[Unit, dict[str, Variant]]]

    @property
    def title(self) -> str:
        titles = self.document.titles
        return picked(self.langs[:1], titles).get(self.langs[0]) or titles.get("en") or self.document.id

    def as_dict(self) -> dict[str, Any]:
        """The shape ``tm show --json`` prints."""
        doc = self.document.id
        return {
            "doc": doc,
            "langs": self.langs,
            "units": [
                {
                    "unit": u.position, "ref": unit_ref(doc, u.position), "paragraph": u.paragraph,
                    "bead": u.bead, "score": u.score, "flags": u.flags.split(), "status": u.status,
                    "version": u.version, "changed_by": u.changed_by,
                    **{lang: v[lang].text if lang in v else "" for lang in self.langs},
                }
                for u, v in self.units
            ],
        }


def show_document(tm: TM, ref: str, langs: list[str] | None = None, review: bool = False) -> DocumentView:
    """A letter (``DOC``) or one unit of it (``DOC#N``) in ``langs`` (default: the letter's);
    with ``review``, only the units the aligner was unsure of."""
    doc, unit = parse_unit_ref(ref)
    document = tm.document(doc)
    if langs:
        tm.check_languages(langs, doc)
    wanted = langs or list(document.langs)
    rows = [(u, picked(wanted, v)) for u, v in tm.units(doc)]
    if unit is not None:
        rows = [(u, v) for u, v in rows if u.position == unit]
        if not rows:
            raise NotFound(f"document '{doc}' has no unit {unit} (units 0 to {len(tm.units(doc, [])) - 1})")
    if review:
        rows = [(u, v) for u, v in rows if needs_review(u.score, u.flags.split())]
    return DocumentView(document, wanted, rows)
