"""SIGTERM ends `tm` the way Ctrl-C does: by an exception.

Without a handler SIGTERM kills the process where it stands; as an exception it unwinds
the command, so an open transaction rolls back and a half-written file is removed (see
:mod:`tm.atomic`). The exit status is the usual one for the signal, 128 + 15.
"""

from __future__ import annotations

import os
import signal
from types import FrameType


def _default_in_child() -> None:
    # Forked workers are stopped with SIGTERM by their parent: for them it keeps its default effect.
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # forked from a thread other than the main one: the handler's own test applies
        pass


def exit_on_sigterm() -> None:
    """Install the handler, unless SIGTERM already has one other than the default."""
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return
    owner = os.getpid()

    def handler(signum: int, _frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked process that kept the handler: die as before
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (tm run inside another program): leave it
        return
    os.register_at_fork(after_in_child=_default_in_child)


__all__ = ["exit_on_sigterm"]
