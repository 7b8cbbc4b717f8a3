"""The letter workflow: read a folder, segment each version, align, store.

A letter folder may hold ``alignment.tsv`` (:mod:`tm.alignfile`), an alignment a person
checked: then the TM stores exactly its rows, as ``confirmed`` units, instead of the
aligner's output. If the letter's texts no longer fit it, the import names the line and
stops; ``realign`` aligns afresh and writes the new alignment beside the letter as
``alignment.new.tsv``, for a person to check and rename.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.align import Alignment, align
from tm.alignfile import Row, check_texts, cut, read_alignment, row_unit, write_alignment
from tm.corpus import LetterSource, find_letters, read_letter, read_text
from tm.errors import InputError, LanguageTagError
from tm.lang import normalize_tag, order_langs
from tm.store.history import STATUSES
from tm.textnorm import clean_text
from tm.segment import segment
from tm.store.records import UnitData, VariantData
from tm.store.tm import TM, ImportResult


def align_source(source: LetterSource) -> Alignment:
    """Segment and align the versions of one letter (pivot first)."""
    versions = {lang: segment(text, lang) for lang, text in source.texts.items()}
    return align(versions)


def unit_records(alignment: Alignment) -> list[UnitData]:
    """The aligned units as store records (every language present, "" where a version has none)."""
    return [
        UnitData(
            variants={
                lang: VariantData(u.text(lang), sentences=len(u.sentences.get(lang, []))) for lang in alignment.langs
            },
            paragraph=u.paragraph,
            bead=u.shape(alignment.langs),
            score=u.score,
            flags=list(u.flags),
        )
        for u in alignment.units
    ]


ALIGNMENT_FILE = "alignment.tsv"
#: Where ``realign`` writes the fresh alignment, beside the person's file.
NEW_ALIGNMENT_FILE = "alignment.new.tsv"


@dataclass(frozen=True)
class Prepared:
    """One letter ready to store: its units, and where they came from."""

    source: LetterSource
    alignment: Alignment
    units: list[UnitData]
    checked: Path | None = None  # the alignment.tsv stored instead of the aligner's output
    written: Path | None = None  # the alignment.new.tsv written by realign


@dataclass(frozen=True)
class LetterImport:
    result: ImportResult
    alignment: Alignment
    checked: Path | None = None
    written: Path | None = None

    def as_dict(self) -> dict[str, object]:
        """One letter as ``tm import letter --json`` lists it."""
        r = self.result
        return {"doc": r.doc_id, "units": r.units, "replaced": r.replaced, "langs": self.alignment.langs,
                "review": r.review, "warnings": self.alignment.warnings,
                "alignment": str(self.checked) if self.checked else "aligner",
                "written": str(self.written) if self.written else None}


def checked_units(source: LetterSource, path: Path) -> list[UnitData]:
    """The units of a letter's ``alignment.tsv``, after checking that its rows hold, per
    language and in order, exactly the letter's text (whitespace aside)."""
    table = read_alignment(path, STATUSES)
    missing = [lang for lang in source.texts if lang not in table.langs]
    if missing:
        raise InputError(f"no column for {missing[0]} (the file has {', '.join(table.langs)}); "
                         f"fix it or import with --realign", path, 1)
    if table.blocks[0].first is not None:
        raise InputError("'# units' lines belong in review files, not in a letter's alignment", path,
                         table.blocks[0].line)
    langs = list(source.texts)
    rows = [Row(r.line, r.paragraph, {lang: r.texts[lang] for lang in langs}, r.status) for r in table.rows]
    rows = [r for r in rows if any(r.texts.values())]
    end = max([r.line for r in table.rows], default=1) + 1
    try:
        check_texts(rows, {lang: [clean_text(source.texts[lang])] for lang in langs}, path, end)
    except InputError as exc:
        raise InputError(f"{exc.message}; the letter changed since it was checked: fix {path.name}, "
                         f"or import with --realign to align afresh", exc.path, exc.line) from None
    pieces = {lang: cut(rows, lang, source.texts[lang]) for lang in langs}
    units = [row_unit(Row(r.line, r.paragraph, {lang: pieces[lang][k] for lang in langs}, r.status), langs)
             for k, r in enumerate(rows)]
    _count_sentences(units, source, langs)
    return units


