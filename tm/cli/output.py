"""Console output shared by all commands: JSON, errors, warnings, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console()
err_console = Console(stderr=True)

JsonOption = typer.Option("--json", help="Print machine-readable JSON instead of a table.")


def print_json(data: Any) -> None:
    """JSON to stdout, UTF-8 as is (not \\u escapes), one document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def plural(n: int, noun: str) -> str:
    """``plural(1, "unit")`` -> "1 unit", ``plural(3, "unit")`` -> "3 units"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/yellow] {message}", highlight=False, markup=True, soft_wrap=True)


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
