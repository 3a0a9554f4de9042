"""Scenarios for the planner benchmark: students, progress, and the two reference methods.

- `optimum`: the exact best selection of lessons under a lesson-minute budget with the same
  values and constraints the planner uses (a topic's lessons in order, unmet prerequisite
  topics complete before a topic starts), solved with OR-Tools CP-SAT.
- `round_robin`: the seed's naive method: one lesson per subject in turn, in curriculum order,
  no priorities, no reviews or practice, filling each study day until the next lesson does not
  fit.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import pairwise

from coach.plans.curriculum import curriculum_for
from content import load_pack, shipped_pack_ids
from planner import (
    WEEKDAYS,
    Curriculum,
    Outcome,
    Plan,
    PlanRequest,
    SessionKind,
    SessionOutcome,
    StudyProfile,
    TimeWindow,
)
from planner.calendar import DayStatus, build_calendar
from planner.priority import prioritise, topic_value

START = date(2026, 12, 1)
YKS_TRACKS = ("SAY", "EA", "SOZ", "TYT")


@cache
def curriculum(pack_id: str, track: str) -> Curriculum:
    """A shipped pack's curriculum for one track (loaded once)."""
    return curriculum_for(load_pack(pack_id), track)


def tracks() -> list[tuple[str, str]]:
    """Every (pack, track) the benchmark draws students from."""
    pairs = [("yks", track) for track in YKS_TRACKS]
    if "sat" in shipped_pack_ids():
        pairs.append(("sat", "MATH"))
    return pairs


def issue_profile(days: int = 200) -> StudyProfile:
    """The profile of the issue's example, over `days` days."""
    return StudyProfile(
        start_date=START,
        exam_date=START + timedelta(days=days),
        timezone="Europe/Istanbul",
        availability={
            "mon": 120,
            "tue": 120,
            "wed": 90,
            "thu": 120,
            "fri": 60,
            "sat": 240,
            "sun": 180,
        },
        windows={
            "mon": (TimeWindow.parse("18:00-21:00"),),
            "sat": (TimeWindow.parse("10:00-13:00"), TimeWindow.parse("15:00-18:00")),
        },
        blackout_dates=(date(2026, 12, 31),),
        break_days_per_week=1,
    )


def random_profile(rng: random.Random, days: int, minutes: Sequence[int]) -> StudyProfile:
    """A student with random weekly minutes, default windows and a few blackout days."""
    availability = {day: rng.choice(minutes) for day in WEEKDAYS}
    if not any(availability.values()):
        availability["sat"] = max(minutes)
    start = START + timedelta(days=rng.randint(0, 20))
    blackouts = tuple(
        sorted({start + timedelta(days=rng.randint(0, days - 1)) for _ in range(rng.randint(0, 3))})
    )
    session_min = rng.choice((20, 25, 30))
    return StudyProfile(
        start_date=start,
        exam_date=start + timedelta(days=days),
        timezone="Europe/Istanbul",
        availability=availability,
        blackout_dates=blackouts,
        break_days_per_week=rng.choice((0, 1, 1, 2)),
        session_min=session_min,
        session_max=rng.choice((45, 60, 90)),
    )


def random_mastery(rng: random.Random, plan_curriculum: Curriculum) -> dict[str, float]:
    """Assessment results for about a third of the topics."""
    return {
        topic.id: round(rng.random(), 2) for topic in plan_curriculum.topics if rng.random() < 0.35
    }


def request_for(
    plan_curriculum: Curriculum, profile: StudyProfile, mastery: dict[str, float]
) -> PlanRequest:
    """A plan request made at 06:00 UTC on the profile's start date."""
    start = profile.start_date
    now = datetime(start.year, start.month, start.day, 6, tzinfo=UTC)
    return PlanRequest(curriculum=plan_curriculum, profile=profile, now=now, mastery=mastery)


