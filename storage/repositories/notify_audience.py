"""Bulk reads for the notification producers: a page of students with everything they need.

Kept apart from the per-student repositories because these queries serve many students at once
(a sweep over 100,000 students reads a thousand at a time) and map rows without the ORM's
per-object cost where the volume is large (sessions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import PlanStatus, Profile, SessionStatus, StudySession, User
from coach.notifications.model import Address, AudiencePage, Recipient
from coach.notifications.nudges import MockScore, QuizScore
from coach.ports import MasteryPoint
from storage.models import (
    AssessmentResultRow,
    ChannelIdentityRow,
    ProfileRow,
    StudyPlanRow,
    StudySessionRow,
    SubjectRow,
    TopicMasteryRow,
    TopicRow,
    UserRow,
)
from storage.repositories.profiles import _profile
from storage.repositories.users import _user

S = StudySessionRow


def _session(values: RowMapping) -> StudySession:
    return StudySession(
        id=values["id"],
        plan_id=values["plan_id"],
        user_id=values["user_id"],
        key=values["key"],
        kind=values["kind"],
        date=values["date"],
        minutes=values["minutes"],
        start=values["start"],
        subject_id=values["subject_id"],
        topic_id=values["topic_id"],
        lesson_id=values["lesson_id"],
        status=SessionStatus(values["status"]),
        completed_at=values["completed_at"],
        minutes_spent=values["minutes_spent"],
    )


def _addresses(
    identities: Sequence[ChannelIdentityRow], channels: Sequence[str]
) -> dict[int, Address]:
    """Each user's preferred reachable address among the channels that can push."""
    rank = {channel: position for position, channel in enumerate(channels)}
    best: dict[int, ChannelIdentityRow] = {}
    for identity in identities:
        current = best.get(identity.user_id)
        if current is None or rank[identity.channel] < rank[current.channel]:
            best[identity.user_id] = identity
    return {
        user_id: Address(row.channel, row.external_id, row.chat_id, is_group=False)
        for user_id, row in best.items()
    }


