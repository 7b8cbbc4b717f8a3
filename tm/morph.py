"""Inflection for matching: the forms a word takes in running text.

Names and terms are stored in their dictionary form (Назарбаев, Қазақстан,
Nazarbayev). In a sentence they are inflected: Назарбаева, Назарбаевым;
Назарбаевтың, Қазақстанда; Nazarbayev's. :func:`forms_pattern` turns a
dictionary form into a regular expression for its inflected forms, so that a
whole glossary compiles into one automaton and a concordance finds every case.

- Russian: the stem (the form less a final vowel, й or ь) plus one of the
  nominal case endings below. A longer derivation (Казахстанский) is a different
  word and is not matched.
- Kazakh: the form plus a chain of at most three suffixes (plural, possessive,
  case), each in the variant that vowel harmony and the preceding sound require;
  a final к/қ/п may voice to г/ғ/б before a vowel (кітап → кітабы).
- English: possessive ('s, ’s, bare ’ after s) and plural -s/-es.

:func:`stem` gives a comparable stem per word (Snowball for en and ru, suffix
stripping for kk) for indexing and grouping.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tm.lang import base_language


# -- Russian -----------------------------------------------------------------
# Nominal endings of nouns and surnames (-ов/-ев/-ин declension included: Назарбаева,
# Назарбаевым, Назарбаевых), longest first.
RU_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ова", "ева",
    "ой", "ей", "ою", "ею", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ых", "их", "ым", "им",
    "а", "я", "у", "ю", "е", "ы", "и", "о", "ь",
)
_RU_STRIP = "аяйьоеыиу"
# Adjectives (Европейский союз -> Европейского союза, Таможенном союзе): the form less its
# two-letter ending, plus an adjectival ending.
_RU_ADJ_FINALS = ("ий", "ый", "ой", "ая", "яя", "ое", "ее")
# Finals whose vowel drops before an ending (список -> списка, отец -> отца).
_RU_FLEETING = ("ок", "ек", "ец")
_RU_ADJ_ENDINGS = (
    "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ую", "юю", "ого", "его", "ому", "ему",
    "ым", "им", "ом", "ем", "ых", "их", "ыми", "ими", "ей", "ою", "ею",
)

# -- Kazakh ------------------------------------------------------------------
_KK_BACK = set("аоұыуяё")
_KK_FRONT = set("әөүіеэи")
_KK_VOWELS = _KK_BACK | _KK_FRONT
# в ends Russian surnames and sounds [f] there: Назарбаевтың, Дувановқа, Әблязовпен.
_KK_VOICELESS = set("кқпстфхцчшщв")
_KK_NASAL_SONORANT = set("мнң")
_KK_SONORANT = set("лрйуwю")

# Suffix families as (back, front) variants per preceding-sound class:
# 'v' after a vowel, 's' after a sonorant (л р й у), 'n' after м н ң, 'k' after a voiceless, 'z' after a voiced consonant.
_KK_PLURAL = {"v": ("лар", "лер"), "s": ("лар", "лер"), "n": ("дар", "дер"), "z": ("дар", "дер"), "k": ("тар", "тер")}
_KK_GENITIVE = {"v": ("ның", "нің"), "s": ("дың", "дің"), "n": ("ның", "нің"), "z": ("дың", "дің"), "k": ("тың", "тің")}
_KK_DATIVE = {"v": ("ға", "ге"), "s": ("ға", "ге"), "n": ("ға", "ге"), "z": ("ға", "ге"), "k": ("қа", "ке")}
_KK_ACCUSATIVE = {"v": ("ны", "ні"), "s": ("ды", "ді"), "n": ("ды", "ді"), "z": ("ды", "ді"), "k": ("ты", "ті")}
_KK_LOCATIVE = {"v": ("да", "де"), "s": ("да", "де"), "n": ("да", "де"), "z": ("да", "де"), "k": ("та", "те")}
_KK_ABLATIVE = {"v": ("дан", "ден"), "s": ("дан", "ден"), "n": ("нан", "нен"), "z": ("дан", "ден"), "k": ("тан", "тен")}
_KK_INSTRUMENTAL = {"v": ("мен", "мен"), "s": ("мен", "мен"), "n": ("мен", "мен"), "z": ("бен", "бен"), "k": ("пен", "пен")}
_KK_LOCATIVE_ATTR = {k: (back + "ғы", front + "гі") for k, (back, front) in _KK_LOCATIVE.items()}
_KK_CASES = (
    _KK_GENITIVE, _KK_DATIVE, _KK_ACCUSATIVE, _KK_LOCATIVE, _KK_ABLATIVE, _KK_INSTRUMENTAL, _KK_LOCATIVE_ATTR,
)
# Possessive (3rd person, the common one in running text: Қазақстанның астанасы) and the
# pronominal-n forms that follow it (Назарбаевтың ұлына, үйінде).
_KK_POSSESSIVE_3 = {"v": ("сы", "сі"), "c": ("ы", "і")}
_KK_AFTER_POSSESSIVE = ("ның", "нің", "на", "не", "н", "нда", "нде", "нан", "нен", "мен")


def _kk_harmony(word: str) -> int:
    """0 for back (hard) words, 1 for front (soft): the last vowel decides, except the е
    of a surname's -ев, which follows the stem (Назарбаевтың, Тоқаевқа; Медведевке)."""
    lower = word.lower()
    if lower.endswith("ев") and len(lower) > 3:
        lower = lower[:-2]
    for ch in reversed(lower):
        if ch in _KK_BACK:
            return 0
        if ch in _KK_FRONT:
            return 1
    return 0


