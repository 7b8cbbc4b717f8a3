"""Changing units by hand (tm unit edit/status/delete/revert/restore, tm delete): the
unit's status, version and provenance, its history, and the lookup index, on SQLite and
PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tm.errors import Conflict, InputError, NotFound
from tm.letters import import_letter
from tm.lookup import Lookup
from tm.store import TM, DocumentData, UnitData, VariantData, schema
from tm.store.edit import Editor

from .conftest import sql
from .test_index import actual, expected

DOC = "ablyazov-duvanov-2"


def two(tm: TM, doc: str = "d") -> None:
    tm.import_documents([(DocumentData(id=doc), ["en", "ru"], [
        UnitData({"en": VariantData("The court refused the claim."), "ru": VariantData("Суд отклонил иск.")}),
        UnitData({"en": VariantData("I left London for good."), "ru": VariantData("Я навсегда уехал из Лондона.")}),
        UnitData({"en": VariantData("The bank filed a new claim."), "ru": VariantData("Банк подал новый иск.")}),
    ])], user="importer")


def texts(tm: TM, doc: str = "d") -> list[tuple[int, str, str, int]]:
    return [(u.position, v["en"].text, u.status, u.version) for u, v in tm.units(doc)]


def test_an_import_records_who_and_starts_at_version_one_machine(tm: TM) -> None:
    two(tm)
    assert sql(tm, "SELECT DISTINCT status, version, created_by, changed_by FROM unit") == \
        [("machine", 1, "importer", "importer")]


def test_an_edit_changes_the_text_status_version_and_index(tm: TM) -> None:
    two(tm)
    change = Editor(tm, "alice").edit("d", 1, "en", "  I left  London forever. ")
    assert (change.version, change.status, change.op) == (2, "confirmed", "edit")
    assert texts(tm)[1] == (1, "I left London forever.", "confirmed", 2)
    assert sql(tm, "SELECT changed_by, created_by FROM unit WHERE position = 1") == [("alice", "importer")]
    assert actual(tm) == expected(tm)  # the index holds exactly the variants as they are now
    found = Lookup(TM(tm.url), glossary=False).lookup("I left London forever.", "en", ["ru"])
    assert found.matches[0].score == 100.0 and found.matches[0].unit == 1
    old = Lookup(TM(tm.url), glossary=False).lookup("I left London for good.", "en", ["ru"])
    assert all(m.score < 100 for m in old.matches)


def test_the_history_keeps_every_version_and_revert_brings_one_back(tm: TM) -> None:
    two(tm)
    ed = Editor(tm, "alice")
    ed.edit("d", 0, "ru", "Суд отказал в иске.")
    Editor(tm, "bob").set_status("d", 0, "approved")
    versions = ed.history("d", 0)
    assert [(v.version, v.op, v.status, v.changed_by) for v in versions] == [
        (1, "import", "machine", "importer"), (2, "edit", "confirmed", "alice"), (3, "status", "approved", "bob")]
    assert versions[0].texts["ru"] == "Суд отклонил иск." and versions[2].texts["ru"] == "Суд отказал в иске."
    change = ed.revert("d", 0, to=1)
    assert (change.version, change.status) == (4, "machine")
    assert [(u.position, v["ru"].text) for u, v in tm.units("d")][0] == (0, "Суд отклонил иск.")
    assert actual(tm) == expected(tm)
    with pytest.raises(InputError, match="no earlier version 9"):
        ed.revert("d", 0, to=9)


def test_delete_keeps_the_numbers_and_restore_brings_the_unit_back(tm: TM) -> None:
    two(tm)
    ed = Editor(tm, "alice")
    ed.edit("d", 1, "en", "A text a person wrote.")
    Editor(tm, "bob").delete("d", 1)
    assert [u.position for u, _ in tm.units("d")] == [0, 2]
    assert actual(tm) == expected(tm)
    with pytest.raises(NotFound, match="unit d#1 was deleted by bob"):
        ed.edit("d", 1, "en", "x")
    [gone] = ed.deleted("d")
    assert (gone.position, gone.op, gone.changed_by, gone.texts["en"]) == (1, "delete", "bob", "A text a person wrote.")
    restored = ed.restore("d", 1)
    assert (restored.position, restored.version, restored.status) == (1, 4, "confirmed")
    assert texts(tm)[1] == (1, "A text a person wrote.", "confirmed", 4)
    assert [v.op for v in ed.history("d", 1)] == ["import", "edit", "delete", "restore"]
    assert ed.deleted("d") == []
    assert actual(tm) == expected(tm)


def test_a_deleted_document_is_listed_and_restored_whole(tm: TM) -> None:
    two(tm)
    two(tm, "other")
    ed = Editor(tm, "alice")
    ed.set_status("d", 2, "approved")
    before = texts(tm)
    assert ed.delete_document("d") == 3
    assert [d.id for d in tm.documents()] == ["other"]
    assert len(ed.deleted("d")) == 3
    assert [c.position for c in ed.restore_all("d")] == [0, 1, 2]
    assert [(p, t, s) for p, t, s, _ in texts(tm)] == [(p, t, s) for p, t, s, _ in before]
    assert tm.document("d").langs == ["en", "ru"]
    assert actual(tm) == expected(tm)


def test_a_write_based_on_an_old_version_is_refused_naming_who_changed_it(tm: TM) -> None:
    two(tm)
    Editor(tm, "alice").edit("d", 0, "en", "Alice's text.", expected=1)
    with pytest.raises(Conflict, match=r"unit d#0 was changed by alice at .* \(now version 2\) after you read "
                                       r"version 1; your change was not stored"):
        Editor(tm, "bob").edit("d", 0, "en", "Bob's text.", expected=1)
    assert texts(tm)[0] == (0, "Alice's text.", "confirmed", 2)


def test_bad_input_is_refused_and_changes_nothing(tm: TM) -> None:
    two(tm)
    ed = Editor(tm, "alice")
    with pytest.raises(InputError, match="has no language 'kk'"):
        ed.edit("d", 0, "kk", "x")
    with pytest.raises(InputError, match="unknown status 'done'"):
        ed.set_status("d", 0, "done")
    with pytest.raises(NotFound, match=r"no unit 7 in d \(units 0 to 2\)"):
        ed.delete("d", 7)
    with pytest.raises(NotFound, match="no document 'x'"):
        ed.delete("x", 0)
    assert sql(tm, "SELECT count(*) FROM unit_history") == [(0,)]
    assert {v for _, _, _, v in texts(tm)} == {1}


def test_the_cli_round_trip(tm: TM, run, letter_copy, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TM_USER", "carol")
    assert run("import", "letter", str(letter_copy)).exit_code == 0
    result = run("unit", "edit", DOC, "5", "--lang", "en", "--text", "Dear Sergey,")
    assert result.exit_code == 0 and "now version 2 (confirmed)" in result.output
    note = tmp_path / "ru.txt"
    note.write_text("Дорогой Сергей!\n", encoding="utf-8")
    assert run("unit", "edit", DOC, "5", "--lang", "ru", "--file", str(note), "--user", "dan").exit_code == 0
    assert run("unit", "status", DOC, "5", "approved").exit_code == 0
    shown = json.loads(run("show", DOC, "--json").output)["units"][5]
    assert (shown["status"], shown["version"], shown["en"], shown["ru"]) == ("approved", 4, "Dear Sergey,",
                                                                            "Дорогой Сергей!")
    history = json.loads(run("unit", "history", DOC, "5", "--json").output)["versions"]
    assert [(v["op"], v["by"]) for v in history] == [("import", "carol"), ("edit", "carol"), ("edit", "dan"),
                                                     ("status", "carol")]
    refused = run("unit", "edit", DOC, "5", "--lang", "en", "--text", "x", "--expect-version", "2")
    assert refused.exit_code == 2 and "changed by carol" in refused.output
    assert run("unit", "delete", DOC, "5").exit_code == 0
    assert "no unit 5" not in run("show", DOC).output
    assert json.loads(run("unit", "deleted", DOC, "--json").output)["deleted"][0]["unit"] == 5
    assert run("unit", "restore", DOC, "5").exit_code == 0
    assert json.loads(run("show", DOC, "--json").output)["units"][5]["en"] == "Dear Sergey,"
    assert run("delete", DOC).exit_code == 0
    assert run("unit", "restore", DOC, "--all").exit_code == 0
    assert len(json.loads(run("show", DOC, "--json").output)["units"]) == 197


def test_the_editor_gives_the_text_when_neither_text_nor_file_is_given(tm: TM, run, tmp_path, monkeypatch) -> None:
    two(tm)
    script = tmp_path / "ed.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "p.write_text(p.read_text(encoding='utf-8').replace('claim', 'case'), encoding='utf-8')\n")
    import sys

    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert run("unit", "edit", "d", "0", "--lang", "en").exit_code == 0
    assert texts(tm)[0][1] == "The court refused the case."


def test_a_replace_keeps_confirmed_units_whose_texts_did_not_change(tm: TM, letter_copy) -> None:
    import_letter(tm, letter_copy, realign=True)  # the aligner's units, machine
    ed = Editor(tm, "alice")
    ed.set_status(DOC, 3, "approved")
    ed.edit(DOC, 4, "en", "A sentence no aligner will make again.")
    import_letter(tm, letter_copy, replace=True, realign=True)
    by_position = {u.position: u for u, _ in tm.units(DOC)}
    assert (by_position[3].status, by_position[3].version) == ("approved", 2)
    assert [v.op for v in ed.history(DOC, 3)] == ["import", "status"]
    assert by_position[4].status == "machine"  # its text came back as the aligner has it
    [gone] = ed.deleted(DOC)
    assert gone.texts["en"] == "A sentence no aligner will make again."


def test_the_upgrade_keeps_units_and_makes_them_machine_version_one(tm: TM, letter_copy) -> None:
    import_letter(tm, letter_copy)
    with tm.engine.begin() as conn:
        schema._run(conn, "downgrade", "0003")
    assert sql(tm, "SELECT count(*) FROM variant")[0][0] > 500
    tm.init()
    assert sql(tm, "SELECT DISTINCT status, version FROM unit") == [("machine", 1)]
    assert sql(tm, "SELECT count(*) FROM variant")[0][0] > 500


def test_a_copy_carries_statuses_provenance_and_history(tm: TM, tmp_path) -> None:
    from tm.store.copy import copy_tm

    two(tm)
    ed = Editor(tm, "alice")
    ed.edit("d", 0, "en", "Copied text.")
    ed.delete("d", 2)
    target = TM(f"sqlite:///{tmp_path / 'copy.db'}")
    copy_tm(tm, target)
    query = "SELECT position, status, version, created_by, changed_by FROM unit ORDER BY position"
    assert sql(target, query) == sql(tm, query)
    copied = Editor(target, "bob")
    assert [v.op for v in copied.history("d", 0)] == ["import", "edit"]
    assert copied.restore("d", 2).version == 3
