"""`tm build`: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.build import BuildPaths, BuildResult
from tm.build import build as run_build
from tm.cli.imports import RealignOption, report
from tm.cli.output import JsonOption, console, plural, print_json, progress_bar, warn
from tm.cli.state import get_tm


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
    result = run_build(tm, BuildPaths(corpora, exports, reports, glossaries), realign, progress_bar)
    if as_json:
        print_json(result.as_dict())
        return
    _print(result, glossaries)


def _print(result: BuildResult, glossaries: Path) -> None:
    """The build's summary for a person: the letters, the TM's counts, the glossary, QA, the files."""
    report(result.imports, as_json=False)
    stats, loaded, qa_result = result.stats, result.glossary, result.qa
    glossary = loaded.count
    langs = ", ".join(f"{lang} {n}" for lang, n in stats.languages.items())
    console.print(
        f"TM {result.db}: {plural(stats.documents, 'document')}, {plural(stats.units, 'unit')} ({langs})",
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
        f"{': ' + codes if codes else ''}{silenced}; report {result.qa_report} (details: tm qa)",
        highlight=False,
    )
    tmx, tsv = result.tmx, result.tsv
    console.print(f"exports: {tmx.path} ({plural(tmx.units, 'unit')}), {tsv.path}", highlight=False)

