"""The plan a repair returns: its sessions, the lessons it leaves out and its totals."""

from __future__ import annotations

from collections.abc import Sequence

from planner.calendar import build_calendar, plan_start
from planner.model import PlanRequest
from planner.plan import Plan, PlanSummary, Reason, Session, SessionKind, Unscheduled
from planner.priority import Priorities, prioritise


def plan_gain(
    request: PlanRequest, sessions: Sequence[Session], priorities: Priorities | None = None
) -> float:
    """Priority value of the lessons the sessions hold completely (what is left of them);
    `priorities` is the request's ranking when the caller has it."""
    placed: dict[str, int] = {}
    for session in sessions:
        if session.kind is SessionKind.LESSON and session.lesson_id:
            placed[session.lesson_id] = placed.get(session.lesson_id, 0) + session.minutes
    return sum(
        item.value
        for item in (priorities or prioritise(request)).queue
        if placed.get(item.lesson.id, 0)
        >= item.minutes - request.lesson_progress.get(item.lesson.id, 0)
    )


def as_plan(
    request: PlanRequest,
    sessions: Sequence[Session],
    previous: Plan,
    priorities: Priorities | None = None,
) -> Plan:
    """The repaired sessions as a `Plan`, with its left-out lessons and totals."""
    priorities = priorities or prioritise(request)
    placed: dict[str, int] = {}
    for session in sessions:
        if session.kind is SessionKind.LESSON and session.lesson_id:
            placed[session.lesson_id] = placed.get(session.lesson_id, 0) + session.minutes
    done = set(request.done_lessons)
    gained, unscheduled = 0.0, []
    for item in priorities.queue:
        need = item.minutes - request.lesson_progress.get(item.lesson.id, 0)
        if placed.get(item.lesson.id, 0) >= need:
            gained += item.value
        elif item.lesson.id not in done:
            params = {**item.reason_params, "placed_minutes": placed.get(item.lesson.id, 0)}
            unscheduled.append(
                Unscheduled(item.lesson.id, item.topic.id, Reason.NOT_ENOUGH_TIME, params)
            )
    days = build_calendar(request.profile, request.now, request.settings)

    def minutes_of(kind: SessionKind) -> int:
        return sum(s.minutes for s in sessions if s.kind is kind)

    summary = PlanSummary(
        available_minutes=sum(day.capacity for day in days if day.is_study),
        planned_minutes=sum(s.minutes for s in sessions),
        lesson_minutes=minutes_of(SessionKind.LESSON),
        review_minutes=minutes_of(SessionKind.REVIEW),
        quiz_minutes=minutes_of(SessionKind.QUIZ),
        mock_exams=sum(1 for s in sessions if s.kind is SessionKind.MOCK_EXAM),
        expected_gain=round(gained, 3),
    )
    return Plan(
        pack_id=previous.pack_id,
        track=previous.track,
        start_date=plan_start(request.profile, request.now),
        exam_date=request.profile.exam_date,
        sessions=tuple(sessions),
        unscheduled=(*unscheduled, *priorities.left_out),
        summary=summary,
    )
