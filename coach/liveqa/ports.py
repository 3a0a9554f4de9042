"""Ports of live Q&A sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from coach.domain import GroupSettings
from coach.liveqa.model import (
    Announcement,
    AnnouncementStatus,
    FocusSignals,
    NewAnnouncement,
    NewSession,
    QaQuestion,
    QaSession,
    QaStatus,
)


class LiveQaRepository(Protocol):
    """Sessions, attendees, questions with votes, and group announcements."""

    async def add_session(self, session: NewSession, now: datetime) -> QaSession:
        """Store a scheduled session."""
        ...

    async def get_session(self, session_id: int) -> QaSession | None:
        """A session by id."""
        ...

    async def sessions(
        self,
        *,
        status: QaStatus,
        pack_id: str | None = None,
        host_user_id: int | None = None,
        ends_after: datetime | None = None,
        limit: int = 10,
    ) -> Sequence[QaSession]:
        """Sessions in a status, soonest first (held ones newest first)."""
        ...

    async def close(self, session_id: int, status: QaStatus, now: datetime) -> None:
        """End a session as held or cancelled."""
        ...

    async def attend(self, session_id: int, user_id: int, now: datetime) -> bool:
        """Record that a student will come; False when they had said so already."""
        ...

    async def attendees(self, session_id: int) -> Sequence[int]:
        """Students who said they would come."""
        ...

    async def add_question(
        self, session_id: int, user_id: int, text: str, now: datetime
    ) -> QaQuestion:
        """Store a question for a session."""
        ...

    async def question(self, question_id: int) -> QaQuestion | None:
        """A question with its vote count."""
        ...

    async def questions(self, session_id: int) -> Sequence[QaQuestion]:
        """A session's questions, most upvoted first, then oldest first."""
        ...

    async def vote(self, question_id: int, user_id: int, now: datetime) -> bool:
        """Upvote once; False when this student had upvoted it already."""
        ...

    async def set_answered(self, question_id: int, answered_at: datetime | None) -> None:
        """Mark a question answered (or not)."""
        ...

    async def groups(self, channel: str) -> Sequence[GroupSettings]:
        """Groups of a platform set up with the coach (their coach chat and language)."""
        ...

    async def announce(self, announcements: Sequence[NewAnnouncement], now: datetime) -> None:
        """Queue group announcements of a session."""
        ...

    async def pending_announcements(self, channel: str, limit: int) -> Sequence[Announcement]:
        """Announcements of a platform still to be made, oldest first."""
        ...

    async def settle_announcement(
        self,
        announcement_id: int,
        status: AnnouncementStatus,
        now: datetime,
        *,
        platform_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record an attempt: done with the platform's id, failed, or pending for a retry."""
        ...

    async def focus_signals(
        self,
        pack_id: str,
        topic_ids: Sequence[str],
        first_day: date,
        last_day: date,
        weak_below: float,
    ) -> Sequence[FocusSignals]:
        """Students of a pack with these topics in their active plan between the days, or
        practised and still weak (mastery below `weak_below`)."""
        ...
