"""XLIFF 1.2 and 2.0: the bilingual file a pre-translated letter travels in, and comes back in.

Records are plain: an :class:`XliffDocument` holds :class:`XliffSegment` s in order,
each with the paragraph it belongs to, so the target text can be rebuilt. Writing
follows the OASIS schemas (1.2 strict; 2.0 core with the matches module); reading
accepts what CAT tools write (1.2 transitional, 2.0 and 2.1), with inline codes
mapped onto the TMX inline elements the store keeps (:mod:`tm.formats.inline`).

An untranslated segment's 1.2 ``target`` is a copy of its source in the state
``needs-translation`` (OmegaT translates the content of ``target`` and skips a unit
without one); on reading, such a target is no translation.

XLIFF 1.2 puts ``match-quality`` on ``alt-trans`` only; the match that filled the
target is therefore also the first ``alt-trans``, and the other candidates follow it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tm import __version__
from tm.errors import InputError
from tm.formats.inline import Node, plain_text
from tm.formats.xmlsafe import parse_file

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF21 = "urn:oasis:names:tc:xliff:document:2.1"
MATCHES20 = "urn:oasis:names:tc:xliff:matches:2.0"
#: The 1.2 state of a target that is still the source text.
UNTRANSLATED = "needs-translation"
_UNTRANSLATED_STATES = {"new", "needs-translation", "initial"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
VERSIONS = ("1.2", "2.0")


@dataclass
class AltMatch:
    """A TM candidate for a segment: its score, where it comes from, source and target."""

    quality: float
    origin: str
    source: str
    target: str


@dataclass
class XliffSegment:
    """One translatable segment. ``state`` is the file's own state value, as written."""

    id: str
    paragraph: int
    source: str
    target: str | None = None
    state: str | None = None
    qualifier: str | None = None
    notes: list[str] = field(default_factory=list)
    matches: list[AltMatch] = field(default_factory=list)
    source_markup: list[Node] | None = None
    target_markup: list[Node] | None = None
    line: int | None = None


@dataclass
class XliffDocument:
    """One ``<file>``: a text in one source language, translated into one target language."""

    original: str
    source_lang: str
    target_lang: str | None
    segments: list[XliffSegment]


# -- writing -------------------------------------------------------------------


def _text_element(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items() if v})
    element.text = text
    return element


def _write12(doc: XliffDocument) -> etree._Element:
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")
    file_attrs = {"original": doc.original, "source-language": doc.source_lang, "datatype": "plaintext"}
    if doc.target_lang:
        file_attrs["target-language"] = doc.target_lang
    file = etree.SubElement(root, "file", file_attrs)
    header = etree.SubElement(file, "header")
    etree.SubElement(header, "tool", {"tool-id": "tm", "tool-name": "tm", "tool-version": __version__})
    body = etree.SubElement(file, "body")
    group = None
    for seg in doc.segments:
        if group is None or group.get("id") != f"p{seg.paragraph}":
            group = etree.SubElement(body, "group", {"id": f"p{seg.paragraph}", "restype": "x-paragraph"})
        unit = etree.SubElement(group, "trans-unit", {"id": seg.id, _XML_SPACE: "preserve"})
        _text_element(unit, "source", seg.source)
        if seg.target is not None:
            _text_element(unit, "target", seg.target, state=seg.state or "", state_qualifier=seg.qualifier or "")
        else:  # a copy of the source, as OmegaT and Okapi expect of a segment still to translate
            _text_element(unit, "target", seg.source, state=UNTRANSLATED)
        for m in seg.matches:
            alt = etree.SubElement(unit, "alt-trans", {"match-quality": f"{m.quality:g}", "origin": m.origin})
            _text_element(alt, "source", m.source)
            _text_element(alt, "target", m.target)
        for note in seg.notes:
            _text_element(unit, "note", note, **{"from": "tm"})
    return root


#: XLIFF 1.2 target states as XLIFF 2.0 segment states (2.0 has four; the 1.2 state's
#: qualifier goes to ``subState``). A fuzzy draft is ``initial``: not yet a translation.
_STATE20 = {"translated": "translated", "signed-off": "reviewed", "final": "final"}


