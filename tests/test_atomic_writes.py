"""Every file tm writes appears whole or not at all, and never over a database.

A writer that fails, a full disk (a real tmpfs of 64 KiB, where the machine allows a
mount), a file size limit (a real RLIMIT_FSIZE on a real process) and SIGTERM, SIGINT or
SIGKILL sent to a real `tm export` mid-write leave the previous file as it was; an export
aimed at the TM's own database is refused, with or without --force, and the TM stays
readable."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.atomic import atomic_path, atomic_write, check_target
from tm.cli import app
from tm.errors import InputError
from tm.letters import import_letter
from tm.store import TM, DocumentData, UnitData, VariantData

from .conftest import LETTER, ROOT

TM_CMD = [sys.executable, "-m", "tm"]
OLD = "the previous file\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def env_for(url: str) -> dict[str, str]:
    return {**os.environ, "TM_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}


# -- the helper ------------------------------------------------------------------------------

@pytest.mark.parametrize("exc", [ValueError, OSError, KeyboardInterrupt, SystemExit])
def test_a_writer_that_fails_leaves_the_previous_file_and_no_temporary_one(tmp_path: Path, exc: type) -> None:
    target = tmp_path / "out.tmx"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(InputError if exc is OSError else exc):
        with atomic_write(target) as fh:
            fh.write("half of a new file" * 1000)
            raise exc()
    assert target.read_text(encoding="utf-8") == OLD
    assert listing(tmp_path) == ["out.tmx"]


def test_a_finished_write_replaces_the_file_and_keeps_its_permissions_and_symlink(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    with atomic_write(link) as fh:
        fh.write("new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert listing(tmp_path) == ["link.csv", "out.csv"]


def test_a_pipe_is_written_directly(tmp_path: Path) -> None:
    """A target that is not a regular file (a FIFO, /dev/stdout) cannot be replaced: it is written."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with atomic_write(fifo) as fh:
        fh.write("through the pipe\n")
    reader.join(10)
    assert got == [b"through the pipe\n"] and listing(tmp_path) == ["pipe"]
    if os.path.exists("/dev/null"):
        with atomic_write(Path("/dev/null")) as fh:
            fh.write("nothing")
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # a device is never replaced by a file


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write any file")
def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    """A rename could replace a file its owner made read-only; a plain write could not."""
    target = tmp_path / "out.tsv"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(InputError, match="read-only"):
        with atomic_write(target) as fh:
            fh.write("new\n")
    assert target.read_text(encoding="utf-8") == OLD and listing(tmp_path) == ["out.tsv"]


def test_targets_that_cannot_be_written_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        check_target(tmp_path)
    with pytest.raises(InputError, match="folder for the output file does not exist"):
        check_target(tmp_path / "missing" / "x.tmx")
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o500)
    try:
        if os.access(tmp_path / "ro", os.W_OK):  # (root writes anywhere)
            return
        with pytest.raises(InputError, match="cannot write: Permission denied"):
            with atomic_path(tmp_path / "ro" / "x.tmx") as temp:
                temp.write_text("x")
    finally:
        (tmp_path / "ro").chmod(0o700)


# -- never over a database ----------------------------------------------------------------------

@pytest.fixture
def letter_tm(tmp_path: Path) -> tuple[TM, Path]:
    db = tmp_path / "tm.db"
    tm = TM(f"sqlite:///{db}")
    import_letter(tm, LETTER)
    return tm, db


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


