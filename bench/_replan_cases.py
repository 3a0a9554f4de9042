"""Scenarios for how much a re-plan changes: a day off, and one mock exam entered.

Each case is a student on track: a plan built on day one, every session up to day `k` done
(so the request knows those lessons as done). Then
- a day off: the first study day from tomorrow on that holds sessions becomes a blackout;
- a mock entry: the mastery of every topic of one test moves towards the mock's score (as
  `coach.learning` does: a mock speaks about all topics of a test).
Both are re-planned by the minimal re-planner and by a full rebuild (`minimal=False`); we count
the sessions changed (diff entries) and compare the plans' priority value (`plan_gain`: the
value of the lessons a plan holds completely, counting the minutes already studied).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bench._planner_cases import (
    curriculum,
    issue_profile,
    random_mastery,
    random_profile,
    request_for,
    tracks,
)
from planner import Outcome, Plan, PlanRequest, SessionKind, SessionOutcome, build_plan, replan
from planner.repaired import plan_gain


@dataclass(frozen=True, slots=True)
class Measured:
    """One re-plan: sessions changed, the minimal plan's value and the rebuild's."""

    changes: int
    day_sessions: int
    value: float
    rebuilt_value: float
    rebuilt_changes: int
    rebuilt: bool  # the repair gave up and the re-planner rebuilt

    @property
    def kept(self) -> float:
        """The minimal plan's value against the rebuild's (1.0 when neither wins anything)."""
        return self.value / self.rebuilt_value if self.rebuilt_value > 0 else 1.0


def on_track(
    request: PlanRequest, plan: Plan, days: int
) -> tuple[PlanRequest, list[SessionOutcome]]:
    """The request `days` later with every session before then done."""
    until = plan.start_date + timedelta(days=days)
    past = [s for s in plan.sessions if s.date < until and s.kind is not SessionKind.BREAK]
    outcomes = [SessionOutcome(s.id, Outcome.DONE, s.minutes) for s in past]
    left: dict[str, int] = {}
    for session in plan.sessions:
        if session.kind is SessionKind.LESSON and session.lesson_id and session.date >= until:
            left[session.lesson_id] = left.get(session.lesson_id, 0) + 1
    done = sorted({s.lesson_id for s in past if s.lesson_id and s.lesson_id not in left})
    progress: dict[str, int] = {}
    for session in past:
        if session.lesson_id and session.lesson_id in left:
            progress[session.lesson_id] = progress.get(session.lesson_id, 0) + session.minutes
    later = replace(
        request,
        now=request.now + timedelta(days=days),
        done_lessons=tuple(done),
        lesson_progress=progress,
    )
    return later, outcomes


def _measure(
    request: PlanRequest, plan: Plan, outcomes: list[SessionOutcome], off: date | None
) -> Measured:
    minimal = replan(request, plan, outcomes)
    rebuilt = replan(request, plan, outcomes, minimal=False)
    day = sum(1 for s in plan.sessions if s.date == off and s.kind is not SessionKind.BREAK)
    return Measured(
        len(minimal.diff),
        day,
        plan_gain(request, minimal.plan.sessions),
        plan_gain(request, rebuilt.plan.sessions),
        len(rebuilt.diff),
        minimal.plan == rebuilt.plan,
    )


def day_off(request: PlanRequest, plan: Plan, days: int) -> Measured | None:
    """`days` into the plan, the next study day with sessions becomes a day off."""
    later, outcomes = on_track(request, plan, days)
    tomorrow = later.now.date() + timedelta(days=1)
    busy = sorted(
        {s.date for s in plan.sessions if s.date >= tomorrow and s.kind is not SessionKind.BREAK}
    )
    if not busy:
        return None
    off = busy[0]
    profile = replace(later.profile, blackout_dates=(*later.profile.blackout_dates, off))
    return _measure(replace(later, profile=profile), plan, outcomes, off)


def mock_entry(request: PlanRequest, plan: Plan, days: int, rng: random.Random) -> Measured:
    """`days` into the plan, one mock moves the mastery of every topic of one test."""
    later, outcomes = on_track(request, plan, days)
    tests = sorted({t.test_id for t in later.curriculum.topics})
    test = rng.choice(tests)
    score = rng.uniform(0.2, 0.95)
    mastery = dict(later.mastery)
    for topic in later.curriculum.topics:
        if topic.test_id == test:
            mastery[topic.id] = round(0.6 * later.mastery_of(topic.id) + 0.4 * score, 3)
    return _measure(replace(later, mastery=mastery), plan, outcomes, None)


def cases(count: int) -> list[tuple[PlanRequest, Plan, int, random.Random]]:
    """The issue's student plus random students of every track, each at a random day."""
    found = []
    for seed in range(count):
        rng = random.Random(50_000 + seed)
        if seed == 0:
            plan_curriculum = curriculum("yks", "SAY")
            profile = issue_profile(200)
        else:
            pack_id, track = rng.choice(tracks())
            plan_curriculum = curriculum(pack_id, track)
            profile = random_profile(rng, rng.randint(60, 220), (0, 45, 60, 90, 120, 180))
        request = request_for(plan_curriculum, profile, random_mastery(rng, plan_curriculum))
        found.append((request, build_plan(request), rng.randint(0, 30), rng))
    return found


def summary(count: int) -> dict[str, float]:
    """The benchmark's figures over `count` students (see `bench.planner`)."""
    off: list[Measured] = []
    mock: list[Measured] = []
    for request, plan, days, rng in cases(count):
        measured = day_off(request, plan, days)
        if measured is not None and measured.day_sessions:
            off.append(measured)
        mock.append(mock_entry(request, plan, days, rng))
    return {
        "replan_changes_day_off": max(m.changes for m in off),
        "replan_changes_day_off_mean": round(sum(m.changes for m in off) / len(off), 1),
        "replan_day_off_ratio_max": round(max(m.changes / m.day_sessions for m in off), 2),
        "replan_day_off_within_3x": round(
            sum(m.changes <= 3 * m.day_sessions for m in off) / len(off), 3
        ),
        "replan_changes_mock": max(m.changes for m in mock),
        "replan_changes_mock_mean": round(sum(m.changes for m in mock) / len(mock), 1),
        "replan_value_kept_min": round(min(m.kept for m in off), 4),
        "replan_value_kept_mean": round(sum(m.kept for m in off) / len(off), 4),
        "replan_value_kept_mock_min": round(min(m.kept for m in mock), 4),
        "replan_rebuilds": sum(m.rebuilt for m in off + mock),
        "replan_rebuild_changes_day_off_mean": round(
            sum(m.rebuilt_changes for m in off) / len(off), 1
        ),
    }