def _kk_class(word: str) -> str:
    last = word.lower()[-1]
    if last in _KK_VOWELS:
        return "v"
    if last in _KK_NASAL_SONORANT:
        return "n"
    if last in _KK_SONORANT:
        return "s"
    if last in _KK_VOICELESS:
        return "k"
    return "z"


def _kk_suffixes(word: str) -> list[str]:
    """Suffix chains for one Kazakh word: (plural) (possessive) (case), each optional.

    A final к or г (front consonants) lets a loanword take front suffixes whatever its
    vowels (Банк -> Банктің, Банкке), so both harmonies are generated then.
    """
    chains = _kk_chains(word, _kk_harmony(word))
    if word[-1:].lower() in "кг":
        chains |= _kk_chains(word, 1)
    return sorted(chains, key=len, reverse=True)


def _kk_chains(word: str, harmony: int) -> set[str]:
    chains: set[str] = {""}
    for plural in ("", _KK_PLURAL[_kk_class(word)][harmony]):
        base = word + plural
        h, cls = (_kk_harmony(base) if plural else harmony), _kk_class(base)
        chains.add(plural)
        for case in _KK_CASES:
            chains.add(plural + case[cls][h])
        poss = _KK_POSSESSIVE_3["v" if cls == "v" else "c"][h]
        chains.add(plural + poss)
        # a word that may already carry the possessive (Кеден одағы, министрлігі) takes the
        # pronominal-n forms directly: одағына, министрлігінен
        carries_possessive = not plural and base[-1:].lower() in "ыі"
        for tail in _KK_AFTER_POSSESSIVE:
            if (tail[-1:] in "аы" and h) or (tail[-1:] in "еі" and not h):
                continue
            chains.add(plural + poss + tail)
            if carries_possessive:
                chains.add(tail)
    return chains


_KK_VOICING = {"к": "г", "қ": "ғ", "п": "б"}


def _alt(options: list[str]) -> str:
    return "|".join(re.escape(o) for o in sorted(set(options), key=len, reverse=True) if o)


def word_pattern(word: str, lang: str) -> str:
    """A regex (no anchors) for the inflected forms of one word."""
    base = base_language(lang)
    if not word or not any(ch.isalpha() for ch in word):
        return re.escape(word)
    if base == "ru":
        stem = word[:-1] if len(word) > 3 and word[-1].lower() in _RU_STRIP else word
        # the stripped letter itself: Сергей is Серге + й
        endings = _alt([*RU_ENDINGS, word[len(stem):]])
        pattern = f"{re.escape(stem)}(?:{endings})?"
        if len(word) > 4 and word[-2:].lower() in _RU_ADJ_FINALS:
            pattern = f"(?:{pattern}|{re.escape(word[:-2])}(?:{_alt(list(_RU_ADJ_ENDINGS))}))"
        elif len(word) > 4 and word[-2:].lower() in _RU_FLEETING:
            # a fleeting vowel: список -> списка, отец -> отца
            pattern = f"(?:{pattern}|{re.escape(word[:-2] + word[-1])}(?:{endings}))"
        return pattern
    if base == "kk":
        suffixes = _alt(_kk_suffixes(word))
        pattern = f"{re.escape(word)}(?:{suffixes})?"
        last = word[-1].lower()
        if last in _KK_VOICING and len(word) > 2:
            voiced = word[:-1] + (_KK_VOICING[last].upper() if word[-1].isupper() else _KK_VOICING[last])
            vowel_suffixes = [s for s in _kk_suffixes(voiced) if s and s[0] in _KK_VOWELS]
            if vowel_suffixes:
                pattern = f"(?:{pattern}|{re.escape(voiced)}(?:{_alt(vowel_suffixes)}))"
        return pattern
    if base == "en":
        return f"{re.escape(word)}(?:(?:'|’)s|(?<=s)(?:'|’)|es|s)?"
    return re.escape(word)


