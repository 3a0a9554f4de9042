"""The searching repair (`planner.repair_search`): tried when the greedy repairs change too
much after a day off; bounded, and honest when no repair within the budget exists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

import planner.repair as repair_module
from bench._replan_cases import cases, day_off, on_track
from planner import Plan, PlanRequest, SessionKind, SessionOutcome, repair_search, replan
from planner.priority import prioritise
from planner.repair_days import DayBook, Item
from planner.repaired import plan_gain


def _off(index: int) -> tuple[PlanRequest, Plan, list[SessionOutcome], date]:
    request, plan, days, _ = cases(index + 1)[index]
    later, outcomes = on_track(request, plan, days)
    tomorrow = later.now.date() + timedelta(days=1)
    off = min(
        s.date for s in plan.sessions if s.date >= tomorrow and s.kind is not SessionKind.BREAK
    )
    profile = replace(later.profile, blackout_dates=(*later.profile.blackout_dates, off))
    return replace(later, profile=profile), plan, outcomes, off


@pytest.mark.parametrize("index", [0, 2, 3, 5])
def test_a_packed_day_off_is_repaired_within_three_times_its_sessions(index: int) -> None:
    request, plan, days, _ = cases(index + 1)[index]
    measured = day_off(request, plan, days)
    assert measured is not None and measured.day_sessions > 0
    assert measured.changes <= 3 * measured.day_sessions
    assert measured.kept >= 0.98
    later, _, outcomes, off = _off(index)
    result = replan(later, plan, outcomes)
    assert all(s.date != off for s in result.plan.sessions if s.kind is not SessionKind.BREAK)
    assert all(
        e.before is None or e.after is None or e.before.date != e.after.date for e in result.diff
    )


def test_bench_case_one_has_no_repair_within_three_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Case 1 of the bench: one 40-minute lesson off; every repair that keeps 98% of a
    rebuild's value changes more than 3 sessions (see docs/architecture.md, "Day off")."""
    request, plan, outcomes, off = _off(1)
    ranked = prioritise(request)
    values = {item.lesson.id: item.value for item in ranked.queue}
    floor = 0.98 * plan_gain(
        request, replan(request, plan, outcomes, minimal=False).plan.sessions, ranked
    )
    everything = plan_gain(
        request, [s for s in plan.sessions if s.date >= request.now.date()], ranked
    )
    # The premises of the proof: the day-off lesson's own lesson cannot be left out...
    assert everything - values["paragraf_sozel_mantik"] < floor
    # ... the first open day cannot hold it with its second part, and the next is full.
    first, second = off + timedelta(days=1), off + timedelta(days=3)
    on_first = [s for s in plan.sessions if s.date == first]
    assert sum(s.minutes for s in on_first) - 25 + 40 > 45  # without the quiz, still too long
    assert sum(s.minutes for s in plan.sessions if s.date == second) == 60  # full
    # And the search, let run to the end, finds nothing within 3 or 5 changes, but 6.
    monkeypatch.setattr(repair_search, "NODE_LIMIT", 10**6)
    results = []
    original = repair_search.search

    def spy(*args: Any, limit: int, slack: float) -> None:
        for budget in (3, 5, 6):
            found = original(*args, limit=budget, slack=slack)
            results.append(None if found is None else found.changes)

    monkeypatch.setattr(repair_module, "search", spy)
    replan(request, plan, outcomes)
    assert results[:3] == [None, None, 6]


def test_the_search_repairs_a_packed_day_off_by_the_calendar_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bench case 86: every day around the day off is full. Given one more change than 3x,
    the search finds the fewest (4, what the greedy repair makes too), and what it finds
    keeps the rules: nothing on the day off, every moved session on a new date, each day
    within its minutes and never three of a subject in a row."""
    request, plan, outcomes, off = _off(86)
    found: list[tuple[repair_search.Found, list[str]]] = []
    original = repair_search.search

    def spy(state: DayBook, queue: list[Item], values: Any, *, limit: int, slack: float) -> Any:
        result = original(state, queue, values, limit=limit + 1, slack=slack)
        if result is not None:
            broken = [d.isoformat() for d, day in state.days.items() if not state.runs_ok(day)]
            over = [
                d.isoformat()
                for d, day in state.days.items()
                if sum(s.minutes for s in day) > state.calendar[d].capacity
            ]
            found.append((result, broken + over))
        return result

    monkeypatch.setattr(repair_module, "search", spy)
    result = replan(request, plan, outcomes)
    assert found, "the search ran and found a repair"
    best, broken = found[0]
    assert best.changes == 4 and broken == []
    assert all(s.kind is SessionKind.BREAK for s in best.days.get(off, []))
    before = {s.id: s for s in plan.sessions}
    for day, sessions in best.days.items():
        for session in sessions:
            if session.id not in before:  # moved here by the search: a new date
                assert all(
                    old.date != day
                    for old in plan.sessions
                    if old.lesson_id == session.lesson_id
                    and old.part == session.part
                    and old.kind is session.kind
                    and old.topic_id == session.topic_id
                )
    assert len(result.diff) == 4  # the re-plan keeps the fewest changes
