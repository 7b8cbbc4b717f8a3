"""Domain errors. The library raises these; the CLI turns them into one-line messages and exit code 2."""

from __future__ import annotations

from pathlib import Path


def db_reason(exc: BaseException) -> str:
    """A database error's own message, on one line (SQLAlchemy's wrapper or the driver's error)."""
    return " ".join(str(getattr(exc, "orig", exc)).split())


def checked_path(path: str | Path) -> Path:
    """A path a person gave, refused (:class:`InputError`) when no system call could take
    it: a NUL character ends a C string, so Python raises ValueError on it at first use."""
    if "\0" in str(path):
        raise InputError(f"the path {str(path)!r} has a NUL character in it")
    return Path(path)


class TMError(Exception):
    """Base class of every error `tm` reports to its user."""


class InputError(TMError):
    """Bad input: names what is wrong and where (file and, when known, line)."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str | None, int | None]]:
        # keeps file and line when the error crosses from a worker process
        return type(self), (self.message, self.path, self.line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class LanguageTagError(InputError):
    """An unknown or malformed BCP 47 language tag."""


class DocumentExists(TMError):
    """The document is already in the TM and --replace was not given."""


class NotFound(TMError):
    """A document or unit the user named is not in the TM."""


class StoreError(TMError):
    """The database cannot be used (unreachable, wrong schema, locked for too long)."""


class Conflict(TMError):
    """Someone else changed what this write was based on (a unit's version moved on)."""