def forms_pattern(term: str, lang: str) -> str:
    """A regex (no anchors) for a possibly multi-word term in running text.

    Every word may inflect (Russian and Kazakh agree adjectives and nouns: «БТА Банка»,
    Демократический выбор Казахстана); words are separated by spaces, hyphens kept.
    """
    words = re.split(r"(\s+)", term.strip())
    parts = []
    for piece in words:
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"\s+")
        else:
            parts.append(word_pattern(piece, lang))
    return "".join(parts)


@lru_cache(maxsize=8)
def _snowball(language: str) -> Any:
    # imported here: importing nltk costs ~70 MB and most users of this module never stem
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(language)


def _kk_stem(word: str) -> str:
    lower = word.lower()
    for _ in range(3):
        for suffix in sorted(KK_SUFFIXES, key=len, reverse=True):
            if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
                lower = lower[: -len(suffix)]
                break
        else:
            break
    return lower


KK_SUFFIXES = {
    s
    for family in (_KK_PLURAL, *_KK_CASES)
    for pair in family.values()
    for s in pair
} | {"сы", "сі", "ы", "і", *_KK_AFTER_POSSESSIVE}


def stem(word: str, lang: str) -> str:
    """A lower-case stem for grouping word forms (not a linguistic lemma)."""
    base = base_language(lang)
    if base == "ru":
        return _snowball("russian").stem(word.lower())
    if base == "en":
        w = re.sub(r"(?:'|’)s?$", "", word.lower())
        return _snowball("english").stem(w)
    if base == "kk":
        return _kk_stem(word)
    return word.lower()


# -- generation by analogy -----------------------------------------------------


def _ru_stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word[-1].lower() in _RU_STRIP else word


def _kk_family(suffix: str, lemma: str) -> tuple[dict[str, tuple[str, str]], ...] | None:
    """The suffix families (plural?, case?) whose variants for ``lemma`` spell ``suffix``."""
    cls, h = _kk_class(lemma), _kk_harmony(lemma)
    for case in (None, *_KK_CASES):
        for plural in (None, _KK_PLURAL):
            if case is None and plural is None:
                continue
            spelled = (plural[cls][h] if plural else "")
            base = lemma + spelled
            if case is not None:
                spelled += case[_kk_class(base)][_kk_harmony(base) if plural else h]
            if spelled == suffix.lower():
                return tuple(f for f in (plural, case) if f is not None)
    return None


def inflect_like(old_lemma: str, old_form: str, new_lemma: str, lang: str) -> str | None:
    """``new_lemma`` in the case and number that ``old_form`` gives ``old_lemma``, or None
    when the analogy cannot be drawn safely.

    Used to repair a stored translation where one name replaces another: Назарбаева
    (Назарбаев) becomes Тоқаева, Назарбаевтың becomes Тоқаевтың, Nazarbayev's becomes
    Tokayev's. Only one-word forms with a recognised ending are generated: Russian when
    both lemmas end alike (a consonant, or the same strippable vowel), Kazakh for one
    plural and/or case suffix chosen again by the new word's harmony and final sound,
    English for the possessive.
    """
    if old_form == old_lemma:
        return new_lemma
    base = base_language(lang)
    if base == "en":
        suffix = old_form[len(old_lemma):] if old_form.startswith(old_lemma) else None
        return new_lemma + suffix if suffix in ("'s", "’s", "'", "’") else None
    if base == "ru":
        old_stem, new_stem = _ru_stem(old_lemma), _ru_stem(new_lemma)
        same_class = (old_stem == old_lemma) == (new_stem == new_lemma) and (
            old_stem == old_lemma or old_lemma[-1].lower() == new_lemma[-1].lower()
        )
        if not same_class or not old_form.startswith(old_stem):
            return None
        ending = old_form[len(old_stem):]
        return new_stem + ending if ending.lower() in RU_ENDINGS else None
    if base == "kk":
        if not old_form.startswith(old_lemma):
            return None
        families = _kk_family(old_form[len(old_lemma):], old_lemma)
        if families is None:
            return None
        out = new_lemma
        for family in families:
            out += family[_kk_class(out)][_kk_harmony(new_lemma if out == new_lemma else out)]
        return out
    return None
