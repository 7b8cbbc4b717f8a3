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
from functools import lru_cache

from tm.morph import word_pattern
from tm.translit import spelling_key

# Russian: endings a form may carry, and the letters a dictionary form may end with instead
_RU_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ою", "ею", "ом", "ем", "ам", "ям",
    "ах", "ях", "ов", "ев", "ых", "их", "ым", "им", "ую", "юю", "ая", "яя", "а", "я", "у", "ю", "е", "ы", "и", "о",
)
# dictionary-form endings restored after a stem, most likely first (after a vowel: Итали-я, Серге-й)
_RU_RESTORE = ("", "а", "я", "о", "е", "ий", "ый", "ой", "ая", "ь")
_RU_RESTORE_AFTER_VOWEL = ("я", "й")
_RU_VOWELS = set("аеёиоуыэюя")
# endings only oblique cases have: a candidate ending so is a dictionary form only if nothing else is
_RU_OBLIQUE = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ою", "ею", "ом", "ем", "ам", "ям", "ах", "ях",
    "ых", "их", "ым", "им", "ей", "у", "ю", "ы", "и", "е",
)
# the instrumental of masculine nouns and surnames (Жумабековым, Лондоном): not a feminine -а word
_RU_MASCULINE_INSTRUMENTAL = ("ым", "ом", "ем", "ём")
# Russian spelling never writes ы, ю, я after these consonants (Европейский, not Европейскый)
_RU_NEVER_WRITTEN = re.compile(r"[кгхжшчщ][ыюя]")
# endings only adjectives take, and the dictionary-form finals of adjectives
_RU_ADJECTIVE_ONLY = ("ого", "его", "ому", "ему", "ыми", "ими")
_RU_ADJECTIVE_FINALS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее")
# dictionary-form finals of nouns, likeliest first (after a consonant, which ranks above all)
_RU_FINALS = ("а", "я", "й", "о", "е", "ий", "ый", "ой", "ая", "ь")
# Kazakh possessive endings: a name may end so itself (Алматы), so stripping them is not preferred
KK_POSSESSIVE = ("ы", "і", "сы", "сі")
#: prefix of an exact spelling (not a key) in the preferences given to :func:`choose`
EXACT = "="
#: shortest dictionary form proposed for a longer word (Крым, not Кр + ым)
MIN_LEMMA = 3
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
    for ending in _RU_ENDINGS:
        if not low.endswith(ending) or len(word) - len(ending) < 2:
            continue
        stem = word[: len(word) - len(ending)]
        for restore in _RU_RESTORE_AFTER_VOWEL if stem[-1].lower() in _RU_VOWELS else _RU_RESTORE:
            cand = stem + restore
            if cand != word and len(cand) >= MIN_LEMMA and inflects_to(cand, word, "ru"):
                out.add(cand)
    return frozenset(out)


def _kk_candidates(word: str) -> frozenset[str]:
    out = {word}
    for n in range(MIN_LEMMA, len(word)):
        prefix = word[:n]
        options = [prefix]
        if prefix[-1].lower() in _KK_DEVOICE:  # кітабы -> кітап
            options.append(prefix[:-1] + _KK_DEVOICE[prefix[-1].lower()])
        for cand in options:
            if inflects_to(cand, word, "kk"):
                out.add(cand)
    return frozenset(out)


def _rank(candidate: str, lang: str, candidates: frozenset[str], masculine: bool = False, adjective: bool = False
          ) -> tuple[int, int]:
    """How unlike a dictionary form a candidate looks (lower is likelier): it is another
    candidate's stem plus an oblique Russian ending (Риме from Рим), or a Russian -а/-я
    form of a word seen with a masculine instrumental (Жумабекова beside Жумабековым), a
    Russian word seen with an adjective-only ending whose form is not an adjective's
    (Таможенн for Таможенного: Таможенный), or a
    Kazakh case suffix on another candidate (Қырымды from Қырым); then the rank of its
    restored Russian ending."""
    low = candidate.lower()
    others = [c.lower() for c in candidates if c != candidate]
    if lang == "ru":
        stems = set(others) | {c[: -len(r)] for c in others for r in _RU_RESTORE if r and c.endswith(r)}
        oblique = any(low.endswith(e) and low[: -len(e)] in stems for e in _RU_OBLIQUE)
        oblique = oblique or (masculine and low[-1:] in "ая" and low[:-1] in stems)
        oblique = oblique or (adjective and not low.endswith(_RU_ADJECTIVE_FINALS))
        oblique = oblique or bool(_RU_NEVER_WRITTEN.search(low[-3:]))
        order = _RU_ADJECTIVE_FINALS if adjective else _RU_FINALS
        matching = [e for e in order if low.endswith(e)]
        ending = order.index(max(matching, key=len)) + 1 if matching else 0
        return int(oblique), ending
    if lang == "kk":
        inflected = any(low.startswith(c) and low[len(c):] not in KK_POSSESSIVE for c in others if c != low)
        return int(inflected), 0
    return 0, 0


def choose(forms: Counter[tuple[str, ...]], lang: str, prefer: Counter[str] | None = None) -> tuple[str, ...]:
    """The dictionary form of a name from its attested forms (word tuples with counts).

    Per word position: the candidate covering most occurrences; among equals, the one whose
    spelling the other languages write exactly, then whose spelling key they share most
    (``prefer``: key, or :data:`EXACT` + word, -> number of languages),
    then one that does not look inflected (:func:`_rank`), then an attested form (most
    frequent), then the likelier restored ending.
    """
    wanted = prefer or Counter()
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
        pool = frozenset(cover)
        masculine = lang == "ru" and any(w.lower().endswith(_RU_MASCULINE_INSTRUMENTAL) for w in words)
        adjective = lang == "ru" and any(w.lower().endswith(_RU_ADJECTIVE_ONLY) for w in words)
        ranks = {c: _rank(c, lang, pool, masculine, adjective) for c in cover}
        chosen.append(min(cover, key=lambda c: (
            -cover[c], -wanted.get(EXACT + c, 0), -wanted.get(spelling_key(c), 0), ranks[c][0], -words.get(c, 0),
            ranks[c][1], not c[:1].isupper(), c,
        )))
    return tuple(chosen)
