"""Safe XML input: the one parser configuration every XML reader of tm uses (TMX, TBX).

The rules, kept by the parser itself rather than by scanning the file's text, so that
they hold whatever the encoding and wherever the markup stands:

- libxml2 never loads a DTD, never resolves an entity, never touches the network, and
  keeps its limits on huge documents and on entity amplification;
- a DOCTYPE whose internal subset declares any entity (general or parameter, internal or
  external) is refused: the DTD is complete when the root element starts, and the check
  runs at the first event, before anything read from the file is used;
- any entity reference other than the five XML predefines and character references is
  refused: without a declaration libxml2 either stops (no DOCTYPE) or logs an
  "undeclared entity" warning and leaves the text or attribute empty; both are refused
  with the reference's line.

Messages from libxml2 are folded onto one line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from tm.errors import InputError

#: Keyword arguments for lxml's XMLParser and iterparse: nothing is fetched or expanded.
PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": False,
}

REFUSED = "refused: the file declares XML entities, which tm never expands"
_ENTITY_ERRORS = frozenset(
    getattr(etree.ErrorTypes, name) for name in dir(etree.ErrorTypes) if "ENTITY" in name or name == "ERR_RESOURCE_LIMIT"
)
_UNDECLARED = frozenset((etree.ErrorTypes.WAR_UNDECLARED_ENTITY, etree.ErrorTypes.ERR_UNDECLARED_ENTITY))
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_BARE = {b"\0\0\0<": "utf-32-be", b"<\0\0\0": "utf-32-le", b"\0<\0?": "utf-16-be", b"<\0?\0": "utf-16-le"}


def one_line(message: str) -> str:
    """libxml2's messages end in (and may hold) line breaks: one line for the user."""
    return " ".join(message.split())


def parser() -> etree.XMLParser:
    """The parser for a whole document in memory (use :func:`parse_file`, which also checks)."""
    return etree.XMLParser(remove_blank_text=False, **PARSER_OPTIONS)


def open_xml(path: Path) -> IO[bytes]:
    """``path`` opened for parsing. A UTF-32 byte-order mark is skipped (libxml2 reads it as
    UTF-16 and fails); the parser then tells UTF-32 from the first characters."""
    fh = path.open("rb")
    head = fh.read(4)
    fh.seek(4 if head in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE) else 0)
    return fh


class _Guard:
    """The checks of one parse: the DTD's entity declarations once, the parser's log as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.doctype_checked = False
        self.seen = 0  # log entries already checked
        self.wait = 0  # events before the next look at the log (amortises a log full of other warnings)

    def doctype(self, el: etree._Element | None) -> None:
        if self.doctype_checked or el is None:
            return
        self.doctype_checked = True
        dtd = el.getroottree().docinfo.internalDTD
        names = [e.name for e in dtd.iterentities()] if dtd is not None else []
        if names:
            root = el.getroottree().getroot()
            line = _declaration_line(self.path, root.sourceline or 1)
            raise InputError(f"{REFUSED} ('{names[0]}')", self.path, line)

    def log(self, context: Any, now: bool = False) -> None:
        """Refuse the undeclared entity references libxml2 has logged so far. (lxml copies
        the log at each look: after a look at n entries the next waits n events.)"""
        if self.wait > 0 and not now:
            self.wait -= 1
            return
        entries = list(context.error_log)
        for entry in entries[self.seen:]:
            if entry.type in _UNDECLARED:
                raise self.reference(entry)
        self.seen = len(entries)
        self.wait = self.seen

    def reference(self, entry: Any) -> InputError:
        return InputError(f"refused: an entity reference ({one_line(entry.message)}); tm reads no entities "
                          "but the five XML predefined ones and character references", self.path, entry.line or None)

    def syntax(self, exc: etree.XMLSyntaxError, log: Any) -> InputError:
        """The parse stopped: the first fatal error, on one line, as a refusal when it is about entities."""
        # (this parse's own log: the exception's may hold earlier parses' errors)
        first = next((e for e in log if e.level_name == "FATAL"), None)
        if first is not None and first.type in _ENTITY_ERRORS:
            if first.type in _UNDECLARED:
                return self.reference(first)
            return InputError(f"refused: {one_line(first.message)} (tm never expands entities)", self.path, first.line)
        if first is not None and (exc.position in (None, (0, 0))):
            return InputError(f"not well-formed XML: {one_line(first.message)}", self.path, first.line or None)
        return syntax_error(self.path, exc)


def iterparse(
    source: IO[bytes], path: Path, events: Iterable[str] = ("end",), tag: Any = None
) -> Iterator[tuple[str, etree._Element]]:
    """lxml's iterparse of ``source`` (opened by :func:`open_xml`) with tm's options and
    checks; InputError naming ``path`` and the line for hostile or malformed XML."""
    guard = _Guard(path)
    context = etree.iterparse(source, events=tuple(events), tag=tag, **PARSER_OPTIONS)
    try:
        for event, el in context:
            guard.doctype(el)
            guard.log(context)
            yield event, el
        guard.doctype(context.root)
        guard.log(context, now=True)
    except etree.XMLSyntaxError as exc:
        raise guard.syntax(exc, context.error_log) from None


def parse_file(path: Path) -> etree._Element:
    """The root element of the XML file at ``path``, with tm's options and checks."""
    guard = _Guard(path)
    xml = parser()
    try:
        with open_xml(path) as fh:
            root = etree.parse(fh, xml).getroot()
    except etree.XMLSyntaxError as exc:
        raise guard.syntax(exc, xml.error_log) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    guard.doctype(root)
    guard.log(xml, now=True)
    entity = next(root.iter(etree.Entity), None)  # (none can be left after the checks above)
    if entity is not None:
        raise InputError(f"refused: an entity reference ({entity.text})", path, entity.sourceline)
    return root


def syntax_error(path: Path, exc: etree.XMLSyntaxError) -> InputError:
    line, column = (exc.position if exc.position else (getattr(exc, "lineno", None), None))
    message = exc.msg if hasattr(exc, "msg") and exc.msg else str(exc)
    message = re.sub(r", line \d+, column \d+$", "", one_line(message))
    where = f" (column {column})" if column else ""
    return InputError(f"not well-formed XML: {message}{where}", path, line or None)


# -- the line of a refused declaration (only for the message: the refusal is the parser's) --

_PROLOG_TOKENS = re.compile(r"<!--.*?-->|<\?.*?\?>|\"[^\"]*\"|'[^']*'|<!ENTITY\b|[^<\"']+|.", re.DOTALL)


def _encoding(head: bytes) -> tuple[str, int]:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    if head[:4] in _BARE:
        return _BARE[head[:4]], 0
    m = re.match(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", head)
    if m:
        try:
            return codecs.lookup(m.group(1).decode()).name, 0
        except LookupError:
            pass
    return "utf-8", 0


def _declaration_line(path: Path, root_line: int) -> int:
    """The line of the first ``<!ENTITY`` before the root element (comments, processing
    instructions and quoted strings skipped), else the root element's line."""
    with path.open("rb") as fh:
        encoding, skip = _encoding(fh.read(256))
        fh.seek(skip)
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        pieces: list[str] = []
        newlines = 0
        while newlines < root_line and (chunk := fh.read(1 << 16)):
            piece = decoder.decode(chunk).replace("\r\n", "\n").replace("\r", "\n")  # as XML counts lines
            pieces.append(piece)
            newlines += piece.count("\n")
    prolog = "".join(pieces)
    for m in _PROLOG_TOKENS.finditer(prolog):
        if m.group() == "<!ENTITY":
            return prolog.count("\n", 0, m.start()) + 1
    return root_line
