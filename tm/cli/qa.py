"""`tm qa`: run the QA checks and report the findings."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tm.atomic import atomic_write, check_target, database_files, write_text
from tm.cli.output import UNWRAPPED_WIDTH, console, markup_console, print_json
from tm.cli.state import get_tm
from tm.qa import baseline as baselines
from tm.qa.base import Check
from tm.qa.findings import QAResult, Severity
from tm.qa.registry import CHECKS
from tm.qa.report import render_csv, render_html, render_json, render_text
from tm.qa.runner import run_qa


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


def qa(
    ctx: typer.Context,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only this document (repeat for several).")] = None,
    check: Annotated[list[str] | None, typer.Option("--check", help="Run only this check (repeat).")] = None,
    skip: Annotated[list[str] | None, typer.Option("--skip", help="Do not run this check (repeat).")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text, json, csv or html.")] = ReportFormat.text,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    output: Annotated[Path | None, typer.Option(help="Write the report to this file instead of the terminal.")] = None,
    fail_on: Annotated[FailOn, typer.Option(help="Exit 1 when a finding of this severity or worse remains.")] = FailOn.error,
    baseline: Annotated[Path, typer.Option(help="Fingerprints of reviewed findings to leave out.")] = baselines.DEFAULT_BASELINE,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Report every finding.")] = False,
    update_baseline: Annotated[bool, typer.Option("--update-baseline", help="Accept all current findings into the baseline.")] = False,
    list_checks: Annotated[bool, typer.Option("--list", help="List the checks and exit.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes for a large TM; 0: one per CPU.")] = 0,
) -> None:
    """Check the TM: inconsistent names, glossary violations, numbers, scripts, punctuation and more.

    Exit status 1 when a finding at or above --fail-on remains, 0 otherwise, 2 on usage errors.

    Example:

        tm qa
        tm qa --check name-inconsistent --format json
        tm qa --format html --output qa.html --fail-on never
        tm qa --jobs 1
    """
    if as_json:
        fmt = ReportFormat.json
    if list_checks:
        _list(fmt)
        return
    tm = get_tm(ctx)
    if output:  # refused before the checks run, not after
        check_target(output, database_files(tm.url))
    result = run_qa(tm, doc, check or (), skip or (), jobs=jobs or None)
    if update_baseline:
        n = baselines.save(baseline, result.findings, keep=database_files(tm.url))
        console.print(f"baseline {baseline}: {n} findings accepted", highlight=False)
        return
    if not no_baseline:
        baselines.silence(result, baseline)
    _report(result, CHECKS.select(check or (), skip or ()), fmt, output, database_files(tm.url))
    if output:
        typer.echo(f"wrote {output}: {len(result.findings)} findings", err=True)
    worst = result.worst()
    if fail_on is not FailOn.never and worst is not None and worst.rank >= Severity(fail_on.value).rank:
        raise typer.Exit(1)


def _list(fmt: ReportFormat) -> None:
    rows = [{"code": c.code, "severity": c.severity.value, "description": c.description} for c in CHECKS]
    if fmt is ReportFormat.json:
        print_json({"checks": rows})
        return
    table = Table("code", "severity", "description", box=None)
    for r in rows:
        table.add_row(r["code"], r["severity"], r["description"])
    console.print(table)


def _report(result: QAResult, checks: Sequence[Check], fmt: ReportFormat, output: Path | None,
            keep: Sequence[Path]) -> None:
    """The report in ``fmt``, to ``output`` (whole or not at all) or to stdout."""
    if fmt is ReportFormat.text:
        if output:
            with atomic_write(output, keep=keep) as fh:
                render_text(result, checks, Console(file=fh, width=UNWRAPPED_WIDTH, no_color=True))
        else:
            render_text(result, checks, markup_console)
        return
    body = {"json": lambda: render_json(result), "csv": lambda: render_csv(result),
            "html": lambda: render_html(result, checks)}[fmt.value]()
    body = body if body.endswith("\n") else body + "\n"
    if output:
        write_text(output, body, keep=keep)
    else:
        sys.stdout.write(body)
