"""The glossary's tables: concepts and their terms, stored beside the units in the TM."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel


class GlossaryConcept(SQLModel, table=True):
    __tablename__ = "glossary_concept"

    id: str = Field(primary_key=True, max_length=200, description="slug, e.g. nazarbayev")
    type: str = Field(max_length=20, description="person, place, organisation, media or term")
    note: str | None = None
    case_sensitive: bool = Field(default=True, description="Alma the name is not alma the word")
    scheme: str | None = Field(default=None, max_length=60, description="romanization of the Latin preferred form")
    position: int = Field(default=0, description="order of the concept in its source")


class GlossaryTerm(SQLModel, table=True):
    __tablename__ = "glossary_term"
    __table_args__ = (UniqueConstraint("concept_id", "lang", "text", name="uq_glossary_term"),)

    id: int | None = Field(default=None, primary_key=True)
    concept_id: str = Field(
        sa_column=Column(String(200), ForeignKey("glossary_concept.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    lang: str = Field(max_length=35, description="BCP 47 tag")
    text: str
    status: str = Field(max_length=20, description="preferred, admitted or forbidden")
    position: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0))
