"""Reading and writing the glossary in the TM database (one transaction per write)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, delete, select

from tm.errors import StoreError
from tm.glossary.models import GlossaryConcept, GlossaryTerm
from tm.glossary.records import ConceptData, ConceptType, Status, TermData, validate
from tm.store.stream import iter_texts
from tm.store.tm import TM


def read_concepts(tm: TM) -> list[ConceptData]:
    """The stored glossary, concepts and terms in their stored order (empty for a new TM)."""
    tm.init()
    with Session(tm.engine) as s:
        concepts = list(s.exec(select(GlossaryConcept).order_by(GlossaryConcept.position, GlossaryConcept.id)))
        terms: dict[str, list[TermData]] = {}
        for t in s.exec(select(GlossaryTerm).order_by(GlossaryTerm.concept_id, GlossaryTerm.position)):
            terms.setdefault(t.concept_id, []).append(TermData(t.lang, t.text, Status(t.status)))
    return [
        ConceptData(
            id=c.id, type=ConceptType(c.type), terms=tuple(terms.get(c.id, ())), note=c.note,
            case_sensitive=c.case_sensitive, scheme=c.scheme,
        )
        for c in concepts
    ]


def save_concepts(
    tm: TM, concepts: Sequence[ConceptData], replace_all: bool = False, path: str | Path | None = None
) -> list[ConceptData]:
    """Store ``concepts``: all or nothing. Concepts with a stored id are replaced;
    with ``replace_all`` the stored glossary is replaced as a whole.

    The resulting glossary is validated before anything is written (errors name ``path``).
    Returns the glossary as stored.
    """
    validate(concepts, path)
    kept = [] if replace_all else [c for c in read_concepts(tm) if c.id not in {n.id for n in concepts}]
    result = [*kept, *concepts]
    validate(result, path)
    try:
        with tm.session() as s:
            s.exec(delete(GlossaryTerm))  # type: ignore[arg-type]
            s.exec(delete(GlossaryConcept))  # type: ignore[arg-type]
            _insert(s, result)
    except SQLAlchemyError as exc:
        raise StoreError(f"the database refused the glossary ({exc}); nothing was stored") from None
    return result


def _insert(s: Session, concepts: Sequence[ConceptData]) -> None:
    conn = s.connection()
    if not concepts:
        return
    conn.execute(
        insert(GlossaryConcept),
        [
            {"id": c.id, "type": c.type.value, "note": c.note, "case_sensitive": c.case_sensitive,
             "scheme": c.scheme, "position": i}
            for i, c in enumerate(concepts)
        ],
    )
    rows = [
        {"concept_id": c.id, "lang": t.lang, "text": t.text, "status": t.status.value, "position": j}
        for c in concepts for j, t in enumerate(c.terms)
    ]
    if rows:
        conn.execute(insert(GlossaryTerm), rows)


def unit_texts(tm: TM, doc: str | None = None) -> Iterator[tuple[str, int, dict[str, str]]]:
    """``(doc, position, {lang: text})`` for every unit (of one document), in order."""
    if doc is not None:
        tm.document(doc)
    for u in iter_texts(tm, [doc] if doc is not None else None):
        yield u.doc_id, u.position, u.texts
