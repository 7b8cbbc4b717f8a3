"""`tm align`: print an alignment without storing it."""

from __future__ import annotations

import csv
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tm.cli.output import print_json, warn
from tm.lang import parse_tag_list
from tm.letters import align_files


class AlignFormat(str, Enum):
    tsv = "tsv"
    json = "json"


def align(
    files: Annotated[list[Path], typer.Argument(help="Two or three versions of one text.", metavar="FILE")],
    langs: Annotated[str | None, typer.Option(help="Languages of the files in order, e.g. en,ru,kk.")] = None,
    fmt: Annotated[AlignFormat, typer.Option("--format", help="tsv or json.")] = AlignFormat.tsv,
) -> None:
    """Align two or three language versions and print the units (nothing is stored).

    A file's language comes from --langs or from its name (en.txt, ru.txt, kk.txt).

    Example:

        tm align corpora/ablyazov-duvanov-2/en.txt corpora/ablyazov-duvanov-2/ru.txt --format json
    """
    aligned = align_files(files, parse_tag_list(langs) if langs else None)
    result, out_langs = aligned.alignment, aligned.langs  # printed in the order the user gave
    for w in result.warnings:
        warn(w)
    if fmt is AlignFormat.json:
        print_json(aligned.as_dict())
        return
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*out_langs, "score"])
    for u in result.units:
        writer.writerow([*(u.text(lang) for lang in out_langs), f"{u.score:.3f}"])
