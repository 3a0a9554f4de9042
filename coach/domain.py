"""Domain records of the coach, as frozen dataclasses.

Repositories in `storage/` map database rows to these types and back, so the rest of the coach
never sees an ORM object. Times are aware UTC datetimes; dates are the student's local dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class UserStatus(StrEnum):
    """Whether the coach may reach out to a student."""

    ACTIVE = "active"
    PAUSED = "paused"


class AgeBand(StrEnum):
    """Age band chosen at onboarding; minors get peer-feature protections."""

    UNDER_18 = "under_18"
    ADULT = "adult"


@dataclass(frozen=True, slots=True)
class User:
    """A student (or tutor) known to the coach, across all their channels."""

    id: int
    locale: str
    timezone: str
    created_at: datetime
    display_name: str | None = None
    age_band: AgeBand | None = None
    consent_at: datetime | None = None
    status: UserStatus = UserStatus.ACTIVE
    paused_until: date | None = None
    role: str = "student"

    @property
    def is_minor(self) -> bool:
        """Minors (and students who did not say) get the protective defaults."""
        return self.age_band is not AgeBand.ADULT


@dataclass(frozen=True, slots=True)
class ChannelIdentity:
    """One account of a user on one channel, and where to reach it."""

    id: int
    user_id: int
    channel: str
    external_id: str
    chat_id: str
    reachable: bool = True
    unreachable_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """A student's exam goal and study constraints (the planner's profile)."""

    user_id: int
    pack_id: str
    track: str
    exam_date: date
    start_date: date
    availability: Mapping[str, int] = field(default_factory=dict)
    windows: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    blackout_dates: tuple[date, ...] = ()
    break_days_per_week: int = 1
    break_weekday: str | None = None
    session_min: int = 25
    session_max: int = 60
    target_kind: str | None = None  # net | score | programme
    target_value: str | None = None
    reminder_lead_minutes: int = 15
    checkin_time: time = time(21, 0)
    quiet_start: time = time(23, 0)
    quiet_end: time = time(8, 0)
    max_pushes_per_day: int = 6
    opt_outs: tuple[str, ...] = ()
    # Dates whose free time is scaled: a lighter or stretch week accepted in a weekly review.
    day_factors: Mapping[date, float] = field(default_factory=dict)


class PlanStatus(StrEnum):
    """Lifecycle of a study plan: a preview is a draft until the student activates it."""

    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class SessionStatus(StrEnum):
    """What became of a planned study session."""

    SCHEDULED = "scheduled"
    DONE = "done"
    MISSED = "missed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class StudyPlan:
    """A plan made for a student from their profile and mastery."""

    id: int
    user_id: int
    pack_id: str
    track: str
    status: PlanStatus
    start_date: date
    exam_date: date
    created_at: datetime
    activated_at: datetime | None = None
    summary: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StudySession:
    """One block of a plan: a lesson, review, quiz, mock exam or break day."""

    id: int
    plan_id: int
    user_id: int
    key: str  # the planner's stable id of the session
    kind: str  # lesson | review | quiz | mock_exam | break
    date: date
    minutes: int
    start: time | None = None
    subject_id: str | None = None
    topic_id: str | None = None
    lesson_id: str | None = None
    reason: str = ""
    reason_data: Mapping[str, Any] = field(default_factory=dict)  # template code and params
    status: SessionStatus = SessionStatus.SCHEDULED
    completed_at: datetime | None = None
    minutes_spent: int | None = None
    pinned: bool = False
    difficulty_rating: int | None = None

    @property
    def seen_status(self) -> str:
        """The state as the student sees it: a check-in "Partly" is stored as skipped with
        the minutes spent, and every view calls it partly done, never skipped."""
        if self.status is SessionStatus.SKIPPED and self.minutes_spent:
            return "partly"
        return self.status.value

    @property
    def really_skipped(self) -> bool:
        """Skipped without any work on it (a partly done session is not a skip)."""
        return self.status is SessionStatus.SKIPPED and not self.minutes_spent


def key_stem(key: str) -> str:
    """A planner key without the day it names ("lesson:x:1:2026-12-08" -> "lesson:x:1"): a
    session a re-plan moves keeps its stem, so its old row and buttons can follow it."""
    head, _, tail = key.rpartition(":")
    try:
        date.fromisoformat(tail)
    except ValueError:
        return key
    return head or key


@dataclass(frozen=True, slots=True)
class AssessmentResult:
    """The outcome of the initial assessment for one topic (or subject, when topic is None)."""

    user_id: int
    pack_id: str
    subject_id: str
    topic_id: str | None
    asked: int
    correct: int
    skipped: int
    mastery: float
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TopicMastery:
    """What the coach believes a student knows of one topic, 0..1."""

    user_id: int
    pack_id: str
    topic_id: str
    mastery: float
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LessonProgress:
    """How far a student is with one lesson."""

    user_id: int
    pack_id: str
    lesson_id: str
    status: str  # not_started | in_progress | done
    minutes_spent: int = 0
    completed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DialogueState:
    """Where a student is in a conversation; lives in the database so restarts resume it.

    `version` increases on every save; a save with a stale version is refused, so two processes
    answering the same student cannot overwrite each other.
    """

    user_id: int
    flow: str
    step: str
    data: Mapping[str, Any] = field(default_factory=dict)
    version: int = 0


@dataclass(frozen=True, slots=True)
class LinkCode:
    """A one-time code that joins another channel account to the account that made it.

    Only a hash of the code is stored. `claimed_by` is the account that entered the code while
    both accounts held data and has been asked to confirm; only it may confirm.
    """

    id: int
    user_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    claimed_by: int | None = None

    def usable(self, now: datetime) -> bool:
        """Not used yet and not expired."""
        return self.used_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """How a group (a Discord server) uses the coach: its coach channel and its language."""

    channel: str
    group_id: str
    locale: str
    updated_at: datetime
    coach_chat_id: str | None = None
