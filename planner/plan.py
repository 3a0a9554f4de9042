"""What the planner returns: sessions with reasons, the lessons left out, and a summary.

Every session carries a `reason_code` (the name of a template under
`prompts/messages/<locale>/reasons/`) and `reason_params` (JSON scalars) so the coach can say
why it is there in the student's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from typing import Any


class SessionKind(StrEnum):
    """What a session is for."""

    LESSON = "lesson"
    REVIEW = "review"
    QUIZ = "quiz"
    MOCK_EXAM = "mock_exam"
    BREAK = "break"


class Reason(StrEnum):
    """Reason codes; each has a template `reasons/<code>.j2` in every locale."""

    WEAK_TOPIC = "weak_topic"
    HIGH_VALUE = "high_value"
    PREREQUISITE = "prerequisite"
    MISSED_LESSON = "missed_lesson"
    REVIEW_DUE = "review_due"
    REVIEW_EXAM_PEAK = "review_exam_peak"
    TAPER_REVIEW = "taper_review"
    MODULE_QUIZ = "module_quiz"
    MINI_MOCK = "mini_mock"
    FULL_MOCK = "full_mock"
    BREAK_DAY = "break_day"
    NOT_ENOUGH_TIME = "not_enough_time"
    PREREQUISITE_LEFT_OUT = "prerequisite_left_out"
    ALREADY_MASTERED = "already_mastered"
    MOVED_MISSED = "moved_missed"
    MOVED_SHIFTED = "moved_shifted"
    REMOVED_DONE = "removed_done"
    REMOVED_MASTERED = "removed_mastered"
    REMOVED_IMPOSSIBLE = "removed_impossible"
    REMOVED_NO_TIME = "removed_no_time"
    REMOVED_NOT_NEEDED = "removed_not_needed"
    PINNED = "pinned"
    RESIZED = "resized"


@dataclass(frozen=True, slots=True)
class Session:
    """One planned block of study (or a break day, with 0 minutes and no start)."""

    id: str
    date: date
    start: time | None
    minutes: int
    kind: SessionKind
    subject_id: str | None
    topic_id: str | None
    lesson_id: str | None
    reason_code: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)
    part: int = 1
    parts: int = 1
    pinned: bool = False

    @property
    def start_minute(self) -> int:
        """Minutes after local midnight at which the session starts (breaks: 0)."""
        return 0 if self.start is None else self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        """Minutes after local midnight at which the session ends."""
        return self.start_minute + self.minutes


def chronological(session: Session) -> tuple[date, time, str]:
    """Sort key: date, start (a break day first), id."""
    return (session.date, session.start or time.min, session.id)


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """A lesson the plan leaves out, and why."""

    lesson_id: str
    topic_id: str
    reason_code: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """Totals of a plan.

    `expected_gain` is the plan's priority value: the sum over scheduled lessons of their share
    of expected questions x test weight x (1 - mastery), i.e. weighted exam questions gained.
    """

    available_minutes: int
    planned_minutes: int
    lesson_minutes: int
    review_minutes: int
    quiz_minutes: int
    mock_exams: int
    expected_gain: float


@dataclass(frozen=True, slots=True)
class Plan:
    """A day-by-day plan from its first day up to (not including) the exam day."""

    pack_id: str
    track: str
    start_date: date
    exam_date: date
    sessions: tuple[Session, ...]
    unscheduled: tuple[Unscheduled, ...]
    summary: PlanSummary


class Change(StrEnum):
    """How a session differs between the old and the new plan."""

    ADDED = "added"
    MOVED = "moved"
    REMOVED = "removed"
    RESIZED = "resized"  # same day, another length (a topic's lessons got shorter or longer)


@dataclass(frozen=True, slots=True)
class DiffEntry:
    """One change proposed by a re-plan, with its reason, for the student to accept or not."""

    change: Change
    session_id: str
    kind: SessionKind
    topic_id: str | None
    lesson_id: str | None
    before: Session | None
    after: Session | None
    reason_code: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Replan:
    """The rebuilt future plan and what changed against the previous one."""

    plan: Plan
    diff: tuple[DiffEntry, ...]
