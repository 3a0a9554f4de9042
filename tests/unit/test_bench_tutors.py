"""The human-tutor benchmark runs end to end with small numbers (a smoke test)."""

from __future__ import annotations

from bench.tutors import relay_many, route_many


def test_routing_a_burst_reports_seconds_and_routes_some() -> None:
    result = route_many(60, 30)
    assert result["escalations"] == 60
    assert 0 < result["routed"] <= 60
    assert result["route_1000_s"] >= 0


async def test_relaying_reports_percentiles() -> None:
    result = await relay_many(5)
    assert result["messages"] == 5
    assert result["relay_p99_ms"] >= result["relay_median_ms"] > 0