def _write20(doc: XliffDocument) -> etree._Element:
    attrs = {"version": "2.0", "srcLang": doc.source_lang}
    if doc.target_lang:
        attrs["trgLang"] = doc.target_lang
    root = etree.Element(f"{{{XLIFF20}}}xliff", attrs, nsmap={None: XLIFF20, "mtc": MATCHES20})
    file = etree.SubElement(root, "file", {"id": "f1", "original": doc.original})
    group = None
    for seg in doc.segments:
        if group is None or group.get("id") != f"p{seg.paragraph}":
            group = etree.SubElement(file, "group", {"id": f"p{seg.paragraph}", "type": "x-tm:paragraph"})
        unit = etree.SubElement(group, "unit", {"id": seg.id})
        if seg.matches:
            matches = etree.SubElement(unit, f"{{{MATCHES20}}}matches")
            for m in seg.matches:
                match = etree.SubElement(
                    matches, f"{{{MATCHES20}}}match",
                    {"ref": f"#{seg.id}-s", "matchQuality": f"{m.quality:g}", "origin": m.origin, "type": "tm"},
                )
                _text_element(match, "source", m.source)
                _text_element(match, "target", m.target)
        if seg.notes:
            notes = etree.SubElement(unit, "notes")
            for note in seg.notes:
                _text_element(notes, "note", note)
        segment = etree.SubElement(unit, "segment", {"id": f"{seg.id}-s"})
        if seg.target is not None and seg.state:
            segment.set("state", _STATE20.get(seg.state, "initial"))
            if seg.qualifier:
                segment.set("subState", f"tm:{seg.qualifier}")
        _text_element(segment, "source", seg.source)
        if seg.target is not None:
            _text_element(segment, "target", seg.target)
    return root


