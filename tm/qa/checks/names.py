"""Names: `name-inconsistent` (one name spelled two ways within a language) and
`name-mismatch` (the Latin and Cyrillic forms of a name in one unit do not correspond).

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

from tm.anchors import keys_match
from tm.glossary import Glossary
from tm.morph import _KK_ALL_SUFFIXES, _RU_ENDINGS  # the languages' inflection tails
from tm.qa.base import CorpusCheck, Failure, QAUnit, UnitCheck
from tm.qa.candidates import Candidate
from tm.qa.facts import Fact, UnitFacts, UnitTerms
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
    "ru": {"", "й", "ь", *_RU_ENDINGS},
    "kk": {"", *_KK_ALL_SUFFIXES},
}


def _base_lang(lang: str) -> str:
    return lang.split("-")[0]


@dataclass
class Occurrence:
    unit: int  # the unit's index in the run
    lang: str
    text: str  # as written
    word: str  # possessive removed
    following: str | None  # the capitalised word right after it, if any (a surname)


def _occurrences(
    unit: int, lang: str, candidates: list[Candidate], starters: set[str] | None = None
) -> list[Occurrence]:
    return [
        Occurrence(unit, lang, tok, word, following)
        for tok, word, following, needs_starter in candidates
        if not needs_starter or (starters is not None and tok in starters)
    ]


def inflections_of_one_word(a: str, b: str, lang: str) -> bool:
    """Do ``a`` and ``b`` differ only by inflection tails of the language (on a stem of 3+ letters)?"""
    tails = _TAILS.get(_base_lang(lang), {""})
    la, lb = a.lower(), b.lower()
    n = 0
    while n < min(len(la), len(lb)) and la[n] == lb[n]:
        n += 1
    # the stem may end before the common prefix does: Астана|ны, Астана|ның
    return any(la[k:] in tails and lb[k:] in tails for k in range(n, 2, -1))


def _stems(word: str, lang: str) -> list[str]:
    """The word and the stems it has if a tail of the language is cut off (3+ letters kept)."""
    tails = _TAILS.get(_base_lang(lang), {""})
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

    def extract(self, unit: QAUnit, facts: UnitFacts) -> dict[str, list[Candidate]] | None:
        """The name candidates of the unit's texts, where it has any."""
        return {lang: found for lang, found in facts.names.items() if found} or None

    def run(
        self, units: Sequence[QAUnit], extracted: Sequence[Any] | None = None, glossary: Glossary | None = None
    ) -> Iterable[tuple[int, Failure]]:
        assert extracted is not None
        langs = list(dict.fromkeys(lang for u in units for lang in u.texts))
        for lang in langs:
            candidates = [(k, names[lang]) for k, names in enumerate(extracted) if names and lang in names]
            starters = _starters(found for _, found in candidates)
            occurrences = [o for k, found in candidates for o in _occurrences(k, lang, found, starters)]
            lemmas = _lemmas(occurrences, lang)
            # A lemma seen only inflected (Жанаозенде) is keyed by each stem it may have.
            by_key: dict[str, list[_Lemma]] = defaultdict(list)
            for lemma in lemmas:
                for key in {name_key(stem) for stem in _stems(lemma.head, lang)}:
                    if len(key) >= MIN_KEY:
                        by_key[key].append(lemma)
            seen: set[tuple[int, int]] = set()
            for group in by_key.values():
                yield from self._variants(group, lang, seen)

    def _variants(
        self, group: list[_Lemma], lang: str, seen: set[tuple[int, int]]
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
                if not any(
                    fuzz.ratio(sa.lower(), sb.lower()) >= MIN_SPELLING_SIMILARITY
                    and name_key(sa) == name_key(sb)
                    and not related_form(sa, sb)
                    for sa in _stems(a, lang)
                    for sb in _stems(b, lang)
                ):
                    continue
                targets = [minor] if minor.count < major.count else [minor, major]
                for lemma, other in ((t, major if t is minor else minor) for t in targets):
                    by_unit: dict[int, list[str]] = {}
                    for o in lemma.occurrences:
                        by_unit.setdefault(o.unit, []).append(o.text)
                    for unit, found in by_unit.items():
                        message = (
                            f"“{lemma.head}” here, “{other.head}” in {other.count} other place"
                            f"{'s' if other.count != 1 else ''}: one name spelled two ways?"
                        )
                        yield unit, Failure(lang, message, sorted(set(found)), [other.head])


class NameMismatch(UnitCheck):
    code = "name-mismatch"
    severity = Severity.warning
    description = (
        "In one unit, a Latin-script name and the Cyrillic name that stands for it do not correspond: "
        "they look alike, but no romanization (inflection allowed) and no glossary entry links them."
    )

    #: A Latin and a Cyrillic name this alike (fuzz.ratio of the romanized forms, 0-100) and with the
    #: same initial are taken to be one name. Exonyms (Geneva/Женева, England/Англия) fall below it
    #: or differ in the initial; the glossary links the rest.
    SIMILAR = 75

    needs = frozenset({Fact.names, Fact.terms})

    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        present = unit.present
        names_of: dict[str, list[Occurrence]] = {}
        for lang, candidates in facts.names.items():
            found = [o for o in _occurrences(0, lang, candidates) if len(name_key(o.word)) >= MIN_KEY]
            if found:
                names_of[lang] = found
        if len(names_of) < 2:
            return
        scripts = {lang: _script(present[lang]) for lang in names_of}  # of the texts with names only
        latin = [lang for lang, script in scripts.items() if script == "latin"]
        cyrillic = [lang for lang, script in scripts.items() if script == "cyrillic"]
        for llang in latin:
            lnames = names_of[llang]
            for clang in cyrillic:
                cnames = names_of[clang]
                linked: set[tuple[str, str]] | None = None  # the glossary's links, looked up when needed
                reported: set[tuple[str, str]] = set()
                for o in lnames:
                    if any(_linked(o.word, c.word) for c in cnames):
                        continue
                    for c in cnames:
                        if name_key(o.word)[0] != name_key(c.word)[0] or (o.text, c.text) in reported:
                            continue
                        if fuzz.ratio(o.word.lower(), to_latin_rough(c.word)) >= self.SIMILAR:
                            if linked is None:
                                linked = _glossary_links(facts.terms, llang, clang)
                            if any((o.text, other.text) in linked for other in cnames):
                                break  # the glossary links this name to one of the unit's
                            reported.add((o.text, c.text))
                            yield Failure(
                                clang,
                                f"“{o.text}” ({llang}) and “{c.text}” ({clang}) look like one name, "
                                "but no romanization or glossary entry links them",
                                [c.text, o.text],
                                None,
                            )


# Alternations between the English press forms and the Cyrillic spellings that no single scheme
# covers: Kazakh қ where Russian has х (Қазақстан, Kazakhstan), English c for k (America, Америка).
_ALTERNATIONS = str.maketrans({"h": "k", "c": "k"})


@lru_cache(maxsize=1 << 16)
def _linked(latin: str, cyrillic: str) -> bool:
    lk, ck = name_key(latin), name_key(cyrillic)
    return keys_match(lk, ck) or keys_match(lk.translate(_ALTERNATIONS), ck.translate(_ALTERNATIONS))


def _glossary_links(terms: UnitTerms | None, llang: str, clang: str) -> set[tuple[str, str]]:
    """(Latin word, Cyrillic word) pairs that render the same glossary concept in this unit."""
    if terms is None:
        return set()
    by_concept: dict[str, list[str]] = defaultdict(list)
    for m in terms.matches[llang]:
        by_concept[m.concept_id].append(m.text)
    pairs = set()
    for m in terms.matches[clang]:
        for ltext_match in by_concept.get(m.concept_id, []):
            for lw in ltext_match.split():
                for cw in m.text.split():
                    pairs.add((lw, cw))
    return pairs


# Letters are counted on the UTF-8 bytes: an ASCII letter is one byte of its own, and a letter of
# U+0400-U+04FF is the only character whose first byte is D0-D3 (later bytes are 80-BF).
_NOT_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122 or 0xD0 <= b <= 0xD3))


def _script(text: str) -> str | None:
    """"latin" or "cyrillic", whichever has more letters ([A-Za-z], U+0400-U+04FF) in ``text``; None on a tie."""
    if text.isascii():
        return "latin" if any(c.isalpha() for c in text) else None
    letters = text.encode("utf-8", "surrogatepass").translate(None, _NOT_LETTER)
    cyrillic = letters.count(0xD0) + letters.count(0xD1) + letters.count(0xD2) + letters.count(0xD3)
    latin = len(letters) - cyrillic
    return "latin" if latin > cyrillic else "cyrillic" if cyrillic > latin else None
