"""Safe XML input: no external entities, no DTD fetches, no entity expansion, no network.

A hostile file (billion laughs, an external entity pointing at a local file or a
URL) is refused before parsing with a clear message; parsing itself runs with
entity resolution, DTD loading and network access all off.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from lxml import etree

from tm.errors import InputError

#: How much of the file's start is searched for a DOCTYPE internal subset.
PROLOG_BYTES = 1 << 16
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

#: Keyword arguments for lxml parsers and iterparse: nothing is fetched or expanded.
PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": False,
}


def _prolog_text(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(PROLOG_BYTES)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if head[:2] in (b"<\x00", b"\x00<"):
        return head.decode("utf-16-le" if head[0] == ord("<") else "utf-16-be", errors="replace")
    return head.decode("utf-8", errors="replace")


def check_prolog(path: Path) -> None:
    """Refuse DTD entity declarations before any parser sees the file."""
    prolog = _prolog_text(path)
    root = re.search(r"<(?![?!])", prolog)
    head = prolog[: root.start()] if root else prolog
    m = _ENTITY_DECL.search(head)
    if m:
        line = head[: m.start()].count("\n") + 1
        raise InputError("refused: the file declares XML entities (<!ENTITY>), which tm never expands", path, line)


def syntax_error(path: Path, exc: etree.XMLSyntaxError) -> InputError:
    line, column = (exc.position if exc.position else (getattr(exc, "lineno", None), None))
    message = exc.msg if hasattr(exc, "msg") and exc.msg else str(exc)
    where = f" (column {column})" if column else ""
    return InputError(f"malformed XML: {message}{where}", path, line)
