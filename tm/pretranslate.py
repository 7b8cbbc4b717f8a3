"""A pre-translated draft of a new text: one XLIFF (or plain text) file per target language.

Each segment's target is the best match at or above ``min_score`` whose unit has that
language. Exact and context matches are ``translated`` (``exact-match``); fuzzy ones
``needs-review-translation`` (``fuzzy-match``), repaired first where only names and
numbers differ (:mod:`tm.repair`), with a note saying what was replaced. The other
candidates follow as ``alt-trans``; the matched unit's text in the TM's third language
and the glossary's renderings of the segment's terms come as notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.glossary import Glossary, load_glossary
from tm.lang import normalize_tag
from tm.leverage import Leveraged, leverage
from tm.lookup.engine import Match
from tm.formats.xliff import AltMatch, XliffDocument, XliffSegment
from tm.repair import repair
from tm.store import TM

DEFAULT_MIN = 75.0


@dataclass
class Draft:
    """The pre-translation of one file into one language."""

    path: Path
    target: str
    document: XliffDocument

    @property
    def translated(self) -> int:
        return sum(1 for s in self.document.segments if s.target is not None)

    def text(self) -> str:
        """The draft as plain text: paragraphs of targets, the source where there is none."""
        paragraphs: dict[int, list[str]] = {}
        for seg in self.document.segments:
            paragraphs.setdefault(seg.paragraph, []).append(seg.target if seg.target is not None else seg.source)
        return "\n\n".join(" ".join(p) for p in paragraphs.values()) + "\n"


def _origin(m: Match) -> str:
    return f"{m.doc}#{m.unit}"


def _segment(item: Leveraged, src: str, tgt: str, min_score: float, glossary: Glossary) -> XliffSegment:
    seg = item.segment
    out = XliffSegment(f"s{seg.position + 1}", seg.paragraph, seg.text)
    candidates = [m for m in item.matches if m.target.get(tgt)]
    out.matches = [AltMatch(round(m.score, 1), _origin(m), m.source, m.target[tgt]) for m in candidates]
    best = candidates[0] if candidates else None
    if best is not None and best.score >= min_score:
        if best.score >= 100:
            out.target, out.state, out.qualifier = best.target[tgt], "translated", "exact-match"
        else:
            fixed = repair(seg.text, best.source, best.target[tgt], (src, tgt), glossary)
            out.target = fixed.target or best.target[tgt]
            out.state, out.qualifier = "needs-review-translation", "fuzzy-match"
            out.notes.append(f"{best.score:.1f}% match {_origin(best)}" + (
                f"; {fixed.note}, scored {best.fuzzy:.1f}% without the name and number penalties"
                if fixed.target else f"; {fixed.note}"))
        others = {lang: text for lang, text in best.target.items() if lang != tgt and text}
        out.notes.extend(f"{lang} in the matched unit: {text}" for lang, text in others.items())
    for m in glossary.find(seg.text, src):
        rendering = glossary.renderings(m.concept_id, tgt)
        if rendering:
            out.notes.append(f"glossary: {m.text} → {tgt}: {', '.join(rendering)}")
    return out


def pretranslate(
    tm: TM, path: Path, source: str, targets: Sequence[str], min_score: float = DEFAULT_MIN
) -> list[Draft]:
    """One draft per target language of the text in ``path``."""
    src = normalize_tag(source)
    tgts = [normalize_tag(t) for t in targets]
    [items] = leverage(tm, [path], src, tgts)
    glossary = load_glossary(tm)
    return [
        Draft(path, tgt, XliffDocument(path.name, src, tgt, [_segment(i, src, tgt, min_score, glossary) for i in items]))
        for tgt in tgts
    ]
