"""The TMX reader: units streamed from a TMX 1.1-1.4 file, safely (:mod:`tm.formats.xmlsafe`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tm.errors import InputError, LanguageTagError
from tm.formats import inline, xmlsafe
from tm.formats.tmx.common import ATTR_PROP, NOTE_PROP, STATUSES, XML_LANG, parse_date
from tm.lang import normalize_tag
from tm.store.records import DocumentData, PropData, UnitData, VariantData
from tm.textnorm import clean_text, tidy_text


@dataclass
class ReadReport:
    header: dict[str, str] = field(default_factory=dict)
    units: int = 0
    warnings: list[str] = field(default_factory=list)


class _Tags:
    """Language tags seen in one file, normalised once each."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache: dict[str, str] = {}

    def __call__(self, tuv: etree._Element) -> str:
        raw = tuv.get(XML_LANG) or tuv.get("lang")
        tag = self.cache.get(raw)  # type: ignore[arg-type]
        if tag is not None:
            return tag
        if not raw:
            raise InputError("<tuv> without a language (xml:lang or lang)", self.path, tuv.sourceline)
        try:
            tag = self.cache[raw] = normalize_tag(raw)
        except LanguageTagError as exc:
            raise InputError(exc.message, self.path, tuv.sourceline) from None
        return tag


#: The largest paragraph number every store holds (PostgreSQL's INTEGER).
MAX_PARAGRAPH = 2**31 - 1


def _paragraph(value: str, path: Path, line: int | None) -> int | None:
    """An ``x-paragraph`` value; None when it is not a number (the prop is then kept as it
    came); a number the store cannot hold is refused here, with its line, not by the database."""
    if not (value.isascii() and value.isdigit()):
        return None
    if len(value) > 10 or int(value) > MAX_PARAGRAPH:
        raise InputError(f"x-paragraph {value[:30]}{'…' if len(value) > 30 else ''} is out of range "
                         f"(0 to {MAX_PARAGRAPH})", path, line)
    return int(value)


def _score(value: str, path: Path, line: int | None) -> float | None:
    """An ``x-score`` value; None when it is not a number (the prop is then kept as it came);
    a number outside 0..1 (an alignment confidence), or too large for a float, is refused."""
    try:
        score = float(value)
    except ValueError:
        return None
    if not (math.isfinite(score) and 0 <= score <= 1):
        raise InputError(f"x-score {value[:30]} is out of range (0 to 1)", path, line)
    return score


def _read_tu(tu: etree._Element, tags: _Tags, report: ReadReport, path: Path) -> tuple[str | None, UnitData]:
    # The hot path of an import: each lxml property read (.tag, .text) makes a new string,
    # so each is read once; a comment's .tag is a function, which matches no name below.
    unit = UnitData(variants={})
    doc: str | None = None
    notes: list[tuple[str | None, str]] = []
    for name, value in tu.items():
        if name == "tuid":
            unit.tuid = value
            continue
        if name == "creationid":
            unit.created_by = value
            continue
        if name == "changeid":
            unit.changed_by = value
            continue
        if name in ("creationdate", "changedate"):
            date = parse_date(value)
            if date is not None:
                if name == "creationdate":
                    unit.created_at = date
                else:
                    unit.changed_at = date
                continue
        unit.props.append(PropData(ATTR_PROP + name, value))  # kept as it came
    for child in tu:
        tag = child.tag
        if tag == "tuv":
            _read_tuv(child, unit, notes, tags, report, path)
        elif tag == "prop":
            type_, value = child.get("type", ""), child.text or ""
            if type_ == "x-doc":
                doc = value
            elif type_ == "x-paragraph" and (paragraph := _paragraph(value, path, child.sourceline)) is not None:
                unit.paragraph = paragraph
            elif type_ == "x-score" and (score := _score(value, path, child.sourceline)) is not None:
                unit.score = score
            elif type_ == "x-bead":
                unit.bead = value
            elif type_ == "x-flags":
                unit.flags = value.split()
            elif type_ == "x-status" and value in STATUSES:
                unit.status = value
            elif type_ == "x-position":
                continue  # the position is the order in the file
            else:
                unit.props.append(PropData(type_, value))
        elif tag == "note":
            notes.append((None, child.text or ""))
    if notes and notes[0][0] is None:
        unit.note = notes.pop(0)[1]
    unit.props.extend(PropData(NOTE_PROP, text, lang) for lang, text in notes)
    return doc, unit


