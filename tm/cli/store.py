"""Commands on the TM as a whole: init, stats, show, copy."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tm.cli.output import JsonOption, console, plural, print_json, progress_bar
from tm.cli.state import get_tm
from tm.compose import TM
from tm.confidence import REVIEW_BELOW
from tm.documents import list_documents, show_document
from tm.store.copy import copy_tm, rows_to_copy
from tm.lang import parse_tag_list


def init(ctx: typer.Context) -> None:
    """Create an empty TM in the database (nothing happens if one is there).

    Example:

        tm init
        tm --db sqlite:///team.db init
    """
    tm = get_tm(ctx)
    created = tm.init()
    console.print(f"{'created' if created else 'already a TM:'} {tm.name}", highlight=False)


def stats(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Count documents, units, and units per language.

    Example:

        tm stats --json
    """
    result = get_tm(ctx).stats()
    if as_json:
        print_json(result.as_dict())
        return
    table = Table("", "count", show_header=False, box=None)
    table.add_row("documents", str(result.documents))
    table.add_row("units", str(result.units))
    for lang, n in result.languages.items():
        table.add_row(f"units with {lang}", str(n))
    console.print(table)


def show(
    ctx: typer.Context,
    doc: Annotated[str, typer.Argument(metavar="DOC", help="Document id (see 'tm documents'), or one unit of it: DOC#N.")],
    langs: Annotated[str | None, typer.Option(metavar="LANGS", help="Languages to show, e.g. en,ru (default: all).")] = None,
    review: Annotated[bool, typer.Option("--review", help="Only the units the aligner was unsure of.")] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Show an aligned letter side by side, or one unit of it (DOC#N).

    Example:

        tm show ablyazov-duvanov-2 --langs en,ru
        tm show ablyazov-duvanov-2 --review
        tm show ablyazov-duvanov-2#77
    """
    requested = parse_tag_list(langs) if langs else None
    view = show_document(get_tm(ctx), doc, requested, review)
    if as_json:
        print_json(view.as_dict())
        return
    document, wanted, rows = view.document, view.langs, view.units
    if review and not rows:
        console.print(f"nothing to review in {document.id}: the aligner was sure of every unit")
        return
    table = Table(title=view.title, show_lines=True, expand=console.is_terminal)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    for lang in wanted:
        table.add_column(lang, ratio=1 if console.is_terminal else None, overflow="fold")
    for u, v in rows:
        flag = " !" if u.score < REVIEW_BELOW or u.flags else ""
        table.add_row(str(u.position), f"{u.score:.2f}{flag}", *[v[lang].text if lang in v else "" for lang in wanted])
    console.print(table)


def documents(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """List the letters in the TM: id, title, languages, number of units, date.

    Example:

        tm documents
        tm documents --json
    """
    tm = get_tm(ctx)
    listed = list_documents(tm)
    if as_json:
        print_json({"documents": [d.as_dict() for d in listed]})
        return
    if not listed:
        console.print(f"no documents in {tm.name}")
        return
    table = Table("doc", "title", "langs", "units", "date", box=None)
    for item in listed:
        d = item.document
        title = d.titles.get("en") or next(iter(d.titles.values()), "")
        table.add_row(d.id, title, ", ".join(d.langs), str(item.units), d.date.isoformat() if d.date else "")
    console.print(table)
    console.print(f"{plural(len(listed), 'document')}, {plural(sum(i.units for i in listed), 'unit')}")


def copy(
    source: Annotated[str, typer.Option("--from", help="URL of the TM to copy.", show_default=False, metavar="URL")],
    target: Annotated[str, typer.Option("--to", help="URL of an empty database to copy it into.", show_default=False, metavar="URL")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Copy a whole TM (documents, units, glossary) to another database, verified by counts and checksums.

    The target must be empty; it builds its own lookup index. The copy is one
    transaction: if anything fails or does not match, no row is left in the target
    (only the empty TM that 'tm init' would have made there).

    Example:

        tm copy --from sqlite:///tm.db --to postgresql://postgres@127.0.0.1/team
        tm copy --from postgresql://postgres@127.0.0.1/team --to sqlite:///backup.db --json
    """
    src, dst = TM(source, read_only=True), TM(target)
    with progress_bar("copying", rows_to_copy(src)) as advance:
        result = copy_tm(src, dst, progress=advance)
    if as_json:
        print_json(result.as_dict())
        return
    table = Table("table", "rows", "sha256", box=None)
    for t in result.tables:
        table.add_row(t.table, str(t.rows), t.sha256[:16])
    console.print(table)
    console.print(f"copied {result.source} -> {result.target}: every table verified", highlight=False)
