"""Alignment review through a file: export a document's units, let a person fix them in
any editor or spreadsheet, apply the file back (see :mod:`tm.alignfile` for the format
and the rule that no text may be lost, added or reordered).

Applying is one transaction that rewrites the document's units: a row whose texts are
those of a stored unit keeps that unit's provenance, markup, props and history; every
row becomes at least ``confirmed`` (a person saw it), ``approved`` where the file says
so. Units no row keeps go to the history as deleted (a person's work is never lost).
The lookup index follows in the same transaction; QA and glossary checks read the
units as they are, so they follow by themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from tm.alignfile import AlignmentFile, Row, check_texts, read_alignment, row_unit, write_alignment
from tm.confidence import needs_review
from tm.errors import Conflict, InputError
from tm.store.history import STATUSES, who
from tm.store.edit import lock_for_writing
from tm.store.models import Unit, UnitProp
from tm.store.records import DocumentData, PropData, UnitData, VariantData
from tm.store.tm import TM

#: Rows of context written around each unsure unit by ``--only-unsure``.
CONTEXT = 1


def _rank(status: str | None) -> int:
    return STATUSES.index(status) if status in STATUSES else 0


def export_review(tm: TM, doc_id: str, out: Path | None, only_unsure: bool = False) -> tuple[str, int]:
    """The document's units as an alignment file (written to ``out`` if given); with
    ``only_unsure`` only the units ``tm show --review`` lists, each with :data:`CONTEXT`
    units around it, in ``# units A-B`` stretches. Returns the text and the rows written."""
    document = tm.document(doc_id)
    units = tm.units(doc_id)
    langs = list(document.langs)
    rows = [Row(0, u.paragraph, {lang: v[lang].text if lang in v else "" for lang in langs}, u.status)
            for u, v in units]
    if not only_unsure:
        return write_alignment(out, langs, [(None, rows)]), len(rows)
    spans: list[list[int]] = []
    for k, (u, _v) in enumerate(units):
        if needs_review(u.score, u.flags.split()):
            lo, hi = max(0, k - CONTEXT), min(len(units) - 1, k + CONTEXT)
            if spans and lo <= spans[-1][1] + 1:
                spans[-1][1] = hi
            else:
                spans.append([lo, hi])
    blocks = [((units[lo][0].position, units[hi][0].position), rows[lo : hi + 1]) for lo, hi in spans]
    return write_alignment(out, langs, blocks), sum(len(b) for _, b in blocks)


@dataclass(frozen=True)
class ReviewResult:
    doc_id: str
    units_before: int
    units_after: int
    kept: int
    changed: int
    first_renumbered: int | None  # the first unit whose number changed (None: none did)

    def as_dict(self) -> dict[str, object]:
        return {"doc": self.doc_id, "units_before": self.units_before, "units_after": self.units_after,
                "kept": self.kept, "changed": self.changed, "first_renumbered": self.first_renumbered}


def stored_units(
    tm: TM, doc_id: str, versions: list[tuple[int, int]] | None = None
) -> list[tuple[int, dict[str, str], UnitData]]:
    """The document's units as records that store them again as they are (texts, markup,
    props, status, provenance), each with its number and its texts by language;
    ``versions``, if given, gets each unit's (number, version)."""
    units = tm.units(doc_id)
    props: dict[int, list[PropData]] = {}
    with tm.session() as s:
        ids = [u.id for u, _ in units]
        for p in s.exec(select(UnitProp).where(UnitProp.unit_id.in_(ids)).order_by(UnitProp.id)):  # type: ignore[attr-defined]
            props.setdefault(p.unit_id, []).append(PropData(p.type, p.value, p.lang))
    out = []
    for u, v in units:
        if versions is not None:
            versions.append((u.position, u.version))
        data = UnitData(
            {lang: VariantData(x.text, x.sentences, x.markup) for lang, x in v.items()}, paragraph=u.paragraph,
            bead=u.bead, score=u.score, flags=u.flags.split(), tuid=u.tuid, note=u.note, created_at=u.created_at,
            changed_at=u.changed_at, props=props.get(u.id or 0, []), status=u.status, created_by=u.created_by,
            changed_by=u.changed_by,
        )
        out.append((u.position, {lang: x.text for lang, x in v.items()}, data))
    return out


def _key(texts: dict[str, str], langs: Sequence[str]) -> tuple[str, ...]:
    """A unit's texts for comparison, whitespace aside (as the file's check)."""
    return tuple(" ".join(texts.get(lang, "").split()) for lang in langs)


