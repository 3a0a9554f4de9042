"""Ports of the plans feature: the student's profile (goal and constraints) and study plans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from coach.domain import Profile, SessionStatus, StudyPlan, StudySession


class ProfileRepository(Protocol):
    """Exam goals and study constraints."""

    async def get(self, user_id: int) -> Profile | None:
        """The profile of a user, if onboarding reached it."""
        ...

    async def save(self, profile: Profile) -> None:
        """Insert or replace a user's profile."""
        ...


class PlanRepository(Protocol):
    """Study plans and their sessions."""

    async def add(self, plan: StudyPlan, sessions: Sequence[StudySession]) -> StudyPlan:
        """Store a plan with its sessions (ids of the arguments are ignored)."""
        ...

    async def get(self, plan_id: int) -> StudyPlan | None:
        """A plan by id."""
        ...

    async def active_for(self, user_id: int) -> StudyPlan | None:
        """The user's active plan."""
        ...

    async def latest_draft_for(self, user_id: int) -> StudyPlan | None:
        """The user's newest draft (preview) plan."""
        ...

    async def set_status(self, plan_id: int, status: str, now: datetime) -> None:
        """Activate or archive a plan."""
        ...

    async def sessions(
        self, plan_id: int, start: date | None = None, end: date | None = None
    ) -> Sequence[StudySession]:
        """The plan's sessions, optionally only those from `start` to `end` inclusive."""
        ...

    async def get_session(self, session_id: int) -> StudySession | None:
        """One session by id."""
        ...

    async def update_session(self, session: StudySession) -> None:
        """Save a changed session."""
        ...

    async def replace_future(
        self, plan_id: int, from_date: date, sessions: Sequence[StudySession]
    ) -> None:
        """Replace the scheduled sessions on or after `from_date` (done ones stay)."""
        ...

    async def set_exam_date(self, plan_id: int, exam_date: date) -> None:
        """Move a plan's exam date."""
        ...

    async def mark_status(
        self,
        session_id: int,
        status: SessionStatus,
        now: datetime,
        minutes_spent: int | None = None,
    ) -> None:
        """Record that a session was done, missed or skipped."""
        ...
