"""TMX inline markup, kept losslessly.

A segment's content is stored as a list of nodes: a string, or an element
``{"t": tag, "a": {attribute: value}, "c": [child nodes]}`` for the TMX 1.4 inline
elements (bpt, ept, ph, it, hi, ut, sub). The plain text that tm matches and
shows is the segment's text outside native codes (the text inside ``hi`` counts,
the code inside bpt/ept/ph/it/ut and their ``sub`` does not).

Characters that XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE,
U+FFFF; lone surrogates) cannot stand in a well-formed file. They are written as a
placeholder ``<ph type="x-tm-char">U+0001</ph>``: other tools see an inline code,
tm reads the character back.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

Node = Any  # str | dict[str, Any]

INLINE_TAGS = frozenset({"bpt", "ept", "ph", "it", "hi", "ut", "sub"})
#: Inline elements whose content is native code, not text.
CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})
CHAR_TYPE = "x-tm-char"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHAR_CODE = re.compile(r"^U\+([0-9A-F]{4,6})$")


def has_forbidden(text: str) -> bool:
    return bool(_FORBIDDEN.search(text))


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_nodes(element: etree._Element) -> list[Node]:
    """The content of a ``<seg>`` (or an inline element) as nodes; comments are skipped."""
    if not len(element):  # the common case: text only
        return [element.text] if element.text else []
    nodes: list[Node] = []
    if element.text:
        nodes.append(element.text)
    for child in element:
        tag = _local(child.tag)
        if tag:  # not a comment or processing instruction
            if tag == "ph" and child.get("type") == CHAR_TYPE and _CHAR_CODE.match(child.text or ""):
                nodes.append(chr(int(_CHAR_CODE.match(child.text or "").group(1), 16)))  # type: ignore[union-attr]
            else:
                attrs = {_local(k) if not k.startswith("{http://www.w3.org/XML/1998/namespace}") else k: v
                         for k, v in child.attrib.items()}
                nodes.append({"t": tag, "a": attrs, "c": read_nodes(child)})
        if child.tail:
            nodes.append(child.tail)
    return _merge_strings(nodes)


def _merge_strings(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif node != "":
            out.append(node)
    return out


def plain_text(nodes: list[Node]) -> str:
    """The text outside native codes."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node["t"] == "hi":
            parts.append(plain_text(node["c"]))
    return "".join(parts)


def needs_markup(nodes: list[Node], stored: str) -> bool:
    """Store the nodes when they hold elements, or whitespace that the stored text tidied away."""
    return any(not isinstance(n, str) for n in nodes) or "".join(nodes) != stored


def _escape_forbidden(text: str) -> list[Node]:
    out: list[Node] = []
    pos = 0
    for m in _FORBIDDEN.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        out.append({"t": "ph", "a": {"type": CHAR_TYPE}, "c": [f"U+{ord(m.group(0)):04X}"]})
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def write_nodes(parent: etree._Element, nodes: list[Node]) -> None:
    """Append ``nodes`` to ``parent`` (a ``<seg>`` or inline element)."""
    last: etree._Element | None = None
    for node in nodes:
        pieces = _escape_forbidden(node) if isinstance(node, str) else [node]
        for piece in pieces:
            if isinstance(piece, str):
                if last is None:
                    parent.text = (parent.text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
            else:
                last = etree.SubElement(parent, piece["t"], piece.get("a", {}))
                write_nodes(last, piece.get("c", []))
