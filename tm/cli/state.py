"""What the global options leave for the commands: the database URL."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from tm.compose import TM

#: Commands that only read the TM: they open it read-only where it cannot be written
#: (a read-only file or folder), so that reading needs no write access.
READ_COMMANDS = frozenset({
    "stats", "show", "documents", "lookup", "concordance", "qa",
    "export tmx", "export tsv", "export csv", "glossary list", "glossary export", "glossary check",
})


@dataclass
class State:
    db_url: str

    def tm(self, read_only: bool = False) -> TM:
        return TM(self.db_url, read_only=read_only)


def command_name(ctx: typer.Context) -> str:
    """The command as typed after ``tm`` and its global options: ``glossary list``."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


def get_tm(ctx: typer.Context) -> TM:
    state = ctx.find_root().obj
    assert isinstance(state, State)
    return state.tm(read_only=command_name(ctx) in READ_COMMANDS)