def progress_after(
    rng: random.Random, request: PlanRequest, plan: Plan, days: int
) -> tuple[PlanRequest, list[SessionOutcome]]:
    """`days` of mixed progress: most sessions done, some missed or skipped, mastery moved."""
    until = plan.start_date + timedelta(days=days)
    outcomes = []
    mastery = dict(request.mastery)
    for session in plan.sessions:
        if session.date >= until or session.kind is SessionKind.BREAK:
            continue
        status = rng.choices((Outcome.DONE, Outcome.MISSED, Outcome.SKIPPED), (0.7, 0.2, 0.1))[0]
        spent = session.minutes if status is Outcome.DONE else rng.randint(0, session.minutes // 2)
        outcomes.append(SessionOutcome(session.id, status, spent))
        if status is Outcome.DONE and session.topic_id:
            before = request.mastery_of(session.topic_id)
            mastery[session.topic_id] = min(
                1.0, max(before, mastery.get(session.topic_id, before)) + 0.05
            )
    now = datetime.combine(until, datetime.min.time(), tzinfo=UTC) + timedelta(hours=6)
    return replace(request, now=now, mastery=mastery), outcomes


def lesson_minutes(request: PlanRequest, plan: Plan) -> int:
    """Minutes of the lessons the plan schedules completely (parts of unfinished lessons, like
    any other unused time, count only in the capacity ratio)."""
    placed: dict[str, int] = {}
    for session in plan.sessions:
        if session.kind is SessionKind.LESSON and session.lesson_id:
            placed[session.lesson_id] = placed.get(session.lesson_id, 0) + session.minutes
    return sum(
        item.minutes
        for item in prioritise(request).queue
        if placed.get(item.lesson.id, 0) >= item.minutes
    )


def lesson_capacity(request: PlanRequest, plan: Plan) -> dict[date, int]:
    """Per study day before the taper: its capacity minus the plan's reviews, quizzes, mocks."""
    days = build_calendar(request.profile, request.now, request.settings)
    room = {day.date: day.capacity for day in days if day.status is DayStatus.STUDY}
    for session in plan.sessions:
        if session.date in room and session.kind is not SessionKind.LESSON:
            room[session.date] -= session.minutes
    return room


def plan_value(request: PlanRequest, plan: Plan) -> float:
    """Priority value of the lessons the plan schedules completely."""
    placed: dict[str, int] = {}
    for session in plan.sessions:
        if session.kind is SessionKind.LESSON and session.lesson_id:
            placed[session.lesson_id] = placed.get(session.lesson_id, 0) + session.minutes
    return sum(
        item.value
        for item in prioritise(request).queue
        if placed.get(item.lesson.id, 0) >= item.minutes
    )


def optimum(request: PlanRequest, budget: int) -> float:
    """The best total value of a lesson selection within `budget` minutes (CP-SAT, exact)."""
    from ortools.sat.python import cp_model

    priorities = prioritise(request)
    model = cp_model.CpModel()
    chosen = {item.lesson.id: model.NewBoolVar(item.lesson.id) for item in priorities.queue}
    by_topic: dict[str, list[str]] = {}
    for item in priorities.queue:
        by_topic.setdefault(item.topic.id, []).append(item.lesson.id)
    for lessons in by_topic.values():
        for earlier, later in pairwise(lessons):
            model.Add(chosen[later] <= chosen[earlier])
    for topic_id, prerequisites in priorities.unmet.items():
        for prerequisite in prerequisites:
            if topic_id in by_topic and prerequisite in by_topic:
                model.Add(chosen[by_topic[topic_id][0]] <= chosen[by_topic[prerequisite][-1]])
    model.Add(
        sum(item.minutes * chosen[item.lesson.id] for item in priorities.queue) <= max(0, budget)
    )
    scale = 100_000
    model.Maximize(
        sum(round(item.value * scale) * chosen[item.lesson.id] for item in priorities.queue)
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20.0
    status = solver.Solve(model)
    if status == cp_model.OPTIMAL:
        return solver.ObjectiveValue() / scale
    # Not proven optimal in time: compare against the upper bound, which only lowers our ratio.
    return solver.BestObjectiveBound() / scale


def round_robin(request: PlanRequest, room: dict[date, int]) -> float:
    """Value won by the naive method given, per day, the same lesson minutes (`room`)."""
    plan_curriculum = request.curriculum
    weights = plan_curriculum.test_weights
    done = set(request.done_lessons)
    queues: dict[str, list[tuple[int, float]]] = {}
    for topic in plan_curriculum.topics:
        if weights.get(topic.test_id, 0) <= 0:
            continue
        lessons = sorted(
            (lesson for lesson in plan_curriculum.lessons if lesson.topic_id == topic.id),
            key=lambda lesson: lesson.order,
        )
        total = sum(lesson.minutes for lesson in lessons) or 1
        value = topic_value(topic, plan_curriculum, request.mastery_of(topic.id))
        queue = queues.setdefault(topic.subject_id, [])
        queue.extend(
            (lesson.minutes, value * lesson.minutes / total)
            for lesson in lessons
            if lesson.id not in done
        )
    order: list[tuple[int, float]] = []
    pending = [list(queues[s.id]) for s in plan_curriculum.subjects if s.id in queues]
    while any(pending):
        for queue in pending:
            if queue:
                order.append(queue.pop(0))
    limit = request.profile.session_max
    won, index, left_of_lesson = 0.0, 0, None
    for day in sorted(room):
        free = room[day]
        while index < len(order) and free > 0:
            minutes, value = order[index]
            left = minutes if left_of_lesson is None else left_of_lesson
            piece = min(left, limit)
            if piece > free:
                break
            free -= piece
            left -= piece
            if left == 0:
                won += value
                index, left_of_lesson = index + 1, None
            else:
                left_of_lesson = left
    return won
