"""Romanization schemes: Russian through ``iuliia``, Kazakh through our own tables.

A scheme turns Cyrillic text into Latin word by word; letters it does not know
(Latin, digits, punctuation) pass through. Capitalisation follows the source
word: ``Сергей`` -> ``Sergey``, ``СЕРГЕЙ`` -> ``SERGEY`` (``iuliia`` itself
would give ``ShchERBAKOV`` for ``ЩЕРБАКОВ``, so every scheme is applied to the
lower-cased word and the case is put back here).

The Kazakh tables are data files in ``tm/data/translit/`` (TOML, each naming its
source): ``[mapping]`` maps one letter, ``[prev]`` a letter after another (key:
the two letters, ``^`` for the start of the word), ``[next]`` a letter before
another (``$`` for the end), ``[upper]`` capitals that are not ``str.upper``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import iuliia

from tm.errors import InputError, TMError
from tm.lang import base_language

_WORD = re.compile(r"[^\W\d_]+")
_DATA = "data/translit"


class UnknownScheme(TMError):
    """A scheme id that is not in :data:`SCHEMES`."""


@dataclass(frozen=True)
class Table:
    """A letter table with context rules, as loaded from a data file."""

    mapping: dict[str, str]
    prev: dict[str, str] = field(default_factory=dict)
    next: dict[str, str] = field(default_factory=dict)
    upper: dict[str, str] = field(default_factory=dict)

    def word(self, word: str) -> str:
        """Transliterate one lower-case word."""
        out = []
        for i, ch in enumerate(word):
            before = word[i - 1] if i else "^"
            after = word[i + 1] if i + 1 < len(word) else "$"
            rule = self.prev.get(before + ch)
            if rule is None:
                rule = self.next.get(ch + after)
            out.append(self.mapping.get(ch, ch) if rule is None else rule)
        return "".join(out)


@dataclass(frozen=True)
class Scheme:
    """One romanization scheme: ``id``, the Cyrillic language it reads, and its source."""

    id: str
    lang: str
    title: str
    source: str
    _word: Callable[[str], str] = field(repr=False)
    _upper: dict[str, str] = field(default_factory=dict, repr=False)

    def translate(self, text: str) -> str:
        """``text`` in Latin letters, word by word, keeping title case and ALL CAPS."""
        return _WORD.sub(lambda m: self._cased(m.group(0)), text)

    def _cased(self, word: str) -> str:
        latin = self._word(word.lower())
        if not latin or not word[0].isupper():
            return latin
        if len(word) > 1 and word.isupper():
            return "".join(self._upper.get(c) or c.upper() for c in latin)
        return (self._upper.get(latin[0]) or latin[0].upper()) + latin[1:]


def load_table(name: str) -> tuple[dict[str, str], Table]:
    """The ``[scheme]`` header and the table of ``tm/data/translit/<name>.toml``."""
    ref = resources.files("tm").joinpath(f"{_DATA}/{name}.toml")
    try:
        data = tomllib.loads(ref.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read the transliteration table: {exc}", str(ref)) from exc
    if "scheme" not in data or "mapping" not in data:
        raise InputError("a transliteration table needs [scheme] and [mapping]", str(ref))
    table = Table(data["mapping"], data.get("prev", {}), data.get("next", {}), data.get("upper", {}))
    return data["scheme"], table


def _iuliia_word(schema: iuliia.Schema) -> Callable[[str], str]:
    # iuliia writes Cyrillic ё for the ë of BGN/PCGN, ISO 9, ALA-LC and the scientific scheme.
    return lambda word: schema.translate(word).replace("ё", "ë")


#: Russian schemes: our id -> the iuliia schema and the name of what it implements.
_RUSSIAN = {
    "bgn_pcgn": (iuliia.BGN_PCGN, "BGN/PCGN (1947)"),
    "wikipedia": (iuliia.WIKIPEDIA, "English Wikipedia (BGN/PCGN simplified)"),
    "icao_doc_9303": (iuliia.ICAO_DOC_9303, "ICAO Doc 9303 (passports, 2013)"),
    "gost_779b": (iuliia.GOST_779_ALT, "GOST 7.79-2000 System B"),
    "iso_9": (iuliia.GOST_779, "ISO 9:1995 = GOST 7.79-2000 System A"),
    "scientific": (iuliia.SCIENTIFIC, "scholarly (scientific) transliteration"),
    "ala_lc": (iuliia.ALA_LC, "ALA-LC (Library of Congress)"),
    "mvd_782": (iuliia.MVD_782, "MVD order 782 (Russian passports 2000-2010)"),
    "mvd_310": (iuliia.MVD_310, "MVD order 310 (Russian passports 1997-2000)"),
    "telegram": (iuliia.TELEGRAM, "Telegram's Russian-to-Latin logins"),
}
_KAZAKH_TABLES = ("kk_latin_2021", "kk_bgn_pcgn", "kk_iso_9")
#: the press form of a Kazakh name: folded to Russian, then BGN/PCGN, without its marks
KK_PRESS = "kk_press"


@cache
def _fold() -> Table:
    return load_table("kk_ru_fold")[1]


def fold_to_russian(text: str) -> str:
    """A Kazakh name written as in Russian: Жаңаөзен -> Жанаозен (case kept)."""
    mapping = _fold().mapping
    return "".join(
        (mapping[c.lower()].upper() if c.isupper() else mapping[c]) if c.lower() in mapping else c
        for c in text
    )


def _press_word(word: str) -> str:
    latin = _iuliia_word(iuliia.BGN_PCGN)(fold_to_russian(word))
    for mark in ("·", "’", "”"):
        latin = latin.replace(mark, "")
    return latin.replace("yë", "yo").replace("ë", "yo")


@cache
def schemes() -> dict[str, Scheme]:
    """Every scheme by id, Russian ones first."""
    out: dict[str, Scheme] = {}
    for sid, (schema, title) in _RUSSIAN.items():
        source = f"iuliia schema {schema.name!r}"
        out[sid] = Scheme(sid, "ru", title, source, _iuliia_word(schema))
    for name in _KAZAKH_TABLES:
        header, table = load_table(name)
        out[header["id"]] = Scheme(
            header["id"], header["lang"], header["title"], f"tm/{_DATA}/{name}.toml", table.word, table.upper
        )
    out[KK_PRESS] = Scheme(
        KK_PRESS, "kk", "Russian-style romanization of Kazakh names (press)",
        f"tm/{_DATA}/kk_ru_fold.toml, then iuliia bgn_pcgn", _press_word,
    )
    return out


def scheme(scheme_id: str) -> Scheme:
    """The scheme with this id; :class:`UnknownScheme` names the known ones otherwise."""
    try:
        return schemes()[scheme_id]
    except KeyError:
        raise UnknownScheme(f"unknown scheme {scheme_id!r}; known: {', '.join(schemes())}") from None


def transliterate(text: str, scheme_id: str) -> str:
    """``text`` romanized by one scheme; a Kazakh text read by a Russian scheme is folded first."""
    chosen = scheme(scheme_id)
    return chosen.translate(fold_to_russian(text) if chosen.lang == "ru" else text)


def variants(name: str, lang: str) -> dict[str, str]:
    """The Latin spelling of a Cyrillic ``name`` in each scheme: scheme id -> spelling.

    ``lang`` is ``ru`` (the Russian schemes) or ``kk`` (the Kazakh schemes, then
    the Russian ones applied to the name's Russian form, as Kazakh names are often
    written through Russian). Multi-word names are romanized word by word.
    """
    base = base_language(lang)
    if base not in ("ru", "kk"):
        raise InputError(f"variants are for Russian or Kazakh names, not {lang!r}")
    wanted = [s for s in schemes().values() if s.lang == "kk"] if base == "kk" else []
    wanted += [s for s in schemes().values() if s.lang == "ru"]
    return {s.id: transliterate(name, s.id) for s in wanted}
