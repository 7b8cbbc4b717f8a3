"""Console output shared by all commands: JSON, errors, warnings, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

#: Width given to rich when the output is not a terminal: lines are never wrapped for a
#: file, a pipe or a pager, so that a line can be copied or read by a script whole.
UNWRAPPED_WIDTH = 100_000


class _Console(Console):
    """A console that reads every string as plain text unless a call asks for markup
    (``markup=True``, with the data in it passed through :func:`esc`), so that text from
    the input (a document id, a title, a path with brackets) is never taken for markup;
    and that does not wrap what it writes to something other than a terminal."""

    def __init__(self, markup: bool = False, **options: Any) -> None:
        super().__init__(markup=markup, highlight=False, **options)

    @property
    def size(self) -> ConsoleDimensions:
        if not self.is_terminal:
            return ConsoleDimensions(UNWRAPPED_WIDTH, super().size.height)
        return super().size

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


console: Console = _Console()
err_console: Console = _Console(stderr=True)
#: For renderers that write markup and escape the data in it themselves (the QA report).
markup_console: Console = _Console(markup=True)


def esc(value: object) -> str:
    """Data made safe to put into a rich markup string."""
    return escape(str(value))

JsonOption = typer.Option("--json", help="Print machine-readable JSON instead of a table.")


def print_json(data: Any) -> None:
    """JSON to stdout, UTF-8 as is (not \\u escapes), one document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def plural(n: int, noun: str) -> str:
    """``plural(1, "unit")`` -> "1 unit", ``plural(3, "unit")`` -> "3 units"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/yellow] {esc(message)}", highlight=False, markup=True, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    err_console.print(f"tm: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Any]:
    """A rich progress bar on stderr; silent when stderr is not a terminal.

    Yields ``advance(step)``: a number moves the bar by that much (units written, bytes
    read), anything else (the letter just done) by one."""
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=True, disable=not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task(description, total=total)
        yield lambda step=1: progress.advance(task, step if isinstance(step, int | float) else 1)
