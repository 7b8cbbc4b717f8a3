"""The `tm` command line: a thin layer over the library.

Each command parses its options, calls the library and prints. Library errors
(:class:`tm.errors.TMError`) become one line on stderr and exit code 2.
"""

from __future__ import annotations

from typing import Annotated, Any

import click
import typer

try:  # typer >= 0.22 carries its own copy of click, with its own exception classes
    from typer._click import exceptions as _clicks
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as _clicks  # type: ignore[no-redef]
from typer.core import TyperGroup

from tm import __version__
from tm.cli import align as align_cmd
from tm.cli import build as build_cmd
from tm.cli import glossary as glossary_cmd
from tm.cli import lookup as lookup_cmd
from tm.cli import exports, imports, store
from tm.cli import qa as qa_cmd
from tm.cli import review as review_cmd
from tm.cli import unit as unit_cmd
from tm.cli.output import fail
from tm.cli.state import State
from tm.errors import TMError
from tm.store.tm import default_url


class _Group(TyperGroup):
    """Turns library errors into a one-line message and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TMError as exc:
            raise fail(str(exc)) from None


app = typer.Typer(
    cls=_Group,
    help="A translation memory for Russian, English and Kazakh letters.",
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

    Example:

        tm build
        tm --db sqlite:///letters.db stats --json
    """
    ctx.obj = State(db or default_url())


app.command()(store.init)
app.add_typer(imports.app, name="import")
app.command()(store.stats)
app.command()(store.show)
app.command()(store.copy)
app.add_typer(unit_cmd.app, name="unit")
app.command("delete")(unit_cmd.delete_document)
app.add_typer(review_cmd.app, name="review")
app.command()(align_cmd.align)
app.command()(build_cmd.build)
app.add_typer(glossary_cmd.app, name="glossary")
app.command()(lookup_cmd.lookup)
app.command()(lookup_cmd.concordance)
app.add_typer(exports.app, name="export")
app.command()(qa_cmd.qa)


def main() -> None:
    """The console script: usage errors too are one line on stderr and exit code 2."""
    try:
        code = app(standalone_mode=False)
    except _clicks.UsageError as exc:
        if not exc.format_message().strip():  # no arguments: the help has been printed
            raise SystemExit(2) from None
        where = exc.ctx.command_path if exc.ctx else "tm"
        raise SystemExit(_usage_line(f"{exc.format_message()} (see '{where} --help')")) from None
    except _clicks.ClickException as exc:
        raise SystemExit(_usage_line(exc.format_message())) from None
    except typer.Abort:
        raise SystemExit(130) from None
    raise SystemExit(code if isinstance(code, int) else 0)


def _usage_line(message: str) -> int:
    fail(" ".join(message.split()))
    return 2
