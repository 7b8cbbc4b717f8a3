"""Commands on the TM as a whole: init, stats, show, copy."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tm.cli.output import JsonOption, console, plural, print_json, progress_bar
from tm.errors import NotFound
from tm.units import parse_unit_ref, unit_ref
from tm.cli.state import get_tm
from tm.confidence import REVIEW_BELOW, needs_review
from tm.store import TM
from tm.store.copy import copy_tm, rows_to_copy
from tm.lang import parse_tag_list, picked


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
    doc, unit = parse_unit_ref(doc)
    requested = parse_tag_list(langs) if langs else None
    tm = get_tm(ctx)
    document = tm.document(doc)
    if requested:
        tm.check_languages(requested, doc)
    wanted = requested or list(document.langs)
    # each unit's text in what a tag asked for means for that unit (en: its en-GB, if no en)
    rows = [(u, picked(wanted, v)) for u, v in tm.units(doc)]
    if unit is not None:
        rows = [(u, v) for u, v in rows if u.position == unit]
        if not rows:
            raise NotFound(f"document '{doc}' has no unit {unit} (units 0 to {len(tm.units(doc, [])) - 1})")
    if review:
        rows = [(u, v) for u, v in rows if needs_review(u.score, u.flags.split())]
    if as_json:
        print_json(
            {
                "doc": document.id,
                "langs": wanted,
                "units": [
                    {
                        "unit": u.position, "ref": unit_ref(document.id, u.position), "paragraph": u.paragraph,
                        "bead": u.bead, "score": u.score, "flags": u.flags.split(), "status": u.status,
                        "version": u.version, "changed_by": u.changed_by,
                        **{lang: v[lang].text if lang in v else "" for lang in wanted},
                    }
                    for u, v in rows
                ],
            }
        )
        return
    if review and not rows:
        console.print(f"nothing to review in {document.id}: the aligner was sure of every unit")
        return
    title = picked(wanted[:1], document.titles).get(wanted[0]) or document.titles.get("en") or document.id
    table = Table(title=title, show_lines=True, expand=console.is_terminal)
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
    docs, counts = tm.documents(), tm.unit_counts()
    if as_json:
        print_json({"documents": [
            {"doc": d.id, "titles": d.titles, "langs": d.langs, "units": counts.get(d.id, 0),
             "date": d.date.isoformat() if d.date else None, "origin": d.origin}
            for d in docs
        ]})
        return
    if not docs:
        console.print(f"no documents in {tm.name}")
        return
    table = Table("doc", "title", "langs", "units", "date", box=None)
    for d in docs:
        title = d.titles.get("en") or next(iter(d.titles.values()), "")
        table.add_row(d.id, title, ", ".join(d.langs), str(counts.get(d.id, 0)), d.date.isoformat() if d.date else "")
    console.print(table)
    console.print(f"{plural(len(docs), 'document')}, {plural(sum(counts.values()), 'unit')}")


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
