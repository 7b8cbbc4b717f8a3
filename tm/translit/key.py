"""Name keys: one comparable form for the spellings of a name across scripts and schemes.

``spelling_key`` maps Сергей, Sergey, Sergei and Sergej to ``sergej``; Назарбаев,
Nazarbayev and Nazarbaev to ``nazarbaev``; Жаңаөзен, Zhanaozen and Janaözen to
``janaozen``; Аблязов, Ablyazov, Abliazov, Abljazov and Ablâzov to ``abljazov``.
It keeps the vowels and the ending, so a feminine form or a derived word keeps a
key of its own (Nazarbayeva, Sergeyev, Kazakhstan/Kazakh); ``name_key`` is the
coarser key built from it (consonants only), for prefix tests across inflection. The rules:

1. Cyrillic (Russian or Kazakh) is romanized with a context-free table; Kazakh
   letters fall to their plain counterparts (ә a, ғ g, қ q, ң n, ө o, ұ ү u, і i).
2. Diacritics and transliteration marks go, after the letters whose diacritic
   stands for a second sound are spelled out (â ia, û iu, ŝ shch, ž zh, š sh, č ch,
   ë e, ı i);
   soft/hard sign marks (’ ” ʹ ʺ ' `) and the interpunct are dropped.
3. Digraphs that schemes write differently fold to one letter: zh j, kh h, sh s,
   ch c, ts/cz c, shch/shh sc, gh g, ng/ngg n (ң; BGN writes ңг ngg), q k, w v,
   ck k, y i; x reads ks
   (English Alexei), see :func:`spelling_keys` for the x = kh of GOST B and the
   scientific scheme.
4. Runs of i/j (the glide й/я/ю/ё and the vowels и/ы, written y, i, j, ĭ by the
   schemes) are read by their neighbours: before a, o, u one letter is the glide
   ``j`` and two are ``ij`` (Abliazov, Mariia); before e the glide is dropped
   (Yelena = Elena, Nazarbayev = Nazarbaev) unless it is ж written j after a
   consonant or at the start (Jeñis);
   after a vowel it is ``j`` (Sergei = Sergej); otherwise the vowel ``i``
   (Dmitriy = Dmitrii = Dmitry). ж shares ``j`` with the glide because j is ж in
   the Kazakh Latin alphabet and й in the scientific scheme. ё after a consonant
   written yo/io (Fyodor) is e, like the e of the schemes that write ё as e.
5. Doubled letters collapse (Kassym = Kasym).

A multi-word or hyphenated spelling keys word by word (words joined by a space),
and an English possessive ('s) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Indel

# A rough, scheme-neutral Cyrillic -> Latin table for Russian and Kazakh letters,
# feeding the folds below (the exact schemes live in tm.translit.schemes).
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
# Letters whose diacritic stands for a sound of its own; the rest lose their diacritics.
_SPELL_OUT = str.maketrans({
    "â": "ia", "û": "iu", "ŝ": "shch", "ž": "zh", "š": "sh", "ş": "sh", "č": "ch", "ç": "ch", "ë": "e", "ı": "i",
})
_MARKS = re.compile(r"[’”ʹʺ'`´ʼ·\u0361]")
_NON_LETTER = re.compile(r"[^a-z]")
_FOLDS = {
    "shch": "sc", "shh": "sc", "nggh": "n", "ngg": "n", "zh": "j", "kh": "h", "sh": "s", "ch": "c", "ts": "c",
    "cz": "c", "gh": "g", "ng": "n", "ck": "k", "q": "k", "w": "v", "y": "i",
}
_FOLD = re.compile("|".join(sorted(_FOLDS, key=len, reverse=True)) + "|x")
_VOWELS = "aeou"  # i is handled with the glides
_YO = re.compile(rf"(?<=[^{_VOWELS}ij])io")
_GLIDES = re.compile(r"[ij]+")
_DOUBLE = re.compile(r"(.)\1+")
_VOWEL_RUN = re.compile(r"[aeiouj]+")
_SPLIT = re.compile(r"[\s\-‐‑–—]+")
_POSSESSIVE = re.compile(r"['’][sS]$")
_X_READINGS = ("ks", "h")


def to_latin_rough(word: str) -> str:
    """Lower-case Latin rendering of a Cyrillic or Latin word (diacritics stripped)."""
    out = "".join(_CYR_TO_LAT.get(ch, ch) for ch in unicodedata.normalize("NFC", word.lower()))
    decomposed = unicodedata.normalize("NFD", out)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _glide(match: re.Match[str]) -> str:
    run, text = match.group(0), match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if after == "e":
        return "j" if "j" in run and before not in _VOWELS else ""
    if after and after in _VOWELS:
        return "j" if len(run) == 1 else "ij"
    if before and before in _VOWELS:
        return "j"
    return "j" if run == "j" else "i"


@lru_cache(maxsize=65536)
def _word_key(word: str, x: str) -> str:
    word = _POSSESSIVE.sub("", word)
    latin = "".join(_CYR_TO_LAT.get(ch, ch) for ch in unicodedata.normalize("NFC", word.lower()))
    latin = unicodedata.normalize("NFD", latin.translate(_SPELL_OUT))
    latin = _MARKS.sub("", "".join(c for c in latin if not unicodedata.combining(c)))
    latin = _NON_LETTER.sub("", latin)
    latin = _FOLD.sub(lambda m: _FOLDS.get(m.group(0), x), latin)
    latin = _YO.sub("e", latin)
    latin = _GLIDES.sub(_glide, latin)
    return _DOUBLE.sub(r"\1", latin)


def _key(spelling: str, x: str) -> str:
    return " ".join(k for k in (_word_key(w, x) for w in _SPLIT.split(spelling)) if k)


def spelling_key(spelling: str) -> str:
    """The key shared by the spellings of one name: ``Nazarbayev`` -> ``nazarbaev``."""
    return _key(spelling, _X_READINGS[0])


def spelling_keys(spelling: str) -> frozenset[str]:
    """All spelling keys: x is ks in English (Alexei) but kh in GOST B and the scientific scheme (Muxtar)."""
    if "x" not in spelling.lower():
        return frozenset((spelling_key(spelling),))
    return frozenset(_key(spelling, x) for x in _X_READINGS)


@lru_cache(maxsize=65536)
def name_key(spelling: str) -> str:
    """The coarse key of a name: the first letter, then the consonants of :func:`spelling_key`.

    ``Nazarbayev``, ``Назарбаева`` and ``Назарбаевтың`` -> ``nzrbv``. Vowels and
    glides go (and with them a non-initial ж, which shares j with the glide), so
    inflection only adds to the end of the key and a prefix test matches the forms of
    one name (the alignment anchors and the QA name checks use it that way); it joins
    a feminine form with its masculine, which :func:`same_name` keeps apart.
    """
    return " ".join(_DOUBLE.sub(r"\1", w[0] + _VOWEL_RUN.sub("", w[1:])) for w in spelling_key(spelling).split())


#: Minimum rapidfuzz ratio (0-100, Indel-based) between two keys for spellings no
#: scheme produces. It applies only to keys with the same first letter, the same
#: last two letters and the same consonants, i.e. that differ in vowels and glides
#: alone (Äbılazov ~ Ablyazov: 87.5). 85 lets one vowel differ in a key of 7 letters
#: or more (85.7) but not in a shorter one, where a vowel tells names apart
#: (Marat/Murat 80, Madina/Medina 83.3); endings never differ, as they carry gender,
#: case and derivation (Nazarbayev/Nazarbayeva, Ivanov/Ivanova, Alma/Almaty).
FUZZY_THRESHOLD = 85.0
_NOT_CONSONANT = re.compile(r"[aeiouj]")


def _close(a: str, b: str) -> bool:
    if len(a) < 2 or len(b) < 2 or a[0] != b[0] or a[-2:] != b[-2:]:
        return False
    if _NOT_CONSONANT.sub("", a) != _NOT_CONSONANT.sub("", b):
        return False
    return Indel.normalized_similarity(a, b) * 100 >= FUZZY_THRESHOLD


def _keys_close(a: str, b: str) -> bool:
    words_a, words_b = a.split(), b.split()
    return len(words_a) == len(words_b) and all(
        x == y or _close(x, y) for x, y in zip(words_a, words_b)
    )


def same_name(a: str, b: str) -> bool:
    """True when two spellings (any script, any scheme) write the same name.

    Equal keys, or keys close enough by :data:`FUZZY_THRESHOLD` for spellings
    that no scheme produces.
    """
    keys_a, keys_b = spelling_keys(a), spelling_keys(b)
    if not all(keys_a) or not all(keys_b):
        return False  # no letters at all
    return bool(keys_a & keys_b) or any(_keys_close(x, y) for x in keys_a for y in keys_b)
