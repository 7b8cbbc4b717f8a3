"""A translation lexicon of word stems, learned from aligned text, for the aligner's second pass.

Lengths, numbers and names say little when a translation is free: two sentences of
similar length and no numbers look alike. The words do not. A lexicon pairs stems of
two languages (:func:`tm.morph.stem`: Snowball for en and ru, suffix stripping for kk,
so one entry covers every inflected form) that translate each other, learned by
co-occurrence: over a set of aligned units (the confident units of the text's first
pass, units already in the TM, a glossary's concepts), a source stem s and a target
stem t score the Dice coefficient ``2·c(s,t) / (c(s) + c(t))``, and a pair is kept when
it co-occurs at least :data:`MIN_PAIRS` times with Dice at least :data:`MIN_DICE`.
A glossary concept's terms are pairs outright (given by a person).

Stems found in more than :data:`MAX_SHARE` of a text's sentences (function words)
are left out, as are words shorter than :data:`MIN_WORD`. :mod:`tm.lexpass` uses
the lexicon.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tm.lang import base_language
from tm.morph import stem

_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
#: Words shorter than this (articles, prepositions, particles) are not looked up.
MIN_WORD = 3
#: A learned pair must co-occur in at least this many units ...
MIN_PAIRS = 2
#: ... with at least this Dice coefficient.
MIN_DICE = 0.3
#: A stem in more than this share of a text's units is a function word (when the text has enough units).
MAX_SHARE = 0.25
#: Below this many units, shares say nothing and no stem is left out as frequent.
MIN_UNITS_FOR_SHARE = 20


@lru_cache(maxsize=200_000)
def _stem(word: str, lang: str) -> str:
    return stem(word, lang)


def stems(sentence: str, lang: str) -> frozenset[str]:
    """The content stems of a sentence (lower case, words of at least MIN_WORD letters)."""
    base = base_language(lang)
    return frozenset(_stem(w.lower(), base) for w in _WORD.findall(sentence) if len(w) >= MIN_WORD)


Pair = tuple[str, str]


@dataclass
class Lexicon:
    """Stem translations between language pairs: ``entries[(a, b)][stem_a]`` is a set of stems of b."""

    entries: dict[Pair, dict[str, set[str]]] = field(default_factory=dict)

    def translations(self, a: str, b: str, word_stem: str) -> set[str]:
        return self.entries.get((a, b), {}).get(word_stem, set())

    def size(self, a: str, b: str) -> int:
        return sum(len(v) for v in self.entries.get((a, b), {}).values())

    def add(self, a: str, b: str, sa: str, sb: str) -> None:
        self.entries.setdefault((a, b), {}).setdefault(sa, set()).add(sb)
        self.entries.setdefault((b, a), {}).setdefault(sb, set()).add(sa)

    def add_concepts(self, concepts: Iterable[Mapping[str, Sequence[str]]]) -> None:
        """Pair the words of a concept's terms (``{lang: [term, ...]}``): each content stem of
        a term in one language with each of the other's. Multi-word terms pair all their words,
        which co-occur anyway; a one-word term is an exact entry."""
        for concept in concepts:
            langs = sorted(concept)
            for i, a in enumerate(langs):
                for b in langs[i + 1 :]:
                    for ta in concept[a]:
                        for tb in concept[b]:
                            for sa in stems(ta, a):
                                for sb in stems(tb, b):
                                    self.add(a, b, sa, sb)

    def learn(self, a: str, b: str, units: Sequence[tuple[frozenset[str], frozenset[str]]]) -> int:
        """Add the pairs that co-occur in ``units`` (stem sets of a and of b); returns how many."""
        ca: Counter[str] = Counter()
        cb: Counter[str] = Counter()
        cab: Counter[Pair] = Counter()
        for sa, sb in units:
            ca.update(sa)
            cb.update(sb)
            if len(sa) * len(sb) <= 2500:  # a runaway unit would only add noise
                cab.update((x, y) for x in sa for y in sb)
        scored = [(2 * c / (ca[x] + cb[y]), x, y) for (x, y), c in cab.items() if c >= MIN_PAIRS]
        # Competitive linking: a pair is kept when each stem is the other's single best
        # partner; a stem with several equally good partners (it co-occurs with a whole
        # sentence) teaches nothing.
        best_a: dict[str, list[tuple[float, str]]] = {}
        best_b: dict[str, list[tuple[float, str]]] = {}
        for dice, x, y in scored:
            if dice >= MIN_DICE:
                best_a.setdefault(x, []).append((dice, y))
                best_b.setdefault(y, []).append((dice, x))
        added = 0
        for x, cands in best_a.items():
            dice, y = _single_best(cands)
            if y and _single_best(best_b[y])[1] == x:
                self.add(a, b, x, y)
                added += 1
        return added


def _single_best(cands: list[tuple[float, str]]) -> tuple[float, str]:
    """The best candidate, or (0, "") when two share the best score."""
    cands = sorted(cands, reverse=True)
    if len(cands) > 1 and cands[1][0] >= cands[0][0]:
        return 0.0, ""
    return cands[0]


def frequent(stem_sets: Sequence[frozenset[str]]) -> set[str]:
    """Stems in more than MAX_SHARE of the sets (function words of this text)."""
    if len(stem_sets) < MIN_UNITS_FOR_SHARE:
        return set()
    counts = Counter(s for sset in stem_sets for s in sset)
    return {s for s, c in counts.items() if c > MAX_SHARE * len(stem_sets)}


def from_units(units: Sequence[Mapping[str, str]], langs: Sequence[str], lexicon: Lexicon | None = None) -> Lexicon:
    """A lexicon learned from aligned units (``{lang: text}``, e.g. a TM's), for every pair of ``langs``."""
    out = lexicon if lexicon is not None else Lexicon()
    sets = {lang: [stems(u.get(lang, ""), lang) for u in units] for lang in langs}
    for lang in langs:
        common = frequent(sets[lang])
        sets[lang] = [s - common for s in sets[lang]]
    for i, a in enumerate(langs):
        for b in langs[i + 1 :]:
            out.learn(a, b, [(x, y) for x, y in zip(sets[a], sets[b], strict=True) if x and y])
    return out
