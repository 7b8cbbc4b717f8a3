"""tm.workers.read_ahead: a producer in a forked process, its items, errors and end."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tm.errors import InputError
from tm.workers import AHEAD_ITEMS, PIPE_BYTES, can_fork, read_ahead

pytestmark = pytest.mark.skipif(not can_fork(), reason="read_ahead forks; this platform cannot")


def test_items_arrive_in_order_from_another_process() -> None:
    def produce() -> Iterator[tuple[int, int]]:
        for k in range(50):
            yield k, os.getpid()

    got = list(read_ahead(produce))
    assert [k for k, _ in got] == list(range(50))
    assert {pid for _, pid in got} != {os.getpid()} and len({pid for _, pid in got}) == 1


def test_an_input_error_keeps_its_file_and_line() -> None:
    def produce() -> Iterator[int]:
        yield 1
        raise InputError("malformed XML: bad", "big.tmx", 4001)

    items = read_ahead(produce)
    assert next(items) == 1
    with pytest.raises(InputError) as info:
        next(items)
    assert (info.value.message, info.value.path, info.value.line) == ("malformed XML: bad", "big.tmx", 4001)
    assert str(info.value) == "big.tmx:4001: malformed XML: bad"


def test_an_error_pickle_cannot_carry_arrives_as_its_type_and_text() -> None:
    class Local(Exception):  # a local class: pickle cannot name it
        pass

    def produce() -> Iterator[int]:
        raise Local("lost in transit")
        yield 0

    with pytest.raises(RuntimeError, match="Local: lost in transit"):
        list(read_ahead(produce))


def test_a_worker_that_dies_is_reported_with_its_exit_code() -> None:
    def produce() -> Iterator[int]:
        yield 1
        os._exit(3)

    received: list[int] = []
    with pytest.raises(RuntimeError, match="exit code 3"):
        received.extend(read_ahead(produce))
    assert received in ([], [1])  # items produced just before the crash may be lost with it


def test_closing_early_stops_the_worker(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"

    def produce() -> Iterator[int]:
        pidfile.write_text(str(os.getpid()))
        k = 0
        while True:  # never ends by itself
            yield k
            k += 1

    items = read_ahead(produce)
    assert next(items) == 0
    pid = int(pidfile.read_text())
    items.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    else:
        pytest.fail(f"worker {pid} still runs after the reader was closed")


def test_ctrl_c_is_left_to_the_reader(tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the terminal's group; the worker ignores it (the
    reader stops it), so no second traceback appears."""
    import signal

    pidfile = tmp_path / "pid"

    def produce() -> Iterator[int]:
        pidfile.write_text(str(os.getpid()))
        yield 0
        time.sleep(0.3)  # the interrupt arrives meanwhile
        yield 1

    items = read_ahead(produce)
    assert next(items) == 0
    os.kill(int(pidfile.read_text()), signal.SIGINT)
    assert list(items) == [1]


def test_the_worker_runs_ahead_while_the_reader_is_busy_but_not_without_bound(tmp_path: Path) -> None:
    """While the reader does something else (the store writing an index block), the worker
    goes on past what the pipe holds, up to AHEAD_ITEMS items more, and no further."""
    size, total = 1 << 18, 64
    counter = tmp_path / "produced"

    def produce() -> Iterator[bytes]:
        for k in range(total):
            counter.write_text(str(k + 1))
            yield bytes(size)

    items = read_ahead(produce)
    assert len(next(items)) == size
    produced, still, deadline = 0, 0, time.monotonic() + 20
    while still < 3 and time.monotonic() < deadline:  # until the worker stops for want of room
        time.sleep(0.3)
        now = int(counter.read_text())
        still = still + 1 if now == produced else 0
        produced = now
    pipe_items = PIPE_BYTES // size
    assert AHEAD_ITEMS < produced <= AHEAD_ITEMS + pipe_items + 4 < total
    assert sum(1 for _ in items) == total - 1


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc: Linux only)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _gone(pid: int) -> bool:
    """Not running: ended, or a zombie waiting for init to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker through /proc")
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_the_worker_of_a_killed_import_exits(sig: str, tmp_path: Path) -> None:
    """An import of a large TMX parses in a worker; when the importing process is killed,
    the worker, re-parented to init, must notice and exit rather than block for ever."""
    import signal
    import subprocess
    import sys

    units = "".join(f'<tu><tuv xml:lang="en"><seg>Unit {k} of a file large enough for a worker</seg></tuv>'
                    f'<tuv xml:lang="ru"><seg>Единица {k} файла, который читает отдельный процесс</seg></tuv></tu>\n'
                    for k in range(60_000))
    path = tmp_path / "big.tmx"
    path.write_text(f'<tmx version="1.4"><header/><body>\n{units}</body></tmx>\n', encoding="utf-8")
    assert path.stat().st_size > 8_000_000
    code = ("import sys; from tm import exchange; exchange.available_cpus = lambda: 2; "
            "from tm.cli import main; sys.argv = ['tm', '--db', sys.argv[1], 'import', 'tmx', sys.argv[2]]; main()")
    importer = subprocess.Popen([sys.executable, "-c", code, f"sqlite:///{tmp_path / 'tm.db'}", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while not workers and time.monotonic() < deadline and importer.poll() is None:
            time.sleep(0.05)
            workers = _children(importer.pid)
        assert workers, "the import started no worker"
        time.sleep(0.3)  # the worker is parsing and sending
        importer.send_signal(getattr(signal, sig))
        importer.wait(10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not all(_gone(pid) for pid in workers):
            time.sleep(0.05)
        alive = [pid for pid in workers if not _gone(pid)]
        for pid in alive:  # (leave nothing behind when the test fails)
            os.kill(pid, signal.SIGKILL)
        assert not alive, f"worker(s) {alive} still run after the import was killed with {sig}"
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
