"""`tm glossary ...`: the termbase of names and terms, and its check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tm.cli.output import JsonOption, console, plural, print_json
from tm.cli.state import get_tm
from tm.glossary import ConceptData, save_concepts
from tm.qa.glossary_check import check_tm, summarize
from tm.glossary.formats import BY_NAME
from tm.glossary.formats.table import parse_case
from tm.glossary.project import (
    GLOSSARY_FOLDER, GlossaryCount, add_concept, export_file, import_file, list_concepts, project_file, remove_concepts,
)
from tm.glossary.records import GlossaryError, Status, TermData, parse_lang, parse_type
from tm.glossary.suggest import Suggestion, suggest_for
from tm.qa.findings import Severity

app = typer.Typer(help="The glossary of names and terms (en, ru, kk).", no_args_is_help=True)


def _counted(count: GlossaryCount) -> str:
    return f"{plural(count.concepts, 'concept')}, {plural(count.terms, 'term')}"


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A TBX (v2 or v3), TSV, CSV or TOML glossary; the format is detected.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Add the concepts of a glossary file to the TM (same id: replaced). All or nothing.

    Example:

        tm glossary import termbase.tbx
        tm glossary import names.tsv --json
    """
    count = import_file(get_tm(ctx), file)
    if as_json:
        print_json({"file": str(file), **count.as_dict()})
        return
    console.print(f"imported {_counted(count)} from {file}", highlight=False)


