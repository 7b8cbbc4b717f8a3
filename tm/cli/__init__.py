"""The `tm` command line: a thin layer over the library.

Each command parses its options, calls the library and prints. Library errors
(:class:`tm.errors.TMError`) become one line on stderr and exit code 2.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from typing import Annotated, Any

import typer
from sqlalchemy.exc import SQLAlchemyError
from typer.core import TyperCommand, TyperGroup

from tm import __version__
from tm.cli import align as align_cmd
from tm.cli import build as build_cmd
from tm.cli import glossary as glossary_cmd
from tm.cli import lookup as lookup_cmd
from tm.cli import exports, imports, newletter, store
from tm.cli import qa as qa_cmd
from tm.cli.help import PlainHelp
from tm.cli import review as review_cmd
from tm.cli import unit as unit_cmd
from tm.cli.output import fail
from tm.cli.signals import exit_on_sigterm
from tm.cli.state import State
from tm.errors import TMError, db_reason
from tm.store.dialect import display_url
from tm.store.tm import default_url


# psycopg logs a warning when it cannot close a pipeline on a connection already lost; tm
# reports that error itself, on one line. Without a handler of its own the warning would
# reach stderr through logging's last resort, a second line before tm's.
logging.getLogger("psycopg").addHandler(logging.NullHandler())


# typer re-exports the parser's BadParameter, whose bases are the parser's UsageError and
# ClickException: click's own before typer 0.22, typer's copy of click after.
_PARSER_ERRORS = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
_UsageError: type[Exception] = _PARSER_ERRORS["UsageError"]
_ClickException: type[Exception] = _PARSER_ERRORS["ClickException"]


class _Command(PlainHelp, TyperCommand):
    """A command whose --help is plain text (see :mod:`tm.cli.help`)."""


class _Group(PlainHelp, TyperGroup):
    """Turns library errors into a one-line message and exit code 2, never a traceback."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TMError as exc:
            raise fail(str(exc)) from None
        except (SQLAlchemyError, sqlite3.Error) as exc:
            # A database fault no library call foresaw (a damaged file, a table dropped
            # mid-command) is still one line, naming the database.
            state = ctx.find_root().obj
            where = display_url(state.db_url) if isinstance(state, State) else "the database"
            raise fail(f"database error in {where}: {db_reason(exc)}") from None
        except ValueError as exc:
            if "null" not in str(exc).lower():  # (only the OS's refusal of a NUL in a path)
                raise
            raise fail(f"a path has a NUL character in it ({exc})") from None


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tm {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="TM_DATABASE_URL", help="Database URL (default sqlite:///tm.db).", show_default=False),
    ] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """A translation memory for Russian, English and Kazakh letters.

    Each letter is a folder with en.txt, ru.txt and kk.txt (and meta.toml); the TM is a
    SQLite file (tm.db) or a PostgreSQL database. Run 'tm COMMAND --help' for a
    command's options.

    Example:

        tm build
        tm documents
        tm lookup "The judge cannot believe this." --to ru,kk
        tm --db sqlite:///letters.db stats --json
    """
    ctx.obj = State(default_url() if db is None else db)


_GROUP_HELP = {
    "import": (imports.app, """Import letters into the TM: a letter folder, a folder of them, a TMX or XLIFF file.

    Example:

        tm import letter corpora/ablyazov-duvanov-2
        tm import corpora corpora/ --replace
        tm import tmx memory.tmx --doc omegat-project
    """),
    "glossary": (glossary_cmd.app, """The glossary of names and terms (en, ru, kk): import, export, list, add, check.

    Example:

        tm glossary import glossaries/names.toml
        tm glossary list --type person --lang en
        tm glossary check
    """),
    "unit": (unit_cmd.app, """Change one unit by hand: its texts, its status; see its history, undo, restore.

    Example:

        tm unit edit ablyazov-duvanov-2 17 --lang en --text "But real life is not quite like that, is it?"
        tm unit status ablyazov-duvanov-2 17 approved
        tm unit history ablyazov-duvanov-2 17
    """),
    "review": (review_cmd.app, """Review a document's alignment through a file: export it, fix it in any editor, apply it.

    Example:

        tm review export ablyazov-duvanov-2 -o review.tsv --only-unsure
        tm review apply ablyazov-duvanov-2 review.tsv
    """),
    "export": (exports.app, """Export the TM: TMX for other tools, TSV or CSV for spreadsheets.

    Example:

        tm export tmx build/letters.tmx
        tm export tsv letters.tsv --langs en,ru,kk
    """),
}

for _function in (store.init, store.stats, store.documents, store.show, store.copy, align_cmd.align,
                  build_cmd.build, lookup_cmd.lookup, lookup_cmd.concordance, qa_cmd.qa, newletter.analyze,
                  newletter.pretranslate):
    app.command(cls=_Command)(_function)
app.command("delete", cls=_Command)(unit_cmd.delete_document)
for _name, (_sub, _help) in _GROUP_HELP.items():
    for _info in _sub.registered_commands:
        _info.cls = _Command  # every command's --help is the plain one
    app.add_typer(_sub, name=_name, cls=_Group, help=_help)


def main() -> None:
    """The console script: usage errors too are one line on stderr and exit code 2."""
    exit_on_sigterm()
    try:
        code = app(standalone_mode=False)
    except _UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # a group without its command: its help
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")
            raise SystemExit(2) from None
        if not exc.format_message().strip():  # (older click printed the help itself)
            raise SystemExit(2) from None
        where = exc.ctx.command_path if exc.ctx else "tm"
        raise SystemExit(_usage_line(f"{exc.format_message()} (see '{where} --help')")) from None
    except _ClickException as exc:
        raise SystemExit(_usage_line(exc.format_message())) from None
    except typer.Abort:
        raise SystemExit(130) from None
    raise SystemExit(code if isinstance(code, int) else 0)


def _usage_line(message: str) -> int:
    fail(" ".join(message.split()))
    return 2
