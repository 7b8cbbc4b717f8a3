"""Glossary records independent of any file format or table: what readers return and writers take.

A concept (a person, place, organisation, media outlet or term) has, per language,
one preferred term, any admitted variants and any forbidden (deprecated) variants.
:func:`validate` enforces the rules every source of concepts must meet, naming the
file and line of the first offence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from tm.errors import InputError, LanguageTagError
from tm.lang import normalize_tag


class Status(str, Enum):
    preferred = "preferred"
    admitted = "admitted"
    forbidden = "forbidden"


class ConceptType(str, Enum):
    person = "person"
    place = "place"
    organisation = "organisation"
    media = "media"
    term = "term"


#: Names are case-sensitive (Alma the person, not alma the apple); terms are not.
CASE_SENSITIVE_BY_DEFAULT = {t: t is not ConceptType.term for t in ConceptType}
_ID = re.compile(r"^[\w][\w.:\-]*$")


class GlossaryError(InputError):
    """A glossary file or entry breaks a rule (named with file and line)."""


@dataclass(frozen=True)
class TermData:
    lang: str
    text: str
    status: Status = Status.preferred
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ConceptData:
    id: str
    type: ConceptType
    terms: tuple[TermData, ...]
    note: str | None = None
    case_sensitive: bool = True
    scheme: str | None = None  # romanization scheme of the Latin preferred form
    line: int | None = field(default=None, compare=False)

    def terms_in(self, lang: str, *statuses: Status) -> list[TermData]:
        return [t for t in self.terms if t.lang == lang and (not statuses or t.status in statuses)]

    @property
    def langs(self) -> list[str]:
        return list(dict.fromkeys(t.lang for t in self.terms))

    def as_dict(self) -> dict[str, object]:
        """A concept as ``tm glossary list --json`` prints it."""
        return {
            "id": self.id, "type": self.type.value, "note": self.note, "case_sensitive": self.case_sensitive,
            "scheme": self.scheme, "terms": [{"lang": t.lang, "text": t.text, "status": t.status.value} for t in self.terms],
        }


def parse_type(value: str, path: str | Path | None = None, line: int | None = None) -> ConceptType:
    try:
        return ConceptType(value.strip().lower())
    except ValueError:
        allowed = ", ".join(t.value for t in ConceptType)
        raise GlossaryError(f"unknown concept type '{value}' (one of {allowed})", path, line) from None


def parse_status(value: str, path: str | Path | None = None, line: int | None = None) -> Status:
    try:
        return Status(value.strip().lower())
    except ValueError:
        raise GlossaryError(f"unknown term status '{value}' (preferred, admitted or forbidden)", path, line) from None


def parse_lang(value: str, path: str | Path | None = None, line: int | None = None) -> str:
    try:
        return normalize_tag(value)
    except LanguageTagError as exc:
        raise GlossaryError(exc.message, path, line) from None


def validate(concepts: Sequence[ConceptData], path: str | Path | None = None) -> None:
    """Refuse what a glossary must not hold; the first offence raises :class:`GlossaryError`.

    - ids are unique and slug-like; every term has text;
    - each concept has a preferred term, at most one per language, and no language
      with admitted variants but no preferred term;
    - a term is listed once per concept and language;
    - no two concepts share a preferred term in one language (case-folded).
    """
    seen_ids: dict[str, int | None] = {}
    preferred: dict[tuple[str, str], str] = {}
    for c in concepts:
        where = (path, c.line)
        if not _ID.match(c.id):
            raise GlossaryError(f"concept id '{c.id}' must be letters, digits, '.', ':', '-' or '_'", *where)
        if c.id in seen_ids:
            raise GlossaryError(f"concept '{c.id}' is defined twice (also at line {seen_ids[c.id]})", *where)
        seen_ids[c.id] = c.line
        if not any(t.status is Status.preferred for t in c.terms):
            raise GlossaryError(f"concept '{c.id}' has no preferred term", *where)
        listed: set[tuple[str, str]] = set()
        for t in c.terms:
            at = (path, t.line or c.line)
            if not t.text.strip():
                raise GlossaryError(f"concept '{c.id}' has an empty {t.lang} term", *at)
            if (t.lang, t.text) in listed:
                raise GlossaryError(f"concept '{c.id}' lists the {t.lang} term '{t.text}' twice", *at)
            listed.add((t.lang, t.text))
        for lang in c.langs:
            pref = c.terms_in(lang, Status.preferred)
            if len(pref) > 1:
                raise GlossaryError(
                    f"concept '{c.id}' has {len(pref)} preferred {lang} terms ({', '.join(t.text for t in pref)})",
                    path, pref[1].line or c.line,
                )
            if not pref and c.terms_in(lang, Status.admitted):
                raise GlossaryError(f"concept '{c.id}' has admitted {lang} terms but no preferred {lang} term", *where)
            for t in pref:
                key = (lang, t.text.casefold())
                if key in preferred:
                    raise GlossaryError(
                        f"'{t.text}' ({lang}) is the preferred term of both '{preferred[key]}' and '{c.id}'",
                        path, t.line or c.line,
                    )
                preferred[key] = c.id
