"""Suggestions as a draft glossary file (the project's TOML) for `tm glossary import` after review.

Each suggestion becomes one concept: the proposed preferred term per language, short forms
as admitted variants, other attested spellings as forbidden ones; the note records the
confidence, the evidence counts and which forms are unattested (made by transliteration).
A suggestion whose id or preferred term would clash with the glossary (or with a better
suggestion) is left out of the draft, so that the draft imports as it is. The file is
written to a temporary file beside the target and then renamed over it: a reader never
sees half a draft, and a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from tm.glossary.formats import for_writing
from tm.glossary.records import ConceptData, ConceptType, GlossaryError, Status, TermData, validate
from tm.glossary.suggest import LANGS, Suggestion
from tm.lang import base_language
from tm.translit import spelling_key

HEADER = (
    "# Draft concepts from `tm glossary suggest`. Review each one (the type, the preferred forms,\n"
    "# and the forms marked unattested in the note), then: tm glossary import THIS-FILE\n\n"
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A concept id from a name: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return out or _NOT_SLUG.sub("-", spelling_key(text)).strip("-") or "name"


def _note(s: Suggestion) -> str:
    parts = [f"suggested: confidence {s.confidence:.2f}, {s.occurrences} occurrence{'s' if s.occurrences != 1 else ''}"
             f" in {s.documents} document{'s' if s.documents != 1 else ''}"]
    if s.proposal.unattested:
        parts.append(f"unattested (by transliteration): {', '.join(s.proposal.unattested)}")
    if s.type is None:
        parts.append("type not determined")
    return "; ".join(parts)


def to_concept(s: Suggestion, concept_id: str) -> ConceptData:
    p = s.proposal
    terms = []
    for lang in LANGS:
        if lang not in p.preferred:
            continue
        terms.append(TermData(lang, p.preferred[lang]))
        terms += [TermData(lang, t, Status.admitted) for t in p.admitted.get(lang, [])]
        terms += [TermData(lang, t, Status.forbidden) for t in p.forbidden.get(lang, [])]
    ctype = ConceptType(s.type) if s.type else ConceptType.term
    # a name of unknown type is still a name: case-sensitive (a term's default is not)
    return ConceptData(concept_id, ctype, tuple(terms), _note(s), case_sensitive=True, scheme=p.scheme)


def draft_concepts(suggestions: Sequence[Suggestion], existing: Sequence[ConceptData] = ()) -> list[ConceptData]:
    """The suggestions as concepts that can be imported beside ``existing``."""
    ids = {c.id for c in existing}
    preferred = {(base_language(t.lang), t.text.casefold()) for c in existing for t in c.terms
                 if t.status is Status.preferred}
    out: list[ConceptData] = []
    for s in suggestions:
        keys = {(lang, text.casefold()) for lang, text in s.proposal.preferred.items()}
        if keys & preferred:
            continue
        base = slug(s.proposal.preferred.get("en") or next(iter(s.proposal.preferred.values())))
        concept_id, n = base, 2
        while concept_id in ids:
            concept_id, n = f"{base}-{n}", n + 1
        ids.add(concept_id)
        preferred |= keys
        out.append(to_concept(s, concept_id))
    return out


def write_draft(concepts: Sequence[ConceptData], path: Path) -> None:
    """Write ``concepts`` to ``path`` (the project's TOML) atomically."""
    if path.suffix.lower() != ".toml":
        raise GlossaryError("a draft is written in the project's TOML format: name it *.toml", path)
    validate(concepts, path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise GlossaryError("no such folder for the draft", path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        for_writing(path).write(concepts, tmp)
        body = tmp.read_text(encoding="utf-8")
        tmp.write_text(HEADER + body, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise GlossaryError(f"cannot write the draft: {exc.strerror}", path) from None
    finally:
        tmp.unlink(missing_ok=True)
