"""Assessment results, per-topic mastery and lesson progress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import AssessmentResult, LessonProgress, TopicMastery
from storage.models import AssessmentResultRow, LessonProgressRow, TopicMasteryRow
from storage.repositories._upsert import upsert


class SqlProgressRepository:
    """What students know and have done, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_assessment(self, results: Sequence[AssessmentResult]) -> None:
        """Store assessment outcomes."""
        if not results:
            return
        await self._session.execute(
            insert(AssessmentResultRow),
            [
                {
                    "user_id": r.user_id,
                    "pack_id": r.pack_id,
                    "subject_id": r.subject_id,
                    "topic_id": r.topic_id,
                    "asked": r.asked,
                    "correct": r.correct,
                    "skipped": r.skipped,
                    "mastery": r.mastery,
                    "created_at": r.created_at,
                }
                for r in results
            ],
        )

    async def assessments(self, user_id: int) -> Sequence[AssessmentResult]:
        """A user's assessment outcomes, oldest first."""
        rows = await self._session.scalars(
            select(AssessmentResultRow)
            .where(AssessmentResultRow.user_id == user_id)
            .order_by(AssessmentResultRow.id)
        )
        return [
            AssessmentResult(
                user_id=row.user_id,
                pack_id=row.pack_id,
                subject_id=row.subject_id,
                topic_id=row.topic_id,
                asked=row.asked,
                correct=row.correct,
                skipped=row.skipped,
                mastery=row.mastery,
                created_at=row.created_at,
            )
            for row in rows
        ]

    async def mastery(self, user_id: int, pack_id: str) -> Mapping[str, float]:
        """Topic id to mastery for a user in a pack."""
        rows = await self._session.execute(
            select(TopicMasteryRow.topic_id, TopicMasteryRow.mastery).where(
                TopicMasteryRow.user_id == user_id, TopicMasteryRow.pack_id == pack_id
            )
        )
        return {topic_id: float(mastery) for topic_id, mastery in rows}

    async def set_mastery(self, items: Sequence[TopicMastery]) -> None:
        """Insert or update per-topic mastery."""
        await upsert(
            self._session,
            TopicMasteryRow,
            [
                {
                    "user_id": item.user_id,
                    "pack_id": item.pack_id,
                    "topic_id": item.topic_id,
                    "mastery": item.mastery,
                    "updated_at": item.updated_at,
                }
                for item in items
            ],
            ["user_id", "pack_id", "topic_id"],
        )

    async def lesson_progress(self, user_id: int, pack_id: str) -> Sequence[LessonProgress]:
        """Every lesson the user has touched in a pack."""
        rows = await self._session.scalars(
            select(LessonProgressRow).where(
                LessonProgressRow.user_id == user_id, LessonProgressRow.pack_id == pack_id
            )
        )
        return [
            LessonProgress(
                user_id=row.user_id,
                pack_id=row.pack_id,
                lesson_id=row.lesson_id,
                status=row.status,
                minutes_spent=row.minutes_spent,
                completed_at=row.completed_at,
            )
            for row in rows
        ]

    async def save_lesson_progress(self, progress: LessonProgress) -> None:
        """Insert or update one lesson's progress."""
        await upsert(
            self._session,
            LessonProgressRow,
            [
                {
                    "user_id": progress.user_id,
                    "pack_id": progress.pack_id,
                    "lesson_id": progress.lesson_id,
                    "status": progress.status,
                    "minutes_spent": progress.minutes_spent,
                    "completed_at": progress.completed_at,
                }
            ],
            ["user_id", "pack_id", "lesson_id"],
        )
