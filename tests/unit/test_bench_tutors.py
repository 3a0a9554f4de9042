"""The human-tutor benchmark runs end to end with small numbers (a smoke test)."""

from __future__ import annotations

import random

from bench._tutor_routing import route_sql
from bench.tutors import SUBJECTS, _tutors, relay_many, route_many


def test_routing_a_burst_reports_seconds_and_routes_some() -> None:
    result = route_many(60, 30)
    assert result["escalations"] == 60
    assert 0 < result["routed"] <= 60
    assert result["route_1000_s"] >= 0


async def test_relaying_reports_percentiles() -> None:
    result = await relay_many(5)
    assert result["messages"] == 5
    assert result["relay_p99_ms"] >= result["relay_median_ms"] > 0


async def test_routing_through_the_use_case_and_its_sql_reports_seconds() -> None:
    tutors = _tutors(20, random.Random(3))
    result = await route_sql("sqlite", tutors, 30, SUBJECTS)
    assert result["route_1000_sql_s_sqlite"] > 0
    assert 0 < result["routed_sql_sqlite"] <= 30
