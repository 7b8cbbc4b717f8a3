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
        hit = next((k for k in range(j, len(ys)) if _agree(x, ys[k])), None)
        if hit is not None:
            matched += 1
            j = hit + 1
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


def _links(names_a: list[Name], names_b: list[Name]) -> list[Link]:
    """The links between two languages' names, tried only for names that share a unit."""
    by_unit: dict[tuple[str, int], list[int]] = {}
    for j, b in enumerate(names_b):
        for u in b.units:
            by_unit.setdefault(u, []).append(j)
    out = []
    for a in names_a:
        partners = sorted({j for u in a.units for j in by_unit.get(u, ())})
        out.extend(link for j in partners if (link := _link(a, names_b[j])) is not None)
    return out


def _unique_pairs(names: dict[str, list[Name]], links: list[Link]) -> list[Link]:
    """A translated name mentioned in one unit only is paired with the one name of the other
    language there when, in that unit, each is the only name of its language not yet paired
    with the other language (names capitalised only by position do not count)."""
    out = []
    for la, lb in combinations(sorted(names), 2):
        linked = {id(n) for k in links if {k.a.lang, k.b.lang} == {la, lb} for n in (k.a, k.b)}
        open_a = _open_by_unit(names[la], linked)
        open_b = _open_by_unit(names[lb], linked)
        for unit, here in open_a.items():
            there = open_b.get(unit, [])
            if len(here) == 1 and len(there) == 1 and here[0].units == there[0].units == {unit}:
                out.append(Link(here[0], there[0], 1, 1.0, 0.0, round(TRANSLATED_WEIGHT * 0.5, 3)))
    return out


def _open_by_unit(names: list[Name], linked: set[int]) -> dict[tuple[str, int], list[Name]]:
    out: dict[tuple[str, int], list[Name]] = {}
    for n in names:
        if id(n) not in linked and not n.weak:
            for u in n.units:
                out.setdefault(u, []).append(n)
    return out


def pair(names: dict[str, list[Name]]) -> list[list[Link]]:
    """Concepts as the links among their names (a name left alone is in none); see the module
    docstring. Links by transliteration join names first, strongest first; then names joined
    by co-occurrence alone, each time the two groups whose links together weigh most (so a
    translated name goes to the concept whose other languages it co-occurs with, not to a
    stray capitalised word that shares its units), never two groups tied for one partner."""
    links = [link for la, lb in combinations(sorted(names), 2) for link in _links(names[la], names[lb])]
    links += _unique_pairs(names, links)
    group: dict[int, int] = {id(n): id(n) for group_names in names.values() for n in group_names}
    langs: dict[int, dict[str, Name]] = {id(n): {n.lang: n} for group_names in names.values() for n in group_names}
    for link in sorted((k for k in links if k.key_agreement > 0), key=lambda k: (-k.confidence, -k.shared)):
        _join(link, group, langs)
    cooccurring = [k for k in links if k.key_agreement == 0]
    while True:
        best = _best_merge(cooccurring, group, langs)
        if best is None:
            break
        _join(best, group, langs)
    out: dict[int, list[Link]] = {}
    for link in links:
        ga, gb = group[id(link.a)], group[id(link.b)]
        if ga == gb:
            out.setdefault(ga, []).append(link)
    return list(out.values())


def _join(link: Link, group: dict[int, int], langs: dict[int, dict[str, Name]]) -> bool:
    """Put the link's names in one group unless that gives a group two names of one language."""
    ga, gb = group[id(link.a)], group[id(link.b)]
    if ga == gb or set(langs[ga]) & set(langs[gb]):
        return False
    for name in langs[gb].values():
        group[id(name)] = ga
    langs[ga].update(langs.pop(gb))
    return True


def _best_merge(links: list[Link], group: dict[int, int], langs: dict[int, dict[str, Name]]) -> Link | None:
    weight: dict[tuple[int, int], float] = {}
    witness: dict[tuple[int, int], Link] = {}
    for k in links:
        ga, gb = group[id(k.a)], group[id(k.b)]
        if ga == gb or set(langs[ga]) & set(langs[gb]):
            continue
        key = (min(ga, gb), max(ga, gb))
        weight[key] = weight.get(key, 0.0) + k.confidence
        witness.setdefault(key, k)
    if not weight:
        return None
    ranked = sorted(weight, key=lambda key: -weight[key])
    top = ranked[0]
    for other in ranked[1:]:
        if weight[other] < weight[top]:
            break
        shared = set(top) & set(other)
        if len(shared) == 1 and _clash(set(top) - shared, set(other) - shared, langs):
            # two groups of one language tie for one partner: ambiguous, leave both apart
            for key in (top, other):
                links.remove(witness[key])
            return _best_merge(links, group, langs)
    return witness[top]


def _clash(a: set[int], b: set[int], langs: dict[int, dict[str, Name]]) -> bool:
    (ga,), (gb,) = a, b
    return bool(set(langs[ga]) & set(langs[gb]))


def members(links: Sequence[Link]) -> dict[str, Name]:
    out: dict[str, Name] = {}
    for link in links:
        out.setdefault(link.a.lang, link.a)
        out.setdefault(link.b.lang, link.b)
    return out


def join_by_spelling(alone: Sequence[Name]) -> list[dict[str, Name]]:
    """Names of letters that are not aligned (one-language letters): those of different
    languages whose every word agrees by transliteration key are one concept."""
    groups: list[dict[str, Name]] = []
    for name in alone:
        home = next((g for g in groups if name.lang not in g
                     and all(key_agreement(name, other) == 1.0 for other in g.values())), None)
        if home is None:
            groups.append({name.lang: name})
        else:
            home[name.lang] = name
    return groups
