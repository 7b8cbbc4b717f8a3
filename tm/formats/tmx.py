"""TMX 1.4b: a streaming writer and a streaming, safe reader.

What is supported (see also the README):

- Export: TMX 1.4b with the DOCTYPE, a header (creationtool, creationtoolversion,
  datatype, segtype="sentence", o-tmf, adminlang, srclang, creationdate), one ``<tu>``
  per unit with ``tuid``, ``creationdate``/``changedate``, ``creationid``/``changeid``
  (who created and last changed it), ``<prop>`` of type ``x-doc``, ``x-paragraph``,
  ``x-position``, ``x-score``, ``x-bead``, ``x-status`` (and ``x-flags``),
  the unit's ``<note>``, and one ``<tuv xml:lang>`` per language with text. Inline
  markup imported from other tools is written back as it came.
- Import: TMX 1.1–1.4 (``lang`` or ``xml:lang``), UTF-8 or UTF-16 with a BOM, any
  number of languages per unit, ``srclang="*all*"``, inline bpt/ept/ph/it/hi/ut/sub kept
  losslessly, props and notes kept (tu and tuv level), other tu/tuv attributes kept
  (as ``tm:attr:NAME`` props, written back as attributes), language tags normalised. A
  ``<tu>``'s ``creationid``/``changeid`` and dates become the unit's provenance, an
  ``x-status`` prop its review status (a ``<tuv>``'s own are kept as they came).
  A second ``<tuv>`` of a language already present in the unit is dropped with a warning.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from tm import __version__
from tm.errors import InputError, LanguageTagError
from tm.formats import inline
from tm.formats import xmlsafe
from tm.lang import normalize_tag
from tm.store.records import DocumentData, PropData, UnitData, VariantData
from tm.store.stream import RowPage, StoredUnit, StoredVariant, timestamp
from tm.textnorm import clean_text, tidy_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
#: Prop types that carry tm's own unit fields; read back into those fields.
OWN_PROPS = ("x-doc", "x-paragraph", "x-position", "x-score", "x-bead", "x-flags", "x-status")
#: The review statuses an ``x-status`` prop may carry (tm.store.history.STATUSES).
STATUSES = ("machine", "confirmed", "approved")
#: Prefix of the props that keep a tu's or tuv's other attributes.
ATTR_PROP = "tm:attr:"
#: Extra notes of a unit beyond the first.
NOTE_PROP = "tm:note"
_TU_OWN_ATTRS = {"tuid", "creationdate", "changedate", "creationid", "changeid"}


def tmx_date(value: dt.datetime) -> str:
    """TMX's date form, YYYYMMDDThhmmssZ, in UTC."""
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(dt.timezone.utc)
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


_DATE_FORM = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z")


@lru_cache(maxsize=4096)
def parse_date(value: str | None) -> dt.datetime | None:
    """A TMX date, or None when it is not one (the attribute is then kept as it was).
    Cached: the units of one file mostly share a few dates (datetimes are immutable)."""
    m = _DATE_FORM.fullmatch(value or "")
    if not m:
        return None
    try:
        return dt.datetime(*map(int, m.groups()), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


# -- writing ---------------------------------------------------------------------------------
# The writer builds each <tu> as UTF-8 with the escaping below, most of them by copying the
# stored bytes into a template (lxml serialises only the rare segments that carry inline
# markup or characters XML forbids): the same output as lxml's incremental writer at
# several times the speed. The tests validate every export against the TMX 1.4b DTD and
# read it back with Translate Toolkit.

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
)


_NEEDS_TEXT_ESCAPE = re.compile("[&<>\r]")
_NEEDS_ATTR_ESCAPE = re.compile("[&<>\"\r\n\t]")


def _text(value: str) -> str:
    return value.translate(_TEXT_ESCAPES) if _NEEDS_TEXT_ESCAPE.search(value) else value


def _attr(value: str) -> str:
    return value.translate(_ATTR_ESCAPES) if _NEEDS_ATTR_ESCAPE.search(value) else value


@dataclass
class WriteReport:
    units: int = 0
    warnings: list[str] = field(default_factory=list)


def _seg(nodes: list[inline.Node]) -> str:
    if len(nodes) == 1 and isinstance(nodes[0], str) and not inline.has_forbidden(nodes[0]):
        return f"<seg>{_text(nodes[0])}</seg>"
    seg = etree.Element("seg")
    inline.write_nodes(seg, nodes)
    return etree.tostring(seg, encoding="unicode")


