"""A safe XML parser for files from elsewhere: no DTD loading, no entities, no network.

lxml is told not to resolve entities, load DTDs or touch the network, and keeps its
limits on huge documents; a file that declares entities at all (the billion-laughs
and external-entity attacks need them) is refused before anything is read from it.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from tm.glossary.records import GlossaryError


#: Bytes searched for entity declarations before parsing (the DOCTYPE comes first).
_PROLOGUE = 65536
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, dtd_validation=False, no_network=True, huge_tree=False,
        remove_blank_text=False,
    )


def parse(path: Path) -> etree._Element:
    """The root element of the XML file at ``path``, or :class:`GlossaryError` with the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror}", path) from None
    if _ENTITY_DECL.search(data[:_PROLOGUE]):
        raise GlossaryError("refused: the file declares XML entities (not allowed in a termbase)", path, 1)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise GlossaryError(f"not well-formed XML: {exc.msg}", path, exc.lineno or None) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise GlossaryError("refused: the file declares XML entities (not allowed in a termbase)", path, 1)
    return root


def localname(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if localname(c) in names]
