"""What happened since a plan was made, as a re-plan reads it: the outcome of each past
session, the sessions the student moved by hand, and what those outcomes say about each lesson
(parts done, minutes spent, lessons missed); and why a lesson can no longer happen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from planner.model import PlanRequest
from planner.plan import Plan, Reason, Session, SessionKind


class Outcome(StrEnum):
    """What happened to a planned session."""

    DONE = "done"
    MISSED = "missed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """A session's outcome and the minutes the student actually spent on it."""

    session_id: str
    status: Outcome
    minutes_spent: int | None = None


@dataclass(frozen=True, slots=True)
class PinnedMove:
    """A session the student moved by hand to a new date and start time."""

    session_id: str
    date: date
    start: time


@dataclass(slots=True)
class History:
    """Per lesson: parts done, parts planned and minutes spent; lessons missed; sessions done."""

    done_parts: dict[str, int]
    parts: dict[str, int]
    progress: dict[str, int]
    missed: list[str]
    done_sessions: set[str]


def read_history(
    previous: Plan, outcomes: dict[str, SessionOutcome], past: list[Session]
) -> History:
    """What the outcomes of the `past` sessions of `previous` say (no outcome: missed)."""
    history = History({}, {}, {}, [], set())
    for session in previous.sessions:
        if session.kind is SessionKind.LESSON and session.lesson_id:
            history.parts[session.lesson_id] = max(
                history.parts.get(session.lesson_id, 0), session.parts
            )
    for session in past:
        outcome = outcomes.get(session.id)
        status = outcome.status if outcome else Outcome.MISSED
        if status is Outcome.DONE:
            history.done_sessions.add(session.id)
        if session.kind is not SessionKind.LESSON or not session.lesson_id:
            continue
        lesson = session.lesson_id
        if status is Outcome.DONE:
            history.done_parts[lesson] = history.done_parts.get(lesson, 0) + 1
            history.progress[lesson] = history.progress.get(lesson, 0) + session.minutes
        else:
            spent = max(0, min(session.minutes, (outcome.minutes_spent or 0) if outcome else 0))
            history.progress[lesson] = history.progress.get(lesson, 0) + spent
            if lesson not in history.missed:
                history.missed.append(lesson)
    return history


def lesson_problem(session: Session, request: PlanRequest, done: set[str]) -> str | None:
    """Why a lesson or review can no longer happen, or None."""
    if session.kind is SessionKind.LESSON:
        if session.lesson_id in done:
            return Reason.REMOVED_DONE
        if session.topic_id and request.mastery_of(session.topic_id) >= request.settings.mastered:
            return Reason.REMOVED_MASTERED
    return None
