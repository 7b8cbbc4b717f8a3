"""The project's hand-edited glossary format (``glossaries/*.toml``): one TOML table per concept.

::

    [nazarbayev]
    type = "person"
    scheme = "bgn-pcgn"
    note = "Nursultan Nazarbayev, president of Kazakhstan 1991-2019"
    en = "Nursultan Nazarbayev"
    en-admitted = ["Nazarbayev"]
    en-forbidden = ["Nazarbaev"]
    ru = "Нурсултан Назарбаев"
    ru-admitted = ["Назарбаев"]

``LANG`` holds the preferred term, ``LANG-admitted`` and ``LANG-forbidden`` lists of
variants; ``type`` defaults to term, ``case`` (``sensitive``/``insensitive``) to
the type's default (names sensitive, terms not). Keys in a table keep their order,
so a diff shows exactly which rendering changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from tm.tomltext import parse_toml
from tm.glossary.formats.table import case_word, parse_case
from tm.glossary.records import (
    CASE_SENSITIVE_BY_DEFAULT, ConceptData, ConceptType, GlossaryError, Status, TermData, parse_lang, parse_type,
)

_FIELDS = ("type", "case", "scheme", "note")
_SUFFIX = {"-admitted": Status.admitted, "-forbidden": Status.forbidden}
_HEADER = re.compile(r'^\s*\[\s*"?([^"\]]+)"?\s*\]')
_KEY = re.compile(r'^\s*"?([A-Za-z0-9_\-]+)"?\s*=')
_BARE = re.compile(r"^[A-Za-z0-9_\-]+$")


def _lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> line, and (table, "") -> the table header's line."""
    where: dict[tuple[str, str], int] = {}
    table = ""
    for n, line in enumerate(text.splitlines(), start=1):
        if m := _HEADER.match(line):
            table = m.group(1).strip()
            where.setdefault((table, ""), n)
        elif table and (m := _KEY.match(line)):
            where.setdefault((table, m.group(1)), n)
    return where


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


class ProjectFormat:
    name: ClassVar[str] = "toml"
    extensions: ClassVar[tuple[str, ...]] = (".toml",)

    def read(self, path: Path) -> list[ConceptData]:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
        data = parse_toml(text, path, GlossaryError)
        where = _lines(text)
        return [self._concept(cid, body, where, path) for cid, body in data.items()]

    def _concept(self, cid: str, body: object, where: dict[tuple[str, str], int], path: Path) -> ConceptData:
        line = where.get((cid, ""))
        if not isinstance(body, dict):
            raise GlossaryError(f"'{cid}' must be a table [{cid}] of one concept", path, line)
        ctype = parse_type(str(body.get("type", "term")), path, where.get((cid, "type"), line))
        terms: list[TermData] = []
        for key, value in body.items():
            if key in _FIELDS:
                if not isinstance(value, str):
                    raise GlossaryError(f"'{key}' of '{cid}' must be a string", path, where.get((cid, key), line))
                continue
            at = where.get((cid, key), line)
            status, lang = Status.preferred, key
            for suffix, st in _SUFFIX.items():
                if key.endswith(suffix):
                    status, lang = st, key[: -len(suffix)]
            values = [value] if status is Status.preferred else value
            if not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
                shape = "a string" if status is Status.preferred else "a list of strings"
                raise GlossaryError(f"'{key}' of '{cid}' must be {shape}", path, at)
            tag = parse_lang(lang, path, at)
            terms.extend(TermData(tag, v.strip(), status, at) for v in values)
        case = parse_case(str(body.get("case", "")), ctype, path, where.get((cid, "case"), line))
        return ConceptData(
            id=cid, type=ctype, terms=tuple(terms), note=body.get("note") or None, case_sensitive=case,
            scheme=body.get("scheme") or None, line=line,
        )

    def write(self, concepts: Sequence[ConceptData], path: Path) -> None:
        path.write_text("\n".join(line for c in concepts for line in [*render_concept(c), ""]), encoding="utf-8")


def render_concept(c: ConceptData) -> list[str]:
    """One concept as the lines of its TOML table, keys in the order a person reads them."""
    out: list[str] = [f"[{c.id if _BARE.match(c.id) else _quote(c.id)}]"]
    out.append(f"type = {_quote(c.type.value)}")
    if c.case_sensitive != CASE_SENSITIVE_BY_DEFAULT[ConceptType(c.type)]:
        out.append(f"case = {_quote(case_word(c.case_sensitive))}")
    if c.scheme:
        out.append(f"scheme = {_quote(c.scheme)}")
    if c.note:
        out.append(f"note = {_quote(c.note)}")
    for lang in c.langs:
        for t in c.terms_in(lang, Status.preferred):
            out.append(f"{lang} = {_quote(t.text)}")
        for suffix, status in _SUFFIX.items():
            variants = c.terms_in(lang, status)
            if variants:
                out.append(f"{lang}{suffix} = [{', '.join(_quote(t.text) for t in variants)}]")
    return out


def replace_concept(text: str, c: ConceptData) -> str:
    """``text`` (a glossary TOML file) with the table of ``c`` put in place of its old table,
    or appended when the file has none. Every other line, comments included, is kept: the
    old table runs from its header to its last key line (a comment or blank line before the
    next table belongs to what follows)."""
    lines = text.splitlines()
    block = render_concept(c)
    start = next((n for n, line in enumerate(lines) if (m := _HEADER.match(line)) and m.group(1).strip() == c.id),
                 None)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join([*lines, *([""] if lines else []), *block]) + "\n"
    end = start + 1
    for n in range(start + 1, len(lines)):
        if _HEADER.match(lines[n]):
            break
        if lines[n].strip() and not lines[n].lstrip().startswith("#"):
            end = n + 1
    return "\n".join([*lines[:start], *block, *lines[end:]]) + "\n"
