"""Three-way units that the three pairwise alignments support together.

Three versions are aligned pairwise (pivot–second, pivot–third, second–third) and
the pivot alignments merged into units (:func:`tm.align._merge`). A merged unit can
hold an error of one view: a sentence of the pivot that one translation dropped is
absorbed into its neighbour by that pair's alignment (a 2-1 bead), and the merge
keeps the neighbours together in all three languages (2-1-2).

Each unit of more than two sentences is therefore re-decided from all three views:
a link between sentence x (language A) and y (language B) is *outvoted* when both
have links to the third language C but to different sentences there (A–C says x
goes with z, B–C says y goes with z', and z ≠ z'). The unit is split into the
connected groups of the links that remain, when those groups follow each other in
every language; a group that lacks a language is a sentence with no counterpart
there (e.g. 1-0-1) and is listed for review.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tm.align import Bead

Pair = tuple[str, str]
Node = tuple[str, int]
Group = dict[str, list[int]]
#: The score of a part split off that lacks a language (below the review threshold).
UNMATCHED_SCORE = 0.3
#: The most a part of a split unit scores: one pairwise view was outvoted there.
SPLIT_SCORE = 0.8


def _links(beads: dict[Pair, list[Bead]]) -> dict[Pair, dict[int, set[int]]]:
    out: dict[Pair, dict[int, set[int]]] = {}
    for (a, b), pair_beads in beads.items():
        fwd, back = out.setdefault((a, b), {}), out.setdefault((b, a), {})
        for bead in pair_beads:
            for x in bead.src:
                fwd.setdefault(x, set()).update(bead.tgt)
            for y in bead.tgt:
                back.setdefault(y, set()).update(bead.src)
    return out


def _components(group: Group, links: dict[Pair, dict[int, set[int]]], langs: Sequence[str]) -> list[set[Node]]:
    parent: dict[Node, Node] = {(lang, k): (lang, k) for lang in langs for k in group[lang]}

    def find(node: Node) -> Node:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, a in enumerate(langs):
        for b in langs[i + 1 :]:
            c = next(lang for lang in langs if lang not in (a, b))
            for x in group[a]:
                for y in links[(a, b)].get(x, set()) & set(group[b]):
                    zx, zy = links[(a, c)].get(x), links[(b, c)].get(y)
                    if zx and zy and not (zx & zy):
                        continue  # outvoted by the third language
                    parent[find((a, x))] = find((b, y))
    comps: dict[Node, set[Node]] = {}
    for node in parent:
        comps.setdefault(find(node), set()).add(node)
    return list(comps.values())


def _in_order(comps: list[set[Node]], group: Group, langs: Sequence[str]) -> list[set[Node]] | None:
    """The components in text order, when each follows the one before in every language."""
    left = {lang: sorted(group[lang]) for lang in langs}
    out: list[set[Node]] = []
    pending = list(comps)
    while pending:
        for comp in pending:
            ids = {lang: sorted(k for l2, k in comp if l2 == lang) for lang in langs}
            if all(left[lang][: len(ids[lang])] == ids[lang] for lang in langs):
                for lang in langs:
                    left[lang] = left[lang][len(ids[lang]) :]
                out.append(comp)
                pending.remove(comp)
                break
        else:
            return None
    return out


def refine(groups: list[tuple[Group, float]], beads: dict[Pair, list[Bead]],
           langs: Sequence[str]) -> list[tuple[Group, float]]:
    """Split merged three-way units where two pairwise views outvote the third."""
    links = _links(beads)
    out: list[tuple[Group, float]] = []
    for group, score in groups:
        if sum(len(group[lang]) for lang in langs) <= 3:
            out.append((group, score))
            continue
        comps = _in_order(_components(group, links, langs), group, langs)
        if comps is None or len(comps) == 1:
            out.append((group, score))
            continue
        for comp in comps:
            part = {lang: sorted(k for l2, k in comp if l2 == lang) for lang in langs}
            out.append((part, min(score, SPLIT_SCORE if all(part.values()) else UNMATCHED_SCORE)))
    return out
