"""`tm review ...`: fix a document's alignment in a file, with any editor or spreadsheet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tm.cli.output import JsonOption, console, print_json
from tm.cli.state import get_tm
from tm.review import apply_review, export_review

app = typer.Typer(help="Review a document's alignment through a file.", no_args_is_help=True)


@app.command("export")
def export(
    ctx: typer.Context,
    doc: Annotated[str, typer.Argument(help="Document id, as in 'tm stats'.")],
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write here (default: standard output).")] = None,
    only_unsure: Annotated[bool, typer.Option("--only-unsure", help="Only the units 'tm show --review' lists, "
                                              "with a unit of context on each side.")] = False,
) -> None:
    """Write a document's units as an alignment file (alignment.tsv format) to fix by hand.

    Move text between rows, merge or split rows, empty a cell for a sentence with no
    counterpart, set a row's status to approved; then 'tm review apply'.

    Example:

        tm review export ablyazov-duvanov-2 -o review.tsv
        tm review export ablyazov-duvanov-2 --only-unsure -o unsure.tsv
    """
    text, rows = export_review(get_tm(ctx), doc, out, only_unsure)
    if out is None:
        sys.stdout.write(text)
    else:
        console.print(f"wrote {out}: {rows} rows of {doc}", highlight=False)


@app.command("apply")
def apply(
    ctx: typer.Context,
    doc: Annotated[str, typer.Argument(help="Document id, as in 'tm stats'.")],
    file: Annotated[Path, typer.Argument(help="The reviewed alignment file.")],
    user: Annotated[str | None, typer.Option("--user", help="Who reviewed (default: $TM_USER, else the login name).")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Store a reviewed alignment file as the document's units, in one transaction.

    For every language the rows' text, in order, must be the document's text (whitespace
    aside): nothing lost, added or reordered; otherwise the file's line, the language and
    the difference are shown and nothing changes. Units in the file become 'confirmed'.

    Example:

        tm review apply ablyazov-duvanov-2 review.tsv
    """
    result = apply_review(get_tm(ctx), doc, file, user)
    if as_json:
        print_json(result.as_dict())
        return
    renumbered = ("unit numbers unchanged" if result.first_renumbered is None
                  else f"units from {result.first_renumbered} on have new numbers (see 'tm show {doc}')")
    console.print(
        f"applied {file} to {doc}: {result.units_before} -> {result.units_after} units "
        f"({result.kept} kept, {result.changed} new or changed); {renumbered}",
        highlight=False,
    )
