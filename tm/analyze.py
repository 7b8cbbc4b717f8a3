"""How much of a new text the TM covers, in the match bands CAT tools report.

Bands, best first: ``context`` (a 100% match in the same place, see :mod:`tm.leverage`),
``100``, ``95-99``, ``85-94``, ``75-84``, ``50-74``, ``no-match``. A segment whose text
(in its search form) already occurred earlier in the analysed files is a
``repetitions`` segment: its first occurrence is counted in its band, every later one,
in the same file or a later file, as a repetition (Trados counts the same way when
files are analysed together). Scores are floored to whole percents before banding.

Each target language is analysed on its own (a match counts only when its unit has that
language); the top-level figures count a match only when its unit has *every* target
language, the share of the text the TM can pre-translate as a whole.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.glossary import load_glossary
from tm.lang import base_language, normalize_tag
from tm.leverage import Leveraged, leverage
from tm.glossary.suggest import TextUnit, suggest
from tm.store import TM

BANDS = ("context", "100", "95-99", "85-94", "75-84", "50-74", "no-match", "repetitions")
_LOWER_BOUNDS = ((100, "100"), (95, "95-99"), (85, "85-94"), (75, "75-84"), (50, "50-74"))


def band(item: Leveraged, langs: Sequence[str]) -> str:
    """The band a segment falls in for a set of target languages."""
    if item.repeats:
        return "repetitions"
    best = item.best(langs)
    if best is None:
        return "no-match"
    if item.is_context(best):
        return "context"
    score = math.floor(best.score)
    return next((name for bound, name in _LOWER_BOUNDS if score >= bound), "no-match")


@dataclass
class Count:
    segments: int = 0
    words: int = 0
    characters: int = 0

    def add(self, item: Leveraged) -> None:
        self.segments += 1
        self.words += item.segment.words
        self.characters += item.segment.characters

    def as_dict(self) -> dict[str, int]:
        return {"segments": self.segments, "words": self.words, "characters": self.characters}


def _bands(items: Sequence[Leveraged], langs: Sequence[str]) -> dict[str, Count]:
    out = {name: Count() for name in BANDS}
    for item in items:
        out[band(item, langs)].add(item)
    return out


def total(counts: dict[str, Count]) -> Count:
    """The sum of the bands."""
    return Count(*(sum(getattr(c, f) for c in counts.values()) for f in ("segments", "words", "characters")))


@dataclass
class GlossaryCoverage:
    """Glossary concepts the text names (with their count) and the names it has no entry for."""

    known: dict[str, int] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"known": self.known, "unknown": self.unknown}


def glossary_coverage(tm: TM, items: Sequence[Leveraged], lang: str) -> GlossaryCoverage:
    """Concept ids the text mentions (with counts), and the names no glossary term covers,
    found, grouped under their dictionary forms and counted as ``tm glossary suggest`` does."""
    glossary = load_glossary(tm)
    known: Counter[str] = Counter()
    for item in items:
        known.update(m.concept_id for m in glossary.find(item.segment.text, lang))
    units = [TextUnit(i.segment.file, i.segment.position, {base_language(lang): i.segment.text}) for i in items]
    unknown = {s.terms()[base_language(lang)][0]: s.occurrences for s in suggest(units, glossary)
               if s.terms().get(base_language(lang))}
    return GlossaryCoverage(dict(known.most_common()), unknown)


@dataclass
class FileAnalysis:
    path: str
    bands: dict[str, Count]
    by_target: dict[str, dict[str, Count]]

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path, "bands": {b: c.as_dict() for b, c in self.bands.items()},
            "total": total(self.bands).as_dict(),
            "by_target": {t: {b: c.as_dict() for b, c in bands.items()} for t, bands in self.by_target.items()},
        }


@dataclass
class Analysis:
    source: str
    targets: list[str]
    files: list[FileAnalysis]
    bands: dict[str, Count]
    by_target: dict[str, dict[str, Count]]
    glossary: GlossaryCoverage

    @property
    def total(self) -> Count:
        return total(self.bands)

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.source, "to": self.targets,
            "bands": {b: c.as_dict() for b, c in self.bands.items()}, "total": self.total.as_dict(),
            "by_target": {t: {b: c.as_dict() for b, c in bands.items()} for t, bands in self.by_target.items()},
            "files": [f.as_dict() for f in self.files], "glossary": self.glossary.as_dict(),
        }


def analyze(
    tm: TM, paths: Sequence[Path], source: str, targets: Sequence[str],
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Segment and look up every file; count segments, words and characters per band."""
    src = normalize_tag(source)
    tgts = [normalize_tag(t) for t in targets]
    files = leverage(tm, paths, src, tgts, progress)
    everything = [item for items in files for item in items]
    return Analysis(
        src, tgts,
        [FileAnalysis(str(p), _bands(items, tgts), {t: _bands(items, [t]) for t in tgts})
         for p, items in zip(paths, files)],
        _bands(everything, tgts), {t: _bands(everything, [t]) for t in tgts},
        glossary_coverage(tm, everything, src),
    )
