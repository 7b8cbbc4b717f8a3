"""`tm export ...`: the TM as TMX for other tools, or TSV/CSV for spreadsheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli.output import JsonOption, console, plural, print_json, progress_bar, warn
from tm.cli.state import get_tm
from tm.exchange import export_table, export_tmx, units_to_export
from tm.lang import normalize_tag, parse_tag_list

app = typer.Typer(help="Export the TM: TMX for other tools, TSV or CSV for spreadsheets.", no_args_is_help=True)

DocOption = typer.Option("--doc", help="Only this document (repeat for several).")
LangsOption = typer.Option(
    help="Languages to export, e.g. en,ru (default: all); only units with a text in each are written."
)
ForceOption = typer.Option("--force", help="Write over an existing SQLite file (never the TM's own).")


@app.command("tmx")
def tmx_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="The TMX file to write.")],
    doc: Annotated[list[str] | None, DocOption] = None,
    langs: Annotated[str | None, LangsOption] = None,
    srclang: Annotated[str | None, typer.Option(help="Source language of the file, or *all* (default: en if exported, else *all*).")] = None,
    force: Annotated[bool, ForceOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Write TMX 1.4b: one <tu> per unit with a <tuv> per language; --langs en,ru for a bilingual file.

    With --langs, only the units that have every language named are written (stderr says how many were left out).

    Example:

        tm export tmx build/letters.tmx
        tm export tmx en-ru.tmx --langs en,ru --doc ablyazov-duvanov-2
    """
    chosen = parse_tag_list(langs) if langs else None
    source = None if srclang is None else ("*all*" if srclang == "*all*" else normalize_tag(srclang))
    tm = get_tm(ctx)
    with progress_bar("writing TMX", units_to_export(tm, doc)) as advance:
        result = export_tmx(tm, out, doc, chosen, source, progress=advance, force=force)
    for w in result.warnings:
        warn(w)
    if as_json:
        print_json(result.as_dict())
    else:
        console.print(f"wrote {plural(result.units, 'unit')} ({', '.join(result.langs)}) to {result.path}", highlight=False)


RawFormulasOption = typer.Option(
    "--raw-formulas", help="Write cells that start with = + - @ as they are (spreadsheets run them as formulas)."
)
BomOption = typer.Option("--bom", help="Start the file with a UTF-8 byte order mark (for Excel).")


def _table(
    ctx: typer.Context, out: Path, fmt: str, doc: list[str] | None, langs: str | None, as_json: bool,
    options: dict[str, bool],
) -> None:
    chosen = parse_tag_list(langs) if langs else None
    result = export_table(get_tm(ctx), out, fmt, doc, chosen, **options)
    for w in result.warnings:
        warn(w)
    if as_json:
        print_json({k: v for k, v in result.as_dict().items() if k != "warnings"})
    else:
        console.print(f"wrote {plural(result.units, 'unit')} ({', '.join(result.langs)}) to {result.path}", highlight=False)


@app.command("tsv")
def tsv_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="The TSV file to write.")],
    doc: Annotated[list[str] | None, DocOption] = None,
    langs: Annotated[str | None, LangsOption] = None,
    raw_formulas: Annotated[bool, RawFormulasOption] = False,
    bom: Annotated[bool, BomOption] = False,
    force: Annotated[bool, ForceOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Write aligned units as tab-separated values: doc, unit, then one column per language.

    A cell that starts with = + - or @ gets a leading apostrophe: a spreadsheet shows it as text, not a formula.

    Example:

        tm export tsv letters.tsv --langs en,ru,kk
    """
    _table(ctx, out, "tsv", doc, langs, as_json, {"raw_formulas": raw_formulas, "bom": bom, "force": force})


@app.command("csv")
def csv_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="The CSV file to write.")],
    doc: Annotated[list[str] | None, DocOption] = None,
    langs: Annotated[str | None, LangsOption] = None,
    raw_formulas: Annotated[bool, RawFormulasOption] = False,
    bom: Annotated[bool, BomOption] = False,
    force: Annotated[bool, ForceOption] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Write aligned units as comma-separated values (RFC 4180 quoting): doc, unit, one column per language.

    A cell that starts with = + - or @ gets a leading apostrophe: a spreadsheet shows it as text, not a formula.

    --bom lets Excel read the file as UTF-8 (without it, Cyrillic shows as mojibake).

    Example:

        tm export csv letters.csv
        tm export csv letters-en-ru.csv --langs en,ru --bom
    """
    _table(ctx, out, "csv", doc, langs, as_json, {"raw_formulas": raw_formulas, "bom": bom, "force": force})
