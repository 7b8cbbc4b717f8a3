"""Worker processes for the long jobs: QA's checks, and reading a large TMX file beside the import.

Workers are forked, so that they start with what the parent has loaded or compiled
instead of receiving copies. Where fork is unsafe (macOS) or missing (Windows), the jobs
run in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

#: Jobs on fewer units than this stay in one process: forking would cost more than it saves.
PARALLEL_MIN_UNITS = 20_000


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    # macOS forbids fork after some system frameworks start; Windows has no fork.
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def workers_for(jobs: int | None) -> int:
    """How many workers ``jobs`` asks for (None: one per CPU); 1 where fork is unavailable."""
    wanted = available_cpus() if jobs is None else max(1, jobs)
    return wanted if can_fork() else 1


def fork_context() -> Any:
    return multiprocessing.get_context("fork")


def read_ahead(produce: Callable[[], Iterable[Any]]) -> Iterator[Any]:
    """What ``produce()`` yields, produced in a forked worker while the caller works on
    the previous item: a reader (parsing a file) running beside a writer (the store).

    The worker starts here: call this before opening a transaction (the worker inherits
    the process's open connections and never uses them). It runs ahead as far as the
    pipe holds (:data:`PIPE_BYTES` on Linux, 64 KiB elsewhere) and :data:`AHEAD_ITEMS`
    items more, then waits for the reader, so memory stays bounded. An
    exception in ``produce`` is raised again from this iterator; a worker that dies
    raises :class:`RuntimeError`; closing the iterator early stops the worker.
    Items are pickled: send batches of tuples and strings, not one small object each.

    The worker ends with this process: each process closes the pipe end it does not use
    (so a worker whose reader is gone gets EPIPE at its next send instead of blocking on
    a pipe it holds open itself), and on Linux the worker asks for SIGKILL when the
    thread that started it exits (call this from a thread that outlives the iterator).
    """
    ctx = fork_context()
    receive, send = ctx.Pipe(duplex=False)
    _widen(send)
    worker = ctx.Process(target=_produce_into, args=(produce, send, receive, os.getpid()), daemon=True)
    worker.start()
    send.close()  # the worker holds the other end: its exit is this end's EOF
    return _received(receive, worker)


#: prctl's option to set the signal a process gets when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` ends (Linux); if it has already
    ended (between the fork and this call), exit now."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the closed pipe end still stops the worker
            pass
    if os.getppid() != parent:
        os._exit(0)


#: Bytes a pipe to a worker may hold (Linux lets a process raise its pipes' 64 KiB to this
#: without privileges): the worker then runs several items ahead instead of one.
PIPE_BYTES = 1 << 20


def _widen(conn: Connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: the pipe stays as it is
        pass


def _received(receive: Connection, worker: Any) -> Iterator[Any]:
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                worker.join()
                raise RuntimeError(f"the reading worker stopped unexpectedly (exit code {worker.exitcode})") from None
            if kind == "item":
                yield payload
            elif kind == "error":
                raise payload
            else:
                return
    finally:
        receive.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()


#: Items a worker keeps ready beyond what the pipe holds: its reader may stop taking them for
#: a while (the store writing a block of the lookup index, say) and the worker goes on.
AHEAD_ITEMS = 16


def _produce_into(produce: Callable[[], Iterable[Any]], send: Connection, receive: Connection, parent: int) -> None:
    _die_with_parent(parent)
    receive.close()  # the reader's end: held here, it would keep the pipe open after the reader died
    # Ctrl-C reaches the whole process group: the reader handles it and stops this worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A thread sends what this one produces, so that producing goes on while a send waits
    # for the reader (up to AHEAD_ITEMS items, pickled here; the sending thread only writes,
    # which releases the GIL).
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD_ITEMS)
    gone = threading.Event()

    def deliver() -> None:
        while (data := outbox.get()) is not None:
            if not gone.is_set():
                try:
                    send.send_bytes(data)
                except OSError:  # the reader has gone (it stopped early): nobody to tell
                    gone.set()

    sender = threading.Thread(target=deliver, daemon=True)
    sender.start()

    def put(message: tuple[str, Any]) -> None:
        if gone.is_set():
            raise _ReaderGone
        outbox.put(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    try:
        try:
            for item in produce():
                put(("item", item))
        except _ReaderGone:
            raise
        except Exception as exc:
            put(("error", exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}")))
        else:
            put(("end", None))
    except _ReaderGone:
        pass
    finally:
        outbox.put(None)
        sender.join()
        send.close()


class _ReaderGone(Exception):
    """The reader has closed its end: the worker stops producing."""


def _picklable(exc: Exception) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True
