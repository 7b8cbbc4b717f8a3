"""`tm copy`: a whole TM moves between SQLite and PostgreSQL, verified, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli import app
from tm.errors import StoreError
from tm.glossary.formats import read_folder
from tm.glossary.project import store_project
from tm.letters import import_letter
from tm.lookup import Lookup
from tm.store import TM, copy as copy_module
from tm.store.copy import copy_tm

from .conftest import LETTER, ROOT, sql, write_letter

QUERY = "But things are not quite like that in real life, are they?"


def filled(url: str) -> TM:
    tm = TM(url)
    import_letter(tm, LETTER)
    store_project(tm, read_folder(ROOT / "glossaries"))
    return tm


def content(tm: TM) -> dict[str, list[tuple]]:
    return {
        "units": sql(tm, "SELECT u.doc_id, u.position, u.bead, u.score, v.lang, v.text FROM unit u "
                         "JOIN variant v ON v.unit_id = u.id ORDER BY u.doc_id, u.position, v.lang"),
        "glossary": sql(tm, "SELECT concept_id, lang, text, status FROM glossary_term ORDER BY concept_id, lang, text"),
    }


def check_copy(source: TM, target: TM, tmp_path: Path) -> None:
    result = copy_tm(source, target)
    assert content(target) == content(source)
    assert {t.table: t.rows for t in result.tables}["variant"] == sql(source, "SELECT count(*) FROM variant")[0][0]
    match = Lookup(target, glossary=False).lookup(QUERY, "en", ["ru"]).matches[0]
    assert match.score == 100 and match.target["ru"].startswith("Но в реальной жизни")
    # New ids follow the copied ones: the target takes imports as usual.
    more = write_letter(tmp_path / "more", None, en="A new line.", ru="Новая строка.")
    import_letter(target, more)
    assert target.stats().documents == 2


def test_copy_to_sqlite(db_url: str, tmp_path: Path) -> None:
    check_copy(filled(db_url), TM(f"sqlite:///{tmp_path / 'copy.db'}"), tmp_path)


@pytest.mark.postgresql
def test_copy_from_sqlite_to_postgresql(sqlite_url: str, postgres_url: str, tmp_path: Path) -> None:
    check_copy(filled(sqlite_url), TM(postgres_url), tmp_path)


def test_the_cli_prints_verified_tables(db_url: str, tmp_path: Path) -> None:
    filled(db_url)
    result = CliRunner().invoke(app, ["copy", "--from", db_url, "--to", f"sqlite:///{tmp_path / 'c.db'}", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["verified"] is True
    assert report["tables"]["unit"]["rows"] == 197 and report["tables"]["glossary_term"]["rows"] > 0
    assert "lookup_block" not in report["tables"]  # derived: the target builds its own


def test_a_target_that_is_not_empty_is_refused_and_left_alone(db_url: str, tmp_path: Path) -> None:
    source = filled(db_url)
    target = TM(f"sqlite:///{tmp_path / 'busy.db'}")
    import_letter(target, write_letter(tmp_path / "mine", None, en="Mine.", ru="Моё."))
    before = content(target)
    with pytest.raises(StoreError, match="is not empty"):
        copy_tm(source, target)
    assert content(target) == before


def test_a_copy_that_does_not_verify_leaves_nothing(db_url: str, tmp_path: Path, monkeypatch) -> None:
    source = filled(db_url)
    target = TM(f"sqlite:///{tmp_path / 'copy.db'}")
    original = copy_module._checksum

    def one_row_short(conn, table):  # noqa: ANN001
        check = original(conn, table)
        if table.name == "variant":
            check.rows -= 1
        return check

    monkeypatch.setattr(copy_module, "_checksum", one_row_short)
    with pytest.raises(StoreError, match="table variant does not match"):
        copy_tm(source, target)
    assert target.stats().documents == 0 and sql(target, "SELECT count(*) FROM variant") == [(0,)]


def test_copying_nothing_or_onto_itself_is_refused(db_url: str, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="holds no TM yet"):
        copy_tm(TM(db_url), TM(f"sqlite:///{tmp_path / 'c.db'}"))
    with pytest.raises(StoreError, match="same database"):
        copy_tm(TM(db_url), TM(db_url))
