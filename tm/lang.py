"""BCP 47 language tags, validated and normalised with babel.

A tag is accepted when babel knows its language (and script/region, if given);
it is written back in canonical BCP 47 case: ``en``, ``en-GB``, ``kk-Cyrl-KZ``.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from tm.errors import LanguageTagError

#: The languages `tm` segments and aligns with its own trained models.
CORE_LANGUAGES = ("en", "ru", "kk")


@lru_cache(maxsize=1)
def _known_tags() -> tuple[str, ...]:
    return tuple(sorted(ident.replace("_", "-") for ident in locale_identifiers()))


def _suggest(tag: str) -> str:
    lowered = tag.lower()
    pool = {t.lower(): t for t in _known_tags()}
    close = difflib.get_close_matches(lowered, list(pool), n=1, cutoff=0.5)
    return f"; did you mean '{pool[close[0]]}'?" if close else ""


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
    try:
        loc = Locale.parse(raw.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        raise LanguageTagError(f"unknown language tag '{raw}'{_suggest(raw)}") from None
    parts = [loc.language]
    if loc.script:
        parts.append(loc.script)
    if loc.territory:
        parts.append(loc.territory)
    if loc.variant:
        parts.append(loc.variant)
    return "-".join(parts)


def base_language(tag: str) -> str:
    """The primary language subtag: ``kk-Cyrl-KZ`` -> ``kk``."""
    return normalize_tag(tag).split("-", 1)[0]


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
