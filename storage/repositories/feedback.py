"""Feedback (ratings, too easy / too hard, comments) and the coach's decisions with reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.learning.records import Decision, Feedback
from storage.models import TopicMasteryRow
from storage.models.learning import DecisionRow, FeedbackRow


class SqlFeedbackRepository:
    """What students said about their lessons and resources, and what the coach decided."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_feedback(self, feedback: Feedback) -> None:
        """Store a rating or comment."""
        await self._session.execute(
            insert(FeedbackRow).values(
                user_id=feedback.user_id,
                pack_id=feedback.pack_id,
                target_kind=feedback.target_kind,
                target_id=feedback.target_id,
                topic_id=feedback.topic_id,
                resource_type=feedback.resource_type,
                rating=feedback.rating,
                difficulty=feedback.difficulty,
                comment=feedback.comment,
                created_at=feedback.created_at,
            )
        )

    async def feedback(
        self, user_id: int, pack_id: str, since: datetime | None = None
    ) -> Sequence[Feedback]:
        """A student's feedback, oldest first."""
        query = select(FeedbackRow).where(
            FeedbackRow.user_id == user_id, FeedbackRow.pack_id == pack_id
        )
        if since is not None:
            query = query.where(FeedbackRow.created_at >= since)
        rows = await self._session.scalars(query.order_by(FeedbackRow.created_at, FeedbackRow.id))
        return [
            Feedback(
                user_id=row.user_id,
                pack_id=row.pack_id,
                target_kind=row.target_kind,
                target_id=row.target_id,
                topic_id=row.topic_id,
                created_at=row.created_at,
                rating=row.rating,
                difficulty=row.difficulty,
                comment=row.comment,
                resource_type=row.resource_type,
                id=row.id,
            )
            for row in rows
        ]

    async def peer_resource_ratings(
        self, pack_id: str, topic_id: str, user_id: int, mastery: float, band: float = 0.2
    ) -> Mapping[str, tuple[float, int]]:
        """Mean rating and votes per resource of the topic from students at a similar level."""
        rows = await self._session.execute(
            select(FeedbackRow.target_id, func.avg(FeedbackRow.rating), func.count())
            .join(
                TopicMasteryRow,
                (TopicMasteryRow.user_id == FeedbackRow.user_id)
                & (TopicMasteryRow.pack_id == FeedbackRow.pack_id)
                & (TopicMasteryRow.topic_id == FeedbackRow.topic_id),
            )
            .where(
                FeedbackRow.pack_id == pack_id,
                FeedbackRow.topic_id == topic_id,
                FeedbackRow.target_kind == "resource",
                FeedbackRow.rating.is_not(None),
                FeedbackRow.user_id != user_id,
                TopicMasteryRow.mastery.between(mastery - band, mastery + band),
            )
            .group_by(FeedbackRow.target_id)
        )
        return {target: (float(mean), int(votes)) for target, mean, votes in rows}

    async def add_decision(self, decision: Decision) -> Decision:
        """Record a decision with its reason."""
        row = DecisionRow(
            user_id=decision.user_id,
            pack_id=decision.pack_id,
            kind=decision.kind,
            topic_id=decision.topic_id,
            reason_code=decision.reason_code,
            params=dict(decision.params),
            created_at=decision.created_at,
        )
        self._session.add(row)
        await self._session.flush()
        return Decision(
            decision.user_id,
            decision.pack_id,
            decision.kind,
            decision.reason_code,
            decision.created_at,
            decision.topic_id,
            decision.params,
            row.id,
        )

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
        query = select(DecisionRow).where(DecisionRow.user_id == user_id)
        if pack_id is not None:
            query = query.where(DecisionRow.pack_id == pack_id)
        if topic_id is not None:
            query = query.where(DecisionRow.topic_id == topic_id)
        if kind is not None:
            query = query.where(DecisionRow.kind == kind)
        rows = await self._session.scalars(
            query.order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc()).limit(limit)
        )
        return [
            Decision(
                row.user_id,
                row.pack_id,
                row.kind,
                row.reason_code,
                row.created_at,
                row.topic_id,
                dict(row.params),
                row.id,
            )
            for row in rows
        ]
