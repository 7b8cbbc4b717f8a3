"""From a paired name to a proposed concept, by the glossary policy (docs/glossary.md).

- Russian: the dictionary form of the spelling the Russian text uses most.
- Kazakh: as the Kazakh text writes it; of two spellings, the one in Kazakh letters
  (Әблязов) is preferred and the Russian-style one (Аблязов) forbidden.
- English: the BGN/PCGN romanization of the Russian form, unless the letters attest an
  established English spelling of the same sounds (Sergei, Lyon: see :func:`_established`);
  a translated name (Switzerland) as the English text writes it. Other attested spellings
  of the same words are forbidden variants.
- A short form (the surname alone) is an admitted variant.
- A language without an attested form gets one by transliteration, marked unattested:
  Kazakh -> Russian by the letter fold, Russian -> English by BGN/PCGN, Russian -> Kazakh
  unchanged (Russian names keep their spelling in Kazakh). An English name is not written
  back into Cyrillic: which of its letters a Russian spelling would use is a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import iuliia

from tm.glossary.suggest.names import Name
from tm.glossary.suggest.pair import Link
from tm.translit import fold_to_russian, same_name, spelling_key, transliterate, variants

LANGS = ("en", "ru", "kk")
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
#: an established English spelling must be attested at least this often
MIN_ESTABLISHED = 2


@dataclass
class Proposal:
    """The proposed terms of one concept in each language, preferred first."""

    preferred: dict[str, str] = field(default_factory=dict)
    admitted: dict[str, list[str]] = field(default_factory=dict)
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    unattested: list[str] = field(default_factory=list)
    scheme: str | None = None

    def terms(self, lang: str) -> list[str]:
        if lang not in self.preferred:
            return []
        return [self.preferred[lang], *self.admitted.get(lang, []), *self.forbidden.get(lang, [])]


def bgn(text: str) -> str:
    """BGN/PCGN of a Russian name (iuliia's schema; acronyms keep their capitals)."""
    return " ".join(
        transliterate(w, "bgn_pcgn") if len(w) > 1 and w.isupper() else iuliia.BGN_PCGN.translate(w)
        for w in text.split()
    )


def _joined(spelling: tuple[str, ...]) -> str:
    return " ".join(spelling)


def _counts(name: Name) -> Counter[str]:
    return Counter({_joined(s): sum(forms.values()) for s, forms in name.spellings.items()})


def _short(name: Name, exclude: Sequence[str]) -> list[str]:
    out = [_joined(s) for s in sorted(name.short, key=lambda s: -sum(name.short[s].values()))]
    return [s for s in out if s not in exclude]


def _kk_preferred(counts: Counter[str]) -> str:
    return max(counts, key=lambda s: (any(c in _KAZAKH_LETTERS for c in s), counts[s], s))


def _word_counts(name: Name) -> Counter[str]:
    """How often each word is written, in the full name and in its short forms."""
    out: Counter[str] = Counter()
    for table in (name.spellings, name.short):
        for spelling, forms in table.items():
            for w in spelling:
                out[w] += sum(forms.values())
    return out


def _established(word: str, ru_word: str, counts: Counter[str]) -> bool:
    """An English word that writes the same sounds as BGN/PCGN's, i and glides aside (not
    Ramazan for Рамзан, a letter more), and that the letters write more often than BGN/PCGN's
    and at least twice (Sergei), or that no romanization scheme makes (Lyon for Лион, Albania
    for Албания)."""
    scheme_form = bgn(ru_word)
    if word == scheme_form:
        return True
    if _sounds(word) != _sounds(scheme_form):
        return False
    if counts[word] > counts[scheme_form] and counts[word] >= MIN_ESTABLISHED:
        return True
    return word.casefold() not in {v.casefold() for v in variants(ru_word, "ru").values()}


def _sounds(word: str) -> str:
    """The spelling key without i and the glide j, which schemes write differently: Albania
    and Albaniya, Lyon and Lion are one."""
    return spelling_key(word).replace("j", "").replace("i", "")


def _english(name: Name, ru: str | None, translated: bool) -> tuple[str, str | None]:
    """The English preferred form and its scheme: BGN/PCGN of the Russian form, unless every
    word in which the attested spelling differs from it is established (:func:`_established`);
    a translated name as the English text writes it (no scheme)."""
    counts = _counts(name)
    words = _word_counts(name)
    # a spelling that is not the Russian name's (Ramazan for Рамзан) is not preferred over one that is
    fitting = [s for s in counts if ru is not None and same_name(s, ru)] or list(counts)
    top = max(fitting, key=lambda s: (sum(words[w] for w in s.split()), counts[s], s))
    if ru is None or translated or not same_name(top, ru):
        return top, None
    scheme_form = bgn(ru)
    if top == scheme_form:
        return top, "bgn-pcgn"
    pairs = list(zip(top.split(), ru.split()))
    if len(top.split()) == len(ru.split()) and all(_established(w, r, words) for w, r in pairs):
        return top, "established"
    return scheme_form, "bgn-pcgn"


def propose(names: dict[str, Name], links: Sequence[Link]) -> Proposal:
    """The proposal for the names of one concept (one per language, see :mod:`.pair`)."""
    p = Proposal()
    translated = {frozenset((k.a.lang, k.b.lang)) for k in links if k.key_agreement == 0}
    if "ru" in names:
        counts = _counts(names["ru"])
        p.preferred["ru"] = max(counts, key=lambda s: (counts[s], s))
    if "kk" in names:
        p.preferred["kk"] = _kk_preferred(_counts(names["kk"]))
        if "ru" not in names:
            p.preferred["ru"] = fold_to_russian(p.preferred["kk"])
            p.unattested.append("ru")
    if "en" in names:
        en_translated = frozenset(("en", "ru")) in translated or frozenset(("en", "kk")) in translated
        p.preferred["en"], p.scheme = _english(names["en"], p.preferred.get("ru"), en_translated)
    elif "ru" in p.preferred:
        p.preferred["en"], p.scheme = bgn(p.preferred["ru"]), "bgn-pcgn"
        p.unattested.append("en")
    if "kk" not in names and "ru" in p.preferred:
        p.preferred["kk"] = p.preferred["ru"]
        p.unattested.append("kk")
    for lang, name in names.items():
        counts = _counts(name)
        pref = p.preferred[lang]
        others = [s for s in sorted(counts, key=lambda s: (-counts[s], s)) if s != pref]
        p.forbidden[lang] = others
        p.admitted[lang] = _short(name, [pref, *others])
    _clean(p)
    return p


def _clean(p: Proposal) -> None:
    for lang in list(p.preferred):
        pref = p.preferred[lang]
        seen = {pref}
        for table in (p.admitted, p.forbidden):
            kept = []
            for t in table.get(lang, []):
                if t not in seen:
                    seen.add(t)
                    kept.append(t)
            table[lang] = kept
    p.unattested = [lang for lang in LANGS if lang in p.unattested]
