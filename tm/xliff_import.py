"""A translated XLIFF file becomes a letter in the TM: source and target paired by
translation unit, no aligner needed.

Several files of the same source text (one per target language, as a pre-translation
writes them) merge into one multilingual letter: their units must correspond one to
one, by id and source text; where they do not, the import names the file and line
and stores nothing. A unit's XLIFF state is kept as the unit property ``x-xliff-state`` and
mapped to the unit's status (signed-off, final, reviewed: approved; translated: confirmed;
anything else: machine).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from tm.corpus import check_slug
from tm.errors import InputError
from tm.formats.xliff import XliffDocument, XliffSegment, read_xliff
from tm.lang import normalize_tag
from tm.store.records import DocumentData, PropData, UnitData, VariantData
from tm.store.tm import TM, ImportResult
from tm.textnorm import tidy_text

STATE_PROP = "x-xliff-state"
#: XLIFF states (1.2 and 2.x) as the TM's unit status: a translation a person signed off is
#: approved, one a person (or a tool, on a person's command) made is confirmed; a draft, a
#: segment to translate or to review, is machine. A unit takes the lowest of its languages'.
_STATUS = {"signed-off": "approved", "final": "approved", "reviewed": "approved", "translated": "confirmed"}
_RANK = {"machine": 0, "confirmed": 1, "approved": 2}


def _doc_id(original: str, path: Path) -> str:
    stem = Path(original or path.name).name
    stem = re.sub(r"(\.[A-Za-z0-9]+)+$", "", stem) or path.stem
    return re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._") or "xliff"


def _check_pair(first: tuple[Path, XliffDocument], other: tuple[Path, XliffDocument]) -> None:
    (p1, d1), (p2, d2) = first, other
    if normalize_tag(d1.source_lang) != normalize_tag(d2.source_lang):
        raise InputError(f"its source language {d2.source_lang} differs from {p1.name}'s {d1.source_lang}", p2)
    for a, b in zip(d1.segments, d2.segments):
        if a.id != b.id or tidy_text(a.source) != tidy_text(b.source):
            raise InputError(
                f"unit '{b.id}' does not correspond to unit '{a.id}' of {p1.name} (the sources differ)", p2, b.line
            )
    if len(d1.segments) != len(d2.segments):
        shorter = p2 if len(d2.segments) < len(d1.segments) else p1
        raise InputError(f"{p1.name} has {len(d1.segments)} units and {p2.name} {len(d2.segments)}", shorter)


def _documents(paths: Sequence[Path]) -> list[tuple[Path, XliffDocument]]:
    docs = []
    for path in paths:
        for doc in read_xliff(path):
            if not doc.source_lang:
                raise InputError("the XLIFF file has no source language", path)
            if not doc.target_lang:
                raise InputError("the XLIFF file has no target language", path)
            if not doc.segments:
                raise InputError("the XLIFF file has no translation units", path)
            docs.append((path, doc))
    return docs


def _unit(segments: list[tuple[str, XliffSegment]], src: str) -> UnitData:
    first = segments[0][1]
    variants = {src: VariantData(first.source, markup=first.source_markup)}
    props = []
    for tgt, seg in segments:
        if seg.target is not None and seg.target.strip():
            variants[tgt] = VariantData(seg.target, markup=seg.target_markup)
        if seg.state:
            props.append(PropData(STATE_PROP, seg.state, tgt))
    statuses = [_STATUS.get(seg.state or "", "machine") if seg.target else "machine" for _, seg in segments]
    status = min(statuses, key=_RANK.__getitem__)
    return UnitData(variants, paragraph=first.paragraph, bead="1-1", tuid=first.id or None, props=props,
                    status=status)


def import_xliff(tm: TM, paths: Sequence[Path], doc_id: str | None = None, replace: bool = False) -> ImportResult:
    """Store the XLIFF files' units as one document, in one transaction."""
    docs = _documents(paths)
    for other in docs[1:]:
        _check_pair(docs[0], other)
    src = normalize_tag(docs[0][1].source_lang)
    targets = [normalize_tag(d.target_lang or "") for _, d in docs]
    if len(set(targets)) != len(targets):
        raise InputError(f"two files translate into the same language ({', '.join(targets)})")
    doc = check_slug(doc_id) if doc_id else check_slug(_doc_id(docs[0][1].original, docs[0][0]))
    units = [
        _unit([(t, d.segments[k]) for t, (_, d) in zip(targets, docs)], src)
        for k in range(len(docs[0][1].segments))
    ]
    meta = DocumentData(doc, origin=", ".join(str(p) for p in paths))
    [result] = tm.import_documents([(meta, [src, *targets], units)], replace=replace)
    return result
