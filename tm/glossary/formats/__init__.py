"""Glossary file formats behind one interface: the project's TOML, TSV, CSV, TBX v2 and v3.

:func:`read_file` detects the format (XML is TBX, told apart by its root element;
otherwise the extension, then the header row); :func:`write_file` chooses by
extension or by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tm.atomic import atomic_path
from tm.glossary.formats.base import GlossaryFormat
from tm.glossary.formats.project import ProjectFormat
from tm.glossary.formats.table import CsvFormat, TsvFormat
from tm.glossary.formats.tbx import Tbx2Format, Tbx3Format
from tm.errors import checked_path
from tm.glossary.records import ConceptData, GlossaryError, validate

#: Every format, in the order extensions are tried. Names are unique.
FORMATS: tuple[GlossaryFormat, ...] = (ProjectFormat(), TsvFormat(), CsvFormat(), Tbx2Format(), Tbx3Format())
BY_NAME = {f.name: f for f in FORMATS}
assert len(BY_NAME) == len(FORMATS), "duplicate glossary format name"


def _by_extension(path: Path) -> GlossaryFormat | None:
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.extensions), None)


def detect(path: Path) -> GlossaryFormat:
    """The format of an existing file, from its content first."""
    try:
        head = path.read_bytes()[:4096]
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror}", path) from None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return BY_NAME["tbx"]
    fmt = _by_extension(path)
    if fmt is not None:
        return fmt
    first = text.split(b"\n", 1)[0]
    if b"\t" in first:
        return BY_NAME["tsv"]
    if b"," in first:
        return BY_NAME["csv"]
    raise GlossaryError("unknown glossary format (expected TBX, TSV, CSV or the project's TOML)", path)


def for_writing(path: Path, name: str | None = None) -> GlossaryFormat:
    """The format named ``name``, else the one for ``path``'s extension."""
    if name is not None:
        if name not in BY_NAME:
            raise GlossaryError(f"unknown format '{name}' (one of {', '.join(BY_NAME)})")
        return BY_NAME[name]
    fmt = _by_extension(path)
    if fmt is None:
        known = " ".join(e for f in FORMATS for e in f.extensions)
        raise GlossaryError(f"cannot tell the format from the extension (known: {known})", path)
    return fmt


def read_file(path: Path) -> list[ConceptData]:
    """Read and validate one glossary file."""
    if not checked_path(path).is_file():
        raise GlossaryError("no such file", path)
    concepts = detect(path).read(path)
    validate(concepts, path)
    return concepts


def write_file(
    concepts: Sequence[ConceptData], path: Path, name: str | None = None,
    keep: Sequence[Path] = (), force: bool | None = None,
) -> GlossaryFormat:
    """Write ``concepts`` to ``path`` whole or not at all (see :func:`tm.atomic.atomic_path`
    for ``keep`` and ``force``)."""
    fmt = for_writing(path, name)
    try:
        with atomic_path(path, keep, force) as temp:
            fmt.write(concepts, temp)
    except OSError as exc:
        raise GlossaryError(f"cannot write: {exc.strerror}", path) from None
    return fmt


def read_folder(folder: Path) -> list[ConceptData]:
    """Every glossary file in ``folder`` (sorted by name), validated together."""
    if not checked_path(folder).is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.is_file() and _by_extension(p) is not None
                   and p.suffix.lower() != ".txt")
    concepts: list[ConceptData] = []
    for path in files:
        concepts.extend(read_file(path))
        validate(concepts, path)  # earlier files passed: any clash is in this one
    return concepts


__all__ = ["BY_NAME", "FORMATS", "GlossaryFormat", "detect", "for_writing", "read_file", "read_folder", "write_file"]
