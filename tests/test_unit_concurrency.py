"""Two people editing the same unit at once, as real processes, on SQLite and PostgreSQL:
the second write is refused naming who changed the unit, and nothing is overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tm.store import TM
from tm.store.edit import Editor

from .test_concurrency import TM_CMD, finish
from .test_unit_edit import texts, two


def edit_process(db_url: str, user: str, text: str, *extra: str, env: dict[str, str] | None = None
                 ) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*TM_CMD, "--db", db_url, "unit", "edit", "d", "1", "--lang", "en", *extra, "--user", user,
         *(["--text", text] if text else [])],
        env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_of_two_writers_of_one_version_one_wins_and_the_other_is_told_who(tm: TM) -> None:
    two(tm)
    procs = {user: edit_process(tm.url, user, f"Text by {user}.", "--expect-version", "1")
             for user in ("ann", "ben", "cem")}
    results = {user: finish(p) for user, p in procs.items()}
    winners = [user for user, (code, _, _) in results.items() if code == 0]
    assert len(winners) == 1, results
    [winner] = winners
    for user, (code, _out, err) in results.items():
        if user != winner:
            assert code == 2 and f"changed by {winner}" in err and "your change was not stored" in err, err
    assert texts(tm)[1] == (1, f"Text by {winner}.", "confirmed", 2)
    assert [v.changed_by for v in Editor(tm).history("d", 1)] == ["importer", winner]


def test_a_write_from_an_editor_session_is_refused_when_someone_saved_meanwhile(tm: TM, tmp_path: Path) -> None:
    """Ann opens the unit in her editor; Ben saves a change while she types; Ann's save is refused."""
    two(tm)
    opened, go = tmp_path / "opened", tmp_path / "go"
    script = tmp_path / "slow_editor.py"
    script.write_text(
        "import pathlib, sys, time\n"
        f"pathlib.Path({str(opened)!r}).touch()\n"
        f"while not pathlib.Path({str(go)!r}).exists():\n    time.sleep(0.05)\n"
        "pathlib.Path(sys.argv[1]).write_text('Ann wrote this.', encoding='utf-8')\n"
    )
    ann = edit_process(tm.url, "ann", "", env={"EDITOR": f"{sys.executable} {script}", "VISUAL": ""})
    deadline = time.monotonic() + 60
    while not opened.exists():
        assert time.monotonic() < deadline and ann.poll() is None, ann.communicate()
        time.sleep(0.05)
    ben = finish(edit_process(tm.url, "ben", "Ben wrote this."))
    assert ben[0] == 0, ben
    go.touch()
    code, _out, err = finish(ann)
    assert code == 2 and "changed by ben" in err and "after you read version 1" in err, err
    kept = Path(" ".join(err.split()).rsplit("what you wrote is kept in ", 1)[1].strip())
    assert kept.read_text(encoding="utf-8") == "Ann wrote this."  # nothing a person wrote is lost
    kept.unlink()
    assert texts(tm)[1] == (1, "Ben wrote this.", "confirmed", 2)
