"""A unit named on a command line: ``DOC#N`` as every output prints it, or ``DOC N``
(tm.units.unit_from_args, the one reading of both), and the ``tm unit`` commands that take it."""

from __future__ import annotations

import json

import pytest

from tm.errors import InputError
from tm.units import one_unit_from_args, parse_unit_ref, unit_from_args, unit_ref

DOC = "ablyazov-duvanov-2"

GOOD = [
    # (DOC argument, N argument) -> (doc id, unit)
    (("ablyazov-duvanov-2#30", None), ("ablyazov-duvanov-2", 30)),
    (("ablyazov-duvanov-2", "30"), ("ablyazov-duvanov-2", 30)),
    (("letter.v2#0", None), ("letter.v2", 0)),
    (("my_letter-1.b#7", None), ("my_letter-1.b", 7)),
    (("my_letter-1.b", "7"), ("my_letter-1.b", 7)),
    (("d#007", None), ("d", 7)),
    ((" d#3 ", None), ("d", 3)),
    (("d", " 4 "), ("d", 4)),
    (("d", None), ("d", None)),  # the whole document: 'tm unit restore DOC --all', 'tm show DOC'
]


@pytest.mark.parametrize(("args", "wanted"), GOOD, ids=[" ".join(a for a in args if a) for args, _ in GOOD])
def test_a_unit_is_read_from_either_form(args: tuple[str, str | None], wanted: tuple[str, int | None]) -> None:
    assert unit_from_args(*args) == wanted


@pytest.mark.parametrize("doc", ["ablyazov-duvanov-2", "a.b_c-d", "0"])
@pytest.mark.parametrize("position", [0, 1, 196, 10**6])
def test_reading_a_printed_reference_gives_back_what_was_printed(doc: str, position: int) -> None:
    assert parse_unit_ref(unit_ref(doc, position)) == (doc, position)
    assert one_unit_from_args(unit_ref(doc, position), None) == (doc, position)


BAD = [
    # (DOC argument, N argument) -> what the one-line error names
    (("d#x", None), "unit number 'x' in 'd#x' is not a whole number: write DOC#N"),
    (("d#-1", None), "unit number '-1' in 'd#-1' is not a whole number: write DOC#N"),
    (("d#1.5", None), "unit number '1.5' in 'd#1.5' is not a whole number: write DOC#N"),
    (("d#\u0663", None), "is not a whole number"),  # an Arabic-Indic digit, which int() would read
    (("d#\u00b2", None), "is not a whole number"),  # a superscript two, which str.isdigit() passes
    (("d", "x"), "unit number 'x' is not a whole number"),
    (("d", "-2"), "unit number '-2' is not a whole number"),
    (("d#", None), "'d#' has no unit number after '#'"),
    (("d#", "3"), "'d#' has no unit number after '#'"),
    (("#3", None), "document id '' is not a slug"),
    (("Letter#3", None), "document id 'Letter' is not a slug"),
    (("a#b#3", None), "document id 'a#b' is not a slug"),
    (("d#3", "4"), r"'d#3' and '4' give the unit number twice \(two different units\)"),
    (("d#3", "3"), r"'d#3' and '3' give the unit number twice \(the same unit\)"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a for a in args if a) for args, _ in BAD])
def test_a_bad_unit_is_one_input_error_naming_what_is_wrong(args: tuple[str, str | None], message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        unit_from_args(*args)
    assert "\n" not in str(raised.value)


def test_a_command_that_needs_a_unit_refuses_a_bare_document() -> None:
    with pytest.raises(InputError, match=r"which unit of 'd'\? write DOC#N or DOC N"):
        one_unit_from_args("d", None)


# -- the commands -------------------------------------------------------------------------------


@pytest.fixture
def imported(run, letter_copy, monkeypatch):
    monkeypatch.setenv("TM_USER", "carol")
    assert run("import", "letter", str(letter_copy)).exit_code == 0
    return run


def test_every_unit_command_takes_the_reference_tm_prints(imported) -> None:
    run = imported
    ref = json.loads(run("show", DOC, "--json").output)["units"][12]["ref"]  # what a translator copies
    assert ref == f"{DOC}#12"
    edited = run("unit", "edit", ref, "--lang", "en", "--text", "Twelve, edited.")
    assert edited.exit_code == 0 and edited.output.startswith(f"{ref}: edit, now version 2")
    assert run("unit", "status", ref, "approved").exit_code == 0
    assert run("unit", "status", DOC, "12", "confirmed").exit_code == 0  # the two-word form still works
    history = json.loads(run("unit", "history", ref, "--json").output)
    assert (history["doc"], history["unit"]) == (DOC, 12)
    assert [v["op"] for v in history["versions"]] == ["import", "edit", "status", "status"]
    assert run("unit", "history", ref).output.splitlines()[0] == ref
    assert run("unit", "revert", ref, "--to", "1").exit_code == 0
    assert json.loads(run("show", ref, "--json").output)["units"][0]["version"] == 5
    assert run("unit", "delete", ref).exit_code == 0
    assert [u["unit"] for u in json.loads(run("show", DOC, "--json").output)["units"]].count(12) == 0
    assert run("unit", "restore", ref).exit_code == 0
    shown = json.loads(run("show", ref, "--json").output)["units"][0]
    assert (shown["unit"], shown["version"]) == (12, 7)
    assert shown["en"] == json.loads(run("unit", "history", DOC, "12", "--json").output)["versions"][0]["texts"]["en"]


@pytest.mark.parametrize(("args", "message"), [
    (["unit", "edit", f"{DOC}#12", "13", "--lang", "en", "--text", "x"], "give the unit number twice"),
    (["unit", "edit", f"{DOC}#12", "12", "--lang", "en", "--text", "x"], "give the unit number twice"),
    (["unit", "edit", f"{DOC}#", "--lang", "en", "--text", "x"], "has no unit number after '#'"),
    (["unit", "edit", DOC, "--lang", "en", "--text", "x"], "which unit of"),
    (["unit", "delete", f"{DOC}#twelve"], "unit number 'twelve'"),
    (["unit", "history", DOC, "1x"], "unit number '1x' is not a whole number"),
    (["unit", "status", DOC, "12"], "give a unit and a STATUS"),
    (["unit", "status", f"{DOC}#12", "12", "approved"], "give the unit number twice"),
    (["unit", "restore", f"{DOC}#12", "--all"], "or --all, not both"),
    (["unit", "revert", f"{DOC}#999"], "no unit 999"),
], ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_a_bad_unit_on_the_command_line_is_one_line_and_exit_2(imported, args: list[str], message: str) -> None:
    result = imported(*args)
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert json.loads(imported("show", f"{DOC}#12", "--json").output)["units"][0]["version"] == 1  # nothing changed


def test_the_help_shows_both_forms() -> None:
    from typer.testing import CliRunner

    from tm.cli import app

    for command in ("edit", "status", "delete", "revert", "history", "restore"):
        text = CliRunner().invoke(app, ["unit", command, "--help"]).output
        usage = text.splitlines()[0]
        assert "DOC[#N] [N]" in usage, usage
        assert f"tm unit {command} {DOC}#12" in text, command
    assert CliRunner().invoke(app, ["unit", "status", "--help"]).output.splitlines()[0].endswith("DOC[#N] [N] STATUS")
