"""Moving the TM in and out: TMX export and import, TSV/CSV export."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import InputError, NotFound
from tm.formats import tmx
from tm.store.records import UnitData
from tm.store.stream import count_units, iter_row_pages, tm_langs
from tm.store.tm import TM, ImportResult


@dataclass
class ExportResult:
    path: Path
    units: int
    langs: list[str]
    warnings: list[str] = field(default_factory=list)


def _check_docs(tm: TM, doc_ids: Sequence[str] | None) -> list[str] | None:
    if doc_ids:
        for doc_id in doc_ids:
            tm.document(doc_id)  # raises NotFound with the list of documents
        return list(doc_ids)
    return None


def export_tmx(
    tm: TM, out: Path, doc_ids: Sequence[str] | None = None, langs: Sequence[str] | None = None,
    srclang: str | None = None, progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Write the TM (or some documents, some languages) as TMX 1.4b, streaming."""
    docs = _check_docs(tm, doc_ids)
    chosen = list(langs) if langs else tm_langs(tm, docs)
    if srclang is None:
        srclang = "en" if "en" in chosen else "*all*"
    if srclang != "*all*" and srclang not in chosen:
        raise InputError(f"--srclang {srclang} is not among the exported languages ({', '.join(chosen)})")
    if not out.parent.is_dir():
        raise InputError("the folder for the output file does not exist", out)
    report = tmx.write_tmx(out, iter_row_pages(tm, chosen, docs, encoded=True), chosen, srclang, progress)
    return ExportResult(out, report.units, chosen, report.warnings)


def export_table(
    tm: TM, out: Path, fmt: str, doc_ids: Sequence[str] | None = None, langs: Sequence[str] | None = None,
) -> ExportResult:
    """Aligned units as TSV or CSV: doc, unit, then one column per language."""
    docs = _check_docs(tm, doc_ids)
    chosen = list(langs) if langs else tm_langs(tm, docs)
    if not out.parent.is_dir():
        raise InputError("the folder for the output file does not exist", out)
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        # tsv: texts are whitespace-folded, so they hold no tab or line break
        write = csv.writer(fh).writerow if fmt == "csv" else (lambda cells: fh.write("\t".join(cells) + "\n"))
        write(["doc", "unit", *chosen])
        for page in iter_row_pages(tm, chosen, docs):
            for row in page.rows:
                texts = row[8:]
                if any(t is not None for t in texts):
                    write([page.doc_id, str(row[1]), *(t or "" for t in texts)])
                    n += 1
    return ExportResult(out, n, chosen)


def units_to_export(tm: TM, doc_ids: Sequence[str] | None = None) -> int:
    return count_units(tm, _check_docs(tm, doc_ids))


@dataclass
class TmxImport:
    results: list[ImportResult]
    warnings: list[str]
    header: dict[str, str]


def _slug(text: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return slug[:200] or "tmx"


def import_tmx(
    tm: TM, path: Path, doc_id: str | None = None, replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> TmxImport:
    """Import a TMX file in one transaction. Units go to ``doc_id``; without it, to the
    document named by each unit's ``x-doc`` prop (files tm wrote), else to one document
    named after the file."""
    report = tmx.ReadReport()
    fallback = doc_id or _slug(path.stem)
    stream = tmx.read_tmx(path, report, progress)
    keyed = ((doc_id or doc or fallback, unit) for doc, unit in stream)
    seen: set[str] = set()

    def documents() -> Iterator[tuple[object, list[str], Iterator[UnitData]]]:
        for key, group in itertools.groupby(keyed, key=lambda pair: pair[0]):
            if key in seen:
                raise InputError(f"units of document '{key}' are not together in the file", path)
            seen.add(key)
            yield tmx.document_meta(key, path, report.header), [], (unit for _, unit in group)

    results = tm.import_documents(documents(), replace=replace)  # type: ignore[arg-type]
    if not results:
        report.warnings.append(f"{path}: no translation units in the file; nothing imported")
    return TmxImport(results, report.warnings, report.header)


__all__ = ["ExportResult", "NotFound", "TmxImport", "export_table", "export_tmx", "import_tmx", "units_to_export"]
