"""XML for the termbase formats: parsed by tm's one safe parser (:mod:`tm.formats.xmlsafe`:
no DTD, no entities, no network), its errors raised as :class:`GlossaryError`."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tm.errors import InputError
from tm.formats import xmlsafe
from tm.glossary.records import GlossaryError


def parse(path: Path) -> etree._Element:
    """The root element of the XML file at ``path``, or :class:`GlossaryError` with the line."""
    try:
        return xmlsafe.parse_file(path)
    except InputError as exc:
        raise GlossaryError(exc.message, path, exc.line) from None


def localname(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if localname(c) in names]
