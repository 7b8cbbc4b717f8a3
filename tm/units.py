"""How a unit is named to people, in output and as input: ``DOC#N``, the document id and
the unit's position in it (as ``tm show`` numbers them). The one style everywhere; a
file name and a line are written ``FILE:LINE``, so a unit reference never looks like one."""

from __future__ import annotations

import re

from tm.errors import InputError
from tm.ids import check_doc_id

_REF = re.compile(r"(?P<doc>[^#]+)#(?P<unit>\d+)")


def unit_ref(doc_id: str, position: int) -> str:
    return f"{doc_id}#{position}"


def parse_unit_ref(value: str) -> tuple[str, int | None]:
    """``"letter#12"`` -> ``("letter", 12)``; a bare document id -> ``(id, None)``."""
    m = _REF.fullmatch(value.strip())
    if m is None:
        if "#" in value:
            raise InputError(f"'{value}' is not a unit: write DOC#N, e.g. ablyazov-duvanov-2#77")
        return value, None
    return check_doc_id(m.group("doc")), int(m.group("unit"))
