"""How a unit is named to people, in output and as input: ``DOC#N``, the document id and
the unit's position in it (as ``tm show`` numbers them). The one style everywhere; a
file name and a line are written ``FILE:LINE``, so a unit reference never looks like one.

Commands that act on one unit take it as a translator copies it from any output
(``DOC#N``) or as two words (``DOC N``); :func:`unit_from_args` is the one reading of both."""

from __future__ import annotations

import re

from tm.errors import InputError
from tm.ids import check_doc_id

# ASCII digits only: str.isdigit and \d would take '²' or '٣', which int() reads or refuses.
_NUMBER = re.compile(r"[0-9]+")
EXAMPLE = "ablyazov-duvanov-2#77"


def unit_ref(doc_id: str, position: int) -> str:
    return f"{doc_id}#{position}"


def _number(text: str, ref: str | None = None) -> int:
    if _NUMBER.fullmatch(text) is None:
        if ref is not None:
            raise InputError(f"unit number {text!r} in {ref!r} is not a whole number: write DOC#N, e.g. {EXAMPLE}")
        raise InputError(f"unit number {text!r} is not a whole number (0, 1, 2, ...)")
    return int(text)


def parse_unit_ref(value: str) -> tuple[str, int | None]:
    """The inverse of :func:`unit_ref`: ``"letter#12"`` -> ``("letter", 12)``; a bare
    document id -> ``(id, None)``. The number follows the last '#', so a '#' inside the
    document part is reported as a bad document id, not as a bad number."""
    stripped = value.strip()
    doc, hash_, number = stripped.rpartition("#")
    if not hash_:
        return stripped, None
    if not number:
        raise InputError(f"{value!r} has no unit number after '#': write DOC#N, e.g. {EXAMPLE}")
    return check_doc_id(doc), _number(number, value)


def unit_from_args(doc: str, number: str | None) -> tuple[str, int | None]:
    """A unit given on a command line as ``DOC#N`` or as ``DOC N``; ``(doc, None)`` when no
    number is given either way. The number is given once: ``DOC#N N`` is refused even
    when both agree, so a command line never carries two readings of one unit."""
    doc_id, named = parse_unit_ref(doc)
    if number is None:
        return doc_id, named
    if named is not None:
        same = "the same unit" if number.strip() == str(named) else "two different units"
        raise InputError(f"{doc!r} and {number!r} give the unit number twice ({same}): write DOC#N or DOC N")
    return doc_id, _number(number.strip())


def one_unit_from_args(doc: str, number: str | None) -> tuple[str, int]:
    """As :func:`unit_from_args`, for a command that needs a unit, not a whole document."""
    doc_id, unit = unit_from_args(doc, number)
    if unit is None:
        raise InputError(f"which unit of {doc_id!r}? write DOC#N or DOC N, e.g. {EXAMPLE}")
    return doc_id, unit
