"""Pairing one name across languages through the aligned units.

Two names in different languages are one concept when they occur in the same units and
either their spellings agree by transliteration key (Аблязов, Әблязовтың, Ablyazov’s: the
words of the shorter name each have a partner in the other, in order), or, for names that
are translated rather than transliterated (Швейцария, Switzerland), they occur together
consistently: in the same units, at least twice, and rarely apart. Each name joins at most
one concept, and a concept holds at most one name per language; the strongest links are
taken first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from tm.glossary.suggest.names import Name
from tm.translit import same_name

#: a translated name needs this many shared units and this Dice overlap of its units
MIN_SHARED_TRANSLATED = 2
MIN_DICE_TRANSLATED = 0.6
#: confidence of a link by co-occurrence alone, scaled by the Dice overlap
TRANSLATED_WEIGHT = 0.7


@dataclass(frozen=True)
class Link:
    a: Name
    b: Name
    shared: int
    dice: float
    key_agreement: float  # share of words agreeing by transliteration key (0: translated)
    confidence: float

    @property
    def by(self) -> str:
        return "transliteration" if self.key_agreement > 0 else "co-occurrence"


def key_agreement(a: Name, b: Name) -> float:
    """Share of the words (of the longer name) that have a transliteration partner, in order."""
    xs, ys = a.word_candidates, b.word_candidates
    if len(xs) > len(ys):
        xs, ys = ys, xs
    matched, j = 0, 0
    for x in xs:
        while j < len(ys):
            hit = _agree(x, ys[j])
            j += 1
            if hit:
                matched += 1
                break
    return matched / len(ys)


def _agree(xs: frozenset[str], ys: frozenset[str]) -> bool:
    return any(same_name(x, y) for x in xs for y in ys if len(x) > 1 and len(y) > 1)


def _link(a: Name, b: Name) -> Link | None:
    shared = len(a.units & b.units)
    if not shared:
        return None
    dice = 2 * shared / (len(a.units) + len(b.units))
    agreement = key_agreement(a, b)
    if agreement > 0:
        confidence = (0.5 + 0.5 * agreement) * (0.7 + 0.3 * dice)
    elif a.weak or b.weak:
        return None  # capitalised only by position: co-occurrence alone does not make it a name
    elif shared >= MIN_SHARED_TRANSLATED and dice >= MIN_DICE_TRANSLATED:
        confidence = TRANSLATED_WEIGHT * dice
    else:
        return None
    return Link(a, b, shared, dice, agreement, round(confidence, 3))


def _unique_pairs(names: dict[str, list[Name]], links: list[Link]) -> list[Link]:
    """Names seen in one unit only, each the only unlinked name of its language there: a
    translated name mentioned once is paired when nothing else could be its partner."""
    linked = {id(n) for link in links for n in (link.a, link.b)}
    by_unit: dict[tuple[str, tuple[str, int]], list[Name]] = {}
    for lang, group in names.items():
        for n in group:
            if id(n) not in linked:
                for u in n.units:
                    by_unit.setdefault((lang, u), []).append(n)
    out = []
    for la, lb in combinations(sorted(names), 2):
        for (lang, unit), here in by_unit.items():
            if lang != la or len(here) != 1:
                continue
            there = by_unit.get((lb, unit), [])
            a = here[0]
            if len(there) == 1 and a.units == there[0].units == {unit} and not (a.weak or there[0].weak):
                out.append(Link(a, there[0], 1, 1.0, 0.0, round(TRANSLATED_WEIGHT * 0.5, 3)))
    return out


def pair(names: dict[str, list[Name]]) -> list[list[Link]]:
    """Concepts as groups of links (a concept of one name has none); see the module docstring."""
    links = [
        link
        for la, lb in combinations(sorted(names), 2)
        for a in names[la]
        for b in names[lb]
        if (link := _link(a, b)) is not None
    ]
    links += _unique_pairs(names, links)
    links.sort(key=lambda k: (-k.confidence, -k.shared))
    concept_of: dict[int, int] = {}
    concepts: list[list[Link]] = []
    members: list[dict[str, Name]] = []
    for link in links:
        ca, cb = concept_of.get(id(link.a)), concept_of.get(id(link.b))
        if ca is None and cb is None:
            concept_of[id(link.a)] = concept_of[id(link.b)] = len(concepts)
            concepts.append([link])
            members.append({link.a.lang: link.a, link.b.lang: link.b})
        elif ca is not None and cb is not None:
            if ca == cb:
                concepts[ca].append(link)  # a third link inside one concept: more evidence
            continue  # two concepts are not merged by a weaker link
        else:
            into = ca if ca is not None else cb
            new = link.b if ca is not None else link.a
            if new.lang in members[into]:  # type: ignore[index]
                continue
            members[into][new.lang] = new  # type: ignore[index]
            concept_of[id(new)] = into  # type: ignore[assignment]
            concepts[into].append(link)  # type: ignore[index]
    return concepts


def members(links: Sequence[Link]) -> dict[str, Name]:
    out: dict[str, Name] = {}
    for link in links:
        out.setdefault(link.a.lang, link.a)
        out.setdefault(link.b.lang, link.b)
    return out
