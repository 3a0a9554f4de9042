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


def median_ms(work: Callable[[], object], repeat: int) -> float:
    """Median wall time of `work` in milliseconds (garbage collection off while timing)."""
    samples = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
        gc.enable()
    return statistics.median(samples)


def emit(result: dict[str, Any]) -> None:
    """Print the benchmark's result as one JSON object."""
    print(json.dumps(result, sort_keys=False))