WRITERS = [
    ["export", "tmx"], ["export", "csv"], ["export", "tsv"], ["glossary", "export", "--format", "tbx"],
    ["qa", "--fail-on", "never", "--format", "html", "--output"], ["qa", "--update-baseline", "--baseline"],
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_nothing_is_written_over_the_tms_own_database(letter_tm: tuple[TM, Path], command: list[str]) -> None:
    tm, db = letter_tm
    before = sha(db)
    runner = CliRunner()
    (db.parent / "link.db").symlink_to(db)
    os.link(db, db.parent / "hard.db")
    for target in (db, Path(f"{db}-wal"), db.parent / "link.db", db.parent / "hard.db"):
        force = ["--force"] if command[0] == "export" or command[:2] == ["glossary", "export"] else []
        result = runner.invoke(app, ["--db", tm.url, *command, str(target), *force])
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and "TM's own database" in result.stderr
    assert sha(db) == before
    assert TM(tm.url).stats().units == 197  # the TM is still readable


def test_another_sqlite_file_is_written_over_only_with_force(letter_tm: tuple[TM, Path], tmp_path: Path) -> None:
    tm, db = letter_tm
    other = tmp_path / "other.db"
    other_tm = TM(f"sqlite:///{other}")
    import_letter(other_tm, LETTER)
    other_tm.engine.dispose()  # its WAL checkpointed now, not at some later garbage collection
    before = sha(other)
    runner = CliRunner()
    refused = runner.invoke(app, ["--db", tm.url, "export", "tmx", str(other)])
    assert refused.exit_code == 2 and "is a SQLite database" in refused.stderr and "--force" in refused.stderr
    assert sha(other) == before
    report = runner.invoke(app, ["--db", tm.url, "qa", "--format", "json", "--output", str(other)])
    assert report.exit_code == 2 and "is a SQLite database" in report.stderr and sha(other) == before
    forced = runner.invoke(app, ["--db", tm.url, "export", "tmx", str(other), "--force"])
    assert forced.exit_code == 0 and other.read_bytes().startswith(b"<?xml")


def test_build_refuses_an_export_folder_holding_a_database_before_it_changes_the_tm(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    import shutil

    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "out" / "letters.tsv"  # a TM whose file has the name of an export
    db.parent.mkdir()
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", "build", "--exports", str(db.parent)])
    assert result.exit_code == 2 and "TM's own database" in result.stderr
    assert not (tmp_path / "build").exists()


# -- a real full disk, a real file size limit -------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A tmpfs of 64 KiB, where this process may mount one (root on Linux); else skipped."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("this machine does not allow a tmpfs mount")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


@pytest.mark.parametrize("command", [["export", "tmx"], ["export", "csv"], ["glossary", "export"],
                                     ["qa", "--fail-on", "never", "--format", "html", "--output"]],
                         ids=lambda c: " ".join(c[:2]))
def test_a_full_disk_is_one_line_and_leaves_the_previous_file(letter_tm: tuple[TM, Path], tiny_disk: Path,
                                                              command: list[str]) -> None:
    tm, _ = letter_tm
    suffix = {"tmx": ".tmx", "csv": ".csv", "export": ".tbx"}.get(command[1], ".html")
    target = tiny_disk / f"out{suffix}"
    target.write_text(OLD, encoding="utf-8")
    (tiny_disk / "filler").write_bytes(b"\0" * 60 * 1024)  # what the QA report needs is more than remains
    proc = subprocess.run([*TM_CMD, *command, str(target)], env=env_for(tm.url), capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    assert target.read_text(encoding="utf-8") == OLD
    assert listing(tiny_disk) == ["filler", target.name]


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="no file size limit on this system")
def test_a_write_the_system_refuses_midway_leaves_the_previous_file(letter_tm: tuple[TM, Path],
                                                                     tmp_path: Path) -> None:
    tm, _ = letter_tm
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "letters.tmx"
    target.write_text(OLD, encoding="utf-8")
    proc = subprocess.run([*TM_CMD, "export", "tmx", str(target)], env=env_for(tm.url), capture_output=True,
                          text=True, preexec_fn=_limit_file_size)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "File too large" in proc.stderr, proc.stderr
    assert target.read_text(encoding="utf-8") == OLD and listing(out) == ["letters.tmx"]


# -- signals mid-export -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def large_tm(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A TM whose export takes long enough (a few tenths of a second) to be interrupted."""
    folder = tmp_path_factory.mktemp("large")
    tm = TM(f"sqlite:///{folder / 'tm.db'}")
    words = "the court heard the witness and the hearing lasted hours without a verdict " * 3
    units = [UnitData({"en": VariantData(f"{words} {i}."), "ru": VariantData(f"суд заслушал свидетеля {words} {i}.")})
             for i in range(20_000)]
    tm.import_documents([(DocumentData(id="large"), ["en", "ru"], units)])
    return tm.url


def _interrupt(url: str, target: Path, sig: int) -> tuple[int, str] | None:
    """Start an export over ``target``; send ``sig`` once it has started writing (a temporary
    file beside the target, or the target changed). Returns (exit code, stderr), or None
    when the export finished before the signal."""
    # Ctrl-C reaches a command in a terminal with SIGINT at its default; a test run started
    # in the background (`cmd &` from a script) has it ignored, and the child would inherit that.
    proc = subprocess.Popen([*TM_CMD, "export", "tmx", str(target)], env=env_for(url),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60

    def writing() -> bool:
        return target.stat().st_size != len(OLD) or any(p.name.endswith(".tmp") for p in target.parent.iterdir())

    while not writing():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.communicate()
            return None
        time.sleep(0.002)
    time.sleep(0.05)  # into the writing
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        return None
    return proc.returncode, err


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 130),
                                       (signal.SIGKILL, -signal.SIGKILL)], ids=["TERM", "INT", "KILL"])
def test_an_export_interrupted_by_a_signal_leaves_the_previous_file(large_tm: str, tmp_path: Path,
                                                                    sig: int, code: int) -> None:
    target = tmp_path / "letters.tmx"
    for _ in range(5):  # (a loaded machine may let the export finish first: try again)
        target.write_text(OLD, encoding="utf-8")
        outcome = _interrupt(large_tm, target, sig)
        if outcome is not None:
            break
    else:
        pytest.fail("the export always finished before the signal")
    assert outcome[0] == code, outcome[1]
    assert "Traceback" not in outcome[1]
    assert target.read_text(encoding="utf-8") == OLD
    if sig != signal.SIGKILL:  # (nothing can remove a file after SIGKILL)
        assert listing(tmp_path) == ["letters.tmx"]
