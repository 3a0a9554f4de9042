"""Helpers shared by the benchmarks: one-core pinning, timing and JSON output."""

from __future__ import annotations

import gc
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def pin_to_one_core() -> None:
    """Run on a single CPU so figures mean "on one core" (no-op where unsupported)."""
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[0]})


class Stopwatch:
    """CPU time (this process, one core) and wall time of a piece of work.

    The CPU time is the figure reported: the machine is shared, and wall time there also
    counts the time other programs hold the core.
    """

    def __init__(self) -> None:
        self.cpu = 0.0
        self.wall = 0.0

    def __enter__(self) -> Stopwatch:
        gc.collect()
        self._cpu, self._wall = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu = time.process_time() - self._cpu
        self.wall = time.perf_counter() - self._wall


def median_ms(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median CPU and wall milliseconds of `work`."""
    cpu, wall = [], []
    for _ in range(repeat):
        with Stopwatch() as watch:
            work()
        cpu.append(watch.cpu * 1000)
        wall.append(watch.wall * 1000)
    return statistics.median(cpu), statistics.median(wall)


def emit(result: dict[str, Any]) -> None:
    """Print the benchmark's result as one JSON object."""
    print(json.dumps(result, sort_keys=False))
