"""Moving the TM in and out: TMX export and import, TSV/CSV export."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import InputError, NotFound
from tm.formats import tmx
from tm.gcpause import paused_gc
from tm.store.records import UnitData, UnitRow, unit_row
from tm.store.stream import count_units, iter_row_pages, tm_langs
from tm.store.tm import TM, ImportResult
from tm.workers import available_cpus, can_fork, read_ahead

#: A TMX file at least this large is parsed in a worker process while the store writes
#: (where the system can fork and this process may use more than one CPU).
AHEAD_MIN_BYTES = 2_000_000
#: Units per message from that worker.
AHEAD_BATCH = 500


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
    progress: Callable[[int], None] | None = None, user: str | None = None,
) -> TmxImport:
    """Import a TMX file in one transaction. Units go to ``doc_id``; without it, to the
    document named by each unit's ``x-doc`` prop (files tm wrote), else to one document
    named after the file. A large file is parsed in a worker process (see
    :func:`_read_ahead`) while this one stores what it has parsed."""
    report = tmx.ReadReport()
    fallback = doc_id or _slug(path.stem)
    # (with one CPU the worker would only add the cost of handing the units over)
    ahead = can_fork() and available_cpus() > 1 and path.is_file() and path.stat().st_size >= AHEAD_MIN_BYTES
    stream = _read_ahead(path, report, progress) if ahead else tmx.read_tmx(path, report, progress)
    keyed = ((doc_id or doc or fallback, unit) for doc, unit in stream)
    seen: set[str] = set()

    def documents() -> Iterator[tuple[object, list[str], Iterator[UnitData | UnitRow]]]:
        for key, group in itertools.groupby(keyed, key=lambda pair: pair[0]):
            if key in seen:
                raise InputError(f"units of document '{key}' are not together in the file", path)
            seen.add(key)
            yield tmx.document_meta(key, path, report.header), [], (unit for _, unit in group)

    try:
        results = tm.import_documents(documents(), replace=replace, user=user)  # type: ignore[arg-type]
    finally:
        stream.close()  # stops the worker if the store gave up first
    if not results:
        report.warnings.append(f"{path}: no translation units in the file; nothing imported")
    return TmxImport(results, report.warnings, report.header)


def _read_ahead(
    path: Path, report: tmx.ReadReport, progress: Callable[[int], None] | None
) -> Generator[tuple[str | None, UnitRow], None, None]:
    """:func:`tmx.read_tmx` in a worker process, which also tidies the texts and computes
    their search forms (:func:`unit_row`): parsing and normalising are about two fifths of
    an import's work, and the store and the index go on meanwhile on another core.
    Units come in batches with the header, new warnings and bytes read so far; the first
    batch is small, so that the store starts soon."""
    tmx.check_tmx(path)  # a hostile or non-TMX file is refused here, before any fork

    def produce() -> Iterator[tuple[dict[str, str], list[str], list[tuple[str | None, UnitRow]], int]]:
        theirs = tmx.ReadReport()
        moved = [0]

        def read(n: int) -> None:
            moved[0] += n

        batch: list[tuple[str | None, UnitRow]] = []
        warned, size = 0, AHEAD_BATCH // 8
        with paused_gc():  # parsing makes no reference cycles: the collector would only cost time
            for doc, unit in tmx.read_tmx(path, theirs, read):
                batch.append((doc, unit_row(unit)))
                if len(batch) >= size:
                    yield theirs.header, theirs.warnings[warned:], batch, moved[0]
                    batch, warned, moved[0], size = [], len(theirs.warnings), 0, AHEAD_BATCH
        yield theirs.header, theirs.warnings[warned:], batch, moved[0]

    batches = read_ahead(produce)
    try:
        for header, warnings, batch, moved in batches:
            report.header = header
            report.warnings.extend(warnings)
            report.units += len(batch)
            if progress and moved:
                progress(moved)
            yield from batch
    finally:
        batches.close()  # (when the import stops early, the worker with it)


__all__ = ["ExportResult", "NotFound", "TmxImport", "export_table", "export_tmx", "import_tmx", "units_to_export"]
