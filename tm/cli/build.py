"""`tm build`: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli.imports import report
from tm.cli.output import JsonOption, console, plural, print_json, progress_bar
from tm.cli.state import get_tm
from tm.corpus import find_letters
from tm.exchange import export_table, export_tmx, units_to_export
from tm.letters import import_corpora
from tm.glossary import load_glossary
from tm.glossary.checks import check_tm, summarize
from tm.glossary.formats import read_folder
from tm.glossary.project import store_project


def build(
    ctx: typer.Context,
    corpora: Annotated[Path, typer.Option(help="Folder of letters.")] = Path("corpora"),
    exports: Annotated[Path, typer.Option(help="Folder for the exports (TMX, TSV).")] = Path("build/exports"),
    glossaries: Annotated[Path, typer.Option(help="Folder of glossary files (the TM's glossary follows it).")] = Path(
        "glossaries"
    ),
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Build the TM from corpora/: segment, align and store every letter, write the exports, summarise.

    Letters already in the TM are replaced, so the TM follows the files. The whole TM is
    written to build/exports/letters.tmx (TMX 1.4b) and letters.tsv.

    Example:

        tm build
        tm --db sqlite:///build/letters.db build --json
    """
    tm = get_tm(ctx)
    glossary_concepts = read_folder(glossaries)  # a bad glossary stops the build before the TM changes
    with progress_bar("aligning letters", len(find_letters(corpora))) as advance:
        imports = import_corpora(tm, corpora, replace=True, progress=advance)
    glossary = store_project(tm, glossary_concepts, glossaries)
    glossary_findings = check_tm(tm, load_glossary(tm))
    exports.mkdir(parents=True, exist_ok=True)
    with progress_bar("writing exports", units_to_export(tm)) as advance:
        tmx_export = export_tmx(tm, exports / "letters.tmx", progress=advance)
    tsv_export = export_table(tm, exports / "letters.tsv", "tsv")
    stats = tm.stats()
    if as_json:
        print_json(
            {
                "db": tm.url,
                "letters": [
                    {"doc": i.result.doc_id, "units": i.result.units, "review": len(i.result.review),
                     "warnings": i.alignment.warnings}
                    for i in imports
                ],
                "stats": stats.as_dict(),
                "glossary": {**glossary.as_dict(), "check": summarize(glossary_findings)},
                "exports": {"tmx": str(tmx_export.path), "tsv": str(tsv_export.path)},
            }
        )
        return
    report(imports, as_json=False)
    langs = ", ".join(f"{lang} {n}" for lang, n in stats.languages.items())
    console.print(
        f"TM {tm.url}: {plural(stats.documents, 'document')}, {plural(stats.units, 'unit')} ({langs})",
        highlight=False,
    )
    console.print(
        f"glossary: {plural(glossary.concepts, 'concept')}, {plural(glossary.terms, 'term')}; "
        f"check: {plural(len(glossary_findings), 'finding')} (tm glossary check)",
        highlight=False,
    )
    console.print(f"exports: {tmx_export.path} ({plural(tmx_export.units, 'unit')}), {tsv_export.path}", highlight=False)
