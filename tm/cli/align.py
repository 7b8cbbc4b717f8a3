"""`tm align`: print an alignment without storing it."""

from __future__ import annotations

import csv
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tm.align import align as align_versions
from tm.cli.output import print_json, warn
from tm.corpus import order_langs, read_text
from tm.errors import InputError, LanguageTagError
from tm.lang import normalize_tag, parse_tag_list
from tm.segment import segment


class AlignFormat(str, Enum):
    tsv = "tsv"
    json = "json"


def _languages(files: list[Path], langs: str | None) -> list[str]:
    if langs:
        tags = parse_tag_list(langs)
        if len(tags) != len(files):
            raise InputError(f"--langs names {len(tags)} languages for {len(files)} files")
        return tags
    tags = []
    for path in files:
        try:
            tags.append(normalize_tag(path.stem))
        except LanguageTagError:
            raise InputError(
                "cannot tell the language from the file name (name it en.txt, ru.txt, kk.txt or give --langs)", path
            ) from None
    if len(set(tags)) != len(tags):
        raise InputError(f"two files have the same language ({', '.join(tags)}); give --langs")
    return tags


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
    if not 2 <= len(files) <= 3:
        raise InputError(f"give two or three files, not {len(files)}")
    tags = _languages(files, langs)
    texts = {tag: read_text(path) for tag, path in zip(tags, files, strict=True)}
    ordered = order_langs(tags)
    result = align_versions({lang: segment(texts[lang], lang) for lang in ordered})
    for w in result.warnings:
        warn(w)
    out_langs = tags  # print in the order the user gave
    if fmt is AlignFormat.json:
        print_json({"units": [{**{lang: u.text(lang) for lang in out_langs}, "score": u.score} for u in result.units]})
        return
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*out_langs, "score"])
    for u in result.units:
        writer.writerow([*(u.text(lang) for lang in out_langs), f"{u.score:.3f}"])
