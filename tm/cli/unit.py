"""`tm unit ...` and `tm delete`: change units by hand, see and undo what was changed."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from tm.cli.output import JsonOption, console, print_json
from tm.cli.state import get_tm
from tm.corpus import read_text
from tm.errors import Conflict, InputError
from tm.store.edit import Change, Editor
from tm.store.history import STATUSES, Version
from tm.units import one_unit_from_args, unit_from_args, unit_ref

app = typer.Typer(help="Change one unit by hand: its texts, its status; see its history, undo.", no_args_is_help=True)

DocArg = Annotated[str, typer.Argument(help="Document id, as in 'tm stats'.")]
# A unit is DOC#N, as every output of tm names it, or DOC N; tm.units reads both.
UnitDocArg = Annotated[str, typer.Argument(
    metavar="DOC[#N]", help="The unit as tm prints it (DOC#N), or the document id followed by N.")]
UnitArg = Annotated[str | None, typer.Argument(
    metavar="N", help="The unit's number, as in 'tm show', unless DOC#N gave it.", show_default=False)]
UserOption = Annotated[str | None, typer.Option("--user", help="Who makes the change (default: $TM_USER, else the login name).")]
ExpectOption = Annotated[
    int | None,
    typer.Option("--expect-version", help="Refuse the change unless the unit is still at this version (as read earlier)."),
]


def _editor(ctx: typer.Context, user: str | None) -> Editor:
    return Editor(get_tm(ctx), user)


def _done(change: Change, as_json: bool) -> None:
    if as_json:
        print_json(change.as_dict())
    elif change.op == "unchanged":
        console.print(f"{unit_ref(change.doc_id, change.position)}: unchanged (version {change.version})", highlight=False)
    else:
        console.print(
            f"{unit_ref(change.doc_id, change.position)}: {change.op}, now version {change.version} ({change.status})",
            highlight=False,
        )


def _from_editor(editor: Editor, doc: str, unit: int, lang: str) -> tuple[str, Path]:
    """The text a person writes in $VISUAL/$EDITOR, starting from the unit's present text,
    and the file it is in (removed by the caller once the text is stored)."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise InputError("give --text or --file, or set EDITOR to edit the text in an editor")
    current = editor.text(doc, unit, lang)
    with tempfile.NamedTemporaryFile("w", suffix=f".{lang}.txt", delete=False, encoding="utf-8") as fh:
        fh.write(current + "\n")
        path = Path(fh.name)
    if subprocess.run([*shlex.split(command), str(path)], check=False).returncode != 0:
        raise InputError(f"the editor ({command}) failed; nothing was changed (the text is kept)", path)
    return path.read_text(encoding="utf-8"), path


