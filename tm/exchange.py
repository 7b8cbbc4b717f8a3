"""Moving the TM in and out: TMX export and import, TSV/CSV export."""

from __future__ import annotations

import csv
import dataclasses
import itertools
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from pathlib import Path

from tm.atomic import atomic_write, database_files
from tm.errors import DocumentExists, InputError, NotFound, checked_path
from tm.formats import tmx
from tm.formats.spreadsheet import neutralise
from tm.gcpause import paused_gc
from tm.ids import RULE, is_doc_id
from tm.lang import pick_tag, pick_tags
from tm.store.records import DocumentData, UnitData, UnitRow, unit_row
from tm.store.pages import PageRow, RowPage, iter_row_pages
from tm.store.stream import count_units, tm_langs
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
    #: Units left out because they lack one of the languages asked for.
    left_out: int = 0

    def as_dict(self) -> dict[str, object]:
        """The shape ``tm export tmx --json`` prints (the table exports leave out ``warnings``)."""
        return {"file": str(self.path), "units": self.units, "langs": self.langs, "left_out": self.left_out,
                "warnings": self.warnings}


@dataclass
class _Gaps:
    """Keeps the units that have a text in every language asked for, and counts the others
    (units with no text in any of them are not exported in any case, and not counted)."""

    langs: list[str]
    units: int = 0
    missing: dict[str, int] = field(default_factory=dict)

    def complete(self, rows: list[PageRow]) -> list[PageRow]:
        kept = []
        for row in rows:
            texts = row.texts
            if all(texts):
                kept.append(row)
            elif any(texts):
                self.units += 1
                for lang, text in zip(self.langs, texts):
                    if not text:
                        self.missing[lang] = self.missing.get(lang, 0) + 1
        return kept

    def pages(self, pages: Iterable[RowPage], progress: Callable[[int], None] | None) -> Iterator[RowPage]:
        for page in pages:
            rows = self.complete(page.rows)
            if progress and len(rows) < len(page.rows):
                progress(len(page.rows) - len(rows))  # (the writer counts the rows it gets)
            yield dataclasses.replace(page, rows=rows)

    def warnings(self) -> list[str]:
        if not self.units:
            return []
        lacking = ", ".join(f"{lang} {n}" for lang, n in self.missing.items())
        return [f"left out {self.units} unit{'s' if self.units != 1 else ''} that lack a text in a language "
                f"asked for ({', '.join(self.langs)}); units lacking each: {lacking}"]


def _check_docs(tm: TM, doc_ids: Sequence[str] | None) -> list[str] | None:
    if doc_ids:
        for doc_id in doc_ids:
            tm.document(doc_id)  # raises NotFound with the list of documents
        return list(doc_ids)
    return None


def _chosen_langs(tm: TM, docs: list[str] | None, langs: Sequence[str] | None) -> list[str]:
    """The TM's tags an export writes: every one, or what each tag asked for means in the
    TM's languages (:func:`tm.lang.pick_tag`: ``en`` is the TM's ``en-GB`` when it has no ``en``)."""
    have = tm_langs(tm, docs)
    if not langs:
        return have
    chosen = pick_tags(langs, have)
    for asked, tag in zip(langs, chosen):
        if chosen.count(tag) > 1:
            raise InputError(f"--langs {','.join(langs)}: {asked} and another tag asked for both mean the TM's {tag}")
    return chosen


def export_tmx(
    tm: TM, out: Path, doc_ids: Sequence[str] | None = None, langs: Sequence[str] | None = None,
    srclang: str | None = None, progress: Callable[[int], None] | None = None, force: bool = False,
) -> ExportResult:
    """Write the TM (or some documents, some languages) as TMX 1.4b, streaming, atomically
    (see :mod:`tm.atomic`; ``force`` lets it replace a SQLite file other than the TM's).

    Without ``langs``, every unit with a text in any language; with ``langs`` (two or more:
    a one-language TMX pairs nothing with nothing), only the units that have all of them, so
    that a bilingual file holds pairs; the others are counted in ``left_out`` and a warning."""
    docs = _check_docs(tm, doc_ids)
    if langs is not None and len(langs) < 2:
        raise InputError(
            f"a TMX file pairs languages: name two or more (e.g. --langs {langs[0] if langs else 'en'},ru); "
            "for the texts of one language use tm export tsv"
        )
    chosen = _chosen_langs(tm, docs, langs)
    if srclang is None:
        srclang = pick_tag("en", chosen) or "*all*"
    elif srclang != "*all*":
        srclang = pick_tag(srclang, chosen) or srclang
    if srclang != "*all*" and srclang not in chosen:
        raise InputError(f"--srclang {srclang} is not among the exported languages ({', '.join(chosen)})")
    gaps = _Gaps(chosen)
    pages: Iterable[RowPage] = iter_row_pages(tm, chosen, docs, encoded=True)
    if langs:
        pages = gaps.pages(pages, progress)
    with atomic_write(out, binary=True, keep=database_files(tm.url), force=force) as fh:
        report = tmx.write_tmx(fh, pages, chosen, srclang, progress)
    return ExportResult(out, report.units, chosen, report.warnings + gaps.warnings(), gaps.units)


