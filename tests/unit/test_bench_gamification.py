"""The Done-path benchmark of bench.gamification runs end to end on SQLite with a few students
(a smoke test; the real figures come from `python -m bench.gamification --students 0`)."""

from __future__ import annotations

from bench._done_path import done_latency


async def test_the_done_path_figures_are_reported() -> None:
    figures = await done_latency(students=30, requests=5)
    assert set(figures) == {
        "done_p50_ms_without_motivation",
        "done_p99_ms_without_motivation",
        "done_p50_ms",
        "done_p99_ms",
        "done_cpu_p50_ms_without_motivation",
        "done_cpu_p50_ms",
    }
    assert all(value > 0 for value in figures.values())
