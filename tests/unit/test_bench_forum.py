"""The forum search benchmark runs end to end on SQLite with a few extra questions (a smoke
test; the real figures come from `python -m bench.forum`)."""

from __future__ import annotations

from bench.forum import run_backend


async def test_the_sqlite_figures_are_reported() -> None:
    figures = await run_backend("sqlite", 300, 3)
    assert set(figures) == {
        "search_hit3_sqlite",
        "search_hit3_100k_sqlite",
        "search_p95_ms_sqlite",
        "search_p95_cpu_ms_sqlite",
    }
    assert figures["search_hit3_sqlite"] >= 0.8 and figures["search_hit3_100k_sqlite"] >= 0.8
    assert figures["search_p95_ms_sqlite"] > 0
