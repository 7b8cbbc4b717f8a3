"""TBX-Basic, version 2 (TBX 2008 ``martif``) and version 3 (ISO 30042:2019 ``tbx``).

Supported: concept entries with an id, per-language sections and terms (``tig``, and
``ntig/termGrp`` on import), ``termNote type="administrativeStatus"``
(preferredTerm-, admittedTerm-, deprecatedTerm- and supersededTerm-admn-sts; Weblate's
``obsolete`` reads as deprecated; standardized-, legal- and regulatedTerm-admn-sts as admitted), ``descrip type="subjectField"`` carrying the concept
type, and concept-level ``note``. tm writes its own two settings as concept notes any
tool can show: ``tm:case=sensitive|insensitive`` (only when it differs from the type's
default) and ``tm:scheme=...``, the romanization of the Latin preferred term. Everything else (definitions, transactions, cross-references,
parts of speech) is ignored on import. tm keeps one preferred term per language:
the first term marked preferred, else the first not deprecated; any other term not
deprecated is read as admitted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from lxml import etree

from tm.glossary.formats.safexml import children, localname, parse
from tm.glossary.formats.table import case_word
from tm.glossary.records import (
    CASE_SENSITIVE_BY_DEFAULT, ConceptData, ConceptType, GlossaryError, Status, TermData, parse_lang,
)
from tm.translit import to_latin_rough

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
V3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_STATUS_IN = {
    "preferredterm-admn-sts": Status.preferred,
    "admittedterm-admn-sts": Status.admitted,
    "deprecatedterm-admn-sts": Status.forbidden,
    "supersededterm-admn-sts": Status.forbidden,
    "obsolete": Status.forbidden,
    # TBX's other statuses are acceptable terms; the first of a language may become preferred (below)
    "standardizedterm-admn-sts": Status.admitted,
    "legalterm-admn-sts": Status.admitted,
    "regulatedterm-admn-sts": Status.admitted,
}
_STATUS_OUT = {
    Status.preferred: "preferredTerm-admn-sts",
    Status.admitted: "admittedTerm-admn-sts",
    Status.forbidden: "deprecatedTerm-admn-sts",
}
_TM_NOTE = re.compile(r"^tm:(case|scheme)=(.*)$")


@dataclass(frozen=True)
class Dialect:
    """Element names of one TBX version."""

    root: str
    header: str
    entry: str
    lang: str
    term: str
    namespace: str | None


V2 = Dialect("martif", "martifHeader", "termEntry", "langSet", "tig", None)
V3 = Dialect("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec", V3_NAMESPACE)


def _text(el: etree._Element) -> str:
    return "".join(el.itertext()).strip()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", to_latin_rough(text)).strip("-") or "concept"


def read_tbx(path: Path) -> list[ConceptData]:
    """Concepts of a TBX v2 or v3 file (the version is told by the root element)."""
    root = parse(path)
    name = localname(root)
    if name not in (V2.root, V3.root):
        raise GlossaryError(f"not TBX: the root element is <{name}>, not <martif> or <tbx>", path, root.sourceline)
    dialect = V2 if name == V2.root else V3
    concepts: list[ConceptData] = []
    ids: set[str] = set()
    for entry in root.iter(f"{{*}}{dialect.entry}"):
        concepts.append(_entry(entry, dialect, path, ids))
    if not concepts:
        raise GlossaryError(f"no <{dialect.entry}> in this TBX file", path, root.sourceline)
    return concepts


def _entry(entry: etree._Element, d: Dialect, path: Path, ids: set[str]) -> ConceptData:
    ctype, case, scheme, notes = ConceptType.term, None, None, []
    for el in children(entry, "descrip", "note"):
        if localname(el) == "descrip" and el.get("type") == "subjectField":
            if _text(el) in ConceptType.__members__:
                ctype = ConceptType(_text(el))
        elif localname(el) == "note":
            m = _TM_NOTE.match(_text(el))
            if m and m.group(1) == "case":
                case = m.group(2) == "sensitive"
            elif m:
                scheme = m.group(2)
            elif _text(el):
                notes.append(_text(el))
    found: list[tuple[str, str, Status | None, int]] = []
    for section in children(entry, d.lang):
        lang = parse_lang(section.get(XML_LANG) or section.get("lang") or "", path, section.sourceline)
        for group in children(section, d.term, "ntig"):
            holder = (children(group, "termGrp") or [group])[0]
            term = children(holder, "term")
            if not term:
                raise GlossaryError(f"<{localname(group)}> without a <term>", path, group.sourceline)
            status = None
            for note in children(holder, "termNote"):
                if note.get("type") == "administrativeStatus":
                    value = _text(note)
                    if value.lower() not in _STATUS_IN:
                        raise GlossaryError(f"unknown administrativeStatus '{value}'", path, note.sourceline)
                    status = _STATUS_IN[value.lower()]
            found.append((lang, _text(term[0]), status, term[0].sourceline))
    terms = _with_preferred(found)
    cid = entry.get("id") or ""
    if not cid:
        base = _slug(next((t.text for t in terms if t.status is Status.preferred), "concept"))
        cid, n = base, 1
        while cid in ids:
            n += 1
            cid = f"{base}-{n}"
    ids.add(cid)
    return ConceptData(
        id=cid, type=ctype, terms=tuple(terms), note="\n".join(notes) or None,
        case_sensitive=CASE_SENSITIVE_BY_DEFAULT[ctype] if case is None else case, scheme=scheme,
        line=entry.sourceline,
    )


def _with_preferred(found: list[tuple[str, str, Status | None, int]]) -> list[TermData]:
    """One preferred term per language, as tm's model has it: the first marked preferred,
    else the first not deprecated; later preferred terms and terms without a status are admitted."""
    marked = {lang for lang, _, status, _ in found if status is Status.preferred}
    preferred: set[str] = set()
    terms = []
    for lang, text, status, line in found:
        if lang not in preferred and (status is Status.preferred or (lang not in marked and status is not Status.forbidden)):
            status = Status.preferred
            preferred.add(lang)
        elif status is not Status.forbidden:
            status = Status.admitted
        terms.append(TermData(lang, text, status or Status.admitted, line))
    return terms


def write_tbx(concepts: Sequence[ConceptData], path: Path, d: Dialect) -> None:
    """Write TBX-Basic in dialect ``d`` (UTF-8, indented)."""
    ns = d.namespace
    q = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    root = etree.Element(q(d.root), nsmap={None: ns} if ns else None)
    root.set("type", "TBX-Basic")
    if d is V3:
        root.set("style", "dca")
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, q(d.header))
    source = etree.SubElement(etree.SubElement(header, q("fileDesc")), q("sourceDesc"))
    etree.SubElement(source, q("p")).text = "tm glossary export"
    if d is V2:
        encoding = etree.SubElement(header, q("encodingDesc"))
        xcs = etree.SubElement(encoding, q("p"), type="XCSURI")
        xcs.text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, q("text")), q("body"))
    for c in concepts:
        entry = etree.SubElement(body, q(d.entry), id=c.id)
        etree.SubElement(entry, q("descrip"), type="subjectField").text = c.type.value
        if c.note:
            etree.SubElement(entry, q("note")).text = c.note
        if c.case_sensitive != CASE_SENSITIVE_BY_DEFAULT[c.type]:
            etree.SubElement(entry, q("note")).text = f"tm:case={case_word(c.case_sensitive)}"
        if c.scheme:
            etree.SubElement(entry, q("note")).text = f"tm:scheme={c.scheme}"
        for lang in c.langs:
            section = etree.SubElement(entry, q(d.lang))
            section.set(XML_LANG, lang)
            for t in c.terms_in(lang):
                group = etree.SubElement(section, q(d.term))
                etree.SubElement(group, q("term")).text = t.text
                status = etree.SubElement(group, q("termNote"), type="administrativeStatus")
                status.text = _STATUS_OUT[t.status]
    with path.open("wb") as fh:  # (through Python's file, a failed write is an OSError, not lxml's IO_ code)
        etree.ElementTree(root).write(fh, encoding="UTF-8", xml_declaration=True, pretty_print=True)


class Tbx2Format:
    name: ClassVar[str] = "tbx"
    extensions: ClassVar[tuple[str, ...]] = (".tbx",)

    def read(self, path: Path) -> list[ConceptData]:
        return read_tbx(path)

    def write(self, concepts: Sequence[ConceptData], path: Path) -> None:
        write_tbx(concepts, path, V2)


class Tbx3Format(Tbx2Format):
    name: ClassVar[str] = "tbx3"
    extensions: ClassVar[tuple[str, ...]] = (".tbx3",)

    def write(self, concepts: Sequence[ConceptData], path: Path) -> None:
        write_tbx(concepts, path, V3)
