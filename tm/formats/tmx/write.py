"""The TMX writer: the units of row pages as TMX 1.4b in UTF-8, streaming.

One serialiser, :func:`_tu`, writes a <tu> with everything a unit may carry (lxml writes
the rare segments with inline markup or characters XML forbids). A plain unit whose texts
need no escaping is copied from its stored UTF-8 bytes into a template instead
(:class:`_PageWriter`), which must give the very bytes :func:`_tu` gives. The template is
there for speed alone (its measure, and the rule it had to meet to stay, in docs/tmx.md);
tests/test_tmx_writer.py holds the two to the same output. The tests validate every
export against the TMX 1.4b DTD and read it back with Translate Toolkit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from tm import __version__
from tm.formats import inline
from tm.formats.tmx.common import ATTR_PROP, DOCTYPE, NOTE_PROP, tmx_date
from tm.store.pages import PageRow, Provenance, RowPage
from tm.store.stream import StoredUnit, StoredVariant, timestamp

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
#: that needs nothing, such as U+FFFD: that costs only time). One ``translate`` and a
#: search for one byte decide it, without a regex over the text.
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
    """The <tu> elements of encoded row pages (:func:`tm.store.pages.iter_row_pages` with
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
        self.who: dict[Provenance, tuple[bytes, bytes]] = {}  # -> (attributes, status)
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

    def _who(self, key: Provenance) -> tuple[bytes, bytes]:
        """The ``creationid``/``changeid`` attributes and the status of a provenance: a TM
        has few people, so each is made once."""
        who = self.who.get(key)
        if who is None:
            parts = [f' creationid="{_attr(key.created_by)}"' if key.created_by else "",
                     f' changeid="{_attr(key.changed_by)}"' if key.changed_by else ""]
            who = self.who[key] = ("".join(parts).encode(), _text(key.status).encode())
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
        doc = page.doc_id.encode()
        doc_safe, safe, tags = self._safe(doc), self.safe, self.tags
        dates, date = self.dates, self._date
        people, who = page.people, [self._who(key) for key in page.who]
        for row in page.rows:
            texts = row.texts
            if row.plain and doc_safe and (row.bead in safe or self._safe(row.bead)):  # type: ignore[arg-type]
                present = [text for text in texts if text]
                if not present:
                    continue  # no text in these languages: no <tu>
                if b"\0" not in b"".join(present).translate(_UNSAFE):  # type: ignore[arg-type]
                    created, changed = row.created, row.changed
                    ids, status = who[people[row.id]]
                    fields = (doc, row.position, dates.get(created) or date(created), dates.get(changed) or date(changed),
                              ids, doc, row.paragraph, row.position, row.score, row.bead, status)
                    if len(present) == len(texts):  # the common case: a text in every language
                        out.append(self.full % (*fields, *texts))
                    else:
                        segs = b"".join(
                            tag + text + b"</seg></tuv>" for tag, text in zip(tags, texts) if text  # type: ignore[operator]
                        )
                        out.append(self.head % fields + segs + b"</tu>\n")
                    continue
            # not plain, or a text to escape
            unit = page.full.get(row.id) or _unit_of(page.doc_id, self.langs, row)
            unit.status, unit.created_by, unit.changed_by = page.who[people[row.id]]
            tu = _tu(unit, self.langs, self.report)
            if tu is not None:
                out.append(tu.encode())
        self.report.units += len(out)
        return out


def _unit_of(doc_id: str, langs: list[str], row: PageRow) -> StoredUnit:
    """A plain unit's row, decoded, for :func:`_tu`."""
    return StoredUnit(
        doc_id, row.position, row.paragraph, _decoded(row.bead), row.score, [], None, None,  # type: ignore[arg-type]
        timestamp(_decoded(row.created)), timestamp(_decoded(row.changed)),
        {lang: StoredVariant(lang, text.decode())  # type: ignore[union-attr]
         for lang, text in zip(langs, row.texts) if text is not None},
    )


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
