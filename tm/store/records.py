"""Plain records that go into the store: what an importer (letters, TMX) produces.

They carry no database identity, so any importer can build them and
:meth:`tm.store.TM.import_documents` can insert them in bulk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tm.textnorm import search_form, tidy_text


@dataclass
class DocumentData:
    """A document's metadata, as read from ``meta.toml``, a TMX header or given by the user."""

    id: str
    titles: dict[str, str] = field(default_factory=dict)
    date: dt.date | None = None
    author: str | None = None
    addressee: str | None = None
    source: str | None = None
    notes: str | None = None
    origin: str | None = None


@dataclass
class VariantData:
    """One language's text of a unit. ``markup`` holds inline codes (TMX) as JSON-able data."""

    text: str
    sentences: int = 1
    markup: list[Any] | None = None


@dataclass
class PropData:
    """A property of a unit (``lang`` None) or of one of its variants."""

    type: str
    value: str
    lang: str | None = None


@dataclass
class UnitData:
    """One aligned position with its variants by BCP 47 tag."""

    variants: dict[str, VariantData]
    paragraph: int = 0
    bead: str = ""
    score: float = 1.0
    flags: list[str] = field(default_factory=list)
    tuid: str | None = None
    note: str | None = None
    created_at: dt.datetime | None = None
    changed_at: dt.datetime | None = None
    props: list[PropData] = field(default_factory=list)
    status: str = "machine"  # machine, confirmed or approved (see tm.store.history.STATUSES)
    created_by: str | None = None
    changed_by: str | None = None


class UnitRow(NamedTuple):
    """A unit in the flat form the store inserts: what :func:`unit_row` makes of a
    :class:`UnitData`, texts tidied and search forms computed. Cheap to send to another
    process (tuples and strings), so a reader in a worker hands these over, not UnitData."""

    paragraph: int
    bead: str
    score: float
    flags: str  # space-separated
    tuid: str | None
    note: str | None
    created_at: dt.datetime | None
    changed_at: dt.datetime | None
    variants: tuple[tuple[str, str, str, int, list[Any] | None], ...]  # (lang, text, search form, sentences, markup)
    props: tuple[tuple[str | None, str, str], ...]  # (lang, type, value)
    status: str = "machine"
    created_by: str | None = None
    changed_by: str | None = None
    version: int = 1


def unit_row(u: UnitData) -> UnitRow:
    """The unit as the store inserts it: each text tidied (:func:`tidy_text`), with its search form."""
    variants = []
    for lang, v in u.variants.items():
        text = tidy_text(v.text)
        variants.append((lang, text, search_form(text), v.sentences, v.markup))
    return UnitRow(u.paragraph, u.bead, u.score, " ".join(u.flags), u.tuid, u.note, u.created_at, u.changed_at,
                   tuple(variants), tuple((p.lang, p.type, p.value) for p in u.props),
                   u.status, u.created_by, u.changed_by)
