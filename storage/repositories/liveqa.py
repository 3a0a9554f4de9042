"""Live Q&A sessions in SQL: sessions, attendees, questions with vote counts, announcements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import GroupSettings, PlanStatus
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
from coach.liveqa.policy import DEFAULT_QA_POLICY
from storage.models.linking import GroupSettingsRow
from storage.models.liveqa import (
    QaAnnouncementRow,
    QaAttendeeRow,
    QaQuestionRow,
    QaSessionRow,
    QaVoteRow,
)
from storage.models.planning import StudyPlanRow, StudySessionRow, TopicMasteryRow

MAX_ATTEMPTS = 5
LONGEST = timedelta(minutes=DEFAULT_QA_POLICY.max_minutes)


def _session(row: QaSessionRow) -> QaSession:
    return QaSession(
        row.id, row.user_id, row.host_name, row.pack_id, row.subject_id, row.topic_id, row.title,
        row.starts_at, row.minutes, row.timezone, QaStatus(row.status), row.created_at,
        row.closed_at,
    )  # fmt: skip


def _announcement(row: QaAnnouncementRow) -> Announcement:
    return Announcement(
        row.id, row.session_id, row.channel, row.group_id, row.chat_id, row.locale,
        AnnouncementStatus(row.status), row.attempts, row.platform_id,
    )  # fmt: skip


class SqlLiveQaRepository:
    """Everything of live Q&A sessions."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_session(self, session: NewSession, now: datetime) -> QaSession:
        """Store a scheduled session."""
        row = QaSessionRow(
            user_id=session.host_user_id, host_name=session.host_name, pack_id=session.pack_id,
            subject_id=session.subject_id, topic_id=session.topic_id, title=session.title,
            starts_at=session.starts_at, minutes=session.minutes, timezone=session.timezone,
            status=QaStatus.SCHEDULED.value, created_at=now,
        )  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return _session(row)

    async def get_session(self, session_id: int) -> QaSession | None:
        """A session by id."""
        row = await self._session.get(QaSessionRow, session_id, populate_existing=True)
        return _session(row) if row else None

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
        query = select(QaSessionRow).where(QaSessionRow.status == status.value)
        if pack_id is not None:
            query = query.where(QaSessionRow.pack_id == pack_id)
        if host_user_id is not None:
            query = query.where(QaSessionRow.user_id == host_user_id)
        if ends_after is not None:  # no session is longer than the policy's maximum
            query = query.where(QaSessionRow.starts_at > ends_after - LONGEST)
        rows = list(await self._session.scalars(_ordered(query, status).limit(limit * 4)))
        found = [_session(r) for r in rows]
        if ends_after is not None:
            found = [s for s in found if s.ends_at > ends_after]
        return found[:limit]

    async def close(self, session_id: int, status: QaStatus, now: datetime) -> None:
        """End a session as held or cancelled."""
        await self._session.execute(
            update(QaSessionRow)
            .where(QaSessionRow.id == session_id)
            .values(status=status.value, closed_at=now)
        )

    async def attend(self, session_id: int, user_id: int, now: datetime) -> bool:
        """Record that a student will come; False when they had said so already."""
        if await self._session.get(QaAttendeeRow, (session_id, user_id)) is not None:
            return False
        self._session.add(QaAttendeeRow(session_id=session_id, user_id=user_id, created_at=now))
        await self._session.flush()
        return True

    async def attendees(self, session_id: int) -> Sequence[int]:
        """Students who said they would come."""
        rows = await self._session.scalars(
            select(QaAttendeeRow.user_id)
            .where(QaAttendeeRow.session_id == session_id)
            .order_by(QaAttendeeRow.user_id)
        )
        return list(rows)

    async def add_question(
        self, session_id: int, user_id: int, text: str, now: datetime
    ) -> QaQuestion:
        """Store a question for a session."""
        row = QaQuestionRow(session_id=session_id, user_id=user_id, text=text, created_at=now)
        self._session.add(row)
        await self._session.flush()
        return QaQuestion(row.id, session_id, user_id, text, now)

    def _with_votes(self) -> Any:
        votes = (
            select(func.count())
            .where(QaVoteRow.question_id == QaQuestionRow.id)
            .correlate(QaQuestionRow)
            .scalar_subquery()
        )
        return select(QaQuestionRow, votes.label("votes"))

    async def question(self, question_id: int) -> QaQuestion | None:
        """A question with its vote count."""
        result = await self._session.execute(
            self._with_votes()
            .where(QaQuestionRow.id == question_id)
            .execution_options(populate_existing=True)
        )
        found = result.first()
        return _question(found[0], found[1]) if found else None

    async def questions(self, session_id: int) -> Sequence[QaQuestion]:
        """A session's questions, most upvoted first, then oldest first."""
        result = await self._session.execute(
            self._with_votes()
            .where(QaQuestionRow.session_id == session_id)
            .execution_options(populate_existing=True)
        )
        found = [_question(row, votes) for row, votes in result]
        return sorted(found, key=lambda q: (-q.votes, q.created_at, q.id))

    async def vote(self, question_id: int, user_id: int, now: datetime) -> bool:
        """Upvote once; False when this student had upvoted it already."""
        if await self._session.get(QaVoteRow, (question_id, user_id)) is not None:
            return False
        try:
            async with self._session.begin_nested():
                self._session.add(
                    QaVoteRow(question_id=question_id, user_id=user_id, created_at=now)
                )
        except IntegrityError:  # a double tap in another process got there first
            return False
        return True

    async def set_answered(self, question_id: int, answered_at: datetime | None) -> None:
        """Mark a question answered (or not)."""
        await self._session.execute(
            update(QaQuestionRow)
            .where(QaQuestionRow.id == question_id)
            .values(answered_at=answered_at)
        )

    async def groups(self, channel: str) -> Sequence[GroupSettings]:
        """Groups of a platform set up with the coach (their coach chat and language)."""
        rows = await self._session.scalars(
            select(GroupSettingsRow)
            .where(GroupSettingsRow.channel == channel)
            .order_by(GroupSettingsRow.group_id)
        )
        return [
            GroupSettings(r.channel, r.group_id, r.locale, r.updated_at, r.coach_chat_id)
            for r in rows
        ]

    async def announce(self, announcements: Sequence[NewAnnouncement], now: datetime) -> None:
        """Queue group announcements of a session."""
        for item in announcements:
            self._session.add(
                QaAnnouncementRow(
                    session_id=item.session_id, channel=item.channel, group_id=item.group_id,
                    chat_id=item.chat_id, locale=item.locale,
                    status=AnnouncementStatus.PENDING.value, attempts=0, created_at=now,
                    updated_at=now,
                )
            )  # fmt: skip
        await self._session.flush()

    async def pending_announcements(self, channel: str, limit: int) -> Sequence[Announcement]:
        """Announcements of a platform still to be made, oldest first."""
        rows = await self._session.scalars(
            select(QaAnnouncementRow)
            .where(
                QaAnnouncementRow.channel == channel,
                QaAnnouncementRow.status == AnnouncementStatus.PENDING.value,
            )
            .order_by(QaAnnouncementRow.id)
            .limit(limit)
        )
        return [_announcement(r) for r in rows]

    async def settle_announcement(
        self,
        announcement_id: int,
        status: AnnouncementStatus,
        now: datetime,
        *,
        platform_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record an attempt: done with the platform's id, failed, or pending for a retry
        (given up as failed after `MAX_ATTEMPTS`)."""
        row = await self._session.get(QaAnnouncementRow, announcement_id)
        if row is None:
            return
        row.attempts += 1
        if status is AnnouncementStatus.PENDING and row.attempts >= MAX_ATTEMPTS:
            status = AnnouncementStatus.FAILED
        row.status = status.value
        row.platform_id = platform_id or row.platform_id
        row.last_error = error
        row.updated_at = now
        await self._session.flush()

    async def focus_signals(
        self,
        pack_id: str,
        topic_ids: Sequence[str],
        first_day: date,
        last_day: date,
        weak_below: float,
    ) -> Sequence[FocusSignals]:
        """Students of a pack with these topics planned between the days, or weak in them."""
        topics = list(topic_ids)
        if not topics:
            return []
        planned: dict[int, set[str]] = defaultdict(set)
        weak: dict[int, set[str]] = defaultdict(set)
        rows = await self._session.execute(
            select(StudySessionRow.user_id, StudySessionRow.topic_id)
            .join(StudyPlanRow, StudyPlanRow.id == StudySessionRow.plan_id)
            .where(
                StudyPlanRow.status == PlanStatus.ACTIVE.value,
                StudyPlanRow.pack_id == pack_id,
                StudySessionRow.topic_id.in_(topics),
                and_(StudySessionRow.date >= first_day, StudySessionRow.date <= last_day),
            )
            .distinct()
        )
        for user_id, topic_id in rows:
            planned[user_id].add(str(topic_id))
        rows = await self._session.execute(
            select(TopicMasteryRow.user_id, TopicMasteryRow.topic_id).where(
                TopicMasteryRow.pack_id == pack_id,
                TopicMasteryRow.topic_id.in_(topics),
                TopicMasteryRow.mastery < weak_below,
            )
        )
        for user_id, topic_id in rows:
            weak[user_id].add(str(topic_id))
        return [
            FocusSignals(user_id, frozenset(planned[user_id]), frozenset(weak[user_id]))
            for user_id in sorted(set(planned) | set(weak))
        ]


def _ordered(query: Any, status: QaStatus) -> Any:
    if status is QaStatus.HELD:
        return query.order_by(QaSessionRow.starts_at.desc(), QaSessionRow.id.desc())
    return query.order_by(QaSessionRow.starts_at, QaSessionRow.id)


def _question(row: QaQuestionRow, votes: int) -> QaQuestion:
    return QaQuestion(
        row.id, row.session_id, row.user_id, row.text, row.created_at, int(votes), row.answered_at
    )