#: The same test for an attribute value in UTF-8 (the page writer's doc ids and beads).
_NEEDS_ATTR_ESCAPE_UTF8 = re.compile(_NEEDS_ATTR_ESCAPE.pattern.encode())
#: Bytes of a UTF-8 text that may need more than copying (mapped to 0 by ``translate``):
#: markup characters, CR, the C0 controls XML forbids, and 0xEF, the lead byte of
#: U+F000-U+FFFF, where U+FFFE and U+FFFF lie. A text with none is copied as it is; one
#: with any goes through :func:`_tu`, which escapes it (0xEF mostly starts a character
#: that needs nothing, such as U+FFFD: that costs only time). Translating and searching
#: for one byte is several times faster than a regex over the text.
_UNSAFE = bytes(0 if b < 0x20 and b not in b"\t\n" or b in b"&<>\xef" else 1 for b in range(256))
#: Dates kept by :class:`_PageWriter` before it starts afresh.
_DATES = 4096


def _decoded(value: object) -> object:
    return value.decode() if isinstance(value, bytes) else value


def _tu(unit: StoredUnit, langs: list[str], report: WriteReport) -> str | None:
    """A unit with everything it may carry: props, notes, flags, tuid, inline markup."""
    present = [lang for lang in langs if lang in unit.variants and unit.variants[lang].text]
    if not present:
        return None
    attrs = {"tuid": unit.tuid or f"{unit.doc_id}:{unit.position}",
             "creationdate": tmx_date(unit.created_at), "changedate": tmx_date(unit.changed_at)}
    if unit.created_by:
        attrs["creationid"] = unit.created_by
    if unit.changed_by:
        attrs["changeid"] = unit.changed_by
    tuv_attrs: dict[str, dict[str, str]] = {}
    tu_props, tuv_props, tu_notes, tuv_notes = [], {}, [], {}  # type: ignore[var-annotated]
    for lang, type_, value in unit.props:
        if type_.startswith(ATTR_PROP):
            (tuv_attrs.setdefault(lang, {}) if lang else attrs)[type_[len(ATTR_PROP):]] = value
        elif type_ == NOTE_PROP:
            (tuv_notes.setdefault(lang, []) if lang else tu_notes).append(value)
        else:
            (tuv_props.setdefault(lang, []) if lang else tu_props).append((type_, value))
    out = ["<tu", *(f' {k}="{_attr(v)}"' for k, v in attrs.items()), ">"]
    if unit.note is not None:
        out.append(f"<note>{_text(unit.note)}</note>")
    out.extend(f"<note>{_text(n)}</note>" for n in tu_notes)
    own = [("x-doc", unit.doc_id), ("x-paragraph", str(unit.paragraph)), ("x-position", str(unit.position)),
           ("x-score", f"{unit.score:g}"), ("x-bead", unit.bead), ("x-status", unit.status)]
    if unit.flags:
        own.append(("x-flags", " ".join(unit.flags)))
    out.extend(f'<prop type="{_attr(t)}">{_text(v)}</prop>' for t, v in own + tu_props)
    for lang in present:
        variant = unit.variants[lang]
        out.append(f'<tuv xml:lang="{_attr(lang)}"')
        out.extend(f' {k}="{_attr(v)}"' for k, v in tuv_attrs.get(lang, {}).items())
        out.append(">")
        out.extend(f"<note>{_text(n)}</note>" for n in tuv_notes.get(lang, []))
        out.extend(f'<prop type="{_attr(t)}">{_text(v)}</prop>' for t, v in tuv_props.get(lang, []))
        nodes = variant.markup if variant.markup is not None else [variant.text]
        if any(inline.has_forbidden(n) for n in nodes if isinstance(n, str)):
            report.warnings.append(
                f"{unit.doc_id} unit {unit.position} ({lang}): characters XML forbids written as "
                f'<ph type="{inline.CHAR_TYPE}">'
            )
        out.append(_seg(nodes))
        out.append("</tuv>")
    out.append("</tu>\n")
    return "".join(out)