def apply_review(tm: TM, doc_id: str, path: Path, user: str | None = None) -> ReviewResult:
    """Check the file against the document and, if it keeps every text, store its units
    in one transaction (else :class:`InputError` with file:line, and the TM is unchanged)."""
    document = tm.document(doc_id)
    langs = list(document.langs)
    table = read_alignment(path, STATUSES)
    if table.langs != langs:
        raise InputError(f"the columns are {', '.join(table.langs)}; {doc_id} has {', '.join(langs)}", path, 1)
    read: list[tuple[int, int]] = []
    old = stored_units(tm, doc_id, read)
    new, first = _new_units(table, old, langs, doc_id, who(user))
    kept = sum(1 for u in new if u[1])
    meta = DocumentData(id=document.id, titles=document.titles, date=document.date, author=document.author,
                        addressee=document.addressee, source=document.source, notes=document.notes,
                        origin=document.origin)

    def unchanged(s: Session, _doc: str) -> None:
        """Refuse if someone changed the document's units since they were read above."""
        lock_for_writing(s)
        now = s.exec(select(Unit).where(Unit.doc_id == doc_id).order_by(Unit.position)).all()  # type: ignore[arg-type]
        if [(u.position, u.version) for u in now] != read:
            moved = next((u for u, r in zip(now, read) if (u.position, u.version) != r), now[-1] if now else None)
            by = f" (unit {moved.position} by {moved.changed_by or 'an import'})" if moved is not None else ""
            raise Conflict(f"{doc_id} was changed while the review was applied{by}; nothing was stored, "
                           f"apply the file again")

    tm.import_documents([(meta, langs, [u for u, _, _ in new])], replace=True, user=who(user), guard=unchanged)
    return ReviewResult(doc_id, len(old), len(new), kept, len(new) - kept, first)


def _ends(texts: Sequence[dict[str, str]], langs: Sequence[str]) -> list[tuple[int, ...]]:
    """Where each unit's text ends in the running text, per language (whitespace aside)."""
    at, out = [0] * len(langs), []
    for t in texts:
        at = [a + len("".join(t.get(lang, "").split())) for a, lang in zip(at, langs, strict=True)]
        out.append(tuple(at))
    return out


def _first_shift(new: Sequence[dict[str, str]], old: Sequence[dict[str, str]], langs: Sequence[str]) -> int | None:
    """The first index from which a unit number names another stretch of text: the
    points where new and old units end together in every language must be the same
    unit counts (a move between two rows keeps the numbers; a merge or split does not)."""
    new_ends, old_ends = _ends(new, langs), _ends(old, langs)
    where = {end: k for k, end in enumerate(old_ends)}
    synced = -1
    for j, end in enumerate(new_ends):
        k = where.get(end)
        if k is None:
            continue
        if k != j:
            return synced + 1
        synced = j
    return None if len(new) == len(old) else synced + 1


def _spans(table: AlignmentFile, old: list[tuple[int, dict[str, str], UnitData]], doc_id: str) -> list[tuple[int, int]]:
    """Each block's stretch of ``old`` as list indexes (first, last), from the unit numbers it names."""
    if table.blocks[0].first is None:
        return [(0, len(old) - 1)]
    index = {position: k for k, (position, _, _) in enumerate(old)}
    spans = []
    for block in table.blocks:
        if block.first not in index or block.last not in index:
            known = f"units {old[0][0]} to {old[-1][0]}" if old else "no units"
            raise InputError(f"units {block.first}-{block.last}: {doc_id} has {known}", table.path, block.line)
        spans.append((index[block.first], index[block.last]))  # type: ignore[index]
    return spans


def _new_units(
    table: AlignmentFile, old: list[tuple[int, dict[str, str], UnitData]], langs: list[str], doc_id: str, user: str
) -> tuple[list[tuple[UnitData, bool, tuple[str, ...]]], int | None]:
    """The document's units after the file, as (unit, kept as it was, its texts), and the
    first unit number that may now name another unit (None: every number stays)."""
    ends = [b.line for b in table.blocks[1:]] + [max([r.line for r in table.rows] + [b.line for b in table.blocks]) + 1]
    out: list[tuple[UnitData, bool, tuple[str, ...]]] = []
    # the store numbers units 0, 1, ... again: a gap left by a deleted unit closes
    renumbered = next((p for k, (p, _, _) in enumerate(old) if p != k), None)
    at = 0
    for block, (first, last), end in zip(table.blocks, _spans(table, old, doc_id), ends, strict=True):
        out.extend((data, True, _key(texts, langs)) for _, texts, data in old[at:first])
        stretch = old[first : last + 1]
        check_texts(block.rows, {lang: [t.get(lang, "") for _, t, _ in stretch] for lang in langs}, table.path, end)
        by_texts = {_key(texts, langs): data for _, texts, data in stretch}
        for row in block.rows:
            key = _key(row.texts, langs)
            data = by_texts.pop(key, None)
            if data is not None:
                status = max("confirmed", data.status, row.status or "confirmed", key=_rank)
                if status != data.status:  # a person saw it: that is a change of status
                    data.status, data.changed_by, data.changed_at = status, user, None
                out.append((data, True, key))
            elif any(key):
                out.append((row_unit(row, langs), False, key))
        shift = _first_shift([r.texts for r in block.rows if any(_key(r.texts, langs))], [t for _, t, _ in stretch],
                             langs)
        if shift is not None and (renumbered is None or old[first][0] + shift < renumbered):
            renumbered = old[first][0] + shift  # a merge or split here moves the numbers after it
        at = last + 1
    out.extend((data, True, _key(texts, langs)) for _, texts, data in old[at:])
    return out, renumbered
