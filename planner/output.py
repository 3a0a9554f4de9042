"""Turn the builder's drafts into the final `Plan`: stable ids, part numbers, left-outs, totals.

Session ids are readable and unique even against the sessions of earlier plans:
`lesson:<lesson_id>:<part>:<date>`, `review:<topic_id>:<date>`, `quiz:<topic_id>:<module>:<date>`,
`mock:<date>:<part or mini>`, `break:<date>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from planner.calendar import Day
from planner.model import PlanRequest
from planner.plan import Plan, PlanSummary, Reason, Session, SessionKind, Unscheduled
from planner.priority import Priorities
from planner.progress import Progress


@dataclass(slots=True)
class Draft:
    """A session while the plan is being built (start in minutes after midnight)."""

    date: date
    start: int | None
    minutes: int
    kind: SessionKind
    subject_id: str | None
    topic_id: str | None
    lesson_id: str | None
    reason_code: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)
    key: str = ""
    original: Session | None = None

    @classmethod
    def of(cls, session: Session) -> Draft:
        """A draft that stands for an existing (kept or pinned) session."""
        return cls(
            session.date,
            session.start_minute,
            session.minutes,
            session.kind,
            session.subject_id,
            session.topic_id,
            session.lesson_id,
            session.reason_code,
            session.reason_params,
            str(session.part),
            session,
        )

    def session_id(self) -> str:
        """The stable id of the session."""
        if self.kind is SessionKind.LESSON:
            return f"lesson:{self.lesson_id}:{self.key}:{self.date.isoformat()}"
        if self.kind is SessionKind.REVIEW:
            return f"review:{self.topic_id}:{self.date.isoformat()}"
        if self.kind is SessionKind.QUIZ:
            return f"quiz:{self.topic_id}:{self.key}:{self.date.isoformat()}"
        if self.kind is SessionKind.MOCK_EXAM:
            return f"mock:{self.date.isoformat()}:{self.key}"
        return f"break:{self.date.isoformat()}"


def _clock(minute: int | None) -> time | None:
    return None if minute is None else time(minute // 60, minute % 60)


def _sessions(drafts: Sequence[Draft]) -> tuple[Session, ...]:
    parts: dict[str, int] = {}
    for draft in drafts:
        if draft.kind is SessionKind.LESSON and draft.lesson_id:
            parts[draft.lesson_id] = max(parts.get(draft.lesson_id, 0), int(draft.key or 1))
    sessions = []
    for draft in drafts:
        if draft.original is not None:
            sessions.append(draft.original)
            continue
        total = parts.get(draft.lesson_id or "", 1)
        part = int(draft.key) if draft.kind is SessionKind.LESSON else 1
        params = dict(draft.reason_params)
        if draft.kind is SessionKind.LESSON and total > 1:
            params.update(part=part, parts=total)
        sessions.append(
            Session(
                id=draft.session_id(),
                date=draft.date,
                start=_clock(draft.start),
                minutes=draft.minutes,
                kind=draft.kind,
                subject_id=draft.subject_id,
                topic_id=draft.topic_id,
                lesson_id=draft.lesson_id,
                reason_code=draft.reason_code,
                reason_params=params,
                part=part,
                parts=total if draft.kind is SessionKind.LESSON else 1,
            )
        )
    sessions.sort(
        key=lambda s: (s.date, s.start or time.min, s.kind is not SessionKind.BREAK, s.id)
    )
    return tuple(sessions)


def _left_out(progress: Progress, priorities: Priorities) -> tuple[list[Unscheduled], float]:
    unscheduled: list[Unscheduled] = []
    gained = 0.0
    for topic in progress.topics.values():
        started = any(state.parts > 0 for state in topic.lessons)
        blocked = [other for other in topic.unmet if not progress.complete(other)]
        for state in topic.lessons:
            if state.remaining <= 0 and state.pending_fixed == 0:
                gained += state.item.value
                continue
            params = dict(state.item.reason_params)
            params["placed_minutes"] = state.item.minutes - max(0, state.remaining)
            if blocked and not started:
                code: str = Reason.PREREQUISITE_LEFT_OUT
                params["prerequisite_id"] = blocked[0]
            else:
                code = Reason.NOT_ENOUGH_TIME
            unscheduled.append(Unscheduled(state.item.lesson.id, topic.topic_id, code, params))
    return unscheduled + list(priorities.left_out), gained


def assemble(
    request: PlanRequest,
    first: date,
    days: Sequence[Day],
    *,
    drafts: Sequence[Draft],
    progress: Progress,
    priorities: Priorities,
) -> Plan:
    """The finished plan with its summary."""
    sessions = _sessions(drafts)
    unscheduled, gained = _left_out(progress, priorities)

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
        pack_id=request.curriculum.pack_id,
        track=request.curriculum.track,
        start_date=first,
        exam_date=request.profile.exam_date,
        sessions=sessions,
        unscheduled=tuple(unscheduled),
        summary=summary,
    )
