"""The build: every letter aligned into the TM, the glossary loaded, QA run, the exports written.

:func:`build` is the whole of ``tm build``; the command only parses its options and
prints the :class:`BuildResult`. Every target is checked before the TM changes, and
each file appears only when it is complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.atomic import check_target, database_files, write_text
from tm.corpus import find_letters
from tm.errors import InputError
from tm.exchange import ExportResult, export_table, export_tmx, units_to_export
from tm.glossary.formats import read_folder
from tm.glossary.project import ProjectLoad, store_project
from tm.letters import LetterImport, import_corpora
from tm.qa import baseline as baselines
from tm.qa.registry import CHECKS
from tm.qa.report import render_html, render_json
from tm.qa.findings import QAResult
from tm.qa.runner import run_qa
from tm.store.tm import TM, Stats

#: ``stage(description, total)``: a context that yields ``advance(step)`` for one stage
#: of the build (the command shows it as a progress bar).
Stage = Callable[[str, int], AbstractContextManager[Callable[..., Any]]]


@contextmanager
def _no_progress(description: str, total: int) -> Iterator[Callable[..., None]]:
    yield lambda step=1: None


@dataclass(frozen=True)
class BuildPaths:
    """Where the build reads (letters, glossary files) and writes (exports, QA report)."""

    corpora: Path = Path("corpora")
    exports: Path = Path("build/exports")
    reports: Path = Path("build")
    glossaries: Path = Path("glossaries")

    @property
    def outputs(self) -> dict[str, Path]:
        return {"tmx": self.exports / "letters.tmx", "tsv": self.exports / "letters.tsv",
                "html": self.reports / "qa-report.html", "json": self.reports / "qa-report.json"}


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the letters imported, the TM's counts, the glossary, QA and the files."""

    db: str
    imports: list[LetterImport]
    stats: Stats
    glossary: ProjectLoad
    qa: QAResult
    qa_report: Path
    tmx: ExportResult
    tsv: ExportResult

    def as_dict(self) -> dict[str, Any]:
        """The shape ``tm build --json`` prints."""
        return {
            "db": self.db,
            "letters": [
                {"doc": i.result.doc_id, "units": i.result.units, "review": len(i.result.review),
                 "warnings": i.alignment.warnings, "alignment": str(i.checked) if i.checked else "aligner"}
                for i in self.imports
            ],
            "stats": self.stats.as_dict(),
            "glossary": {**self.glossary.count.as_dict(), "kept_from_tm": self.glossary.kept},
            "qa": {**self.qa.summary(), "report": str(self.qa_report)},
            "exports": {"tmx": str(self.tmx.path), "tsv": str(self.tsv.path)},
        }


def build(tm: TM, paths: BuildPaths = BuildPaths(), realign: bool = False, stage: Stage = _no_progress) -> BuildResult:
    """Build ``tm`` from ``paths.corpora`` and ``paths.glossaries``; letters already in the
    TM are replaced, so the TM follows the files (a letter's checked alignment.tsv is stored
    as it says unless ``realign``, see :func:`tm.letters.prepare_letter`). Findings whose
    fingerprints are in ``corpora/qa-baseline.json`` are left out of the report."""
    # a bad target, like a bad glossary, stops the build before the TM changes
    outputs = _check_outputs(tm, paths)
    glossary_concepts = read_folder(paths.glossaries)
    with stage("aligning letters", len(find_letters(paths.corpora))) as advance:
        imports = import_corpora(tm, paths.corpora, replace=True, progress=advance, realign=realign)
    loaded = store_project(tm, glossary_concepts, paths.glossaries)
    qa_result = run_qa(tm)
    baselines.silence(qa_result, paths.corpora / baselines.DEFAULT_BASELINE.name)
    _make_folders(paths.exports, paths.reports)
    with stage("writing exports", units_to_export(tm)) as advance:
        tmx_export = export_tmx(tm, outputs["tmx"], progress=advance)
    tsv_export = export_table(tm, outputs["tsv"], "tsv")
    keep = database_files(tm.url)
    write_text(outputs["html"], render_html(qa_result, CHECKS.select()), keep=keep)
    write_text(outputs["json"], render_json(qa_result) + "\n", keep=keep)
    return BuildResult(tm.name, imports, tm.stats(), loaded, qa_result, outputs["html"], tmx_export, tsv_export)


def _check_outputs(tm: TM, paths: BuildPaths) -> dict[str, Path]:
    """The files the build writes, checked before it starts (see :func:`check_target`)."""
    outputs = paths.outputs
    for folder in (paths.exports, paths.reports):
        if folder.exists() and not folder.is_dir():
            raise InputError("is a file, not a folder for the build's output", folder)
    for path in outputs.values():
        if path.parent.is_dir():  # (else it is made later, and holds nothing to overwrite)
            check_target(path, database_files(tm.url))
    return outputs


def _make_folders(*folders: Path) -> None:
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the folder: {exc.strerror or exc}", folder) from None
