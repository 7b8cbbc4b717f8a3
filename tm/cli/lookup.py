"""`tm lookup` and `tm concordance`: ask the TM about a sentence or a word."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tm.cli.output import JsonOption, console, print_json, warn
from tm.cli.state import get_tm
from tm.errors import InputError
from tm.lang import normalize_tag, parse_tag_list
from tm.lookup import DEFAULT_MIN, Lookup, LookupResult, Normalization, concordance as run_concordance
from tm.lookup.scoring import diff_markup


def _print_result(result: LookupResult) -> None:
    for w in result.warnings:
        warn(w)
    for h in result.hints:
        rendered = "; ".join(f"{lang}: {', '.join(r) or '(none)'}" for lang, r in h.renderings.items())
        console.print(f"[bold]glossary[/bold] {escape(h.text)} ({h.status}) → {escape(rendered)}", markup=True)
    if not result.matches:
        console.print("no matches")
        return
    for m in result.matches:
        penalty = "".join(
            f"  [yellow]-{p.points:g} {p.kind}: {escape(', '.join(p.query) or '–')} ≠ "
            f"{escape(', '.join(p.match) or '–')}[/yellow]" for p in m.penalties
        )
        console.print(f"[bold]{m.score:.1f}%[/bold] {escape(m.doc)}#{m.unit} ({m.status}){penalty}", markup=True)
        for c in m.before:
            console.print(f"  [dim]#{c.unit} {escape(c.source)}[/dim]", markup=True)
        console.print(f"  {diff_markup(m.diff, plain=not console.is_terminal)}", markup=True)
        for lang, text in m.target.items():
            console.print(f"  [cyan]{lang}[/cyan] {escape(text)}", markup=True)
            if lang in m.repaired:
                fixed, note = m.repaired[lang]
                console.print(f"  [green]{lang}*[/green] {escape(fixed)}  [dim]({escape(note)})[/dim]", markup=True)
        for c in m.after:
            console.print(f"  [dim]#{c.unit} {escape(c.source)}[/dim]", markup=True)


def lookup(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="The sentence to look up (plain text, never query syntax).")] = None,
    source: Annotated[str, typer.Option("--from", help="Language of the query.")] = "en",
    target: Annotated[str, typer.Option("--to", help="Target language(s), comma-separated.")] = "ru",
    min_score: Annotated[float, typer.Option("--min", help="Lowest score shown, in percent.")] = DEFAULT_MIN,
    limit: Annotated[int, typer.Option(help="Most matches per query.")] = 5,
    doc: Annotated[str | None, typer.Option(help="Only this document.")] = None,
    context: Annotated[int, typer.Option(help="Neighbouring units to show on each side.")] = 0,
    batch: Annotated[Path | None, typer.Option(help="A file with one query per line; prints JSON Lines.")] = None,
    norm: Annotated[str, typer.Option(help="Normalisation before scoring: case,punct,space,nfc or none.")] = (
        "case,punct,space,nfc"
    ),
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Find translated sentences like TEXT, best first, with the difference and the translation.

    Scores are edit-distance percentages; numbers and names that differ cost points.

    Example:

        tm lookup "The judge cannot believe this." --from en --to ru,kk
        tm lookup "He left London in 2012." --min 60 --context 1 --json
        tm lookup --batch queries.txt --from en --to ru > matches.jsonl
    """
    if (text is None) == (batch is None):
        raise InputError("give either TEXT or --batch FILE")
    targets = parse_tag_list(target)
    tm = get_tm(ctx)
    tm.require()
    tm.check_languages([normalize_tag(source), *targets], doc)
    engine = Lookup(tm, Normalization.parse(norm))
    options = {"min_score": min_score, "limit": limit, "doc": doc, "context": context}
    if batch is not None:
        _batch(engine, batch, source, targets, options)
        return
    assert text is not None
    result = engine.lookup(text, source, targets, **options)  # type: ignore[arg-type]
    if as_json:
        print_json(result.as_dict())
    else:
        _print_result(result)


def _batch(engine: Lookup, path: Path, source: str, targets: list[str], options: dict[str, object]) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the queries: {exc}", path) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            result = engine.lookup(line, source, targets, **options)  # type: ignore[arg-type]
        except InputError as exc:
            raise InputError(exc.message, path, number) from None
        sys.stdout.write(json.dumps(result.brief(), ensure_ascii=False) + "\n")


def concordance(
    ctx: typer.Context,
    phrase: Annotated[str, typer.Argument(help="A word or phrase, in its dictionary form.")],
    lang: Annotated[str | None, typer.Option(help="Language to search (default: every language).")] = None,
    limit: Annotated[int, typer.Option(help="Most lines to show.")] = 20,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Show every place a word or phrase occurs, in context, with the aligned translations.

    Russian and Kazakh words are found in all their forms (Назарбаев: Назарбаева, Назарбаевтың).

    Example:

        tm concordance Назарбаев --lang ru
        tm concordance "political persecution" --lang en --limit 5 --json
    """
    tm = get_tm(ctx)
    if lang is not None:
        tm.check_languages([normalize_tag(lang)])
    result = run_concordance(tm, phrase, lang, limit)
    if as_json:
        print_json(result.as_dict())
        return
    if not result.lines:
        console.print("not found")
        return
    width = max(len(line.left) for line in result.lines)
    for line in result.lines:
        console.print(
            f"[dim]{escape(line.doc)}#{line.unit} {line.lang}[/dim]  {escape(line.left.rjust(width))}"
            f"[bold]{escape(line.match)}[/bold]{escape(line.right)}",
            markup=True, soft_wrap=True,
        )
        for lang, text in line.aligned.items():
            console.print(f"    [cyan]{lang}[/cyan] {escape(text)}", markup=True)
    if result.more:
        console.print(f"(more than {len(result.lines)}: raise --limit)")