@app.command("export")
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write; the extension picks the format (.tbx .tsv .csv .toml).")],
    fmt: Annotated[
        str | None, typer.Option("--format", help=f"Override the extension: {', '.join(BY_NAME)} (tbx3 = TBX v3).",
                                  metavar="|".join(BY_NAME))
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write over an existing SQLite file (never the TM's own).")
    ] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Write the TM's glossary to a file (.tbx is TBX-Basic v2; --format tbx3 for v3).

    Example:

        tm glossary export termbase.tbx
        tm glossary export termbase-v3.tbx --format tbx3
    """
    count, written = export_file(get_tm(ctx), file, fmt, force)
    if as_json:
        print_json({"file": str(file), "format": written, **count.as_dict()})
        return
    console.print(f"wrote {_counted(count)} to {file} ({written})", highlight=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option(help="Only terms in this language, e.g. kk.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Only concepts of this type (person, place, ...).")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """List the glossary's concepts with their preferred, admitted and forbidden terms.

    Example:

        tm glossary list --type person --lang en
        tm glossary list --json
    """
    wanted_type = parse_type(type_) if type_ else None
    wanted_lang = parse_lang(lang) if lang else None
    concepts = list_concepts(get_tm(ctx), wanted_type, wanted_lang)
    if as_json:
        print_json({"concepts": [c.as_dict() for c in concepts]})
        return
    table = Table("concept", "type", "lang", "preferred", "admitted", "forbidden", box=None)
    for c in concepts:
        for i, language in enumerate(c.langs):
            cells = [", ".join(t.text for t in c.terms_in(language, status)) for status in Status]
            table.add_row(c.id if i == 0 else "", c.type.value if i == 0 else "", language, *cells)
    console.print(table)
    console.print(f"{plural(len(concepts), 'concept')}", highlight=False)


def _pairs(values: list[str], status: Status) -> list[TermData]:
    terms = []
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not text.strip():
            raise GlossaryError(f"'{value}': give a term as LANG=TEXT, e.g. kk=Назарбаев")
        terms.append(TermData(parse_lang(lang), text.strip(), status))
    return terms


@app.command("add")
def add(
    ctx: typer.Context,
    concept: Annotated[str, typer.Argument(help="Concept id (a slug).", metavar="ID")],
    term: Annotated[list[str] | None, typer.Option("--term", help="Preferred term LANG=TEXT (once per language).",
                                                   metavar="LANG=TEXT")] = None,
    admitted: Annotated[list[str] | None, typer.Option("--admitted", help="Admitted variant LANG=TEXT.",
                                                       metavar="LANG=TEXT")] = None,
    forbidden: Annotated[list[str] | None, typer.Option("--forbidden", help="Forbidden variant LANG=TEXT.",
                                                        metavar="LANG=TEXT")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="person, place, organisation, media or term.",
                                              metavar="TYPE")] = None,
    note: Annotated[str | None, typer.Option(help="A note for translators.", metavar="TEXT")] = None,
    case: Annotated[str, typer.Option(help="sensitive or insensitive (default: names sensitive, terms not).",
                                      metavar="CASE")] = "",
    scheme: Annotated[str | None, typer.Option(help="Romanization of the Latin preferred form, e.g. bgn-pcgn.",
                                               metavar="SCHEME")] = None,
    replace_: Annotated[bool, typer.Option("--replace", help="Redefine the concept instead of adding to it.")] = False,
    file: Annotated[Path | None, typer.Option("--file", help="Glossary TOML file to write the concept to "
                                              "(default in a project: its file in glossaries/).", metavar="FILE")] = None,
    no_file: Annotated[bool, typer.Option("--no-file", help="Change the TM only, not the project's files.")] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Add a concept, or terms to an existing concept (--replace redefines it).

    In a project (a glossaries/ folder here) the concept is also written to its file there,
    every other line kept, so that the next tm build keeps it.

    Example:

        tm glossary add nazarbayev --type person --term en="Nursultan Nazarbayev" --term ru="Нурсултан Назарбаев"
        tm glossary add nazarbayev --forbidden en=Nazarbaev
    """
    ctype = parse_type(type_ or "term")
    terms = _pairs(term or [], Status.preferred) + _pairs(admitted or [], Status.admitted)
    terms += _pairs(forbidden or [], Status.forbidden)
    if not terms:
        raise GlossaryError("give at least one --term, --admitted or --forbidden")
    c = ConceptData(
        id=concept, type=ctype, terms=tuple(terms), note=note, scheme=scheme,
        case_sensitive=parse_case(case, ctype, Path("--case"), None),
    )
    target = file
    if target is None and not no_file and GLOSSARY_FOLDER.is_dir():
        target = project_file(c, GLOSSARY_FOLDER)
    done = add_concept(get_tm(ctx), c, replace_concept_=replace_, type_given=type_ is not None, file=target)
    if as_json:
        print_json({**done.concept.as_dict(), "added": len(done.added), "replaced": replace_ and done.before is not None,
                    "file": str(done.file) if done.file else None})
        return
    where = f" ({done.file})" if done.file else ""
    if done.before is None:
        message = f"added {done.concept.id}: {plural(len(done.concept.terms), 'term')}"
    elif replace_:
        message = (f"replaced {done.concept.id} (was {done.before.type.value}, {plural(len(done.before.terms), 'term')}): "
                   f"now {done.concept.type.value}, {plural(len(done.concept.terms), 'term')}")
    else:
        message = f"added {plural(len(done.added), 'term')} to {done.concept.id} (now {len(done.concept.terms)})"
    console.print(escape(message + where), highlight=False, soft_wrap=True)


@app.command("remove")
def remove(
    ctx: typer.Context,
    concepts: Annotated[list[str], typer.Argument(help="Concept ids.", metavar="ID...")],
) -> None:
    """Remove concepts from the TM's glossary (those a project file defines: edit the file).

    Example:

        tm glossary remove lukpan-akhmedyarov
    """
    removed = remove_concepts(get_tm(ctx), concepts)
    console.print(escape(f"removed {', '.join(removed)}"), highlight=False, soft_wrap=True)


@app.command("check")
def check(
    ctx: typer.Context,
    doc: Annotated[str | None, typer.Option(help="Only this document.")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Check the TM against the glossary: missing renderings and forbidden variants.

    Exit status 1 when an error-level finding (a forbidden variant) exists, 0 otherwise.

    Example:

        tm glossary check
        tm glossary check --doc ablyazov-duvanov-2 --json
    """
    tm = get_tm(ctx)
    findings = check_tm(tm, doc)
    summary = summarize(findings)
    if as_json:
        print_json({"findings": [f.as_dict() for f in findings], "summary": summary})
    else:
        for f in findings:
            console.print(f"{f.doc}#{f.unit} {f.severity.value} {f.code} [{f.lang}] {f.message}",
                          highlight=False, markup=False, soft_wrap=True)
        console.print(f"{plural(len(findings), 'finding')}", highlight=False)
    if any(f.severity is Severity.error for f in findings):
        raise typer.Exit(1)


def _suggestion_line(rank: int, s: Suggestion) -> str:
    p = s.proposal
    forms = " | ".join(
        f"{lang} {'~' if lang in p.unattested else ''}{p.preferred[lang]}" for lang in ("en", "ru", "kk")
        if lang in p.preferred
    )
    return f"{rank}. {s.type or '?'} {s.confidence:.2f}  {forms}  ({plural(s.occurrences, 'occurrence')})"


@app.command("suggest")
def suggest(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="With --files: plain-text letters.", show_default=False, metavar="PATH")] = None,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only this document (repeat for more).")] = None,
    files: Annotated[bool, typer.Option("--files", help="Read the PATH arguments as plain-text letters "
                                        "(language from the name, ru.txt or letter.kk.txt, else from the letters).")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the suggestions as a draft "
                                                "glossary (TOML) for tm glossary import.")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Suggest glossary concepts for the names in the letters that the glossary does not cover.

    Names are paired across en, ru and kk through the aligned units; a form no letter
    attests is proposed by transliteration and marked ~ (unattested).

    Example:

        tm glossary suggest
        tm glossary suggest --files new-letter/ru.txt -o draft.toml
        tm glossary suggest --doc ablyazov-duvanov-2 --json
    """
    if paths and not files:
        raise GlossaryError(f"'{paths[0]}': to read plain-text letters, give --files")
    if files and not paths:
        raise GlossaryError("--files needs at least one PATH")
    result = suggest_for(get_tm(ctx), doc or (), paths or (), output)
    if as_json:
        print_json(result.as_dict())
        return
    for rank, s in enumerate(result.suggestions, start=1):
        console.print(_suggestion_line(rank, s), highlight=False, markup=False, soft_wrap=True)
    summary = f"{plural(len(result.suggestions), 'suggestion')} from {plural(result.units, 'unit')}"
    if result.draft is not None:
        summary += f"; draft {result.draft} ({plural(result.drafted, 'concept')}): review it, then tm glossary import {result.draft}"
    console.print(summary, highlight=False, markup=False, soft_wrap=True)


__all__ = ["app"]