def _read_tuv(
    tuv: etree._Element, unit: UnitData, notes: list[tuple[str | None, str]], tags: _Tags,
    report: ReadReport, path: Path,
) -> None:
    lang = tags(tuv)
    if lang in unit.variants:
        report.warnings.append(f"{path}:{tuv.sourceline}: a second <tuv> for {lang} in one <tu> was dropped")
        return
    props: list[PropData] = []
    nodes: list[inline.Node] = []
    if len(tuv.attrib) > 1:
        props.extend(PropData(ATTR_PROP + name, value, lang) for name, value in tuv.items()
                     if name not in (XML_LANG, "lang"))
    for child in tuv:
        tag = child.tag
        if tag == "seg":
            if len(child):
                nodes = inline.read_nodes(child)
            else:  # text only, the common case
                seg = child.text
                nodes = [seg] if seg else []
        elif tag == "prop":
            props.append(PropData(child.get("type", ""), child.text or "", lang))
        elif tag == "note":
            notes.append((lang, child.text or ""))
    if not nodes or (len(nodes) == 1 and isinstance(nodes[0], str)):  # plain text, the common case
        plain = nodes[0] if nodes else ""
        text = tidy_text(plain)  # type: ignore[arg-type]
        markup = nodes if plain != text else None  # as inline.needs_markup decides
    else:
        plain = inline.plain_text(nodes)
        # Removing inline codes leaves the spaces around them ("Click <ph/> to"): fold those.
        text = clean_text(plain) if any(not isinstance(n, str) for n in nodes) else tidy_text(plain)
        markup = nodes if inline.needs_markup(nodes, text) else None
    unit.variants[lang] = VariantData(text, 1, markup)
    if props:
        unit.props.extend(props)


def read_tmx(
    path: Path, report: ReadReport | None = None, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[str | None, UnitData]]:
    """Stream (document id from an ``x-doc`` prop or None, unit) pairs from a TMX file.

    Memory stays bounded: each ``<tu>`` is cleared once read. Raises InputError for a
    hostile, malformed or non-TMX file, naming the line.
    """
    report = report if report is not None else ReadReport()
    check_tmx(path)
    tags = _Tags(path)
    with xmlsafe.open_xml(path) as fh:
        last_pos = 0
        body = None  # the <body> (lxml hands back the same proxy while one is held)
        for _event, el in xmlsafe.iterparse(fh, path, ("end",), ("header", "tu")):
            if el.tag == "header":
                report.header = dict(el.attrib)
                continue
            if el.getparent() is not body:
                body = _check_placement(el, path)
            doc, unit = _read_tu(el, tags, report, path)
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
            if unit.variants:
                report.units += 1
                yield doc, unit
            if progress and report.units % 1000 == 0:
                pos = fh.tell()
                progress(pos - last_pos)
                last_pos = pos
        if progress:
            progress(fh.tell() - last_pos)


def _check_placement(tu: etree._Element, path: Path) -> etree._Element | None:
    """The <body> holding ``tu``. A <tu> belongs in <body> (the TMX DTD allows it nowhere
    else); one inside another would be read as a unit of its own and take the outer one's
    content with it: refused."""
    parent = tu.getparent()
    if parent is not None and parent.tag != "body":
        outer = next((a for a in tu.iterancestors("tu")), None)
        where = f"inside the <tu> of line {outer.sourceline}" if outer is not None else f"inside <{parent.tag}>"
        raise InputError(f"a <tu> {where}: TMX allows <tu> only in <body>", path, tu.sourceline)
    return parent


def check_tmx(path: Path) -> None:
    """Refuse, before parsing the units, a missing file, a hostile one (see
    :mod:`tm.formats.xmlsafe`), or one whose root element is not <tmx>."""
    if not path.is_file():
        raise InputError("no such file", path)
    with xmlsafe.open_xml(path) as fh:
        for _event, el in xmlsafe.iterparse(fh, path, ("start",)):
            if el.tag != "tmx":
                raise InputError(f"not a TMX file (root element <{el.tag}>)", path, el.sourceline)
            return
    raise InputError("empty file", path)


def document_meta(doc_id: str, path: Path, header: dict[str, str]) -> DocumentData:
    tool = " ".join(filter(None, [header.get("creationtool"), header.get("creationtoolversion")]))
    return DocumentData(id=doc_id, source=f"TMX{' from ' + tool if tool else ''}", origin=str(path))
