"""`tm analyze` and `tm pretranslate`: what the TM offers a new letter."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tm.analyze import BANDS, Analysis, Count, analyze as run_analyze, total
from tm.cli.output import JsonOption, console, print_json, progress_bar
from tm.cli.state import get_tm
from tm.errors import InputError
from tm.formats.xliff import VERSIONS, write_xliff
from tm.lang import parse_tag_list
from tm.pretranslate import DEFAULT_MIN, pretranslate as run_pretranslate
from tm.atomic import atomic_write


def _table(title: str, bands: dict[str, Count]) -> list[str]:
    lines = [title, f"  {'band':<12} {'segments':>9} {'words':>8} {'characters':>11}"]
    for name in BANDS:
        c = bands[name]
        lines.append(f"  {name:<12} {c.segments:>9} {c.words:>8} {c.characters:>11}")
    whole = total(bands)
    lines.append(f"  {'total':<12} {whole.segments:>9} {whole.words:>8} {whole.characters:>11}")
    return lines


def _text_report(a: Analysis) -> str:
    lines = _table(f"{a.source} → {', '.join(a.targets)}: {len(a.files)} file(s)", a.bands)
    for t, bands in a.by_target.items():
        if len(a.targets) > 1 and bands != a.bands:  # a target's own figures, where they differ
            lines += _table(f"{a.source} → {t}", bands)
    if len(a.files) > 1:
        for f in a.files:
            lines += _table(f.path, f.bands)
    known = ", ".join(f"{c} ({n})" for c, n in a.glossary.known.items()) or "none"
    unknown = ", ".join(f"{c} ({n})" for c, n in a.glossary.unknown.items()) or "none"
    lines += [f"glossary concepts named: {known}", f"names not in the glossary: {unknown} (tm glossary suggest)"]
    return "\n".join(lines) + "\n"


def _csv_report(a: Analysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "target", "band", "segments", "words", "characters"])
    scopes = [(f.path, f.bands, f.by_target) for f in a.files] + [("total", a.bands, a.by_target)]
    for path, bands, by_target in scopes:
        for target, counts in [("+".join(a.targets), bands), *by_target.items()] if len(a.targets) > 1 else [
            (a.targets[0], bands)
        ]:
            for name in BANDS:
                c = counts[name]
                writer.writerow([path, target, name, c.segments, c.words, c.characters])
    return out.getvalue()


def _html_report(a: Analysis) -> str:
    rows = []
    for name in BANDS:
        cells = "".join(
            f"<td>{bands[name].segments}</td><td>{bands[name].words}</td><td>{bands[name].characters}</td>"
            for bands in [a.bands, *(a.by_target.values() if len(a.targets) > 1 else [])]
        )
        rows.append(f"<tr><th>{name}</th>{cells}</tr>")
    heads = ["all targets" if len(a.targets) > 1 else a.targets[0], *(a.targets if len(a.targets) > 1 else [])]
    head = "".join(f'<th colspan="3">{html.escape(h)}</th>' for h in heads)
    sub = "<th>segments</th><th>words</th><th>characters</th>" * len(heads)
    files = "".join(f"<li>{html.escape(f.path)}</li>" for f in a.files)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>TM analysis</title></head><body>'
        f"<h1>TM analysis: {html.escape(a.source)} → {html.escape(', '.join(a.targets))}</h1><ul>{files}</ul>"
        f"<table><tr><th></th>{head}</tr><tr><th>band</th>{sub}</tr>{''.join(rows)}</table></body></html>\n"
    )


def write_file(path: Path, data: bytes) -> None:
    """``data`` to ``path``, whole or not at all (never over a database: see :mod:`tm.atomic`)."""
    with atomic_write(path, binary=True) as fh:
        fh.write(data)


def analyze(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="New text files (UTF-8, blank lines between paragraphs).",
                                                metavar="FILE...")],
    source: Annotated[str, typer.Option("--from", help="Language of the new text.", metavar="LANG")] = "ru",
    target: Annotated[str, typer.Option("--to", help="Target languages, comma-separated.", metavar="LANGS")] = "en,kk",
    as_json: Annotated[bool, JsonOption] = False,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write the figures as CSV.", metavar="FILE")] = None,
    html_file: Annotated[Path | None, typer.Option("--html", help="Also write an HTML report.", metavar="FILE")] = None,
) -> None:
    """How much of new texts the TM covers, in match bands (segments, words, characters).

    Bands: context, 100, 95-99, 85-94, 75-84, 50-74, no-match, repetitions. A segment seen
    earlier in the analysed files counts as a repetition. Glossary coverage follows.

    Example:

        tm analyze new-letter/ru.txt --from ru --to en,kk
        tm analyze a.txt b.txt --from ru --to en --json > analysis.json
    """
    targets = parse_tag_list(target)
    tm = get_tm(ctx)
    with progress_bar("analysing", 0) as advance:
        result = run_analyze(tm, paths, source, targets, progress=advance)
    if csv_file is not None:
        write_file(csv_file, _csv_report(result).encode("utf-8"))
    if html_file is not None:
        write_file(html_file, _html_report(result).encode("utf-8"))
    if as_json:
        print_json(result.as_dict())
    else:
        console.print(escape(_text_report(result)), end="", highlight=False, soft_wrap=True)


def pretranslate(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The new text (UTF-8, blank lines between paragraphs).", metavar="FILE")],
    out_dir: Annotated[Path, typer.Option("-o", "--output", help="Folder for the drafts.", metavar="DIR")],
    source: Annotated[str, typer.Option("--from", help="Language of the new text.", metavar="LANG")] = "ru",
    target: Annotated[str, typer.Option("--to", help="Target languages, comma-separated.", metavar="LANGS")] = "en",
    min_score: Annotated[float, typer.Option("--min", help="Lowest match score used, in percent.", metavar="N")] = (
        DEFAULT_MIN
    ),
    xliff: Annotated[str, typer.Option("--xliff", help="XLIFF version: 1.2 or 2.0.", metavar="1.2|2.0")] = "1.2",
    fmt: Annotated[str, typer.Option("--format", help="xliff, or txt for plain drafts.", metavar="xliff|txt")] = "xliff",
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Pre-translate a new text from the TM: one XLIFF (or text) file per target language.

    Exact and context matches are filled as translated; fuzzy ones at or above --min as
    needs-review, repaired where only names and numbers differ. Other candidates go to
    alt-trans, the glossary's terms and the third language to notes.

    Example:

        tm pretranslate new-letter/ru.txt --from ru --to en,kk -o drafts/
        tm pretranslate new-letter/ru.txt --from ru --to en -o drafts/ --format txt
    """
    if fmt not in ("xliff", "txt"):
        raise InputError(f"unknown --format '{fmt}' (use xliff or txt)")
    if xliff not in VERSIONS:
        raise InputError(f"unknown --xliff version '{xliff}' (use {' or '.join(VERSIONS)})")
    if not 0 <= min_score <= 100:
        raise InputError(f"--min must be between 0 and 100, not {min_score:g}")
    if not out_dir.is_dir():
        raise InputError("no such folder", out_dir)
    drafts = run_pretranslate(get_tm(ctx), path, source, parse_tag_list(target), min_score)
    written = []
    for d in drafts:
        suffix = "txt" if fmt == "txt" else "xlf"
        out = out_dir / f"{path.stem}.{d.target}.{suffix}"
        write_file(out, d.text().encode("utf-8") if fmt == "txt" else write_xliff(d.document, xliff))
        exact = sum(1 for s in d.document.segments if s.qualifier == "exact-match")
        written.append({"path": str(out), "target": d.target, "segments": len(d.document.segments),
                        "translated": d.translated, "exact": exact, "fuzzy": d.translated - exact})
    if as_json:
        print_json({"drafts": written})
        return
    for w in written:
        console.print(
            f"wrote {escape(w['path'])}: {w['translated']} of {w['segments']} segments pre-translated "
            f"({w['exact']} exact, {w['fuzzy']} fuzzy)", highlight=False, soft_wrap=True,
        )