class SqlNotificationAudience:
    """The notification producers' bulk reads, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _page(self, user_ids: Sequence[int] | None, after: int, limit: int) -> list[int]:
        if user_ids is not None:
            return list(user_ids)
        ids = await self._session.scalars(
            select(UserRow.id).where(UserRow.id > after).order_by(UserRow.id).limit(limit)
        )
        return list(ids)

    async def _recipients(self, ids: Sequence[int], channels: Sequence[str]) -> AudiencePage:
        if not ids or not channels:
            return AudiencePage((), tuple(ids))
        pairs = await self._session.execute(
            select(UserRow, ProfileRow)
            .join(ProfileRow, ProfileRow.user_id == UserRow.id)
            .where(UserRow.id.in_(ids), UserRow.role == "student")
            .order_by(UserRow.id)
        )
        identities = await self._session.scalars(
            select(ChannelIdentityRow).where(
                ChannelIdentityRow.user_id.in_(ids),
                ChannelIdentityRow.channel.in_(list(channels)),
                ChannelIdentityRow.reachable.is_(True),
            )
        )
        addresses = _addresses(list(identities), channels)
        plans = await self._session.execute(
            select(StudyPlanRow.user_id, StudyPlanRow.id, StudyPlanRow.start_date)
            .where(StudyPlanRow.user_id.in_(ids), StudyPlanRow.status == PlanStatus.ACTIVE.value)
            .order_by(StudyPlanRow.id)
        )
        active = {user_id: (plan_id, start) for user_id, plan_id, start in plans}
        recipients = []
        for user_row, profile_row in pairs:
            address = addresses.get(user_row.id)
            if address is not None:
                plan = active.get(user_row.id)
                recipients.append(
                    Recipient(_user(user_row), _profile(profile_row), address, plan and plan[0])
                )
        starts = {user_id: start for user_id, (_, start) in active.items()}
        return AudiencePage(tuple(recipients), tuple(ids), starts)

    async def recipients(
        self, after_user_id: int, limit: int, channels: Sequence[str]
    ) -> AudiencePage:
        """Students with a profile, reachable on one of `channels` (preferred first), by id."""
        ids = await self._page(None, after_user_id, limit)
        return await self._recipients(ids, channels)

    async def recipient(self, user_id: int, channels: Sequence[str]) -> Recipient | None:
        """One student as a recipient, or None when they cannot be reached."""
        page = await self._recipients([user_id], channels)
        return page.recipients[0] if page.recipients else None

    async def sessions(
        self, user_ids: Sequence[int], first_day: date, last_day: date
    ) -> Mapping[int, Sequence[StudySession]]:
        """Sessions of the students' active plans on those days, by student."""
        if not user_ids:
            return {}
        columns = [
            S.id, S.plan_id, S.user_id, S.key, S.kind, S.date, S.minutes, S.start, S.subject_id,
            S.topic_id, S.lesson_id, S.status, S.completed_at, S.minutes_spent,
        ]  # fmt: skip
        result = await self._session.execute(
            select(*columns)
            .join(StudyPlanRow, StudyPlanRow.id == S.plan_id)
            .where(
                S.user_id.in_(list(user_ids)),
                S.date.between(first_day, last_day),
                StudyPlanRow.status == PlanStatus.ACTIVE.value,
            )
            .order_by(S.user_id, S.date, S.start, S.id)
        )
        by_user: dict[int, list[StudySession]] = defaultdict(list)
        for row in result.mappings():
            session = _session(row)
            by_user[session.user_id].append(session)
        return by_user

    async def names(self, locale: str) -> Mapping[str, str]:
        """Topic and subject ids to their names in a language, for every pack."""
        found: dict[str, str] = {}
        for model in (SubjectRow, TopicRow):
            rows = await self._session.execute(select(model.id, model.name, model.name_en))
            for item_id, name, name_en in rows:
                found[item_id] = (name_en or name) if locale == "en" else name
        return found

    async def mastery(self, user_ids: Sequence[int]) -> Mapping[int, Mapping[str, MasteryPoint]]:
        """Current topic mastery per student."""
        if not user_ids:
            return {}
        rows = await self._session.execute(
            select(
                TopicMasteryRow.user_id,
                TopicMasteryRow.topic_id,
                TopicMasteryRow.mastery,
                TopicMasteryRow.updated_at,
            ).where(TopicMasteryRow.user_id.in_(list(user_ids)))
        )
        found: dict[int, dict[str, MasteryPoint]] = defaultdict(dict)
        for user_id, topic_id, value, updated_at in rows:
            found[user_id][topic_id] = MasteryPoint(value, updated_at)
        return found

    async def baseline_mastery(self, user_ids: Sequence[int]) -> Mapping[int, Mapping[str, float]]:
        """Topic mastery measured by the initial assessment, per student (newest wins)."""
        if not user_ids:
            return {}
        A = AssessmentResultRow
        rows = await self._session.execute(
            select(A.user_id, A.topic_id, A.mastery)
            .where(A.user_id.in_(list(user_ids)), A.topic_id.is_not(None))
            .order_by(A.created_at)
        )
        found: dict[int, dict[str, float]] = defaultdict(dict)
        for user_id, topic_id, value in rows:
            found[user_id][str(topic_id)] = value
        return found

    async def quiz_scores(
        self, user_ids: Sequence[int], since: datetime
    ) -> Mapping[int, Sequence[QuizScore]]:
        """Finished quizzes per student since a moment, oldest first.

        Quiz results are not stored yet (the quiz feature adds them); until then no student has
        falling quiz scores, and the rule that watches them stays quiet.
        """
        return {}

    async def mock_scores(self, user_ids: Sequence[int]) -> Mapping[int, Sequence[MockScore]]:
        """Mock exam results per student, oldest first (not stored yet; see `quiz_scores`)."""
        return {}

    async def controls(self, user_ids: Sequence[int]) -> Mapping[int, tuple[User, Profile]]:
        """Each student's current settings, for the last check before sending."""
        if not user_ids:
            return {}
        pairs = await self._session.execute(
            select(UserRow, ProfileRow)
            .join(ProfileRow, ProfileRow.user_id == UserRow.id)
            .where(UserRow.id.in_(list(user_ids)))
        )
        return {user.id: (_user(user), _profile(profile)) for user, profile in pairs}
