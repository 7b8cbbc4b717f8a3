"""Names: `name-inconsistent` (one name spelled two ways within a language), and what
`name-mismatch` (:mod:`tm.qa.checks.name_mismatch`) shares with it.

Both work from the text alone: a *name* is a capitalised word that is not the
first word of a sentence (or that also stands capitalised inside sentences
elsewhere). Spellings are compared through :mod:`tm.translit` keys, so
Nazarbayev/Nazarbaev and Sergei/Sergey meet, and through the inflection rules of
:mod:`tm.morph`, so Назарбаев/Назарбаева/Назарбаевтың count as one word.
Related but different words are kept apart: a country and its adjective or
demonym have different keys (Kazakhstan, Kazakh); a feminine surname
(Ivanov/Ivanova) and a possessive (Nazarbayev's) are not variants; different
people who share a first name are told apart by the surnames that follow it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from tm.glossary import Glossary
from tm.lang import base_language
from tm.morph import KK_SUFFIXES, RU_ENDINGS  # the languages' inflection tails
from tm.qa.base import CorpusCheck, Failure, QAUnit
from tm.qa.candidates import Candidate
from tm.qa.checks.name_confusables import confused, describe, odd, skeleton, suspects
from tm.qa.checks.name_glossary import GlossarySpellings
from tm.qa.facts import Fact, UnitFacts
from tm.qa.findings import Severity
from tm.translit import name_key as _name_key
from tm.translit import to_latin_rough as _to_latin_rough

# Names recur: their keys and romanizations are computed once.
name_key = lru_cache(maxsize=1 << 16)(_name_key)
to_latin_rough = lru_cache(maxsize=1 << 16)(_to_latin_rough)

#: Two spellings whose keys agree must also look alike to be one name (fuzz.ratio, 0-100).
MIN_SPELLING_SIMILARITY = 70
#: A name key shorter than this says too little (Li, Ng).
MIN_KEY = 3

_TAILS = {
    "en": {"", "s", "es"},
    "ru": {"", "й", "ь", *RU_ENDINGS},
    "kk": {"", *KK_SUFFIXES},
}


@dataclass
class Occurrence:
    unit: int  # the unit's index in the run
    lang: str
    text: str  # as written
    word: str  # possessive removed
    following: str | None  # the capitalised word right after it, if any (a surname)


def occurrences(
    unit: int, lang: str, candidates: list[Candidate], starters: set[str] | None = None
) -> list[Occurrence]:
    return [
        Occurrence(unit, lang, tok, word, following)
        for tok, word, following, needs_starter in candidates
        if not needs_starter or (starters is not None and tok in starters)
    ]


def inflections_of_one_word(a: str, b: str, lang: str) -> bool:
    """Do ``a`` and ``b`` differ only by inflection tails of the language (on a stem of 3+ letters)?"""
    tails = _TAILS.get(base_language(lang), {""})
    la, lb = a.lower(), b.lower()
    n = 0
    while n < min(len(la), len(lb)) and la[n] == lb[n]:
        n += 1
    # the stem may end before the common prefix does: Астана|ны, Астана|ның
    return any(la[k:] in tails and lb[k:] in tails for k in range(n, 2, -1))


def _stems(word: str, lang: str) -> list[str]:
    """The word and the stems it has if a tail of the language is cut off (3+ letters kept)."""
    tails = _TAILS.get(base_language(lang), {""})
    low = word.lower()
    return [word[:k] for k in range(len(word), 2, -1) if low[k:] in tails]


#: Endings that make a related word of a name: the feminine surname (Ivanov/Ivanova) and,
#: in English, the demonym or adjective of a place (Albania/Albanian, Russia/Russian).
_DERIVATIONS = ("a", "а", "n", "an", "ian", "ns", "ans", "ians")


def related_form(a: str, b: str) -> bool:
    """Related, not variant: Ivanov/Ivanova, Назарбаев/Назарбаева, Albania/Albanians."""
    short, long_ = sorted((a.lower(), b.lower()), key=len)
    return any(long_ == short + ending for ending in _DERIVATIONS)


@dataclass
class _Lemma:
    forms: Counter[str] = field(default_factory=Counter)
    occurrences: list[Occurrence] = field(default_factory=list)
    surnames: set[str] = field(default_factory=set)
    bare: int = 0

    @property
    def head(self) -> str:
        """The most frequent spelling; on a tie the shortest (the uninflected form)."""
        return min(self.forms, key=lambda f: (-self.forms[f], len(f), f))

    @property
    def count(self) -> int:
        return sum(self.forms.values())


def _lemmas(occurrences: list[Occurrence], lang: str) -> list[_Lemma]:
    """Group the spellings that are inflections of one word (union-find over shared prefixes)."""
    words = sorted({o.word for o in occurrences})
    parent = {w: w for w in words}

    def find(w: str) -> str:
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    buckets: dict[str, list[str]] = defaultdict(list)
    for w in words:
        buckets[w[:3].lower()].append(w)
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if inflections_of_one_word(a, b, lang):
                    parent[find(a)] = find(b)
    lemmas: dict[str, _Lemma] = defaultdict(_Lemma)
    for o in occurrences:
        lemma = lemmas[find(o.word)]
        lemma.forms[o.word] += 1
        lemma.occurrences.append(o)
        if o.following:
            lemma.surnames.add(name_key(o.following))
        else:
            lemma.bare += 1
    return list(lemmas.values())


def _starters(candidates: Iterable[list[Candidate]]) -> set[str]:
    """Words seen capitalised inside sentences: names even at a sentence start."""
    return {tok for found in candidates for tok, _, _, needs_starter in found if not needs_starter}


def _same_person(a: _Lemma, b: _Lemma) -> bool:
    """First names followed by different surnames (and never bare) belong to different people."""
    if a.surnames and b.surnames and not a.bare and not b.bare:
        return bool(a.surnames & b.surnames)
    return True


class NameInconsistent(CorpusCheck):
    code = "name-inconsistent"
    severity = Severity.warning
    description = (
        "Within one language, the same name spelled in different ways across the TM "
        "(Nazarbayev/Nazarbaev, Sergei/Sergey), found from the text alone."
    )

    needs = frozenset({Fact.names})

    def extract(self, unit: QAUnit, facts: UnitFacts) -> tuple[dict[str, list[Candidate]], dict[str, list[str]]] | None:
        """The name candidates of the unit's texts, and the words that may be names typed with
        a confusable first letter (:func:`name_confusables.suspects`), where it has any."""
        names = {lang: found for lang, found in facts.names.items() if found}
        odd = {lang: found for lang, text in unit.present.items() if (found := suspects(text))}
        return (names, odd) if names or odd else None

    def run(
        self, units: Sequence[QAUnit], extracted: Sequence[Any] | None = None, glossary: Glossary | None = None
    ) -> Iterable[tuple[int, Failure]]:
        assert extracted is not None
        langs = list(dict.fromkeys(lang for u in units for lang in u.texts))
        for lang in langs:
            candidates = [(k, ex[0][lang]) for k, ex in enumerate(extracted) if ex and lang in ex[0]]
            suspected = [(k, word) for k, ex in enumerate(extracted) if ex and lang in ex[1] for word in ex[1][lang]]
            starters = _starters(found for _, found in candidates)
            found_names = [o for k, found in candidates for o in occurrences(k, lang, found, starters)]
            lemmas = _lemmas(found_names, lang)
            # A lemma seen only inflected (Жанаозенде) is keyed by each stem it may have.
            by_key: dict[str, list[_Lemma]] = defaultdict(list)
            for lemma in lemmas:
                for key in {name_key(stem) for stem in _stems(lemma.head, lang)}:
                    if len(key) >= MIN_KEY:
                        by_key[key].append(lemma)
            seen: set[tuple[int, int]] = set()
            spellings = GlossarySpellings(glossary, lang, inflections_of_one_word)
            for group in by_key.values():
                yield from self._variants(group, lang, seen, spellings)
            yield from _confusions(lemmas, suspected, lang)

    def _variants(
        self, group: list[_Lemma], lang: str, seen: set[tuple[int, int]], spellings: GlossarySpellings
    ) -> Iterable[tuple[int, Failure]]:
        group = sorted(group, key=lambda g: (-g.count, g.head))
        for i, major in enumerate(group):
            for minor in group[i + 1 :]:
                pair = (id(major), id(minor))
                if pair in seen:
                    continue
                seen.add(pair)
                a, b = major.head, minor.head
                if related_form(a, b) or inflections_of_one_word(a, b, lang) or not _same_person(major, minor):
                    continue
                if confused(a, b) is not None:  # reported by _confusions, with the letters named
                    continue
                if not any(
                    fuzz.ratio(sa.lower(), sb.lower()) >= MIN_SPELLING_SIMILARITY
                    and name_key(sa) == name_key(sb)
                    and not related_form(sa, sb)
                    for sa in _stems(a, lang)
                    for sb in _stems(b, lang)
                ):
                    continue
                yield from _reported(major, minor, lang, spellings)


def _reported(major: _Lemma, minor: _Lemma, lang: str, spellings: GlossarySpellings) -> Iterable[tuple[int, Failure]]:
    """One name spelled two ways: where the glossary knows either spelling, each spelling it
    does not allow is reported against the one it allows (whatever their counts, so that the
    answer does not depend on which documents are checked); otherwise the rarer spelling (both
    on a tie) against the other, called the majority it only is."""
    known = {id(major): spellings.of(major.forms), id(minor): spellings.of(minor.forms)}
    if not any(known.values()):
        for lemma in [minor] if minor.count < major.count else [minor, major]:
            other = major if lemma is minor else minor
            message = (
                f"“{lemma.head}” here, “{other.head}” in {other.count} other place{'s' if other.count != 1 else ''}: "
                "one name spelled two ways? (a majority only: the glossary has no entry for this name)"
            )
            yield from _each_unit(lemma, lang, message, [other.head])
        return
    for lemma, other in ((major, minor), (minor, major)):
        own, right = known[id(lemma)], known[id(other)]
        if own is not None and own.allowed:
            continue  # the glossary allows this spelling
        if right is not None and right.allowed:
            message = f"“{lemma.head}” here, where the glossary ({right.concept}) spells this name “{right.word}”"
            yield from _each_unit(lemma, lang, message, [right.word])
        elif own is not None:  # a spelling the glossary forbids, beside another it does not allow
            expected = spellings.renderings(own.concept)
            message = f"“{lemma.head}” here, a spelling the glossary ({own.concept}) forbids"
            yield from _each_unit(lemma, lang, message, expected)


def _each_unit(lemma: _Lemma, lang: str, message: str, expected: list[str]) -> Iterable[tuple[int, Failure]]:
    by_unit: dict[int, list[str]] = {}
    for o in lemma.occurrences:
        by_unit.setdefault(o.unit, []).append(o.text)
    for unit, found in by_unit.items():
        yield unit, Failure(lang, message, sorted(set(found)), list(expected))


def _confusions(lemmas: list[_Lemma], suspected: list[tuple[int, str]], lang: str) -> Iterable[tuple[int, Failure]]:
    """Names spelled two ways that differ only by confusable letters (AbIyazov, Ablyazov), and
    words that stand for a name with a confusable first letter (llyashev for Ilyashev): each
    against the spelling whose letters are least out of place (the more frequent on a tie)."""
    by_skeleton: dict[str, list[_Lemma]] = defaultdict(list)
    for lemma in lemmas:
        by_skeleton[skeleton(lemma.head)].append(lemma)
    right_of = {key: min(group, key=lambda g: (odd(g.head), -g.count, g.head))
                for key, group in by_skeleton.items() if len(group) > 1}
    for key, right in right_of.items():
        for lemma in by_skeleton[key]:
            pairs = None if lemma is right else confused(lemma.head, right.head)
            if pairs is not None:
                yield from _each_unit(lemma, lang, _confusion_message(lemma.head, right, pairs), [right.head])
    for k, word in suspected:
        group = by_skeleton.get(skeleton(word))
        right = None if group is None else right_of.get(skeleton(word)) or group[0]
        pairs = None if right is None else confused(word, right.head)
        if right is not None and pairs is not None:
            yield k, Failure(lang, _confusion_message(word, right, pairs), [word], [right.head])


def _confusion_message(word: str, right: _Lemma, pairs: list[tuple[str, str]]) -> str:
    letters = "; ".join(f"{describe(a)} for {describe(b)}" for a, b in dict.fromkeys(pairs))
    places = f"{right.count} other place{'s' if right.count != 1 else ''}"
    return f"“{word}” here, “{right.head}” in {places}: one name, with {letters}?"
