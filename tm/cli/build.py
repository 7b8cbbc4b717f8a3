"""`tm build`: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.atomic import check_target, database_files, write_text
from tm.cli.imports import RealignOption, report
from tm.cli.output import JsonOption, console, plural, print_json, progress_bar, warn
from tm.cli.state import get_tm
from tm.corpus import find_letters
from tm.errors import InputError
from tm.exchange import export_table, export_tmx, units_to_export
from tm.letters import import_corpora
from tm.qa import baseline as baselines
from tm.qa.registry import CHECKS
from tm.qa.report import render_html, render_json
from tm.qa.runner import run_qa
from tm.glossary.formats import read_folder
from tm.glossary.project import store_project
from tm.store.tm import TM


def build(
    ctx: typer.Context,
    corpora: Annotated[Path, typer.Option(help="Folder of letters.")] = Path("corpora"),
    exports: Annotated[Path, typer.Option(help="Folder for the exports (TMX, TSV).")] = Path("build/exports"),
    reports: Annotated[Path, typer.Option(help="Folder for the QA report (HTML, JSON).")] = Path("build"),
    glossaries: Annotated[Path, typer.Option(help="Folder of glossary files (the TM's glossary follows it).")] = Path(
        "glossaries"
    ),
    realign: Annotated[bool, RealignOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Build the TM: align every letter in corpora/, load glossaries/, run QA, write the exports.

    Letters already in the TM are replaced, so the TM follows the files (a letter with a checked alignment.tsv is stored as that file says; units a person confirmed and whose texts did not change keep their status).

    The whole TM is written to letters.tmx (TMX 1.4b) and letters.tsv in --exports (build/exports).

    The QA report goes to qa-report.html and .json in --reports (build), less findings in corpora/qa-baseline.json.

    Each file appears when it is complete. The build exits 0 whatever QA finds; tm qa applies --fail-on.

    Example:

        tm build
        tm --db sqlite:///build/letters.db build --json
    """
    tm = get_tm(ctx)
    # a bad target, like a bad glossary, stops the build before the TM changes
    outputs = _outputs(tm, exports, reports)
    glossary_concepts = read_folder(glossaries)
    with progress_bar("aligning letters", len(find_letters(corpora))) as advance:
        imports = import_corpora(tm, corpora, replace=True, progress=advance, realign=realign)
    loaded = store_project(tm, glossary_concepts, glossaries)
    glossary = loaded.count
    qa_result = run_qa(tm)
    qa_result.findings, qa_result.baselined = baselines.apply(
        qa_result.findings, baselines.load(corpora / baselines.DEFAULT_BASELINE.name)
    )
    _make_folders(exports, reports)
    with progress_bar("writing exports", units_to_export(tm)) as advance:
        tmx_export = export_tmx(tm, outputs["tmx"], progress=advance)
    tsv_export = export_table(tm, outputs["tsv"], "tsv")
    qa_report = outputs["html"]
    write_text(qa_report, render_html(qa_result, CHECKS.select()), keep=database_files(tm.url))
    write_text(outputs["json"], render_json(qa_result) + "\n", keep=database_files(tm.url))
    stats = tm.stats()
    if as_json:
        print_json(
            {
                "db": tm.name,
                "letters": [
                    {"doc": i.result.doc_id, "units": i.result.units, "review": len(i.result.review),
                     "warnings": i.alignment.warnings, "alignment": str(i.checked) if i.checked else "aligner"}
                    for i in imports
                ],
                "stats": stats.as_dict(),
                "glossary": {**glossary.as_dict(), "kept_from_tm": loaded.kept},
                "qa": {**qa_result.summary(), "report": str(qa_report)},
                "exports": {"tmx": str(tmx_export.path), "tsv": str(tsv_export.path)},
            }
        )
        return
    report(imports, as_json=False)
    langs = ", ".join(f"{lang} {n}" for lang, n in stats.languages.items())
    console.print(
        f"TM {tm.name}: {plural(stats.documents, 'document')}, {plural(stats.units, 'unit')} ({langs})",
        highlight=False,
    )
    console.print(f"glossary: {plural(glossary.concepts, 'concept')}, {plural(glossary.terms, 'term')}", highlight=False)
    if loaded.kept:
        warn(f"kept {plural(len(loaded.kept), 'concept')} that only the TM has, not {glossaries}/: "
             f"{', '.join(loaded.kept)} (write them there with tm glossary add --file, or export them)")
    qa = qa_result.summary()
    severities = ", ".join(f"{plural(n, s)}" for s, n in sorted(qa["by_severity"].items()))  # type: ignore[attr-defined]
    codes = ", ".join(f"{c} {n}" for c, n in qa["by_code"].items())  # type: ignore[attr-defined]
    silenced = f", {qa['baselined']} silenced by the baseline" if qa["baselined"] else ""
    console.print(
        f"QA: {plural(len(qa_result.findings), 'finding')}{' (' + severities + ')' if severities else ''}"
        f"{': ' + codes if codes else ''}{silenced}; report {qa_report} (details: tm qa)",
        highlight=False,
    )
    console.print(f"exports: {tmx_export.path} ({plural(tmx_export.units, 'unit')}), {tsv_export.path}", highlight=False)


def _outputs(tm: TM, exports: Path, reports: Path) -> dict[str, Path]:
    """The files the build writes, checked before it starts (see :func:`check_target`)."""
    outputs = {"tmx": exports / "letters.tmx", "tsv": exports / "letters.tsv",
               "html": reports / "qa-report.html", "json": reports / "qa-report.json"}
    for folder in (exports, reports):
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
