"""Every file tm writes appears whole or not at all, and never over a database.

:func:`atomic_write` writes into a temporary file beside the target, flushes it to disk
and renames it over the target only when the writer has finished: a failure, a full disk,
Ctrl-C or SIGTERM (which the command line turns into an exception) leaves the previous
file as it was and removes the temporary one. (SIGKILL cannot be caught: it can leave a
``.NAME.*.tmp`` file beside the target, never a truncated target.)

:func:`check_target` refuses to write over the TM's own database (its SQLite file or the
journal, WAL and shared-memory files beside it) in any case, and over any other SQLite
file unless forced: an export aimed at the wrong name must not destroy a TM.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from tm.errors import InputError
from tm.store.dialect import sqlite_path

#: The first bytes of a SQLite database, of its rollback journal and of its write-ahead log.
SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
WAL_MAGICS = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))
#: Files SQLite keeps beside a database while it is in use.
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def database_files(url: str) -> list[Path]:
    """The files of the database at ``url`` (none for a server database)."""
    path = sqlite_path(url)
    if path is None:
        return []
    return [Path(path), *(Path(path + side) for side in SQLITE_SIDE_FILES)]


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return a.samefile(b)  # (a hard link, or another spelling the paths do not show)
    except OSError:
        return False


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is a SQLite database, journal or write-ahead log (by its first bytes)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return head == SQLITE_MAGIC or head[:8] == JOURNAL_MAGIC or head[:4] in WAL_MAGICS


def check_target(path: Path, keep: Sequence[Path] = (), force: bool | None = None) -> None:
    """Refuse a target tm must not write: a folder, a file in a folder that does not
    exist, one of the ``keep`` files (the open TM's), or a SQLite file unless ``force``
    (None: the command offers no --force, and the message does not suggest one)."""
    if path.is_dir():
        raise InputError("is a folder; name the file to write", path)
    if not Path(os.path.realpath(path)).parent.is_dir():
        raise InputError("the folder for the output file does not exist", path)
    if any(_same(path, k) for k in keep):
        raise InputError("this is the TM's own database: writing there would destroy the TM; name another file", path)
    if not force and is_sqlite_file(path):
        hint = "" if force is None else " (--force to overwrite it)"
        raise InputError(f"is a SQLite database; refusing to write over it{hint}", path)


def _new_temp(target: Path) -> Path:
    """A new empty file beside ``target`` (same folder, so the rename stays on one filesystem)."""
    while True:
        temp = target.with_name(f".{target.name[:64]}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return temp
        except FileExistsError:
            continue


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    """Flush a file's data (or a folder's entries) to disk, where the system allows it."""
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path, keep: Sequence[Path] = (), force: bool | None = None) -> Iterator[Path]:
    """A temporary path to write in place of ``path``; it replaces ``path`` when the block
    ends without an exception. On any exception (KeyboardInterrupt and SystemExit too)
    ``path`` is left as it was and the temporary file removed. :func:`check_target` runs
    first with ``keep`` and ``force``. A target that exists and is not a regular file (a
    pipe, /dev/stdout) is handed over itself: there is nothing there to keep. OS errors
    become one-line :class:`InputError`\\ s."""
    check_target(path, keep, force)
    target = Path(os.path.realpath(path))  # a symlink stays; the file it names is replaced
    if target.exists() and not target.is_file():
        try:
            yield target
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
        return
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) if target.exists() else None
        temp = _new_temp(target)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
    try:
        yield temp
        with temp.open("rb+") as fh:  # fsync needs a descriptor open for writing on some systems
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(temp, mode)  # the new file keeps the old one's permissions
        os.replace(temp, target)
    except BaseException as exc:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
        raise
    _fsync(target.parent)  # makes the rename itself durable


@contextmanager
def atomic_write(
    path: Path, *, binary: bool = False, encoding: str = "utf-8", newline: str | None = None,
    keep: Sequence[Path] = (), force: bool | None = None,
) -> Iterator[IO[Any]]:
    """A file object (binary, or text in ``encoding``) for :func:`atomic_path`."""
    with atomic_path(path, keep, force) as temp:
        opened = temp.open("wb") if binary else temp.open("w", encoding=encoding, newline=newline)
        with opened as fh:
            yield fh


def write_text(path: Path, text: str, *, keep: Sequence[Path] = (), force: bool | None = None) -> None:
    """``path.write_text(text)`` (UTF-8), atomically: see :func:`atomic_write`."""
    with atomic_write(path, keep=keep, force=force) as fh:
        fh.write(text)


__all__ = ["atomic_path", "atomic_write", "check_target", "database_files", "is_sqlite_file", "write_text"]
