"""A letter's alignment.tsv (checked by a person) on `tm import letter` and `tm build`:
stored exactly, as confirmed units; refused with file:line when the letter changed;
--realign aligns afresh and writes alignment.new.tsv; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.errors import InputError
from tm.letters import import_letter
from tm.store import TM
from tm.store.edit import Editor

from .conftest import sql
from .test_index import actual, expected

DOC = "ablyazov-duvanov-2"


def rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_checked_alignment_is_stored_as_confirmed_units(tm: TM, letter_copy: Path, tmp_path: Path) -> None:
    aligned = TM(f"sqlite:///{tmp_path / 'aligned.db'}")
    import_letter(aligned, letter_copy, realign=True)  # the aligner's output, for comparison
    result = import_letter(tm, letter_copy)
    assert result.checked == letter_copy / "alignment.tsv" and result.result.units == 197
    units = tm.units(DOC)
    assert {u.status for u, _ in units} == {"confirmed"} and {u.score for u, _ in units} == {1.0}
    # this letter's file says what the aligner finds; the texts keep the letter's own spaces
    assert [(v["en"].text, v["kk"].text, u.bead) for u, v in units] == \
        [(v["en"].text, v["kk"].text, u.bead) for u, v in aligned.units(DOC)]
    assert "relation \u00a0and not" in units[114][1]["en"].text  # the letter's own spacing, for QA to report


def test_a_fixed_alignment_is_stored_exactly(tm: TM, letter_copy: Path) -> None:
    path = letter_copy / "alignment.tsv"
    table = rows(path)
    table[22:24] = [[table[22][0]] + [table[22][k] + " " + table[23][k] for k in (1, 2, 3)]]  # units 21, 22 as one
    path.write_text("\n".join("\t".join(r) for r in table) + "\n", encoding="utf-8")
    import_letter(tm, letter_copy)
    units = tm.units(DOC)
    assert len(units) == 196 and units[21][1]["en"].text.startswith("It is unique")
    assert "No resources are being spared." in units[21][1]["en"].text and units[21][0].bead == "3-3-2"
    assert actual(tm) == expected(tm)


def test_a_letter_that_changed_is_refused_where_it_no_longer_fits(tm: TM, run, letter_copy: Path) -> None:
    import_letter(tm, letter_copy)
    before = sql(tm, "SELECT position, status FROM unit ORDER BY position")
    en = letter_copy / "en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("Dear Sergei,", "Dear Sergey,"), encoding="utf-8")
    with pytest.raises(InputError, match=r"alignment.tsv:12: en: the text differs .* '…Sergei,' where the document "
                                         r"has '…Sergey, I would.*import with --realign"):
        import_letter(tm, letter_copy, replace=True)
    result = run("import", "letter", str(letter_copy), "--replace")
    assert result.exit_code == 2 and "alignment.tsv:12" in result.output
    assert sql(tm, "SELECT position, status FROM unit ORDER BY position") == before
    result = run("import", "letter", str(letter_copy), "--replace", "--realign", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)["imported"][0]
    assert report["alignment"] == "aligner" and report["written"] == str(letter_copy / "alignment.new.tsv")
    new = rows(letter_copy / "alignment.new.tsv")
    assert new[0] == ["paragraph", "en", "ru", "kk", "status"] and new[11][1] == "Dear Sergey,"
    assert tm.units(DOC)[10][1]["en"].text == "Dear Sergey,"
    # the aligner's units; those whose texts a person had confirmed and which did not change stay confirmed
    assert [u.position for u, _ in tm.units(DOC) if u.status == "machine"] == [10]
    # the person checks the new file and puts it in place: the next import takes it
    (letter_copy / "alignment.new.tsv").replace(letter_copy / "alignment.tsv")
    assert run("import", "letter", str(letter_copy), "--replace").exit_code == 0
    assert {u.status for u, _ in tm.units(DOC)} == {"confirmed"}


def test_build_stores_the_checked_alignment_and_keeps_approvals(tm: TM, run, letter_copy: Path, tmp_path: Path,
                                                               monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["build", "--corpora", str(letter_copy.parent), "--exports", str(tmp_path / "exports"),
            "--glossaries", str(tmp_path / "none")]
    (tmp_path / "none").mkdir()
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["letters"][0]["alignment"] == str(letter_copy / "alignment.tsv")
    Editor(tm, "ann").set_status(DOC, 7, "approved")
    assert run(*args).exit_code == 0
    statuses = sql(tm, "SELECT status, count(*) FROM unit GROUP BY status ORDER BY status")
    assert statuses == [("approved", 1), ("confirmed", 196)]
    assert sql(tm, "SELECT status, changed_by FROM unit WHERE position = 7") == [("approved", "ann")]