@app.command("edit")
def edit(
    ctx: typer.Context, doc: UnitDocArg,
    lang: Annotated[str, typer.Option("--lang", help="The language whose text changes, e.g. ru.", show_default=False)],
    number: UnitArg = None,
    text: Annotated[str | None, typer.Option("--text", help="The new text ('' for no counterpart).")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the new text from this UTF-8 file.")] = None,
    user: UserOption = None, expect_version: ExpectOption = None, as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Replace one language's text of a unit; the unit becomes 'confirmed'.

    Without --text or --file the text opens in $EDITOR. If someone else changes the unit
    meanwhile, the change is refused and says who did.

    Example:

        tm unit edit ablyazov-duvanov-2#12 --lang ru --text "Так каким же образом?"
        tm unit edit ablyazov-duvanov-2 12 --lang en
    """
    doc, unit = one_unit_from_args(doc, number)
    editor = _editor(ctx, user)
    if text is not None and file is not None:
        raise InputError("give --text or --file, not both")
    expected = expect_version if expect_version is not None else editor.current_version(doc, unit)
    kept: Path | None = None
    if text is None and file is not None:
        text = read_text(file)
    elif text is None:
        text, kept = _from_editor(editor, doc, unit, lang)
    try:
        change = editor.edit(doc, unit, lang, text, expected)
    except Conflict as exc:
        raise Conflict(f"{exc}{'; what you wrote is kept in ' + str(kept) if kept else ''}") from None
    if kept is not None:
        kept.unlink(missing_ok=True)
    _done(change, as_json)


@app.command("status")
def status(
    ctx: typer.Context, doc: UnitDocArg,
    words: Annotated[str, typer.Argument(
        metavar="[N] STATUS", help=f"The unit's number unless DOC#N gave it, then one of: {', '.join(STATUSES)}.",
        show_default=False)],
    last: Annotated[str | None, typer.Argument(hidden=True, show_default=False)] = None,
    user: UserOption = None, expect_version: ExpectOption = None, as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Set a unit's review status: machine, confirmed or approved.

    Example:

        tm unit status ablyazov-duvanov-2#12 approved
        tm unit status ablyazov-duvanov-2 12 approved
    """
    # N is optional before STATUS: one word after DOC is the status, two are N and the status.
    number, value = (None, words) if last is None else (words, last)
    doc, unit = unit_from_args(doc, number)
    if unit is None:
        raise InputError(f"give a unit and a STATUS: DOC#N STATUS or DOC N STATUS (one of {', '.join(STATUSES)})")
    _done(_editor(ctx, user).set_status(doc, unit, value, expect_version), as_json)


@app.command("delete")
def delete_unit(
    ctx: typer.Context, doc: UnitDocArg, number: UnitArg = None,
    user: UserOption = None, expect_version: ExpectOption = None, as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Delete one unit. The other units keep their numbers; 'tm unit restore' brings it back.

    Example:

        tm unit delete ablyazov-duvanov-2#12
    """
    doc, unit = one_unit_from_args(doc, number)
    _done(_editor(ctx, user).delete(doc, unit, expect_version), as_json)


@app.command("revert")
def revert(
    ctx: typer.Context, doc: UnitDocArg, number: UnitArg = None,
    to: Annotated[int | None, typer.Option("--to", help="The version to go back to (default: the one before).")] = None,
    user: UserOption = None, expect_version: ExpectOption = None, as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Bring back the texts and status of an earlier version, as a new version.

    Example:

        tm unit revert ablyazov-duvanov-2#12
        tm unit revert ablyazov-duvanov-2 12 --to 1
    """
    doc, unit = one_unit_from_args(doc, number)
    _done(_editor(ctx, user).revert(doc, unit, to, expect_version), as_json)


def _print_versions(title: str, versions: list[Version]) -> None:
    """One block per version: a line of what, who and when, then a line per language."""
    console.print(title, highlight=False)
    for v in versions:
        d = v.as_dict()
        console.print(f"version {v.version}: {v.op}, {v.status}, by {v.changed_by or '?'} at {d['at']} "
                      f"(unit {v.position})", highlight=False, markup=False)
        for lang, text in v.texts.items():
            console.print(f"  {lang}: {text}", highlight=False, markup=False, soft_wrap=True)


@app.command("history")
def history(
    ctx: typer.Context, doc: UnitDocArg, number: UnitArg = None, as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Every version of a unit: texts, status, who and when (of a deleted unit too).

    Example:

        tm unit history ablyazov-duvanov-2#12
        tm unit history ablyazov-duvanov-2 12 --json
    """
    doc, unit = one_unit_from_args(doc, number)
    versions = _editor(ctx, None).history(doc, unit)
    if as_json:
        print_json({"doc": doc, "unit": unit, "versions": [v.as_dict() for v in versions]})
        return
    _print_versions(unit_ref(doc, unit), versions)


@app.command("deleted")
def deleted(ctx: typer.Context, doc: DocArg, as_json: Annotated[bool, JsonOption] = False) -> None:
    """The deleted units of a document (also of a deleted document), newest first.

    Example:

        tm unit deleted ablyazov-duvanov-2
    """
    versions = _editor(ctx, None).deleted(doc)
    if as_json:
        print_json({"doc": doc, "deleted": [v.as_dict() for v in versions]})
        return
    if not versions:
        console.print(f"{doc}: no deleted units", highlight=False)
        return
    _print_versions(f"{doc}: deleted units", versions)


@app.command("restore")
def restore(
    ctx: typer.Context, doc: UnitDocArg,
    number: Annotated[str | None, typer.Argument(
        metavar="N", help="The deleted unit's number (see 'tm unit deleted'), unless DOC#N gave it.",
        show_default=False)] = None,
    all_units: Annotated[bool, typer.Option("--all", help="Every deleted unit of the document (a deleted document too).")] = False,
    user: UserOption = None, as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Bring a deleted unit back at its number, with its texts, status and history.

    Example:

        tm unit restore ablyazov-duvanov-2#12
        tm unit restore ablyazov-duvanov-2 12
        tm unit restore ablyazov-duvanov-2 --all
    """
    doc, unit = unit_from_args(doc, number)
    editor = _editor(ctx, user)
    if (unit is None) == (not all_units):
        raise InputError("give a unit (DOC#N or DOC N) or --all, not both" if all_units else
                         "give a unit (DOC#N or DOC N) or --all")
    changes = editor.restore_all(doc) if all_units else [editor.restore(doc, unit)]  # type: ignore[arg-type]
    if as_json:
        print_json({"restored": [c.as_dict() for c in changes]})
        return
    for change in changes:
        _done(change, False)


def delete_document(
    ctx: typer.Context, doc: DocArg, user: UserOption = None, as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Delete a whole document. Its units stay in the history: 'tm unit restore DOC --all' brings it back.

    Example:

        tm delete ablyazov-duvanov-2
    """
    count = _editor(ctx, user).delete_document(doc)
    if as_json:
        print_json({"deleted": doc, "units": count})
        return
    console.print(f"deleted {doc}: {count} units (restore with 'tm unit restore {doc} --all')", highlight=False)