def _stripped(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _count_sentences(units: list[UnitData], source: LetterSource, langs: list[str]) -> None:
    """Each unit's sentences per language as the aligner's segmenter cuts the letter (a
    sentence counts where it starts), so that a unit's bead means what an aligned one's does."""
    for lang in langs:
        starts, at = [], 0
        for sentence in segment(source.texts[lang], lang).sentences:
            starts.append(at)
            at += _stripped(sentence)
        k, end = 0, 0
        for u in units:
            end += _stripped(u.variants[lang].text)
            n = 0
            while k < len(starts) and starts[k] < end:
                n, k = n + 1, k + 1
            u.variants[lang].sentences = n
    for u in units:
        u.bead = "-".join(str(u.variants[lang].sentences) for lang in langs)


def prepare_letter(source: LetterSource, realign: bool = False) -> Prepared:
    """The units to store for a letter: its checked alignment.tsv if it has one (unless
    ``realign``), else the aligner's output (with ``realign`` also written for review)."""
    folder = next(iter(source.paths.values())).parent
    checked = folder / ALIGNMENT_FILE
    if checked.is_file() and not realign:
        units = checked_units(source, checked)
        return Prepared(source, Alignment(list(source.texts), []), units, checked=checked)
    alignment = align_source(source)
    units = unit_records(alignment)
    written = None
    if realign:
        written = folder / NEW_ALIGNMENT_FILE
        rows = [Row(0, u.paragraph, {lang: v.text for lang, v in u.variants.items()}, u.status) for u in units]
        write_alignment(written, alignment.langs, [(None, rows)])
    return Prepared(source, alignment, units, written=written)


def import_letter(
    tm: TM, folder: Path, replace: bool = False, langs: Sequence[str] | None = None, realign: bool = False,
) -> LetterImport:
    """Read, align (or take the letter's checked alignment) and store one letter (one transaction)."""
    ready = prepare_letter(read_letter(folder, langs), realign)
    (result,) = tm.import_documents([(ready.source.meta, ready.alignment.langs, ready.units)], replace=replace)
    return LetterImport(result, ready.alignment, ready.checked, ready.written)


def import_corpora(
    tm: TM, root: Path, replace: bool = False, progress: Callable[[Path], None] | None = None, realign: bool = False,
) -> list[LetterImport]:
    """Import every letter below ``root``. All letters are read and aligned before
    anything is stored, so a bad file anywhere stops the run with the TM untouched."""
    folders = find_letters(root)
    sources = [read_letter(folder) for folder in folders]
    ids: dict[str, Path] = {}
    for folder, src in zip(folders, sources, strict=True):
        if src.meta.id in ids:
            raise InputError(f"document id '{src.meta.id}' is also used by {ids[src.meta.id]}", folder / "meta.toml")
        ids[src.meta.id] = folder
    ready = []
    for folder, src in zip(folders, sources, strict=True):
        ready.append(prepare_letter(src, realign))
        if progress:
            progress(folder)
    results = tm.import_documents([(r.source.meta, r.alignment.langs, r.units) for r in ready], replace=replace)
    return [LetterImport(result, r.alignment, r.checked, r.written) for result, r in zip(results, ready, strict=True)]


@dataclass(frozen=True)
class FilesAlignment:
    """Versions of one text aligned without storing them (``tm align``); ``langs`` in the
    order of the files."""

    langs: list[str]
    alignment: Alignment

    def as_dict(self) -> dict[str, object]:
        """The shape ``tm align --format json`` prints."""
        return {"units": [{**{lang: u.text(lang) for lang in self.langs}, "score": u.score}
                          for u in self.alignment.units]}


def align_files(files: Sequence[Path], langs: Sequence[str] | None = None) -> FilesAlignment:
    """Segment and align two or three files, one language each: ``langs`` in the files' order,
    or each file's language from its name (``en.txt``)."""
    if not 2 <= len(files) <= 3:
        raise InputError(f"give two or three files, not {len(files)}")
    tags = _file_languages(files, langs)
    texts = {tag: read_text(path) for tag, path in zip(tags, files, strict=True)}
    return FilesAlignment(tags, align({lang: segment(texts[lang], lang) for lang in order_langs(tags)}))


def _file_languages(files: Sequence[Path], langs: Sequence[str] | None) -> list[str]:
    if langs:
        if len(langs) != len(files):
            raise InputError(f"--langs names {len(langs)} languages for {len(files)} files")
        return list(langs)
    tags = []
    for path in files:
        try:
            tags.append(normalize_tag(path.stem))
        except LanguageTagError:
            raise InputError(
                "cannot tell the language from the file name (name it en.txt, ru.txt, kk.txt or give --langs)", path
            ) from None
    if len(set(tags)) != len(tags):
        raise InputError(f"two files have the same language ({', '.join(tags)}); give --langs")
    return tags
