"""The store on a real SQLite file and a real PostgreSQL server: import, replace, refuse
duplicates, atomicity, stats."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tm.errors import DocumentExists, NotFound, StoreError
from tm.letters import import_corpora, import_letter
from tm.store import TM

from .conftest import sql, write_letter

EN = "Dear Sergei,\n\nI left London in 2012. It was hard.\n\nRespectfully, Mukhtar Ablyazov"
RU = "Дорогой Сергей,\n\nЯ уехал из Лондона в 2012 году. Это было трудно.\n\nС уважением, Мухтар Аблязов"
KK = "Құрметті Сергей,\n\nМен 2012 жылы Лондоннан кеттім. Бұл қиын болды.\n\nҚұрметпен, Мұхтар Әблязов"
META = 'title = { en = "A letter", ru = "Письмо" }\ndate = 2014-12-05\nauthor = "M. A."\n'


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    return write_letter(tmp_path / "corpora" / "letter-one", META, en=EN, ru=RU, kk=KK)


def test_import_stores_units_variants_and_metadata(tm: TM, letter: Path) -> None:
    result = import_letter(tm, letter).result
    assert (result.doc_id, result.units, result.replaced) == ("letter-one", 4, False)
    doc = tm.document("letter-one")
    assert doc.titles == {"en": "A letter", "ru": "Письмо"} and str(doc.date) == "2014-12-05"
    assert doc.langs == ["en", "ru", "kk"]
    units = tm.units("letter-one")
    assert [u.bead for u, _ in units] == ["1-1-1"] * 4
    first = units[1][1]
    assert first["ru"].text == "Я уехал из Лондона в 2012 году."
    assert first["ru"].search == "я уехал из лондона в 2012 году"
    assert tm.stats().as_dict() == {"documents": 1, "units": 4, "languages": {"en": 4, "kk": 4, "ru": 4}}


def test_sqlite_uses_wal_and_foreign_keys(sqlite_url: str, letter: Path, tmp_path: Path) -> None:
    tm = TM(sqlite_url)
    import_letter(tm, letter)
    with sqlite3.connect(tmp_path / "tm.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with tm.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_second_import_is_refused_and_replace_replaces(tm: TM, letter: Path) -> None:
    import_letter(tm, letter)
    with pytest.raises(DocumentExists, match="--replace"):
        import_letter(tm, letter)
    assert tm.stats().units == 4
    (letter / "en.txt").write_text(EN.replace("It was hard.", "It was hard. Very hard."), encoding="utf-8")
    result = import_letter(tm, letter, replace=True).result
    assert result.replaced
    assert tm.stats().documents == 1
    assert sum(1 for u, _ in tm.units("letter-one")) == result.units


def test_failure_midway_leaves_no_trace(tm: TM, letter: Path, tmp_path: Path, monkeypatch) -> None:
    import_letter(tm, letter)
    before = sql(tm, "SELECT id, lang, text FROM variant ORDER BY id")
    other = write_letter(tmp_path / "corpora" / "letter-two", None, en=EN, ru=RU)

    from tm.store.tm import TM as TMClass

    original = TMClass._add_units
    calls = {"n": 0}

    def second_letter_fails(self, s, doc_id, units, progress, feeds, *more):  # noqa: ANN001
        calls["n"] += 1
        result = original(self, s, doc_id, units, progress, feeds, *more)  # noqa: F841
        if doc_id == "letter-two":
            raise RuntimeError("disk unplugged")
        return result

    monkeypatch.setattr(TMClass, "_add_units", second_letter_fails)
    with pytest.raises(RuntimeError):
        import_corpora(tm, tmp_path / "corpora", replace=True)
    assert calls["n"] == 2  # the first letter was replaced, the second half-written, then it failed
    assert sql(tm, "SELECT id, lang, text FROM variant ORDER BY id") == before
    assert sql(tm, "SELECT id FROM document") == [("letter-one",)]
    assert other.exists()


def test_delete_document_removes_units_and_variants(tm: TM, letter: Path, tmp_path: Path) -> None:
    import_letter(tm, letter)
    tm.delete_document("letter-one")
    assert sql(tm, "SELECT count(*) FROM unit")[0][0] == 0
    assert sql(tm, "SELECT count(*) FROM variant")[0][0] == 0
    with pytest.raises(NotFound):
        tm.delete_document("letter-one")


def test_reading_an_empty_database_says_what_to_do(tm: TM) -> None:
    with pytest.raises(StoreError, match="tm init"):
        tm.stats()


def test_missing_folder_for_the_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        TM(f"sqlite:///{tmp_path}/nowhere/tm.db")


def test_one_language_letter(tm: TM, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "solo", None, en=EN)
    result = import_letter(tm, folder).result
    assert result.units == 4
    assert tm.stats().languages == {"en": 4}


def test_hooks_follow_imports_and_a_failing_hook_rolls_back(tm: TM, letter: Path, monkeypatch) -> None:
    from sqlmodel import select

    from tm.store import Unit, Variant
    from tm.store.hooks import HOOKS

    seen: list[tuple[str, str, int]] = []

    class Counter:
        fail = False

        def adding(self, session, doc_id):  # noqa: ANN001
            hook, fed = self, []

            class Feed:
                def add(self, rows):  # noqa: ANN001
                    stored = {v.id for v in session.exec(select(Variant).where(Variant.id.in_([r[0] for r in rows])))}
                    assert stored == {r[0] for r in rows}  # inserted before they are fed
                    fed.extend(rows)

                def close(self):
                    n = len(session.exec(select(Unit).where(Unit.doc_id == doc_id)).all())
                    seen.append(("added", doc_id, n))
                    assert len(fed) == len(session.exec(select(Variant).join(Unit).where(Unit.doc_id == doc_id)).all())
                    if hook.fail:
                        raise RuntimeError("index full")

            return Feed()

        def document_removed(self, session, doc_id):  # noqa: ANN001
            n = len(session.exec(select(Unit).where(Unit.doc_id == doc_id)).all())
            seen.append(("removed", doc_id, n))

    hook = Counter()
    monkeypatch.setattr("tm.store.hooks.HOOKS", [*HOOKS, hook])
    monkeypatch.setattr("tm.store.tm.HOOKS", [*HOOKS, hook])
    import_letter(tm, letter)
    import_letter(tm, letter, replace=True)
    assert seen == [("added", "letter-one", 4), ("removed", "letter-one", 4), ("added", "letter-one", 4)]
    hook.fail = True
    with pytest.raises(RuntimeError):
        import_letter(tm, letter, replace=True)
    assert tm.stats().units == 4  # the replace was rolled back: the old units are still there


def test_a_driver_error_in_a_bulk_path_is_one_line_and_stores_nothing(sqlite_url: str, letter_copy) -> None:
    """The bulk paths (rows, the lookup index) talk to the sqlite3 driver directly; its errors
    too become the one-line message, and the import leaves the TM as it was."""
    from typer.testing import CliRunner

    from tm.cli import app

    tm = TM(sqlite_url)
    tm.init()
    sql(tm, "CREATE TRIGGER refuse BEFORE INSERT ON lookup_block BEGIN SELECT RAISE(ABORT, 'no postings today'); END")
    result = CliRunner().invoke(app, ["--db", sqlite_url, "import", "letter", str(letter_copy)])
    assert result.exit_code == 2
    assert "no postings today" in result.output and "nothing was stored" in result.output
    assert result.output.count("\n") == 1 and result.output.startswith("tm: error: ")
    assert tm.stats().units == 0 and sql(tm, "SELECT count(*) FROM lookup_term") == [(0,)]


@pytest.mark.parametrize("reader", ["iter_units", "iter_row_pages", "iter_texts"])
def test_streaming_readers_see_one_state_of_the_tm(tm: TM, reader: str) -> None:
    """A reader's pages come from one snapshot: a document replaced by another process
    halfway through the read is read as it was when the read began."""
    from tm.store import DocumentData, UnitData, VariantData, pages, stream

    def units(word: str) -> list[UnitData]:
        return [UnitData({"en": VariantData(f"{word} {i}.")}) for i in range(10)]

    tm.import_documents([(DocumentData(id="d"), ["en"], units("Old"))])
    read = {
        "iter_units": lambda: (u.variants["en"].text for u in stream.iter_units(tm, page=3)),
        "iter_row_pages": lambda: (row.texts[0] for p in pages.iter_row_pages(tm, ["en"], page=3) for row in p.rows),
        "iter_texts": lambda: (u.texts["en"] for u in stream.iter_texts(tm, page=3)),
    }[reader]()
    first = next(read)
    TM(tm.url).import_documents([(DocumentData(id="d"), ["en"], units("New"))], replace=True)
    assert [first, *read] == [f"Old {i}." for i in range(10)]
    assert [u.texts["en"] for u in stream.iter_texts(tm)] == [f"New {i}." for i in range(10)]
