"""Ports of the notifications feature: the outbox of pushes and the bulk reads of producers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from coach.domain import StudySession
from coach.notifications.model import (
    Ack,
    AudiencePage,
    ExistingPush,
    MockScore,
    Notification,
    NotificationKind,
    OutboxItem,
    OutboxStats,
    QuizScore,
    Recipient,
    Retry,
    Settle,
    StudentRules,
)


class OutboxRepository(Protocol):
    """Durable pushes: producers enqueue, one dispatcher per bot token claims, sends and settles.

    Every row has a unique dedupe key, so enqueueing twice is harmless; a claimed row carries a
    lease token, and only the holder of the current lease can settle it.
    """

    async def enqueue(self, notifications: Sequence[Notification], now: datetime) -> int:
        """Store pushes; a known key is only refreshed while still waiting. Returns rows written."""
        ...

    async def claim(
        self, channel: str, limit: int, lease_seconds: float, now: datetime
    ) -> Sequence[OutboxItem]:
        """Lease up to `limit` due rows of a channel (queued, or leased with an expired lease)."""
        ...

    async def ack(self, acks: Sequence[Ack]) -> int:
        """Mark delivered rows sent with their platform message ids; returns rows updated."""
        ...

    async def retry_later(self, retries: Sequence[Retry]) -> int:
        """Release claimed rows back to the queue until their retry time."""
        ...

    async def settle(self, outcomes: Sequence[Settle], now: datetime) -> int:
        """Close claimed rows as dead, failed or dropped, with the reason."""
        ...

    async def drop_pending(
        self,
        reason: str,
        *,
        user_id: int | None = None,
        channel: str | None = None,
        chat_key: str | None = None,
        kinds: Sequence[NotificationKind] | None = None,
        ids: Sequence[int] | None = None,
        dedupe_keys: Sequence[str] | None = None,
    ) -> int:
        """Drop queued rows matching every given filter (a paused student, a blocked chat)."""
        ...

    async def day_rows(
        self, user_ids: Sequence[int], first_day: date, last_day: date
    ) -> Sequence[ExistingPush]:
        """Queued, leased and sent rows of these students' local days (for caps and reconciling)."""
        ...

    async def sent_counts(
        self, pairs: Sequence[tuple[int, date]]
    ) -> Mapping[tuple[int, date], int]:
        """How many pushes each (student, local day) was sent."""
        ...

    async def recent_keys(
        self, user_ids: Sequence[int], kinds: Sequence[NotificationKind], since: date
    ) -> Mapping[int, frozenset[str]]:
        """Dedupe keys of these kinds stored for each student since a local day (any status)."""
        ...

    async def latest_context(
        self, user_ids: Sequence[int], kind: NotificationKind
    ) -> Mapping[int, Mapping[str, Any]]:
        """The context of each student's newest sent push of a kind (the last weekly review)."""
        ...

    async def stats(self, now: datetime) -> OutboxStats:
        """Counts per status, due rows and the lag of the oldest one."""
        ...

    async def purge(self, before: datetime, statuses: Sequence[str]) -> int:
        """Delete finished rows created before `before`; returns how many."""
        ...

    async def last_run(self, job: str) -> datetime | None:
        """When a producer job last completed."""
        ...

    async def mark_run(self, job: str, at: datetime) -> None:
        """Record that a producer job completed at `at`."""
        ...


@dataclass(frozen=True, slots=True)
class MasteryPoint:
    """A student's mastery of a topic and when it last changed."""

    value: float
    updated_at: datetime


class NotificationAudience(Protocol):
    """Bulk reads the notification producers need, a page of students at a time."""

    async def student_ids(self) -> Sequence[int]:
        """Every student's id, ascending."""
        ...

    async def recipients(self, user_ids: Sequence[int], channels: Sequence[str]) -> AudiencePage:
        """These students, where they have a profile and are reachable on one of `channels`
        (preferred first)."""
        ...

    async def recipient(self, user_id: int, channels: Sequence[str]) -> Recipient | None:
        """One student as a recipient, or None when they cannot be reached."""
        ...

    async def sessions(
        self, user_ids: Sequence[int], first_day: date, last_day: date
    ) -> Mapping[int, Sequence[StudySession]]:
        """Sessions of the students' active plans on those days, by student."""
        ...

    async def names(self, locale: str) -> Mapping[str, str]:
        """Topic and subject ids to their names in a language, for every pack."""
        ...

    async def mastery(self, user_ids: Sequence[int]) -> Mapping[int, Mapping[str, MasteryPoint]]:
        """Current topic mastery per student."""
        ...

    async def baseline_mastery(self, user_ids: Sequence[int]) -> Mapping[int, Mapping[str, float]]:
        """Topic mastery measured by the initial assessment, per student."""
        ...

    async def quiz_scores(
        self, user_ids: Sequence[int], since: datetime
    ) -> Mapping[int, Sequence[QuizScore]]:
        """Finished quizzes per student since a moment, oldest first."""
        ...

    async def mock_scores(self, user_ids: Sequence[int]) -> Mapping[int, Sequence[MockScore]]:
        """Mock exam results per student, oldest first."""
        ...

    async def controls(self, user_ids: Sequence[int]) -> Mapping[int, StudentRules]:
        """Each student's current rules, for the last check before sending."""
        ...
