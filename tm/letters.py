"""The letter workflow: read a folder, segment each version, align, store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.align import Alignment, align
from tm.errors import InputError
from tm.corpus import LetterSource, find_letters, read_letter
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


@dataclass(frozen=True)
class LetterImport:
    result: ImportResult
    alignment: Alignment

    def as_dict(self) -> dict[str, object]:
        """One letter as ``tm import letter --json`` lists it."""
        r = self.result
        return {"doc": r.doc_id, "units": r.units, "replaced": r.replaced, "langs": self.alignment.langs,
                "review": r.review, "warnings": self.alignment.warnings}


def import_letter(tm: TM, folder: Path, replace: bool = False, langs: Sequence[str] | None = None) -> LetterImport:
    """Read, align and store one letter (one transaction)."""
    source = read_letter(folder, langs)
    alignment = align_source(source)
    (result,) = tm.import_documents([(source.meta, alignment.langs, unit_records(alignment))], replace=replace)
    return LetterImport(result, alignment)


def import_corpora(
    tm: TM, root: Path, replace: bool = False, progress: Callable[[Path], None] | None = None
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
    aligned = []
    for folder, src in zip(folders, sources, strict=True):
        aligned.append((src, align_source(src)))
        if progress:
            progress(folder)
    results = tm.import_documents(
        [(src.meta, alignment.langs, unit_records(alignment)) for src, alignment in aligned], replace=replace
    )
    return [LetterImport(result, alignment) for result, (_, alignment) in zip(results, aligned, strict=True)]
