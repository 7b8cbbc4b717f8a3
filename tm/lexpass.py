"""The aligner's lexical pass: words that translate each other decide what length cannot.

After the first pass (lengths and anchors, :mod:`tm.align`), the stem pairs of its
confident beads are learned (:meth:`tm.lexicon.Lexicon.learn`) and joined to the
lexicon given (the TM's, the glossary's). Then every bead that groups several
sentences on one side is checked sentence by sentence: a sentence at the bead's edge
whose words the lexicon knows but finds none of on the other side, while the rest of
the bead shares many, has no counterpart there. It comes out as a 1-0 (or 0-1) bead
instead of being absorbed into its neighbour's unit, because a translator dropped it
or moved it, and a person should see it.

The lexical evidence is not put into the dynamic programme's bead cost: a bead's
stems are a union over its sentences, so a larger bead always finds more of its
words translated (a word of one sentence matches one in the neighbour), and the
programme would merge right beads; measured, every weighting tried lost accuracy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tm.align import Bead, length_ratio
from tm.align import length_delta as delta
from tm.lexicon import Lexicon, frequent, stems
from tm.segment import Segmented

Pair = tuple[str, str]
Tables = list[dict[str, set[str]]]

#: Beads at least this confident (and not 1-0) teach the text's own lexicon.
LEARN_FROM = 0.9
#: A sentence (or the rest of its bead) needs this many stems the lexicon knows to be judged.
MIN_KNOWN = 2
#: A sentence that finds at most this share of its known stems on the other side shares nothing ...
LOW_COVERAGE = 0.1
#: ... when the rest of its bead finds at least this share.
HIGH_COVERAGE = 0.4
#: The score of a sentence detached as having no counterpart (below the review threshold).
DETACHED_SCORE = 0.3


def stem_sets(versions: Mapping[str, Segmented]) -> dict[str, list[frozenset[str]]]:
    """Content stems of every sentence, less each version's own function words."""
    out = {}
    for lang, seg in versions.items():
        sets = [stems(s, lang) for s in seg.sentences]
        common = frequent(sets)
        out[lang] = [x - common for x in sets] if common else sets
    return out


def _union(sets: Sequence[frozenset[str]], ids: Sequence[int]) -> frozenset[str]:
    return frozenset().union(*(sets[k] for k in ids))


def evidence(tables: Tables, words: frozenset[str], other: frozenset[str]) -> tuple[int, int]:
    """(stems of ``words`` that are evidence, those found translated in ``other``). A stem is
    evidence when a table knows it or it occurs as such on the other side (a shared loanword
    or name)."""
    known = hits = 0
    for x in words:
        found = x in other
        knows = found
        for table in tables:
            tr = table.get(x)
            if tr is not None:
                knows = True
                if not found and not tr.isdisjoint(other):
                    found = True
        known += knows
        hits += found
    return known, hits


def _unmatched_edge(ids: tuple[int, ...], sets: Sequence[frozenset[str]], other: frozenset[str], tables: Tables) -> int | None:
    """The edge sentence of ``ids`` that shares nothing with ``other`` while the rest does."""
    for edge in (ids[0], ids[-1]):
        known, hits = evidence(tables, sets[edge], other)
        if known < MIN_KNOWN or hits > LOW_COVERAGE * known:
            continue
        rest_known, rest_hits = evidence(tables, _union(sets, [k for k in ids if k != edge]), other)
        if rest_known >= MIN_KNOWN and rest_hits >= HIGH_COVERAGE * rest_known:
            return edge
    return None


@dataclass(frozen=True)
class _Side:
    """One version of a pair: content stems and character length of each sentence."""

    stems: Sequence[frozenset[str]]
    lengths: Sequence[int]
    tables: Tables  # this language's stems -> the other's

    def length(self, ids: Sequence[int]) -> int:
        return sum(self.lengths[k] for k in ids)


def _fits_better(src_len: int, tgt_len: int, before: tuple[int, int], ratio: float) -> bool:
    """Does the bead's length fit improve without the sentence? A sentence a translator dropped
    leaves its neighbour's bead too long on its side; a sentence a translator split off does not."""
    return abs(delta(src_len, tgt_len, ratio)) < abs(delta(before[0], before[1], ratio))


def _split(bead: Bead, src: _Side, tgt: _Side, ratio: float) -> tuple[Bead, Bead, bool] | None:
    """(the detached 1-0/0-1 bead, the rest, whether the detached one comes first), or None."""
    make = type(bead)
    before = (src.length(bead.src), tgt.length(bead.tgt))
    if len(bead.src) > 1:
        edge = _unmatched_edge(bead.src, src.stems, _union(tgt.stems, bead.tgt), src.tables)
        if edge is not None and _fits_better(before[0] - src.lengths[edge], before[1], before, ratio):
            rest = make(tuple(k for k in bead.src if k != edge), bead.tgt, bead.score)
            return make((edge,), (), DETACHED_SCORE), rest, edge == bead.src[0]
    if len(bead.tgt) > 1:
        edge = _unmatched_edge(bead.tgt, tgt.stems, _union(src.stems, bead.src), tgt.tables)
        if edge is not None and _fits_better(before[0], before[1] - tgt.lengths[edge], before, ratio):
            rest = make(bead.src, tuple(k for k in bead.tgt if k != edge), bead.score)
            return make((), (edge,), DETACHED_SCORE), rest, edge == bead.tgt[0]
    return None


def detach_unmatched(beads: list[Bead], src: _Side, tgt: _Side, ratio: float) -> list[Bead]:
    """Split off, as 1-0 or 0-1, an edge sentence of a many-sentence bead that shares no words."""
    out: list[Bead] = []
    for bead in beads:
        tail: list[Bead] = []
        while bead.src and bead.tgt and len(bead.src) + len(bead.tgt) >= 3:
            found = _split(bead, src, tgt, ratio)
            if found is None:
                break
            alone, bead, first = found
            if first:
                out.append(alone)
            else:
                tail.insert(0, alone)
        out.append(bead)
        out.extend(tail)
    return out


def lexical_pass(versions: Mapping[str, Segmented], beads: dict[Pair, list[Bead]],
                 lexicon: Lexicon | None) -> dict[Pair, list[Bead]]:
    """Learn the text's lexicon from its confident beads, then detach unmatched sentences."""
    sets = stem_sets(versions)
    learned = Lexicon()
    for (a, b), pair_beads in beads.items():
        units = [(_union(sets[a], bead.src), _union(sets[b], bead.tgt))
                 for bead in pair_beads if bead.src and bead.tgt and bead.score >= LEARN_FROM]
        learned.learn(a, b, units)
    out = {}
    for (a, b), pair_beads in beads.items():
        sources = [lex for lex in (lexicon, learned) if lex is not None]
        tables = [lex.entries[(a, b)] for lex in sources if (a, b) in lex.entries]
        back = [lex.entries[(b, a)] for lex in sources if (b, a) in lex.entries]
        src = _Side(sets[a], [len(x) for x in versions[a].sentences], tables)
        tgt = _Side(sets[b], [len(x) for x in versions[b].sentences], back)
        out[(a, b)] = detach_unmatched(pair_beads, src, tgt, length_ratio(versions[a], versions[b]))
    return out
