"""The letter workflow: read a folder, segment each version, align, store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.align import Alignment, align
from tm.corpus import LetterSource, find_letters, order_langs, read_letter, read_text
from tm.errors import InputError, LanguageTagError
from tm.lang import normalize_tag
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