def export_table(
    tm: TM, out: Path, fmt: str, doc_ids: Sequence[str] | None = None, langs: Sequence[str] | None = None,
    bom: bool = False, raw_formulas: bool = False, force: bool = False,
) -> ExportResult:
    """Aligned units as TSV or CSV: doc, unit, then one column per language; written
    atomically (see :func:`export_tmx` for ``force`` and for which units ``langs`` keeps).
    A cell a spreadsheet would run as a formula is neutralised (:mod:`tm.formats.spreadsheet`)
    unless ``raw_formulas``; ``bom`` starts the file with a UTF-8 byte order mark, by which
    Excel recognises UTF-8."""
    docs = _check_docs(tm, doc_ids)
    chosen = _chosen_langs(tm, docs, langs)
    gaps = _Gaps(chosen)
    cell = (lambda text: text) if raw_formulas else neutralise
    n = 0
    with atomic_write(out, newline="", keep=database_files(tm.url), force=force) as fh:
        if bom:
            fh.write("\ufeff")
        # tsv: texts are whitespace-folded, so they hold no tab or line break
        write = csv.writer(fh).writerow if fmt == "csv" else (lambda cells: fh.write("\t".join(cells) + "\n"))
        write(["doc", "unit", *chosen])
        for page in iter_row_pages(tm, chosen, docs):
            rows = gaps.complete(page.rows) if langs else page.rows
            for row in rows:
                texts = row.texts
                if any(t is not None for t in texts):
                    write([cell(page.doc_id), str(row.position), *(cell(t or "") for t in texts)])  # type: ignore[arg-type]
                    n += 1
    return ExportResult(out, n, chosen, gaps.warnings(), gaps.units)


def units_to_export(tm: TM, doc_ids: Sequence[str] | None = None) -> int:
    return count_units(tm, _check_docs(tm, doc_ids))


@dataclass
class TmxImport:
    results: list[ImportResult]
    warnings: list[str]
    header: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        """The shape ``tm import tmx --json`` prints."""
        return {"imported": [{"doc": r.doc_id, "units": r.units, "replaced": r.replaced} for r in self.results],
                "warnings": self.warnings}


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
    checked_path(path)
    fallback = doc_id or _slug(path.stem)
    # (with one CPU the worker would only add the cost of handing the units over)
    ahead = can_fork() and available_cpus() > 1 and path.is_file() and path.stat().st_size >= AHEAD_MIN_BYTES
    stream = _read_ahead(path, report, progress) if ahead else tmx.read_tmx(path, report, progress)
    keyed = ((doc_id or doc or fallback, unit) for doc, unit in stream)
    seen: list[str] = []

    def documents() -> Iterator[tuple[object, list[str], Iterator[UnitData | UnitRow]]]:
        for key, group in itertools.groupby(keyed, key=lambda pair: pair[0]):
            if doc_id is None and not is_doc_id(key):  # an x-doc prop: the rule of every id
                raise InputError(f"x-doc {key[:60]!r} is not a document id ({RULE}); give --doc ID", path)
            if key in seen:
                raise InputError(f"units of document '{key}' are not together in the file", path)
            seen.append(key)
            meta = tmx.document_meta(key, path, report.header)
            yield (_kept_metadata(tm, meta) if replace else meta), [], (unit for _, unit in group)

    try:
        results = tm.import_documents(documents(), replace=replace, user=user)  # type: ignore[arg-type]
    except DocumentExists:
        if doc_id is None and seen and seen[-1] == fallback:
            raise DocumentExists(
                f"document '{fallback}' (named after the file) is already in the TM: give --doc ID to import "
                "this file as another document (a file of another project with the same name), or --replace "
                "if it is the same document edited"
            ) from None
        raise
    finally:
        stream.close()  # stops the worker if the store gave up first
    if not results:
        report.warnings.append(f"{path}: no translation units in the file; nothing imported")
    return TmxImport(results, report.warnings, report.header)


def _kept_metadata(tm: TM, meta: DocumentData) -> DocumentData:
    """What a replaced document keeps: its title, date, author, addressee, source and notes,
    which no TMX carries (a CAT tool writes its own header and drops other tools' props), so
    that editing a letter through a TMX changes its units and nothing else a person wrote."""
    if not tm.has_document(meta.id):
        return meta
    old = tm.document(meta.id)
    return replace_fields(meta, titles=dict(old.titles), date=old.date, author=old.author,
                          addressee=old.addressee, source=old.source or meta.source, notes=old.notes)


def _read_ahead(
    path: Path, report: tmx.ReadReport, progress: Callable[[int], None] | None
) -> Generator[tuple[str | None, UnitRow], None, None]:
    """:func:`tmx.read_tmx` in a worker process, which also tidies the texts and computes
    their search forms (:func:`unit_row`), so that parsing and normalising run on another
    core while the store and the index write.
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
