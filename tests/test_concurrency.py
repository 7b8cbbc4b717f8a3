"""Several real processes on one TM, on SQLite (WAL, busy timeout) and PostgreSQL:
parallel imports and lookups lose nothing and never show half a letter; two imports of
the same letter leave one copy and a clear message; a connection killed mid-import
leaves the TM as it was."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from itertools import combinations
from pathlib import Path

import pytest
from sqlalchemy import text

from tm.errors import StoreError
from tm.letters import import_letter
from tm.store import TM, DocumentData, UnitData, VariantData, dialect

from .conftest import ROOT, sql, write_letter

TM_CMD = [sys.executable, "-m", "tm"]
READER = ROOT / "tests" / "concurrent_reader.py"
WRITER = ROOT / "tests" / "concurrent_writer.py"


def letter(folder: Path, k: int, paragraphs: int = 12) -> Path:
    """A two-language letter whose sentences are its own (numbers make every one distinct)."""
    en = "\n\n".join(
        f"Letter {k}, paragraph {p}: the court heard witness number {p} on day {k}. "
        f"The hearing lasted {p + k} hours and ended without a verdict."
        for p in range(paragraphs)
    )
    ru = "\n\n".join(
        f"Письмо {k}, абзац {p}: суд заслушал свидетеля номер {p} в день {k}. "
        f"Слушание длилось {p + k} часов и закончилось без приговора."
        for p in range(paragraphs)
    )
    return write_letter(folder, None, en=en, ru=ru)


def tm_process(db_url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TM_DATABASE_URL": db_url}
    return subprocess.Popen([*TM_CMD, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=180)
    return proc.returncode, out, err


def units_per_document(tm: TM) -> dict[str, int]:
    return dict(sql(tm, "SELECT doc_id, count(*) FROM unit GROUP BY doc_id"))


def test_parallel_imports_and_lookups_lose_nothing(tm: TM, tmp_path: Path) -> None:
    base = letter(tmp_path / "letters" / "letter-0", 0)
    import_letter(tm, base)
    folders = [letter(tmp_path / "letters" / f"letter-{k}", k) for k in range(1, 5)]
    stop = tmp_path / "stop"
    query = "Letter 3, paragraph 5: the court heard witness number 5 on day 3."
    env = {**os.environ}
    readers = [
        subprocess.Popen([sys.executable, str(READER), tm.url, str(stop), query], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    importers = [tm_process(tm.url, "import", "letter", str(f)) for f in folders]
    results = [finish(p) for p in importers]
    stop.touch()
    reports = [finish(r) for r in readers]

    assert [code for code, _, _ in results] == [0] * 4, [err for _, _, err in results]
    per_doc = units_per_document(tm)
    assert sorted(per_doc) == [f"letter-{k}" for k in range(5)]
    # Nothing lost or doubled: every letter has exactly the units it has alone.
    alone = TM(f"sqlite:///{tmp_path / 'alone.db'}")
    for f in folders:
        assert import_letter(alone, f).result.units == per_doc[f.name]
    assert sum(per_doc.values()) == tm.stats().units
    # The readers never saw half a letter: each count they saw is the base plus whole letters.
    others = [per_doc[f.name] for f in folders]
    whole = {per_doc["letter-0"] + sum(c) for r in range(5) for c in combinations(others, r)}
    for code, out, err in reports:
        assert code == 0, err
        report = json.loads(out)
        assert report["reads"] > 0 and report["lookups"] == report["reads"]
        assert set(report["counts"]) <= whole, f"saw {report['counts']}, whole letters give {sorted(whole)}"
    # ... and the index followed: the last letter's sentence is found.
    from tm.lookup import Lookup

    found = Lookup(tm, glossary=False).lookup(query, "en", ["ru"]).matches
    assert found and found[0].score == 100 and found[0].doc == "letter-3"


def test_two_processes_importing_the_same_letter_leave_one_copy(tm: TM, tmp_path: Path) -> None:
    tm.init()
    folder = letter(tmp_path / "letters" / "same", 7, paragraphs=30)
    procs = [tm_process(tm.url, "import", "letter", str(folder)) for _ in range(2)]
    results = sorted(finish(p) for p in procs)
    codes = [code for code, _, _ in results]
    assert codes == [0, 2], results
    message = results[1][2].strip()
    assert message.startswith("tm: error: document 'same'") and "--replace" in message
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert tm.stats().documents == 1
    assert sql(tm, "SELECT count(DISTINCT position) = count(*) FROM unit") == [(True,)]


def test_two_processes_importing_and_deleting_leave_the_index_a_rebuild_gives(
    tm: TM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writers import, replace and delete documents at once, compacting after every
    second document (tests/concurrent_writer.py): none fails, and the index then holds
    exactly the postings and frequencies a rebuild gives, before and after one more import
    compacts whatever is left."""
    from tm.index import compact

    from . import concurrent_writer
    from .test_compaction import current_state, letters, rebuilt_state

    monkeypatch.setattr(compact, "COMPACT_AFTER", concurrent_writer.COMPACT_AFTER)
    monkeypatch.setattr(compact, "CHUNK_BITS", concurrent_writer.CHUNK_BITS)
    tm.init()
    writers = [subprocess.Popen([sys.executable, str(WRITER), tm.url, f"w{k}", "30", str(k)], env={**os.environ},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(2)]
    results = [finish(p) for p in writers]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    done = [json.loads(out) for _, out, _ in results]
    assert tm.stats().documents == sum(d["imported"] - d["deleted"] for d in done)
    assert sql(tm, "SELECT count(*) FROM lookup_block WHERE doc_id = ''")[0][0] > 0  # compactions happened
    assert current_state(tm) == rebuilt_state(tm)
    tm.import_documents(letters(3))
    assert sql(tm, "SELECT count(DISTINCT doc_id) FROM lookup_block WHERE doc_id <> ''")[0][0] <= 2
    assert current_state(tm) == rebuilt_state(tm)


def many_units(n: int) -> list[UnitData]:
    return [UnitData({"en": VariantData(f"Sentence number {i}."), "ru": VariantData(f"Предложение номер {i}.")})
            for i in range(n)]


@pytest.mark.postgresql
def test_a_connection_killed_mid_import_leaves_the_tm_as_it_was(postgres_url: str, tmp_path: Path, postgres) -> None:
    tm = TM(postgres_url)
    import_letter(tm, letter(tmp_path / "letters" / "before", 1))
    before = sql(tm, "SELECT id, lang, text FROM variant ORDER BY id")
    application = dict(sql(tm, "SELECT 1, current_setting('application_name')"))[1]
    killed: list[int] = []

    def kill_the_importer(_added: int) -> None:
        if killed:
            return
        with postgres.begin() as conn:
            killed.extend(conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :a AND state = 'idle in transaction'"
            ), {"a": application}).scalars())

    with pytest.raises(StoreError, match="connection .* was lost during the import .* nothing was stored"):
        tm.import_documents([(DocumentData(id="big"), ["en", "ru"], many_units(5000))], progress=kill_the_importer)
    assert killed == [True]
    assert sql(tm, "SELECT id, lang, text FROM variant ORDER BY id") == before
    assert [d.id for d in tm.documents()] == ["before"]


def test_sqlite_writer_waits_for_another_then_says_so_clearly(sqlite_url: str, tmp_path: Path, monkeypatch) -> None:
    """A second writer waits for the first (busy timeout); past the timeout it gets a clear
    message, not a 'database is locked' traceback, and nothing is stored."""
    tm = TM(sqlite_url)
    tm.init()
    holder = sqlite3.connect(tmp_path / "tm.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing
    release = threading.Timer(0.5, holder.execute, ("COMMIT",))
    release.start()
    import_letter(TM(sqlite_url), letter(tmp_path / "letters" / "waits", 1))  # waits, then succeeds
    release.join()
    assert TM(sqlite_url).stats().documents == 1

    monkeypatch.setattr(dialect, "SQLITE_BUSY_TIMEOUT", 0.3)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="busy.*nothing was stored"):
            import_letter(TM(sqlite_url), letter(tmp_path / "letters" / "gives-up", 2))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [d.id for d in TM(sqlite_url).documents()] == ["waits"]
