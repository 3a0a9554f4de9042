"""Events of the sessions feature: a planned session started, settled, rated or moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class SessionEvent(DomainEvent):
    """Something happened to one planned session."""

    session_id: int
    plan_id: int
    pack_id: str
    kind: str  # lesson | review | quiz | mock_exam
    day: date
    topic_id: str | None = None
    subject_id: str | None = None
    lesson_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class SessionStarted(SessionEvent):
    """The student opened the session's material."""


@dataclass(frozen=True, kw_only=True)
class SessionSettled(SessionEvent):
    """A session left the schedule: done, skipped or missed. `source` says who settled it
    (the Done button, the evening check-in, a quiz, the nightly run)."""

    source: str
    planned_minutes: int
    minutes_spent: int | None = None
    # The student's time zone when the caller knew it (the chat does): spares subscribers
    # that need the student's day (the XP ledger, the study day) a read of the user.
    timezone: str | None = None
    # Whether a challenge may count this session; True when unknown. The chat knows it from
    # the account query, so the Done path skips the challenges read for the many who have none.
    in_challenge: bool = True


@dataclass(frozen=True, kw_only=True)
class SessionCompleted(SessionSettled):
    """The student did the session. `minutes_before`: minutes counted already when a partly
    done session is corrected to done (`minutes_spent` is then the rest)."""

    minutes_before: int = 0


@dataclass(frozen=True, kw_only=True)
class SessionSkipped(SessionSettled):
    """The student said they skipped (or only partly did) the session."""

    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class SessionMissed(SessionSettled):
    """The day passed and nobody settled the session."""


@dataclass(frozen=True, kw_only=True)
class SessionRated(SessionEvent):
    """The student said how hard the session was: 1 too easy … 5 too hard."""

    rating: int


@dataclass(frozen=True, kw_only=True)
class SessionMoved(SessionEvent):
    """The student moved the session to another day (it is pinned there)."""

    to_day: date


@dataclass(frozen=True, kw_only=True)
class CheckInCompleted(DomainEvent):
    """The evening check-in ended: how many sessions were done and the minutes reported."""

    pack_id: str
    done: int
    reported_minutes: int
    # Sessions marked done or partly done, and the student's day of the check-in: group
    # attendance is taken from them (defaults keep older callers working).
    worked: int = 0
    day: date | None = None
