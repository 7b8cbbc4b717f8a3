"""The TM's tables (SQLModel). Portable SQL only: the same models run on SQLite and PostgreSQL.

- :class:`Document`: one letter (slug id, per-language titles, metadata).
- :class:`Unit`: one aligned position in a document (order, paragraph, bead shape, score).
- :class:`Variant`: one language's text of a unit (BCP 47 tag, NFC text, search form).
- :class:`UnitHistory`: every version of a unit that a person changed, and deleted units.
- :class:`UnitProp`: free key/value properties of a unit or of one of its variants
  (TMX ``<prop>``; ``x-`` types from other tools are kept as they come).

Later tables (glossary concepts and terms, QA findings, the lookup index) refer to
these by id; inline markup of imported TMX lives in ``Variant.markup`` as JSON.
The schema's version is Alembic's revision (``tm/store/migrations``, :mod:`tm.store.schema`).
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

def utcnow() -> datetime:
    """Now, in UTC, to the second (SQLModel stores time-zone-aware datetimes)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


class Document(SQLModel, table=True):
    __tablename__ = "document"

    id: str = Field(primary_key=True, max_length=200, description="slug, e.g. ablyazov-duvanov-2")
    titles: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    date: dt.date | None = None
    author: str | None = None
    addressee: str | None = None
    source: str | None = None
    notes: str | None = None
    langs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    origin: str | None = Field(default=None, description="where it was imported from (a folder, a TMX file)")
    created_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime = Field(default_factory=utcnow)


class Unit(SQLModel, table=True):
    __tablename__ = "unit"
    __table_args__ = (
        UniqueConstraint("doc_id", "position", name="uq_unit_doc_position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(sa_column=Column(String(200), ForeignKey("document.id", ondelete="CASCADE"), nullable=False))
    position: int = Field(description="0-based order within the document")
    paragraph: int = Field(default=0, description="0-based paragraph of the pivot version")
    bead: str = Field(default="1-1", max_length=40, description="sentences per language in document order, e.g. 1-2-1")
    score: float = Field(default=1.0, description="alignment confidence 0..1")
    flags: str = Field(default="", max_length=200, description="space-separated, e.g. 'disputed'")
    tuid: str | None = Field(default=None, max_length=200)
    note: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default="machine", max_length=20, sa_column_kwargs={"server_default": "machine"},
                        description="machine (as aligned or imported), confirmed (checked by a person), approved")
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"},
                         description="grows by one with every change: a write names the version it read")
    created_by: str | None = Field(default=None, max_length=200, description="who created the unit")
    changed_by: str | None = Field(default=None, max_length=200, description="who changed it last")


class Variant(SQLModel, table=True):
    __tablename__ = "variant"
    __table_args__ = (
        UniqueConstraint("unit_id", "lang", name="uq_variant_unit_lang"),
        Index("ix_variant_lang_unit", "lang", "unit_id"),
        # PostgreSQL only: trigrams of the search form, for concordance's LIKE '%stem%'
        # (tm.index.pg). Fuzzy lookup uses the word index (tm.index.words) on both databases.
        Index(
            "ix_variant_search_trgm", "search", postgresql_using="gin", postgresql_ops={"search": "gin_trgm_ops"}
        ).ddl_if(dialect="postgresql"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("unit.id", ondelete="CASCADE"), nullable=False))
    lang: str = Field(max_length=35, description="BCP 47 tag")
    text: str = Field(description="NFC-normalised plain text")
    search: str = Field(description="case-folded, punctuation-free form for matching")
    sentences: int = Field(default=1, description="how many sentences the aligner put here")
    markup: list[Any] | None = Field(default=None, sa_column=Column(JSON(none_as_null=True), nullable=True))


class UnitProp(SQLModel, table=True):
    __tablename__ = "unit_prop"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("unit.id", ondelete="CASCADE"), nullable=False, index=True))
    lang: str | None = Field(default=None, max_length=35, description="set when the prop belongs to one variant")
    type: str = Field(max_length=200)
    value: str


class UnitHistory(SQLModel, table=True):
    """One version of a unit, kept when a person changes or deletes it (see :mod:`tm.store.history`).

    Not tied to the unit by a foreign key: it outlives the unit and its document. A live
    unit's versions have its id in ``unit_id``; a deleted unit's versions a negative key
    of their own (minus the id of the row that records the delete)."""

    __tablename__ = "unit_history"
    __table_args__ = (Index("ix_unit_history_doc_unit", "doc_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(max_length=200)
    unit_id: int
    position: int
    version: int
    op: str = Field(max_length=20, description="what made this version: import, edit, status, revert, review, delete, restore")
    status: str = Field(max_length=20)
    variants: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False),
                                     description="lang -> {text, sentences, markup}")
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False),
                                 description="the unit's other fields (paragraph, bead, score, flags, props...)")
    changed_by: str | None = Field(default=None, max_length=200)
    changed_at: datetime = Field(default_factory=utcnow)
