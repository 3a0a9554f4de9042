"""Ports of adaptive learning: answers, review cards, time estimates, mocks, feedback, decisions.

Re-exported by `coach.ports` (the unit of work exposes them as `uow.learning` and `uow.feedback`);
kept in their own module so the ports file stays readable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from coach.records import Decision, Feedback, MockResult, QuizAttempt, TimeEstimate
from coach.spaced import ReviewCard


class LearningRepository(Protocol):
    """Quiz answers, review cards, lesson time estimates and mock exams of students."""

    async def add_attempts(self, attempts: Sequence[QuizAttempt]) -> None:
        """Store answered questions."""
        ...

    async def attempts(
        self,
        user_id: int,
        pack_id: str,
        topic_id: str | None = None,
        since: datetime | None = None,
    ) -> Sequence[QuizAttempt]:
        """A student's answers, oldest first (optionally of one topic, or since a moment)."""
        ...

    async def pack_attempts(self, pack_id: str) -> Sequence[QuizAttempt]:
        """Every answer in a pack, by student then time (to fit the mastery model)."""
        ...

    async def review_cards(self, user_id: int, pack_id: str) -> Mapping[str, ReviewCard]:
        """Topic id to the student's review card."""
        ...

    async def save_review_card(self, card: ReviewCard) -> None:
        """Insert or replace a topic's review card."""
        ...

    async def time_estimates(self, user_id: int, pack_id: str) -> Mapping[str, TimeEstimate]:
        """Scope ("*" or a topic id) to the student's time estimate."""
        ...

    async def save_time_estimate(self, estimate: TimeEstimate) -> None:
        """Insert or replace one time estimate."""
        ...

    async def add_mock(self, result: MockResult) -> MockResult:
        """Store an entered mock exam."""
        ...

    async def mocks(self, user_id: int, pack_id: str) -> Sequence[MockResult]:
        """A student's mock exams, oldest first."""
        ...


class FeedbackRepository(Protocol):
    """Ratings and comments, and the decisions the coach took with their reasons."""

    async def add_feedback(self, feedback: Feedback) -> None:
        """Store a rating or comment."""
        ...

    async def feedback(
        self, user_id: int, pack_id: str, since: datetime | None = None
    ) -> Sequence[Feedback]:
        """A student's feedback, oldest first."""
        ...

    async def peer_resource_ratings(
        self, pack_id: str, topic_id: str, user_id: int, mastery: float, band: float = 0.2
    ) -> Mapping[str, tuple[float, int]]:
        """Resource id to (mean rating, votes) from other students whose mastery of the topic
        is within `band` of `mastery` (similar students)."""
        ...

    async def add_decision(self, decision: Decision) -> Decision:
        """Record a decision with its reason."""
        ...

    async def decisions(
        self,
        user_id: int,
        pack_id: str | None = None,
        *,
        topic_id: str | None = None,
        kind: str | None = None,
        limit: int = 50,
    ) -> Sequence[Decision]:
        """A student's decisions, newest first."""
        ...
