"""What the TM offers a new text: its segments, each looked up once.

A new letter is segmented exactly as an import segments it (:func:`tm.segment.segment`);
every segment is looked up once, with its neighbours, and the result feeds both the
analysis (:mod:`tm.analyze`) and the pre-translation (:mod:`tm.pretranslate`).

A **context match** is a 100% match whose stored neighbour before it has the same text
as the new segment before it (or which, like the new segment, opens its document):
the sentence is not only known, it is known in this place. A match is *for* a target
language only when its unit has a text in that language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.corpus import read_text
from tm.errors import InputError
from tm.lang import CORE_LANGUAGES, base_language, normalize_tag
from tm.lookup import Lookup
from tm.lookup.engine import Match
from tm.segment import segment
from tm.store import TM
from tm.textnorm import search_form

#: The lowest score a match is collected at: the bottom of the lowest fuzzy band.
FLOOR = 50.0
#: Candidates kept per segment (enough for every target language to find its best).
CANDIDATES = 10
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class NewSegment:
    """One sentence of a new text: file, paragraph (1-based), position in the file (0-based)."""

    file: str
    paragraph: int
    position: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))

    @property
    def characters(self) -> int:
        """Characters without white space, as CAT tools count them."""
        return sum(1 for c in self.text if not c.isspace())


@dataclass
class Leveraged:
    """A new segment with the TM's matches for it (best first) and whether it repeats an
    earlier segment of the analysed files."""

    segment: NewSegment
    matches: list[Match] = field(default_factory=list)
    context_ids: set[int] = field(default_factory=set)
    repeats: bool = False

    def best(self, langs: Sequence[str]) -> Match | None:
        """The best match whose unit has a text in every one of ``langs``."""
        for m in self.matches:
            if all(m.target.get(lang) for lang in langs):
                return m
        return None

    def is_context(self, match: Match) -> bool:
        return match.unit_id in self.context_ids


def read_segments(path: Path, lang: str) -> list[NewSegment]:
    """The sentences of a new text file, segmented as an import would."""
    text = read_text(path)
    out: list[NewSegment] = []
    for p, sentences in enumerate(segment(text, lang).paragraphs, start=1):
        for s in sentences:
            out.append(NewSegment(str(path), p, len(out), s))
    return out


def _context(match: Match, previous: NewSegment | None) -> bool:
    if match.score < 100:
        return False
    if previous is None:
        return match.unit == 0
    return bool(match.before) and search_form(match.before[-1].source) == search_form(previous.text)


def leverage(
    tm: TM, paths: Sequence[Path], source: str, targets: Sequence[str],
    progress: Callable[[int], None] | None = None,
) -> list[list[Leveraged]]:
    """Every segment of every file, looked up once; repetitions are marked across files
    in the order given (the first occurrence is not a repetition, every later one is)."""
    src = normalize_tag(source)
    tgts = [normalize_tag(t) for t in targets]
    if base_language(src) in {base_language(t) for t in tgts}:
        raise InputError(f"--from {src} is also a target language")
    others = [lang for lang in CORE_LANGUAGES if base_language(lang) not in {base_language(x) for x in [src, *tgts]}]
    engine = Lookup(tm)
    seen: set[str] = set()
    files = []
    for path in paths:
        segments = read_segments(path, src)
        out = []
        for k, seg in enumerate(segments):
            key = search_form(seg.text)
            item = Leveraged(seg, repeats=key in seen)
            seen.add(key)
            result = engine.lookup(seg.text, src, [*tgts, *others], min_score=FLOOR, limit=CANDIDATES, context=1)
            item.matches = result.matches
            previous = segments[k - 1] if k else None
            item.context_ids = {m.unit_id for m in result.matches if _context(m, previous)}
            out.append(item)
            if progress:
                progress(1)
        files.append(out)
    return files
