"""Glossary files in and out of the TM: import, export, and the project's ``glossaries/`` folder."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from tm.atomic import database_files
from tm.glossary.formats import read_file, read_folder, write_file
from tm.glossary.formats.project import ProjectFormat, replace_concept
from tm.glossary.records import ConceptData, ConceptType, GlossaryError, Status, TermData, validate
from tm.glossary.store import read_concepts, save_concepts
from tm.lang import pick_tag
from tm.store.tm import TM
from tm.atomic import write_text as write_atomically

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


def list_concepts(tm: TM, type_: ConceptType | None = None, lang: str | None = None) -> list[ConceptData]:
    """The TM's concepts, of ``type_`` only if given; with ``lang``, each with only its terms in
    what that tag means for the concept (:func:`tm.lang.pick_tag`: ``en`` is its ``en-GB`` when
    it has no ``en`` term)."""
    concepts = []
    for c in read_concepts(tm):
        if type_ is not None and c.type is not type_:
            continue
        if lang is not None:
            tag = pick_tag(lang, {t.lang for t in c.terms})
            c = replace(c, terms=tuple(t for t in c.terms if t.lang == tag))
        concepts.append(c)
    return concepts


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


@dataclass(frozen=True)
class ProjectLoad:
    """What loading a project's glossary stored, and the concepts it kept that only the TM has."""

    count: GlossaryCount
    kept: list[str] = field(default_factory=list)


def store_project(tm: TM, concepts: list[ConceptData], folder: Path = GLOSSARY_FOLDER) -> ProjectLoad:
    """Make the stored glossary follow ``concepts`` (read from ``folder`` with :func:`read_folder`).

    The files are the source of truth for every concept they define. A concept that only
    the TM has (added with ``tm glossary add`` outside the project, or imported) is kept,
    never dropped in silence: the result lists it, so the build can say so.
    """
    ids = {c.id for c in concepts}
    kept = [c for c in read_concepts(tm) if c.id not in ids]
    save_concepts(tm, [*concepts, *kept], replace_all=True, path=folder)
    return ProjectLoad(GlossaryCount.of([*concepts, *kept]), [c.id for c in kept])


def load_folder(tm: TM, folder: Path = GLOSSARY_FOLDER) -> ProjectLoad:
    """Make the stored glossary follow the files in ``folder`` (see :func:`store_project`)."""
    return store_project(tm, read_folder(folder), folder)


@dataclass(frozen=True)
class AddResult:
    """What ``tm glossary add`` did: the concept as stored, what it was before, the file written."""

    concept: ConceptData
    before: ConceptData | None
    added: list[TermData]
    file: Path | None


def _merge(old: ConceptData, new: ConceptData, type_given: bool) -> tuple[ConceptData, list[TermData]]:
    """``old`` with the terms of ``new`` that it lacks; a second preferred term for a
    language is refused rather than guessed into a variant."""
    terms = list(old.terms)
    added = []
    for t in new.terms:
        if any(o.lang == t.lang and o.text == t.text for o in terms):
            if not any(o.lang == t.lang and o.text == t.text and o.status is t.status for o in terms):
                raise GlossaryError(f"'{old.id}' already has the {t.lang} term '{t.text}' with another status; "
                                    "use --replace to redefine the concept")
            continue
        preferred = old.terms_in(t.lang, Status.preferred)
        if t.status is Status.preferred and preferred:
            raise GlossaryError(
                f"'{old.id}' already has the preferred {t.lang} term '{preferred[0].text}'; add '{t.text}' "
                "with --admitted or --forbidden, or use --replace to redefine the concept"
            )
        terms.append(t)
        added.append(t)
    merged = replace(old, terms=tuple(terms), type=new.type if type_given else old.type,
                     note=new.note or old.note, scheme=new.scheme or old.scheme)
    return merged, added


def project_file(concept: ConceptData, folder: Path) -> Path:
    """The glossary file of ``folder`` a concept belongs in: the file that defines it, else
    the file with most concepts of its type, else the folder's first file, else glossary.toml."""
    files = sorted(folder.glob("*.toml"))
    by_type: Counter[Path] = Counter()
    for path in files:
        for c in ProjectFormat().read(path):
            if c.id == concept.id:
                return path
            by_type[path] += c.type is concept.type
    if by_type and by_type.most_common(1)[0][1]:
        return by_type.most_common(1)[0][0]
    return files[0] if files else folder / "glossary.toml"


def add_concept(
    tm: TM, concept: ConceptData, replace_concept_: bool = False, type_given: bool = True, file: Path | None = None
) -> AddResult:
    """Add ``concept``'s terms to the stored concept of that id (or store it, if new); with
    ``replace_concept_`` the concept is redefined. With ``file`` (a project's glossary TOML
    file) the concept's table there is written too, every other line kept, before the TM is
    changed; both are checked first, so a refused concept changes neither."""
    before = next((c for c in read_concepts(tm) if c.id == concept.id), None)
    if before is not None and file is not None and file.exists():
        in_file = next((c for c in ProjectFormat().read(file) if c.id == concept.id), None)
        before = in_file or before
    elif file is not None and file.exists():
        before = next((c for c in ProjectFormat().read(file) if c.id == concept.id), None)
    if before is None or replace_concept_:
        result, added = concept, list(concept.terms)
    else:
        result, added = _merge(before, concept if type_given else replace(concept, type=ConceptType(before.type)),
                               type_given)
    validate([*(c for c in read_concepts(tm) if c.id != result.id), result])
    if file is not None:
        in_file = ProjectFormat().read(file) if file.exists() else []
        validate([*(c for c in in_file if c.id != result.id), result], file)
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        write_atomically(file, replace_concept(text, result))
    save_concepts(tm, [result])
    return AddResult(result, before, added, file)


def remove_concepts(tm: TM, ids: list[str], folder: Path | None = GLOSSARY_FOLDER) -> list[str]:
    """Remove concepts from the TM's glossary; refused for a concept that a file of the
    project ``folder`` defines (the next build would bring it back: remove it there)."""
    stored = {c.id for c in read_concepts(tm)}
    unknown = [i for i in ids if i not in stored]
    if unknown:
        raise GlossaryError(f"no concept {', '.join(repr(i) for i in unknown)} in the TM's glossary")
    if folder is not None and folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            for c in ProjectFormat().read(path):
                if c.id in ids:
                    raise GlossaryError(f"'{c.id}' is defined here; remove it from the file", path, c.line)
    kept = [c for c in read_concepts(tm) if c.id not in ids]
    save_concepts(tm, kept, replace_all=True)
    return ids
