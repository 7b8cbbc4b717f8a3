"""Worker processes for the long whole-TM jobs (QA).

Workers are forked, so that they start with what the parent has loaded or compiled
instead of receiving copies. Where fork is unsafe (macOS) or missing (Windows), the jobs
run in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
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
