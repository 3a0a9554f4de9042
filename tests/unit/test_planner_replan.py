"""Re-planning: missed work moves, the next two days stay, pinned sessions stay, and the diff."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import (
    Change,
    Outcome,
    PinnedMove,
    Plan,
    PlanRequest,
    Reason,
    SessionKind,
    SessionOutcome,
    build_plan,
    replan,
)
from prompts import template_exists
from tests.unit.planner_support import (
    AVAILABILITY,
    check_plan,
    profile,
    request,
    synthetic_curriculum,
)


@pytest.fixture(scope="module")
def start() -> tuple[PlanRequest, Plan]:
    plan_request = request(
        synthetic_curriculum(random.Random(5), subjects=4, topics_per_subject=8), profile()
    )
    return plan_request, build_plan(plan_request)


def later(plan_request: PlanRequest, days: int, **changes: object) -> PlanRequest:
    return replace(plan_request, now=plan_request.now + timedelta(days=days), **changes)  # type: ignore[arg-type]


def all_done_until(plan: Plan, until: datetime) -> list[SessionOutcome]:
    return [
        SessionOutcome(s.id, Outcome.DONE, s.minutes)
        for s in plan.sessions
        if s.date < until.date() and s.kind is not SessionKind.BREAK
    ]


def future_of(plan: Plan, now: datetime):  # type: ignore[no-untyped-def]
    return [s for s in plan.sessions if s.date >= now.date()]


def test_nothing_changes_when_everything_went_as_planned(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 10)
    result = replan(now_request, plan, all_done_until(plan, now_request.now))
    kept = [s for s in result.plan.sessions if s.date < now_request.now.date() + timedelta(days=2)]
    before = [
        s
        for s in future_of(plan, now_request.now)
        if s.date < now_request.now.date() + timedelta(days=2)
    ]
    assert kept == before
    assert replan(now_request, plan, all_done_until(plan, now_request.now)) == result


def test_a_missed_lesson_moves_to_the_next_free_slot(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 10)
    outcomes = all_done_until(plan, now_request.now)
    missed = next(
        s for s in plan.sessions if s.kind is SessionKind.LESSON and s.date < now_request.now.date()
    )
    outcomes = [
        o if o.session_id != missed.id else SessionOutcome(missed.id, Outcome.MISSED, 0)
        for o in outcomes
    ]
    result = replan(now_request, plan, outcomes)
    again = [s for s in result.plan.sessions if s.lesson_id == missed.lesson_id]
    frozen_until = now_request.now.date() + timedelta(days=2)
    assert again and again[0].date >= frozen_until
    assert again[0].reason_code == Reason.MISSED_LESSON
    first_free = min(
        s.date
        for s in result.plan.sessions
        if s.date >= frozen_until and s.kind is SessionKind.LESSON
    )
    # The first open day, bumping if it must; unless bumping there starts a chain of moves,
    # then the first day where it fits in free room or in one cheap session's place.
    assert again[0].date == first_free or (
        len(result.diff) <= 3 and again[0].date <= first_free + timedelta(days=7)
    )
    moved = [d for d in result.diff if d.lesson_id == missed.lesson_id]
    assert moved and moved[0].change is Change.MOVED and moved[0].reason_code == Reason.MOVED_MISSED
    assert moved[0].before is not None and moved[0].before.date == missed.date


def test_time_spent_on_a_missed_lesson_counts(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 10)
    lesson = next(
        s
        for s in plan.sessions
        if s.kind is SessionKind.LESSON and s.date < now_request.now.date() and s.minutes >= 40
    )
    outcomes = [
        o if o.session_id != lesson.id else SessionOutcome(lesson.id, Outcome.SKIPPED, 20)
        for o in all_done_until(plan, now_request.now)
    ]
    result = replan(now_request, plan, outcomes)
    again = sum(s.minutes for s in result.plan.sessions if s.lesson_id == lesson.lesson_id)
    assert again == lesson.minutes - 20


def test_the_next_two_days_stay_unless_impossible(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 10)
    tomorrow = now_request.now.date() + timedelta(days=1)
    blocked = replace(now_request.profile, blackout_dates=(tomorrow,))
    result = replan(
        replace(now_request, profile=blocked), plan, all_done_until(plan, now_request.now)
    )
    assert not [s for s in result.plan.sessions if s.date == tomorrow]
    removed = [
        d
        for d in result.diff
        if d.change is Change.REMOVED and d.before and d.before.date == tomorrow
    ]
    assert removed
    assert {d.reason_code for d in removed if d.kind is not SessionKind.LESSON} <= {
        Reason.REMOVED_IMPOSSIBLE
    }
    lessons = [
        d
        for d in result.diff
        if d.before and d.before.date == tomorrow and d.kind is SessionKind.LESSON
    ]
    assert all(d.change in (Change.MOVED, Change.REMOVED) for d in lessons)


def test_a_session_moved_by_hand_stays_pinned(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 10)
    target = next(
        s
        for s in plan.sessions
        if s.kind is SessionKind.LESSON and s.date > now_request.now.date() + timedelta(days=5)
    )
    new_day = target.date + timedelta(days=9)
    move = PinnedMove(target.id, new_day, time(7, 0))
    result = replan(now_request, plan, all_done_until(plan, now_request.now), pinned=[move])
    pinned = [s for s in result.plan.sessions if s.id == target.id]
    assert (
        pinned and pinned[0].pinned and pinned[0].date == new_day and pinned[0].start == time(7, 0)
    )
    entry = next(d for d in result.diff if d.session_id == target.id)
    assert entry.change is Change.MOVED and entry.reason_code == Reason.PINNED
    # a later re-plan keeps it where the student put it
    after = replan(
        later(plan_request, 12),
        result.plan,
        all_done_until(result.plan, later(plan_request, 12).now),
    )
    assert any(s.id == target.id and s.date == new_day and s.pinned for s in after.plan.sessions)


def test_new_mastery_removes_lessons_with_a_reason(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 10)
    future_lesson = next(
        s
        for s in plan.sessions
        if s.kind is SessionKind.LESSON and s.date > now_request.now.date() + timedelta(days=3)
    )
    mastered = later(plan_request, 10, mastery={future_lesson.topic_id: 0.95})
    result = replan(mastered, plan, all_done_until(plan, now_request.now))
    assert not [
        s
        for s in result.plan.sessions
        if s.kind is SessionKind.LESSON and s.topic_id == future_lesson.topic_id
    ]
    entry = next(d for d in result.diff if d.lesson_id == future_lesson.lesson_id)
    assert entry.change is Change.REMOVED and entry.reason_code == Reason.REMOVED_MASTERED


def test_done_lessons_are_not_planned_again(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 20)
    outcomes = all_done_until(plan, now_request.now)
    done = {
        s.lesson_id
        for s in plan.sessions
        if s.kind is SessionKind.LESSON and s.date < now_request.now.date()
    }
    result = replan(now_request, plan, outcomes)
    again = {s.lesson_id for s in result.plan.sessions if s.kind is SessionKind.LESSON}
    fully_done = {
        lesson
        for lesson in done
        if all(s.date < now_request.now.date() for s in plan.sessions if s.lesson_id == lesson)
    }
    assert not fully_done & again


def test_every_diff_entry_has_a_reason_in_both_languages(start: tuple[PlanRequest, Plan]) -> None:
    plan_request, plan = start
    now_request = later(plan_request, 15)
    rng = random.Random(1)
    outcomes = [
        SessionOutcome(s.id, rng.choice(list(Outcome)), rng.randint(0, s.minutes))
        for s in plan.sessions
        if s.date < now_request.now.date() and s.kind is not SessionKind.BREAK
    ]
    result = replan(now_request, plan, outcomes)
    assert result.diff
    for entry in result.diff:
        assert (entry.before is None) == (entry.change is Change.ADDED)
        assert (entry.after is None) == (entry.change is Change.REMOVED)
        for locale in ("tr", "en"):
            assert template_exists(f"reasons/{entry.reason_code}", locale), entry.reason_code
    ids = [s.id for s in result.plan.sessions]
    assert len(ids) == len(set(ids))
    past_ids = {s.id for s in plan.sessions if s.date < now_request.now.date()}
    assert not past_ids & set(ids)
    assert all(s.date >= now_request.now.date() for s in result.plan.sessions)


def test_replan_on_the_real_pack_after_a_month() -> None:
    from coach.plans.curriculum import curriculum_for
    from content import load_pack

    yks = curriculum_for(load_pack("yks"), "SAY")
    plan_request = request(yks, profile())
    plan = build_plan(plan_request)
    now_request = later(plan_request, 30)
    rng = random.Random(9)
    statuses = {
        s.id: rng.choices(list(Outcome), (7, 2, 1))[0]
        for s in plan.sessions
        if s.date < now_request.now.date() and s.kind is not SessionKind.BREAK
    }
    outcomes = [
        SessionOutcome(s.id, statuses[s.id], s.minutes if statuses[s.id] is Outcome.DONE else 0)
        for s in plan.sessions
        if s.id in statuses
    ]
    result = replan(now_request, plan, outcomes)
    assert result.plan.start_date == now_request.now.astimezone(UTC).date()
    assert result.plan.summary.lesson_minutes > 0
    assert any(d.reason_code == Reason.MOVED_MISSED for d in result.diff)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    days=st.integers(1, 60),
    done_share=st.floats(0.0, 1.0),
    blackout_tomorrow=st.booleans(),
)
def test_replans_keep_every_calendar_rule(
    seed: int, days: int, done_share: float, blackout_tomorrow: bool
) -> None:
    rng = random.Random(seed)
    curriculum = synthetic_curriculum(
        rng, subjects=rng.randint(1, 5), topics_per_subject=rng.randint(2, 8)
    )
    study = profile(
        availability={day: rng.choice((0, 30, 60, 90, 120)) or 45 for day in AVAILABILITY},
        exam=profile().start_date + timedelta(days=rng.randint(days + 5, 150)),
    )
    plan_request = request(curriculum, study)
    plan = build_plan(plan_request)
    now_request = later(plan_request, days)
    if blackout_tomorrow:
        blocked = (now_request.now.date() + timedelta(days=1),)
        now_request = replace(now_request, profile=replace(study, blackout_dates=blocked))
    outcomes = [
        SessionOutcome(
            s.id, Outcome.DONE if rng.random() < done_share else Outcome.MISSED, s.minutes // 2
        )
        for s in plan.sessions
        if s.date < now_request.now.date() and s.kind is not SessionKind.BREAK
    ]
    result = replan(now_request, plan, outcomes)
    check_plan(result.plan, now_request, lessons=False)
    assert replan(now_request, plan, outcomes) == result
