"""Dictionary forms of inflected names, through the glossary matcher's own inflection rules.

A candidate dictionary form ``c`` of a word ``w`` is one whose inflected forms
(:func:`tm.morph.word_pattern`) include ``w``: Аблязову -> Аблязов (and Аблязова, Аблязовы…),
Әблязовтың -> Әблязов, Ablyazov’s -> Ablyazov. The forms of one name share a candidate; the
name's dictionary form is the candidate that covers most of its occurrences, an attested
form first (:func:`choose`), unless the name's spelling in another language decides between
equally good ones (Назарбаев, not the genitive Назарбаева, when English writes Nazarbayev).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from tm.morph import word_pattern

# Russian: endings a form may carry, and the letters a dictionary form may end with instead
_RU_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ою", "ею", "ом", "ем", "ам", "ям",
    "ах", "ях", "ов", "ев", "ых", "их", "ым", "им", "ую", "юю", "ая", "яя", "а", "я", "у", "ю", "е", "ы", "и", "о",
)
_RU_RESTORE = ("", "а", "я", "й", "ь", "о", "е", "ий", "ый", "ой", "ая", "ия")
_KK_DEVOICE = {"г": "к", "ғ": "қ", "б": "п"}
_EN_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_SPLIT = re.compile(r"[-‐](?=[^\W\d_])")


@lru_cache(maxsize=65536)
def _pattern(word: str, lang: str) -> re.Pattern[str]:
    return re.compile(word_pattern(word, lang).replace("'", "['’]"))


def inflects_to(lemma: str, form: str, lang: str) -> bool:
    """True when ``form`` is one of the inflected forms of ``lemma``."""
    return bool(_pattern(lemma, lang).fullmatch(form))


def _acronym(word: str) -> str | None:
    head = _SPLIT.split(word)[0]
    letters = [c for c in head if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return head
    return None


@lru_cache(maxsize=65536)
def lemma_candidates(word: str, lang: str) -> frozenset[str]:
    """Possible dictionary forms of one word (itself included when it may be one)."""
    acronym = _acronym(word)
    if acronym is not None:
        return frozenset({acronym})  # АҚШ-та -> АҚШ; acronyms do not inflect otherwise
    if lang == "en":
        return frozenset({_EN_POSSESSIVE.sub("", word)})
    if lang == "ru":
        return _ru_candidates(word)
    if lang == "kk":
        return _kk_candidates(word)
    return frozenset({word})


def _ru_candidates(word: str) -> frozenset[str]:
    out = {word}
    low = word.lower()
    for ending in ("", *_RU_ENDINGS):
        if not low.endswith(ending) or len(word) - len(ending) < 2:
            continue
        stem = word[: len(word) - len(ending)]
        for restore in _RU_RESTORE:
            cand = stem + restore
            if cand != word and len(cand) >= 2 and inflects_to(cand, word, "ru"):
                out.add(cand)
    return frozenset(out)


def _kk_candidates(word: str) -> frozenset[str]:
    out = {word}
    for n in range(2, len(word)):
        prefix = word[:n]
        options = [prefix]
        if prefix[-1].lower() in _KK_DEVOICE:  # кітабы -> кітап
            options.append(prefix[:-1] + _KK_DEVOICE[prefix[-1].lower()])
        for cand in options:
            if inflects_to(cand, word, "kk"):
                out.add(cand)
    return frozenset(out)


def phrase_candidates(words: tuple[str, ...], lang: str) -> list[frozenset[str]]:
    return [lemma_candidates(w, lang) for w in words]


def choose(forms: Counter[tuple[str, ...]], lang: str, prefer: Iterable[str] = ()) -> tuple[str, ...]:
    """The dictionary form of a name from its attested forms (word tuples with counts).

    Per word position: the candidate covering most occurrences; among equals, one whose
    spelling key is in ``prefer`` (the name's keys in other languages), then an attested
    form (most frequent), then the longest.
    """
    from tm.translit import spelling_key

    wanted = set(prefer)
    size = max(len(f) for f in forms)
    chosen: list[str] = []
    for i in range(size):
        words = Counter[str]()
        for f, n in forms.items():
            if len(f) == size:
                words[f[i]] += n
        cover = Counter[str]()
        for w, n in words.items():
            for c in lemma_candidates(w, lang):
                cover[c] += n
        chosen.append(max(cover, key=lambda c: (
            cover[c], spelling_key(c) in wanted, words.get(c, 0), c[:1].isupper(), len(c), c,
        )))
    return tuple(chosen)