class _PageWriter:
    """The <tu> elements of encoded row pages (:func:`tm.store.stream.iter_row_pages` with
    ``encoded``), as UTF-8: a plain unit whose texts need no escaping is copied from its
    row's bytes into a template, any other goes through :func:`_tu`."""

    def __init__(self, langs: list[str], report: WriteReport) -> None:
        self.langs, self.report = langs, report
        self.safe: set[bytes] = set()  # doc ids and beads that need no escaping in an attribute
        self.dates: dict[object, bytes] = {}  # raw stored timestamps (units imported together share one)
        self.tags = [f'<tuv xml:lang="{_attr(lang)}"><seg>'.encode() for lang in langs]
        head = ('<tu tuid="%s:%d" creationdate="%s" changedate="%s"%s><prop type="x-doc">%s</prop>'
                '<prop type="x-paragraph">%d</prop><prop type="x-position">%d</prop>'
                '<prop type="x-score">%g</prop><prop type="x-bead">%s</prop><prop type="x-status">%s</prop>')
        self.who: dict[tuple[str, str | None, str | None], tuple[bytes, bytes]] = {}  # -> (attributes, status)
        self.head = head.encode()
        # a unit with a text in every language, all in one template
        self.full = self.head + b"".join(tag + b"%s</seg></tuv>" for tag in self.tags) + b"</tu>\n"

    def _safe(self, value: bytes) -> bool:
        if value in self.safe:
            return True
        if _NEEDS_ATTR_ESCAPE_UTF8.search(value):
            return False
        self.safe.add(value)
        return True

    def _who(self, key: tuple[str, str | None, str | None]) -> tuple[bytes, bytes]:
        """The ``creationid``/``changeid`` attributes and the status of (status, creator,
        changer): a TM has few people, so each is made once."""
        who = self.who.get(key)
        if who is None:
            status, created_by, changed_by = key
            parts = [f' creationid="{_attr(created_by)}"' if created_by else "",
                     f' changeid="{_attr(changed_by)}"' if changed_by else ""]
            who = self.who[key] = ("".join(parts).encode(), _text(status).encode())
        return who

    def _date(self, raw: object) -> bytes:
        date = self.dates.get(raw)
        if date is None:
            if len(self.dates) >= _DATES:
                self.dates.clear()
            date = self.dates[raw] = tmx_date(timestamp(_decoded(raw))).encode()
        return date

    def page(self, page: RowPage) -> list[bytes]:
        out: list[bytes] = []
        add = out.append
        doc, full, head, tags, safe = page.doc_id.encode(), self.full, self.head, self.tags, self.safe
        dates, date = self.dates, self._date
        doc_safe = self._safe(doc)
        people, who = page.people, [self._who(key) for key in page.who]
        for uid, pos, para, bead, score, created, changed, plain, *texts in page.rows:
            if plain and doc_safe and (bead in safe or self._safe(bead)):
                ids, state = who[people[uid]]
                if all(texts):  # the common case: a text in every language
                    if b"\0" not in b"".join(texts).translate(_UNSAFE):
                        # (the dates are looked up inline: a method call a unit costs more)
                        add(full % (doc, pos, dates.get(created) or date(created), dates.get(changed) or date(changed),
                                    ids, doc, para, pos, score, bead, state, *texts))
                        continue
                else:
                    present = [text for text in texts if text]
                    if not present:
                        continue  # no text in these languages: no <tu>
                    if b"\0" not in b"".join(present).translate(_UNSAFE):
                        segs = b"".join(tag + text + b"</seg></tuv>" for tag, text in zip(tags, texts) if text)
                        add(head % (doc, pos, date(created), date(changed), ids, doc, para, pos, score, bead, state)
                            + segs + b"</tu>\n")
                        continue
            unit = page.full.get(uid) or StoredUnit(
                page.doc_id, pos, para, _decoded(bead), score, [], None, None,  # type: ignore[arg-type]
                timestamp(_decoded(created)), timestamp(_decoded(changed)),
                {lang: StoredVariant(lang, text.decode()) for lang, text in zip(self.langs, texts) if text is not None},
            )
            unit.status, unit.created_by, unit.changed_by = page.who[people[uid]]
            tu = _tu(unit, self.langs, self.report)
            if tu is not None:
                add(tu.encode())
        self.report.units += len(out)
        return out


def write_tmx(
    out: BinaryIO,
    pages: Iterable[RowPage],
    langs: list[str],
    srclang: str = "*all*",
    progress: Callable[[int], None] | None = None,
) -> WriteReport:
    """Write the units of ``pages`` (encoded row pages, see :class:`_PageWriter`) in ``langs``
    as TMX 1.4b in UTF-8 to the binary file ``out``, streaming: memory stays constant
    whatever the number of units.
    ``progress`` is told how many units each page held."""
    report = WriteReport()
    header = {
        "creationtool": "tm", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "o-tmf": "tm", "adminlang": "en", "srclang": srclang,
        "creationdate": tmx_date(dt.datetime.now(dt.timezone.utc)),
    }
    writer = _PageWriter(langs, report)
    out.write(f"<?xml version='1.0' encoding='UTF-8'?>\n{DOCTYPE}\n<tmx version=\"1.4\">\n<header".encode())
    out.write("".join(f' {k}="{_attr(v)}"' for k, v in header.items()).encode())
    out.write(b"/>\n<body>\n")
    for page in pages:
        out.write(b"".join(writer.page(page)))
        if progress:
            progress(len(page.rows))
    out.write(b"</body>\n</tmx>\n")
    return report


# -- reading ---------------------------------------------------------------------------------


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
