"""Quiz answers, review cards, lesson time estimates and mock exams."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.learning.records import MockResult, QuizAttempt, ReviewCard, TimeEstimate
from storage.models.calibration import ItemDifficultyRow
from storage.models.learning import (
    LessonTimeEstimateRow,
    MockResultRow,
    QuizAttemptRow,
    ReviewCardRow,
)
from storage.repositories._upsert import upsert


def _attempt(row: QuizAttemptRow) -> QuizAttempt:
    return QuizAttempt(
        user_id=row.user_id,
        pack_id=row.pack_id,
        topic_id=row.topic_id,
        quiz_ref=row.quiz_ref,
        kind=row.kind,
        question_ref=row.question_ref,
        difficulty=row.difficulty,
        correct=row.correct,
        skipped=row.skipped,
        response_ms=row.response_ms,
        mastery_before=row.mastery_before,
        mastery_after=row.mastery_after,
        answered_at=row.answered_at,
        id=row.id,
    )


class SqlLearningRepository:
    """What students answered and how their memory of each topic is scheduled, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_attempts(self, attempts: Sequence[QuizAttempt]) -> None:
        """Store answered questions."""
        if not attempts:
            return
        await self._session.execute(
            insert(QuizAttemptRow),
            [
                {
                    "user_id": a.user_id,
                    "pack_id": a.pack_id,
                    "topic_id": a.topic_id,
                    "quiz_ref": a.quiz_ref,
                    "kind": a.kind,
                    "question_ref": a.question_ref,
                    "difficulty": a.difficulty,
                    "correct": a.correct,
                    "skipped": a.skipped,
                    "response_ms": a.response_ms,
                    "mastery_before": a.mastery_before,
                    "mastery_after": a.mastery_after,
                    "answered_at": a.answered_at,
                }
                for a in attempts
            ],
        )

    async def attempts(
        self,
        user_id: int,
        pack_id: str,
        topic_id: str | None = None,
        since: datetime | None = None,
    ) -> Sequence[QuizAttempt]:
        """A student's answers, oldest first (optionally of one topic, or since a moment)."""
        query = select(QuizAttemptRow).where(
            QuizAttemptRow.user_id == user_id, QuizAttemptRow.pack_id == pack_id
        )
        if topic_id is not None:
            query = query.where(QuizAttemptRow.topic_id == topic_id)
        if since is not None:
            query = query.where(QuizAttemptRow.answered_at >= since)
        rows = await self._session.scalars(
            query.order_by(QuizAttemptRow.answered_at, QuizAttemptRow.id)
        )
        return [_attempt(row) for row in rows]

    async def pack_attempts(self, pack_id: str) -> Sequence[QuizAttempt]:
        """Every answer in a pack, by student then time (to fit the mastery model)."""
        rows = await self._session.scalars(
            select(QuizAttemptRow)
            .where(QuizAttemptRow.pack_id == pack_id)
            .order_by(QuizAttemptRow.user_id, QuizAttemptRow.answered_at, QuizAttemptRow.id)
        )
        return [_attempt(row) for row in rows]

    async def review_cards(self, user_id: int, pack_id: str) -> Mapping[str, ReviewCard]:
        """Topic id to the student's review card."""
        rows = await self._session.scalars(
            select(ReviewCardRow).where(
                ReviewCardRow.user_id == user_id, ReviewCardRow.pack_id == pack_id
            )
        )
        return {
            row.topic_id: ReviewCard(
                row.user_id,
                row.pack_id,
                row.topic_id,
                row.card,
                row.due,
                row.reviews,
                row.updated_at,
            )
            for row in rows
        }

    async def save_review_card(self, card: ReviewCard) -> None:
        """Insert or replace a topic's review card."""
        await upsert(
            self._session,
            ReviewCardRow,
            [
                {
                    "user_id": card.user_id,
                    "pack_id": card.pack_id,
                    "topic_id": card.topic_id,
                    "card": card.card_json,
                    "due": card.due,
                    "reviews": card.reviews,
                    "updated_at": card.updated_at,
                }
            ],
            ["user_id", "pack_id", "topic_id"],
        )

    async def time_estimates(self, user_id: int, pack_id: str) -> Mapping[str, TimeEstimate]:
        """Scope ("*" or a topic id) to the student's time estimate."""
        rows = await self._session.scalars(
            select(LessonTimeEstimateRow).where(
                LessonTimeEstimateRow.user_id == user_id,
                LessonTimeEstimateRow.pack_id == pack_id,
            )
        )
        return {
            row.scope: TimeEstimate(
                row.user_id, row.pack_id, row.scope, row.factor, row.samples, row.updated_at
            )
            for row in rows
        }

    async def save_time_estimate(self, estimate: TimeEstimate) -> None:
        """Insert or replace one time estimate."""
        await upsert(
            self._session,
            LessonTimeEstimateRow,
            [
                {
                    "user_id": estimate.user_id,
                    "pack_id": estimate.pack_id,
                    "scope": estimate.scope,
                    "factor": estimate.factor,
                    "samples": estimate.samples,
                    "updated_at": estimate.updated_at,
                }
            ],
            ["user_id", "pack_id", "scope"],
        )

    async def add_mock(self, result: MockResult) -> MockResult:
        """Store an entered mock exam."""
        row = MockResultRow(
            user_id=result.user_id,
            pack_id=result.pack_id,
            taken_on=result.taken_on,
            entries=[dict(entry) for entry in result.entries],
            net=result.net,
        )
        self._session.add(row)
        await self._session.flush()
        return MockResult(
            result.user_id, result.pack_id, result.taken_on, result.entries, result.net, row.id
        )

    async def mocks(self, user_id: int, pack_id: str) -> Sequence[MockResult]:
        """A student's mock exams, oldest first."""
        rows = await self._session.scalars(
            select(MockResultRow)
            .where(MockResultRow.user_id == user_id, MockResultRow.pack_id == pack_id)
            .order_by(MockResultRow.taken_on, MockResultRow.id)
        )
        return [
            MockResult(row.user_id, row.pack_id, row.taken_on, tuple(row.entries), row.net, row.id)
            for row in rows
        ]

    async def item_difficulties(self, pack_id: str) -> Mapping[str, float]:
        """Item key to its fitted difficulty (items never fitted are absent)."""
        rows = await self._session.scalars(
            select(ItemDifficultyRow).where(ItemDifficultyRow.pack_id == pack_id)
        )
        return {row.item_key: row.difficulty for row in rows}

    async def save_item_difficulties(
        self, pack_id: str, fitted: Mapping[str, tuple[float, int]], now: datetime
    ) -> None:
        """Insert or replace fitted difficulties: item key to (difficulty, answers)."""
        await upsert(
            self._session,
            ItemDifficultyRow,
            [
                {
                    "pack_id": pack_id,
                    "item_key": key,
                    "difficulty": difficulty,
                    "answers": answers,
                    "updated_at": now,
                }
                for key, (difficulty, answers) in fitted.items()
            ],
            ["pack_id", "item_key"],
        )
