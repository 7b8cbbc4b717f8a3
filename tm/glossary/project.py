"""Glossary files in and out of the TM: import, export, and the project's ``glossaries/`` folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tm.atomic import database_files
from tm.glossary.formats import read_file, read_folder, write_file
from tm.glossary.records import ConceptData
from tm.glossary.store import read_concepts, save_concepts
from tm.store.tm import TM

#: The folder `tm build` loads, relative to the project.
GLOSSARY_FOLDER = Path("glossaries")


@dataclass(frozen=True)
class GlossaryCount:
    concepts: int
    terms: int

    @classmethod
    def of(cls, concepts: list[ConceptData]) -> GlossaryCount:
        return cls(len(concepts), sum(len(c.terms) for c in concepts))

    def as_dict(self) -> dict[str, int]:
        return {"concepts": self.concepts, "terms": self.terms}


def import_file(tm: TM, path: Path) -> GlossaryCount:
    """Add the concepts of one file (replacing stored concepts with the same id): all or nothing."""
    concepts = read_file(path)
    save_concepts(tm, concepts, path=path)
    return GlossaryCount.of(concepts)


def export_file(tm: TM, path: Path, fmt: str | None = None, force: bool = False) -> tuple[GlossaryCount, str]:
    """Write the stored glossary to ``path`` (format by ``fmt`` or the extension), never over
    the TM's database, over another SQLite file only with ``force``."""
    concepts = read_concepts(tm)
    written = write_file(concepts, path, fmt, keep=database_files(tm.url), force=force)
    return GlossaryCount.of(concepts), written.name


def store_project(tm: TM, concepts: list[ConceptData], folder: Path = GLOSSARY_FOLDER) -> GlossaryCount:
    """Replace the stored glossary with ``concepts`` (read from ``folder`` with :func:`read_folder`)."""
    save_concepts(tm, concepts, replace_all=True, path=folder)
    return GlossaryCount.of(concepts)


def load_folder(tm: TM, folder: Path = GLOSSARY_FOLDER) -> GlossaryCount:
    """Replace the stored glossary with the files in ``folder`` (the source of truth)."""
    return store_project(tm, read_folder(folder), folder)
