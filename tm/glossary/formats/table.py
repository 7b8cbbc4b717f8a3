"""TSV and CSV: one term per row, the concept's fields repeated on each row.

Columns (a header row is required; order free; ``concept``, ``lang`` and ``term``
mandatory): ``concept type lang term status case scheme note``. Rows of one concept
need not be adjacent; concepts keep the order of their first row. ``status`` defaults
to preferred, ``type`` to term, ``case`` (``sensitive``/``insensitive``) to the
type's default. A cell that starts with = + - or @ is written with a leading apostrophe,
which a spreadsheet hides and the reader removes (:mod:`tm.formats.spreadsheet`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from tm.formats.spreadsheet import neutralise, restore
from tm.glossary.records import (
    CASE_SENSITIVE_BY_DEFAULT, ConceptData, ConceptType, GlossaryError, Status, TermData, parse_lang,
    parse_status, parse_type,
)

COLUMNS = ("concept", "type", "lang", "term", "status", "case", "scheme", "note")
_REQUIRED = ("concept", "lang", "term")


def parse_case(value: str, ctype: ConceptType, path: Path, line: int | None) -> bool:
    value = value.strip().lower()
    if not value:
        return CASE_SENSITIVE_BY_DEFAULT[ctype]
    if value in ("sensitive", "insensitive"):
        return value == "sensitive"
    raise GlossaryError(f"case must be 'sensitive' or 'insensitive', not '{value}'", path, line)


def case_word(sensitive: bool) -> str:
    return "sensitive" if sensitive else "insensitive"


class _Table:
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    delimiter: ClassVar[str]

    def read(self, path: Path) -> list[ConceptData]:
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f, delimiter=self.delimiter))
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
        except csv.Error as exc:
            raise GlossaryError(f"not {self.name.upper()}: {exc}", path) from None
        if not rows:
            raise GlossaryError(f"empty {self.name.upper()} file (a header row is required)", path, 1)
        header = [h.strip().lower() for h in rows[0]]
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise GlossaryError(
                f"header lacks column(s) {', '.join(missing)} (columns: {' '.join(COLUMNS)})", path, 1
            )
        unknown = [h for h in header if h not in COLUMNS]
        if unknown:
            raise GlossaryError(f"unknown column(s) {', '.join(unknown)} (columns: {' '.join(COLUMNS)})", path, 1)
        order: list[str] = []
        fields: dict[str, dict[str, object]] = {}
        terms: dict[str, list[TermData]] = {}
        for lineno, raw in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in raw):
                continue
            if len(raw) > len(header):
                raise GlossaryError(f"{len(raw)} cells for {len(header)} columns", path, lineno)
            row = dict(zip(header, (restore(cell.strip()) for cell in raw), strict=False))
            cid = row.get("concept", "")
            if not cid:
                raise GlossaryError("row without a concept id", path, lineno)
            if cid not in fields:
                order.append(cid)
                ctype = parse_type(row.get("type") or "term", path, lineno)
                fields[cid] = {
                    "type": ctype, "line": lineno, "note": row.get("note") or None,
                    "scheme": row.get("scheme") or None,
                    "case_sensitive": parse_case(row.get("case", ""), ctype, path, lineno),
                }
            else:
                for key in ("note", "scheme"):
                    if row.get(key) and not fields[cid][key]:
                        fields[cid][key] = row[key]
            status = parse_status(row.get("status") or "preferred", path, lineno)
            terms.setdefault(cid, []).append(
                TermData(parse_lang(row.get("lang", ""), path, lineno), row.get("term", ""), status, lineno)
            )
        return [ConceptData(id=cid, terms=tuple(terms[cid]), **fields[cid]) for cid in order]  # type: ignore[arg-type]

    def write(self, concepts: Sequence[ConceptData], path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f, delimiter=self.delimiter, lineterminator="\n")
            out.writerow(COLUMNS)
            for c in concepts:
                for t in c.terms:
                    cells = (c.id, c.type.value, t.lang, t.text, t.status.value, case_word(c.case_sensitive),
                             c.scheme or "", c.note or "")
                    out.writerow([neutralise(cell) for cell in cells])


class TsvFormat(_Table):
    name = "tsv"
    extensions = (".tsv", ".tab", ".txt")
    delimiter = "\t"


class CsvFormat(_Table):
    name = "csv"
    extensions = (".csv",)
    delimiter = ","


__all__ = ["COLUMNS", "CsvFormat", "Status", "TsvFormat", "case_word", "parse_case"]
