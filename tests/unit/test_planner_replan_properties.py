"""Re-plans a person can read, over random plans and days off (issue 13 item 5): the day off
holds nothing afterwards and every calendar rule holds, no "move" keeps its date, the plan keeps
98% of a full rebuild's value, and when the next days have room the day off changes at most
three times its sessions and the far future stays as it was. A mock entry is repaired by a
few swaps, not rebuilt."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench._replan_cases import cases, mock_entry, on_track
from planner import Change, Plan, PlanRequest, SessionKind, SessionOutcome, build_plan, replan
from planner.calendar import build_calendar
from planner.repaired import plan_gain
from tests.unit.planner_support import (
    AVAILABILITY,
    check_plan,
    profile,
    request,
    synthetic_curriculum,
)

FAR_DAYS = 28  # from the day off on, this far is the "far future"
KEEP_DAYS = 2  # today and tomorrow are kept (see `planner.replan`)


def _day_off(
    seed: int, days: int, dense: bool
) -> tuple[PlanRequest, Plan, list[SessionOutcome], date] | None:
    """A random student `days` into the plan, on track; the next study day with sessions off.
    `dense` plans fill every day (short exam horizons, little time); others leave room."""
    rng = random.Random(seed)
    minutes: tuple[int, ...]
    if dense:
        curriculum = synthetic_curriculum(
            rng, subjects=rng.randint(1, 4), topics_per_subject=rng.randint(2, 6)
        )
        minutes, horizon = (30, 45, 60, 90, 120, 180), rng.randint(days + 14, 150)
    else:
        curriculum = synthetic_curriculum(
            rng, subjects=rng.randint(1, 3), topics_per_subject=rng.randint(2, 4)
        )
        minutes, horizon = (90, 120, 180, 240), rng.randint(days + 60, 150)
    study = profile(
        availability={day: rng.choice(minutes) for day in AVAILABILITY},
        exam=profile().start_date + timedelta(days=horizon),
    )
    plan_request = request(curriculum, study)
    plan = build_plan(plan_request)
    later, outcomes = on_track(plan_request, plan, days)
    tomorrow = later.now.date() + timedelta(days=1)
    busy = sorted(
        {s.date for s in plan.sessions if s.date >= tomorrow and s.kind is not SessionKind.BREAK}
    )
    if not busy:
        return None
    off = busy[0]
    blocked = replace(later.profile, blackout_dates=(off,))
    return replace(later, profile=blocked), plan, outcomes, off


def _room_before_next(off_request: PlanRequest, plan: Plan, off: date) -> bool:
    """Whether the day's sessions have room: for each, a day after the day off and before its
    topic's next lesson's day (outside the two kept days) with free room for all of them."""
    calendar = {
        d.date: d
        for d in build_calendar(off_request.profile, off_request.now, off_request.settings)
    }
    open_from = off_request.now.date() + timedelta(days=KEEP_DAYS)

    def free(day: date) -> int:
        info = calendar.get(day)
        if info is None or not info.is_study or day < open_from:
            return 0
        return info.capacity - sum(s.minutes for s in plan.sessions if s.date == day)

    on_day = [s for s in plan.sessions if s.date == off and s.kind is not SessionKind.BREAK]
    need = sum(s.minutes for s in on_day)
    for session in on_day:
        later = [
            s.date
            for s in plan.sessions
            if s.topic_id == session.topic_id
            and s.kind is SessionKind.LESSON
            and s.lesson_id != session.lesson_id
            and s.date > off
        ]
        until = min([*later, off + timedelta(days=4)])
        span = (off + timedelta(days=n) for n in range(1, (until - off).days))
        if not any(free(day) >= need for day in span):
            return False
    return True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 100_000), days=st.integers(0, 40), dense=st.booleans())
def test_a_day_off_changes_little_and_keeps_every_rule(seed: int, days: int, dense: bool) -> None:
    case = _day_off(seed, days, dense)
    if case is None:
        return
    off_request, plan, outcomes, off = case
    result = replan(off_request, plan, outcomes)
    rebuilt = replan(off_request, plan, outcomes, minimal=False)
    # Nothing on the day off, nothing outside the windows or over a day's minutes, no overlap,
    # never three of a subject in a row (the checker of every plan).
    check_plan(result.plan, off_request, lessons=False)
    assert not [s for s in result.plan.sessions if s.date == off]
    for entry in result.diff:
        if entry.change is Change.MOVED:
            assert entry.before is not None and entry.after is not None
            assert entry.before.date != entry.after.date, entry  # no "Thu 3 Dec → Thu 3 Dec"
    assert (
        plan_gain(off_request, result.plan.sessions)
        >= 0.98 * plan_gain(off_request, rebuilt.plan.sessions) - 1e-9
    )
    on_day = [s for s in plan.sessions if s.date == off and s.kind is not SessionKind.BREAK]
    if result.plan == rebuilt.plan:
        return  # the repair could not keep the value: a rebuild, which may change anything
    if not _room_before_next(off_request, plan, off):
        return  # a packed plan: keeping the value may take a chain of moves (see the report)
    # With room in the next days, the day off changes at most three times its sessions ...
    assert len(result.diff) <= 3 * len(on_day), [
        (d.change.value, d.session_id) for d in result.diff
    ]
    # ... and the far future stays as it was: of the topics not on the day off, only what
    # gave way to a displaced session (or a swap that keeps the value) changes there.
    far = off + timedelta(days=FAR_DAYS)
    touched = {s.topic_id for s in on_day}
    far_changes = [
        d
        for d in result.diff
        if d.topic_id not in touched
        and any(s is not None and s.date >= far for s in (d.before, d.after))
    ]
    assert len(far_changes) <= len(on_day), far_changes


def test_the_room_condition_is_met_often() -> None:
    """The three-times bound above is checked, not skipped: most roomy plans qualify."""
    met = 0
    for seed in range(20):
        case = _day_off(seed, seed % 30, dense=False)
        if case is not None and _room_before_next(case[0], case[1], case[3]):
            met += 1
    assert met >= 8


def test_a_mock_entry_is_repaired_by_a_few_swaps_not_rebuilt() -> None:
    """The bench's SAT student whose mock showed the math topics weaker: the old re-planner
    rebuilt and changed 86 sessions; the repair adds the lessons the new values favour."""
    request_3, plan_3, days_3, rng_3 = cases(4)[3]
    measured = mock_entry(request_3, plan_3, days_3, rng_3)
    assert not measured.rebuilt
    assert measured.changes <= 5
    assert measured.kept >= 0.98
    assert measured.rebuilt_changes > 50
