"""Records of live Q&A sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MAX_TITLE = 120
MAX_QUESTION = 300


class QaStatus(StrEnum):
    """The life of a session."""

    SCHEDULED = "scheduled"
    HELD = "held"  # closed by its host; its answered questions are kept
    CANCELLED = "cancelled"


class AnnouncementStatus(StrEnum):
    """Whether a group announcement reached its platform."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class QaSession:
    """A session on a subject (and optionally one topic) at a time, held by an expert.

    `host_user_id` is the tutor who scheduled it (None from the command line); `host_name` is
    what students see.
    """

    id: int
    host_user_id: int | None
    host_name: str
    pack_id: str
    subject_id: str
    topic_id: str | None
    title: str
    starts_at: datetime
    minutes: int
    timezone: str
    status: QaStatus
    created_at: datetime
    closed_at: datetime | None = None

    @property
    def ends_at(self) -> datetime:
        """When the session is over."""
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session to schedule (already checked)."""

    host_user_id: int | None
    host_name: str
    pack_id: str
    subject_id: str
    topic_id: str | None
    title: str
    starts_at: datetime
    minutes: int
    timezone: str


@dataclass(frozen=True, slots=True)
class QaQuestion:
    """A question collected for a session; other students see it without its author."""

    id: int
    session_id: int
    user_id: int
    text: str
    created_at: datetime
    votes: int = 0
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Announcement:
    """A session announced in one group of a platform."""

    id: int
    session_id: int
    channel: str
    group_id: str
    chat_id: str | None
    locale: str
    status: AnnouncementStatus
    attempts: int = 0
    platform_id: str | None = None


@dataclass(frozen=True, slots=True)
class NewAnnouncement:
    """A group a session is to be announced in."""

    session_id: int
    channel: str
    group_id: str
    chat_id: str | None
    locale: str


@dataclass(frozen=True, slots=True)
class FocusSignals:
    """Why a student may care about a subject: topics planned soon, and weak topics."""

    user_id: int
    planned: frozenset[str]
    weak: frozenset[str]
