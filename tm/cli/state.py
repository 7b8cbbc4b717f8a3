"""What the global options leave for the commands: the database URL."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from tm.store import TM


@dataclass
class State:
    db_url: str

    def tm(self) -> TM:
        return TM(self.db_url)


def get_tm(ctx: typer.Context) -> TM:
    state = ctx.find_root().obj
    assert isinstance(state, State)
    return state.tm()
