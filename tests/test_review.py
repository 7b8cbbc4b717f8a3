"""Alignment review through a file (tm review export / apply), on SQLite and PostgreSQL:
the round trip, moves, merges and splits, every refusal (file:line, language, what
differs, exit 2, TM unchanged), partial files of unsure units, and the index after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.errors import InputError
from tm.letters import import_letter
from tm.lookup import Lookup
from tm.review import apply_review, export_review
from tm.store import TM, DocumentData, UnitData, VariantData
from tm.store.edit import Editor

from .conftest import sql
from .test_index import actual, expected

DOC = "ablyazov-duvanov-2"


def state(tm: TM, doc: str = DOC) -> list[tuple]:
    return [(u.position, u.status, u.version, tuple(sorted((k, x.text) for k, x in v.items())))
            for u, v in tm.units(doc)]


def lines_of(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def exported(tm: TM, letter_copy: Path, tmp_path: Path) -> Path:
    import_letter(tm, letter_copy, realign=True)  # the aligner's units (machine), not the checked alignment.tsv
    out = tmp_path / "review.tsv"
    export_review(tm, DOC, out)
    return out


def test_the_export_is_the_corpus_format_and_an_unchanged_file_confirms_every_unit(tm: TM, exported: Path) -> None:
    rows = lines_of(exported)
    assert rows[0] == ["paragraph", "en", "ru", "kk", "status"] and len(rows) == 198
    assert rows[13][1].startswith("Among our people") and rows[13][4] == "machine"
    before = state(tm)
    result = apply_review(tm, DOC, exported, user="rita")
    assert (result.units_before, result.units_after, result.kept, result.first_renumbered) == (197, 197, 197, None)
    after = state(tm)
    assert [(p, t) for p, _, _, t in after] == [(p, t) for p, _, _, t in before]
    assert {s for _, s, _, _ in after} == {"confirmed"}
    assert sql(tm, "SELECT DISTINCT changed_by FROM unit") == [("rita",)]


def test_moving_a_sentence_merging_and_splitting_rows(tm: TM, exported: Path) -> None:
    rows = lines_of(exported)
    # unit 12 (line 14): its English moves to the row below, leaving the cell empty
    rows[14][1], rows[13][1] = rows[13][1] + " " + rows[14][1], ""
    # units 21 and 22 merged into one row
    merged = [rows[22][0]] + [rows[22][k] + " " + rows[23][k] for k in (1, 2, 3)] + ["approved"]
    rows[22:24] = [merged]
    apply = apply_review(tm, DOC, write(exported, rows), user="rita")
    assert (apply.units_after, apply.first_renumbered) == (196, 21)  # a move keeps the numbers, a merge not
    units = tm.units(DOC)
    assert units[12][1]["en"].text == "" and units[13][1]["en"].text.startswith("Among our people")
    assert units[13][1]["en"].text.endswith(rows[14][1][-20:])
    assert units[21][0].status == "approved" and units[21][0].bead == "3-3-2"  # sentences per language
    assert units[21][1]["en"].text.startswith("It is unique") and units[22][1]["en"].text.startswith("From my own")
    assert actual(tm) == expected(tm)  # the lookup index holds the new units, and only them
    found = Lookup(TM(tm.url), glossary=False).lookup(units[21][1]["en"].text, "en", ["ru"])
    assert found.matches[0].score == 100.0 and found.matches[0].unit == 21
    # split the merged row back into two
    export_review(tm, DOC, exported)
    rows = lines_of(exported)
    first, second = rows[22], list(rows[22])
    en = first[1].split(". ", 1)
    first[1], second[1] = en[0] + ".", en[1]
    first[2] = first[3] = ""
    rows[22:23] = [first, second]
    assert apply_review(tm, DOC, write(exported, rows)).units_after == 197


@pytest.mark.parametrize("damage, message", [
    (lambda r: r[11].__setitem__(1, r[11][1].replace("Dear", "My dear")), r":12: en: the text differs .* 'My dear"),
    (lambda r: r[11].__setitem__(2, r[11][2].replace("Уважаемый ", "")), r":12: ru: the text differs"),
    (lambda r: (r.__setitem__(5, r[6][:]), r.__setitem__(6, r[5][:])), r":6: en: the text differs"),
    (lambda r: r.pop(), r":198: en: the document's text goes on after the last row: '…Respectfully, Mukhtar Ablyazov' is missing"),
    (lambda r: r[7].append("x"), r":8: 6 columns, the header has 5"),
    (lambda r: r[7].__setitem__(0, "two"), r":8: paragraph 'two' is not a number"),
    (lambda r: r[7].__setitem__(4, "done"), r":8: unknown status 'done'"),
    (lambda r: r[0].__setitem__(3, "de"), r":1: the columns are en, ru, de"),
])
def test_a_file_that_loses_adds_or_reorders_text_is_refused_and_changes_nothing(
    tm: TM, exported: Path, run, damage, message,
) -> None:
    rows = lines_of(exported)
    damage(rows)
    write(exported, rows)
    before = state(tm)
    with pytest.raises(InputError, match=str(exported).replace("\\", "\\\\") + message):
        apply_review(tm, DOC, exported)
    result = run("review", "apply", DOC, str(exported))
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "Traceback" not in result.output
    assert state(tm) == before


def unsure_doc(tm: TM) -> None:
    pairs = [("One.", "Один."), ("Two.", "Два."), ("Three.", "Три."), ("Four.", "Четыре."), ("Five.", "Пять."),
             ("Six.", "Шесть."), ("Seven.", "Семь.")]
    units = [UnitData({"en": VariantData(en), "ru": VariantData(ru)}, score=0.2 if k == 3 else 1.0)
             for k, (en, ru) in enumerate(pairs)]
    tm.import_documents([(DocumentData(id="u"), ["en", "ru"], units)])


def test_only_unsure_writes_stretches_around_them_and_apply_changes_only_those(tm: TM, tmp_path: Path) -> None:
    unsure_doc(tm)
    Editor(tm, "ed").set_status("u", 6, "approved")
    out = tmp_path / "unsure.tsv"
    _, n = export_review(tm, "u", out, only_unsure=True)
    assert n == 3 and out.read_text(encoding="utf-8").splitlines()[1] == "# units 2-4"
    rows = lines_of(out)
    rows[3][2], rows[4][2] = "", rows[3][2] + " " + rows[4][2]  # "Четыре." moves down a row
    write(out, rows)
    result = apply_review(tm, "u", out)
    assert (result.units_after, result.first_renumbered) == (7, None)
    assert [(u.position, v["ru"].text, u.status) for u, v in tm.units("u")][2:] == [
        (2, "Три.", "confirmed"), (3, "", "confirmed"), (4, "Четыре. Пять.", "confirmed"), (5, "Шесть.", "machine"),
        (6, "Семь.", "approved")]
    assert [v.op for v in Editor(tm).history("u", 6)] == ["import", "status"]
    rows[1] = ["# units 2-9"]
    with pytest.raises(InputError, match=r":2: units 2-9: u has units 0 to 6"):
        apply_review(tm, "u", write(out, rows))


def test_the_cli_export_to_stdout_and_apply(tm: TM, run, letter_copy: Path, tmp_path: Path) -> None:
    assert run("import", "letter", str(letter_copy)).exit_code == 0
    printed = run("review", "export", DOC).output
    assert printed.splitlines()[0] == "paragraph\ten\tru\tkk\tstatus" and len(printed.splitlines()) == 198
    path = tmp_path / "r.tsv"
    path.write_text(printed, encoding="utf-8")
    result = run("review", "apply", DOC, str(path), "--json", "--user", "rita")
    assert json.loads(result.output)["kept"] == 197
    assert json.loads(run("show", DOC, "--json").output)["units"][0]["status"] == "confirmed"


def test_an_edit_between_reading_and_writing_the_review_refuses_it(tm: TM, exported: Path, monkeypatch) -> None:
    """The document is read, then rewritten in a second transaction: a unit changed in
    between (here by an edit run at that moment) makes the apply refuse, naming it."""
    import tm.review as review

    real = review.stored_units

    def read_then_someone_edits(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        found = real(*args, **kwargs)
        Editor(TM(tm.url), "zoe").edit(DOC, 30, "en", "Zoe's text.")
        return found

    monkeypatch.setattr(review, "stored_units", read_then_someone_edits)
    with pytest.raises(Exception, match=r"was changed while the review was applied \(unit 30 by zoe\)"):
        apply_review(tm, DOC, exported)
    assert tm.units(DOC)[30][1]["en"].text == "Zoe's text." and tm.units(DOC)[30][0].version == 2