def write_xliff(doc: XliffDocument, version: str = "1.2") -> bytes:
    """The document as XLIFF ``version`` (1.2 or 2.0), UTF-8 with an XML declaration."""
    if version not in VERSIONS:
        raise InputError(f"unknown XLIFF version '{version}' (use {' or '.join(VERSIONS)})")
    root = _write12(doc) if version == "1.2" else _write20(doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- reading -------------------------------------------------------------------

#: XLIFF inline elements and the TMX inline element each becomes in the store.
_INLINE12 = {"x": "ph", "ph": "ph", "bx": "bpt", "bpt": "bpt", "ex": "ept", "ept": "ept", "it": "it", "sub": "sub"}
_INLINE20 = {"ph": "ph", "sc": "bpt", "ec": "ept", "sm": "bpt", "em": "ept"}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _inline_nodes(element: etree._Element, v2: bool) -> list[Node]:
    """An XLIFF ``source``/``target`` (or inline element) as store nodes: paired codes
    (``g``, ``pc``) become a ``bpt``/``ept`` pair around their text, markers (``mrk``)
    become ``hi``, isolated codes keep their identity in ``x``/``i``."""
    nodes: list[Node] = [element.text] if element.text else []
    for child in element:
        tag = _local(child.tag)
        if tag in ("g", "pc"):
            ident = child.get("id", "")
            nodes.append({"t": "bpt", "a": {"i": ident, "x": ident}, "c": []})
            nodes.extend(_inline_nodes(child, v2))
            nodes.append({"t": "ept", "a": {"i": ident}, "c": []})
        elif tag == "mrk":
            nodes.append({"t": "hi", "a": {}, "c": _inline_nodes(child, v2)})
        elif tag == "cp" and v2:
            nodes.append(chr(int(child.get("hex", "0"), 16)))
        elif tag:
            mapped = (_INLINE20 if v2 else _INLINE12).get(tag, "ph")
            key = "x" if mapped in ("ph", "it") else "i"
            content = [] if v2 else [n for n in _inline_nodes(child, v2) if isinstance(n, str)]
            nodes.append({"t": mapped, "a": {key: child.get("id", "")}, "c": content})
        if child.tail:
            nodes.append(child.tail)
    return nodes


def _content(element: etree._Element | None, v2: bool) -> tuple[str | None, list[Node] | None]:
    if element is None:
        return None, None
    nodes = _inline_nodes(element, v2)
    text = plain_text(nodes)
    return text, (nodes if any(not isinstance(n, str) for n in nodes) else None)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _paragraphs(body: etree._Element, unit_tag: str) -> Iterator[tuple[int, etree._Element]]:
    """Translation units in document order with a paragraph number: one per top-level
    group, or one per unit where the file has no groups."""
    paragraph = 0
    for child in body:
        tag = _local(child.tag)
        if tag == "group":
            paragraph += 1
            for unit in child.iter(f"{{*}}{unit_tag}"):
                yield paragraph, unit
        elif tag == unit_tag:
            paragraph += 1
            yield paragraph, child


def _read12(file: etree._Element, path: Path) -> XliffDocument:
    body = _child(file, "body")
    segments = []
    for paragraph, unit in _paragraphs(body if body is not None else file, "trans-unit"):
        if unit.get("translate") == "no":
            continue
        source, source_markup = _content(_child(unit, "seg-source") or _child(unit, "source"), False)
        if source is None:
            raise InputError(f"trans-unit '{unit.get('id')}' has no <source>", path, unit.sourceline)
        target_el = _child(unit, "target")
        target, target_markup = _content(target_el, False)
        state = target_el.get("state") if target_el is not None else None
        if target is not None and target == source and state in (None, *_UNTRANSLATED_STATES):
            target, target_markup = None, None  # the source copied into the target: no translation yet
        qualifier = target_el.get("state-qualifier") if target_el is not None else None
        if unit.get("approved") == "yes":
            state = "signed-off" if state in (None, "translated", "final") else state
        segments.append(XliffSegment(
            unit.get("id", ""), paragraph, source, target, state, qualifier,
            source_markup=source_markup, target_markup=target_markup, line=unit.sourceline,
        ))
    return XliffDocument(file.get("original", ""), file.get("source-language", ""), file.get("target-language"),
                         segments)


def _read20(root: etree._Element, file: etree._Element) -> XliffDocument:
    segments = []
    for paragraph, unit in _paragraphs(file, "unit"):
        if unit.get("translate") == "no":
            continue
        parts = [s for s in unit if _local(s.tag) in ("segment", "ignorable")]
        sources, targets, markup_s, markup_t = [], [], [], []
        state = None
        for part in parts:
            source, sm = _content(_child(part, "source"), True)
            target, tm_ = _content(_child(part, "target"), True)
            sources.append(source or "")
            targets.append(target)
            markup_s.extend(sm or [source or ""])
            markup_t.extend(tm_ or [target or ""])
            if _local(part.tag) == "segment":
                state = part.get("state", "initial") if state is None else state
        target = None if all(t is None for t in targets) else "".join(t or "" for t in targets)
        has_codes = any(not isinstance(n, str) for n in markup_s + markup_t)
        segments.append(XliffSegment(
            unit.get("id", ""), paragraph, "".join(sources), target, state,
            source_markup=markup_s if has_codes else None, target_markup=markup_t if has_codes else None,
            line=unit.sourceline,
        ))
    return XliffDocument(file.get("original", ""), root.get("srcLang", ""), root.get("trgLang"), segments)


def read_xliff(path: Path) -> list[XliffDocument]:
    """Every ``<file>`` of an XLIFF 1.x or 2.x file. Hostile XML is refused by the parser."""
    if not path.is_file():
        raise InputError("no such file", path)
    root = parse_file(path)
    ns = root.tag.split("}")[0].lstrip("{") if root.tag.startswith("{") else ""
    if _local(root.tag) != "xliff":
        raise InputError(f"not an XLIFF file (the root element is <{_local(root.tag)}>)", path, root.sourceline)
    files = [f for f in root if _local(f.tag) == "file"]
    if not files:
        raise InputError("the XLIFF file has no <file> element", path, root.sourceline)
    if ns in (XLIFF20, XLIFF21) or root.get("version", "").startswith("2"):
        return [_read20(root, f) for f in files]
    return [_read12(f, path) for f in files]
