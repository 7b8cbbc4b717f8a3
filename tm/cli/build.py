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


def build(
    ctx: typer.Context,
    corpora: Annotated[Path, typer.Option(help="Folder of letters.")] = Path("corpora"),
    exports: Annotated[Path, typer.Option(help="Folder for the exports (TMX, TSV).")] = Path("build/exports"),
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
    with progress_bar("aligning letters", len(find_letters(corpora))) as advance:
        imports = import_corpora(tm, corpora, replace=True, progress=advance)
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
    console.print(f"exports: {tmx_export.path} ({plural(tmx_export.units, 'unit')}), {tsv_export.path}", highlight=False)
