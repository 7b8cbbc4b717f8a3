"""BCP 47 language tags, validated and normalised with babel.

A tag is accepted when babel knows its language (and script/region, if given);
it is written back in canonical BCP 47 case: ``en``, ``en-GB``, ``kk-Cyrl-KZ``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TypeVar

from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from babel.localedata import locale_identifiers

from tm.errors import LanguageTagError

T = TypeVar("T")

#: The languages `tm` segments and aligns with its own trained models.
CORE_LANGUAGES = ("en", "ru", "kk")


@lru_cache(maxsize=1)
def _known_tags() -> tuple[str, ...]:
    return tuple(sorted(ident.replace("_", "-") for ident in locale_identifiers()))


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """English and native language names -> code ("russian" -> "ru", "қазақ тілі" -> "kk")."""
    names = {name.casefold(): code for code, name in Locale("en").languages.items() if "_" not in code}
    for code in CORE_LANGUAGES:
        native = Locale(code).get_language_name(code)
        if native:
            names[native.casefold()] = code
    return names


def _suggest(tag: str) -> str:
    lowered = tag.casefold()
    if lowered in _language_names():
        return f"; did you mean '{_language_names()[lowered]}'?"
    region = tag.upper()
    languages = get_official_languages(region) if len(region) == 2 and region.isalpha() else ()
    if languages:  # a country code where a language code belongs (kz for kk, ua for uk)
        country = Locale("en").territories.get(region, region)
        choices = " or ".join(f"'{code}'" for code in languages)
        return f"; {region} is a country ({country}), did you mean {choices}?"
    codes = sorted({base_language(t) for t in _known_tags()})
    close = difflib.get_close_matches(lowered, codes, n=1, cutoff=0.5)
    if not close:
        pool = {t.lower(): t for t in _known_tags()}
        close = [pool[c] for c in difflib.get_close_matches(lowered, list(pool), n=1, cutoff=0.5)]
    return f"; did you mean '{close[0]}'?" if close else ""


@lru_cache(maxsize=256)
def normalize_tag(tag: str) -> str:
    """Return the canonical BCP 47 form of ``tag`` or raise :class:`LanguageTagError`.

    >>> normalize_tag("EN_gb")
    'en-GB'
    >>> normalize_tag("kk-cyrl-kz")
    'kk-Cyrl-KZ'
    """
    raw = tag.strip()
    if not raw:
        raise LanguageTagError("empty language tag")
    parts = raw.replace("_", "-").split("-")
    try:
        loc = Locale.parse(raw.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        raise LanguageTagError(f"unknown language tag '{raw}'{_suggest(raw)}") from None
    # babel fills in likely subtags (eng -> en-US); keep only what the tag said.
    out = [loc.language]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and loc.script:
            out.append(loc.script)
        elif (len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit()) and loc.territory:
            out.append(loc.territory)
        elif loc.variant and part.upper() == loc.variant:
            out.append(loc.variant)
    return "-".join(out)


def base_language(tag: str) -> str:
    """The primary language subtag, lower case: ``kk-Cyrl-KZ`` -> ``kk``, ``EN-GB`` -> ``en``.

    The one place that takes a tag apart: every module asks this rather than splitting
    tags itself. It does not validate (:func:`normalize_tag` does, where input comes in).
    """
    return tag.split("-", 1)[0].lower()


def parse_tag_list(value: str) -> list[str]:
    """Parse ``"en,ru,kk"`` into normalised tags, refusing duplicates."""
    tags = [normalize_tag(part) for part in value.split(",") if part.strip()]
    if not tags:
        raise LanguageTagError(f"no language tags in '{value}'")
    seen: set[str] = set()
    for t in tags:
        if t in seen:
            raise LanguageTagError(f"language '{t}' given twice in '{value}'")
        seen.add(t)
    return tags


def pick_tag(wanted: str, available: Iterable[str]) -> str | None:
    """The one rule for regional tags: which of ``available`` (canonical tags, say a unit's
    languages) a request for ``wanted`` (canonical) means.

    The exact tag when it is there; otherwise a more specific tag of it (``en`` covers
    ``en-GB``, ``kk`` covers ``kk-Cyrl-KZ``), the first in sorted order when there are
    several; otherwise None. A more specific request never widens: ``en-GB`` does not
    mean ``en`` or ``en-US``.

    >>> pick_tag("en", ["en-GB", "ru"])
    'en-GB'
    >>> pick_tag("en", ["en-GB", "en"])
    'en'
    """
    tags = set(available)
    if wanted in tags:
        return wanted
    below = sorted(t for t in tags if t.startswith(wanted + "-"))
    return below[0] if below else None


def order_langs(langs: Iterable[str]) -> list[str]:
    """Pivot first: en, ru, kk, then any other language in alphabetical order."""
    rank = {lang: k for k, lang in enumerate(CORE_LANGUAGES)}
    return sorted(langs, key=lambda t: (rank.get(base_language(t), len(rank)), t))


def pick_tags(wanted: Sequence[str], available: Iterable[str]) -> list[str]:
    """:func:`pick_tag` for each of ``wanted``; a tag that none of ``available`` answers
    stays as asked (the caller reports it, or finds no text in it).

    >>> pick_tags(["en", "ru"], ["en-GB", "ru", "kk"])
    ['en-GB', 'ru']
    """
    tags = list(available)
    return [pick_tag(w, tags) or w for w in wanted]


def picked(wanted: Sequence[str], by_tag: Mapping[str, T]) -> dict[str, T]:
    """``by_tag`` (one unit's texts or variants by tag) keyed by the tags of ``wanted``
    that it answers, by :func:`pick_tag`.

    >>> picked(["en", "kk"], {"en-GB": "colour", "ru": "цвет"})
    {'en': 'colour'}
    """
    out = {}
    for tag in wanted:
        if (have := pick_tag(tag, by_tag)) is not None:
            out[tag] = by_tag[have]
    return out
