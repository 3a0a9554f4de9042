"""Ports of the learning feature: assessment results and mastery, answers, review cards, time
estimates, mocks, feedback and decisions (`uow.progress`, `uow.learning`, `uow.feedback`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from coach.domain import AssessmentResult, LessonProgress, TopicMastery
from coach.learning.records import (
    Decision,
    Feedback,
    MockResult,
    QuizAttempt,
    ReviewCard,
    TimeEstimate,
)


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

    async def item_difficulties(self, pack_id: str) -> Mapping[str, float]:
        """Item key (`coach.learning.picker.item_key`) to its fitted difficulty."""
        ...

    async def save_item_difficulties(
        self, pack_id: str, fitted: Mapping[str, tuple[float, int]], now: datetime
    ) -> None:
        """Insert or replace fitted difficulties: item key to (difficulty, answers)."""
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


class ProgressRepository(Protocol):
    """Assessment results, per-topic mastery and lesson progress."""

    async def add_assessment(self, results: Sequence[AssessmentResult]) -> None:
        """Store assessment outcomes."""
        ...

    async def assessments(self, user_id: int) -> Sequence[AssessmentResult]:
        """A user's assessment outcomes."""
        ...

    async def mastery(self, user_id: int, pack_id: str) -> Mapping[str, float]:
        """Topic id to mastery for a user in a pack."""
        ...

    async def set_mastery(self, items: Sequence[TopicMastery]) -> None:
        """Insert or update per-topic mastery."""
        ...

    async def lesson_progress(self, user_id: int, pack_id: str) -> Sequence[LessonProgress]:
        """Every lesson the user has touched in a pack."""
        ...

    async def save_lesson_progress(self, progress: LessonProgress) -> None:
        """Insert or update one lesson's progress."""
        ...
