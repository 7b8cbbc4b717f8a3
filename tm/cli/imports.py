"""`tm import ...`: put letters into the TM."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tm.cli.output import JsonOption, console, print_json, progress_bar, warn
from tm.cli.state import get_tm
from tm.corpus import find_letters
from tm.lang import parse_tag_list
from tm.exchange import import_tmx
from tm.letters import LetterImport, import_corpora, import_letter

app = typer.Typer(help="Import letters into the TM.", no_args_is_help=True)

ReplaceOption = typer.Option("--replace", help="Replace a document that is already in the TM.")
RealignOption = typer.Option(
    "--realign", help="Align afresh even where a letter has a checked alignment.tsv; the new alignment is "
    "written beside it as alignment.new.tsv for review.",
)


def report(imports: list[LetterImport], as_json: bool) -> None:
    if as_json:
        print_json({"imported": [i.as_dict() for i in imports]})
        return
    for i in imports:
        for w in i.alignment.warnings:
            warn(f"{i.result.doc_id}: {w}")
        verb = "replaced" if i.result.replaced else "imported"
        review = f", {len(i.result.review)} to review (tm show {i.result.doc_id} --review)" if i.result.review else ""
        checked = f", as checked in {i.checked}" if i.checked else ""
        console.print(
            f"{verb} {i.result.doc_id}: {i.result.units} units ({', '.join(i.alignment.langs)}){checked}{review}",
            highlight=False,
        )
        if i.written:
            console.print(f"wrote {i.written} for review (check it, then rename it to alignment.tsv)",
                          highlight=False)


@app.command("letter")
def letter(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="A letter folder with en.txt, ru.txt, kk.txt and meta.toml.")],
    replace: Annotated[bool, ReplaceOption] = False,
    langs: Annotated[str | None, typer.Option(help="Only these versions, e.g. en,ru.")] = None,
    realign: Annotated[bool, RealignOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Segment, align and store one letter (one transaction).

    A letter with an alignment.tsv (checked by a person) is stored exactly as that file
    says, its units 'confirmed'; if the letter's texts no longer fit it, the import
    names the line and stops (--realign aligns afresh).

    Example:

        tm import letter corpora/ablyazov-duvanov-2
        tm import letter corpora/ablyazov-duvanov-2 --replace --langs en,ru
    """
    tm = get_tm(ctx)
    result = import_letter(tm, folder, replace=replace, langs=parse_tag_list(langs) if langs else None,
                           realign=realign)
    report([result], as_json)


@app.command("corpora")
def corpora(
    ctx: typer.Context,
    root: Annotated[Path, typer.Argument(help="A folder of letter folders, e.g. corpora/.")],
    replace: Annotated[bool, ReplaceOption] = False,
    realign: Annotated[bool, RealignOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Import every letter below a folder, all in one transaction.

    Example:

        tm import corpora corpora/ --replace
    """
    tm = get_tm(ctx)
    with progress_bar("aligning letters", len(find_letters(root))) as advance:
        results = import_corpora(tm, root, replace=replace, progress=advance, realign=realign)
    report(results, as_json)


@app.command("tmx")
def tmx(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A TMX 1.1–1.4 file (UTF-8 or UTF-16).")],
    doc: Annotated[str | None, typer.Option(help="Document id for all its units (default: from the file).")] = None,
    replace: Annotated[bool, ReplaceOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Import a TMX file written by any tool, in one transaction; inline markup, props and notes are kept.

    Units go to --doc; without it, to the documents named in a tm-written file, or to one
    document named after the file.

    Example:

        tm import tmx memory.tmx --doc omegat-project
        tm import tmx build/exports/letters.tmx --replace
    """
    if doc is not None:
        from tm.corpus import check_slug

        check_slug(doc)
    tm = get_tm(ctx)
    with progress_bar("reading TMX", file.stat().st_size if file.is_file() else 0) as advance:
        result = import_tmx(tm, file, doc, replace=replace, progress=advance)
    for w in result.warnings:
        warn(w)
    if as_json:
        print_json(result.as_dict())
        return
    for r in result.results:
        verb = "replaced" if r.replaced else "imported"
        console.print(f"{verb} {r.doc_id}: {r.units} units from {file}", highlight=False)


@app.command("xliff")
def xliff(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Translated XLIFF 1.2 or 2.x files of one source text.",
                                                metavar="FILE...")],
    doc: Annotated[str | None, typer.Option(help="Document id (default: from the file's original name).",
                                            metavar="DOC")] = None,
    replace: Annotated[bool, ReplaceOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Import translated XLIFF as a letter: source and target paired by unit, no aligner.

    Files of the same source in several target languages merge into one letter.

    Example:

        tm import xliff drafts/letter.en.xlf drafts/letter.kk.xlf --doc new-letter
    """
    from tm.xliff_import import import_xliff

    result = import_xliff(get_tm(ctx), files, doc, replace=replace)
    if as_json:
        print_json({"imported": [{"doc": result.doc_id, "units": result.units, "replaced": result.replaced}]})
        return
    verb = "replaced" if result.replaced else "imported"
    console.print(f"{verb} {escape(result.doc_id)}: {result.units} units from {len(files)} XLIFF file(s)",
                  highlight=False, soft_wrap=True)
