"""Bulk reads for the notification producers: a page of students with everything they need.

Kept apart from the per-student repositories because these queries serve many students at once
(a sweep over 100,000 students reads a thousand at a time) and map rows without the ORM's
per-object cost where the volume is large (sessions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import case, func, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import PlanStatus, SessionStatus, StudySession, UserStatus
from coach.notifications.model import (
    Address,
    AudiencePage,
    MockScore,
    QuizScore,
    Recipient,
    StudentRules,
)
from coach.notifications.ports import MasteryPoint
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
from storage.models.learning import MockResultRow, QuizAttemptRow
from storage.repositories._ids import among, is_postgres
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


def _addresses(identities: Sequence[Any], channels: Sequence[str]) -> dict[int, Address]:
    """Each user's preferred reachable address among the channels that can push."""
    rank = {channel: position for position, channel in enumerate(channels)}
    best: dict[int, Any] = {}
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
        self._pg = is_postgres(session)

    async def student_ids(self) -> Sequence[int]:
        """Every student's id, ascending (the sweep splits them into pages)."""
        ids = await self._session.scalars(
            select(UserRow.id).where(UserRow.role == "student").order_by(UserRow.id)
        )
        return list(ids)

    async def recipients(self, user_ids: Sequence[int], channels: Sequence[str]) -> AudiencePage:
        """These students, where they have a profile and a reachable address on `channels`.

        Read as plain rows and mapped by the repositories' own mappers (which only read
        attributes), because building ORM objects for a thousand students per page costs more
        than the rest of the sweep.
        """
        ids = list(user_ids)
        if not ids or not channels:
            return AudiencePage((), tuple(ids))
        users = await self._session.execute(
            select(*UserRow.__table__.c).where(
                among(UserRow.id, ids, self._pg), UserRow.role == "student"
            )
        )
        profiles = await self._session.execute(
            select(*ProfileRow.__table__.c).where(among(ProfileRow.user_id, ids, self._pg))
        )
        by_user = {row.user_id: row for row in profiles}
        identities = await self._session.execute(
            select(
                ChannelIdentityRow.user_id,
                ChannelIdentityRow.channel,
                ChannelIdentityRow.external_id,
                ChannelIdentityRow.chat_id,
            ).where(
                among(ChannelIdentityRow.user_id, ids, self._pg),
                ChannelIdentityRow.channel.in_(list(channels)),
                ChannelIdentityRow.reachable.is_(True),
            )
        )
        addresses = _addresses(list(identities), channels)
        plans = await self._session.execute(
            select(StudyPlanRow.user_id, StudyPlanRow.id, StudyPlanRow.start_date)
            .where(
                among(StudyPlanRow.user_id, ids, self._pg),
                StudyPlanRow.status == PlanStatus.ACTIVE.value,
            )
            .order_by(StudyPlanRow.id)
        )
        active = {user_id: (plan_id, start) for user_id, plan_id, start in plans}
        recipients = []
        for user_row in users:
            address = addresses.get(user_row.id)
            profile_row = by_user.get(user_row.id)
            if address is None or profile_row is None:
                continue
            plan = active.get(user_row.id)
            user, profile = _user(cast(Any, user_row)), _profile(cast(Any, profile_row))
            recipients.append(Recipient(user, profile, address, plan and plan[0]))
        recipients.sort(key=lambda r: r.user.id)
        starts = {user_id: start for user_id, (_, start) in active.items()}
        return AudiencePage(tuple(recipients), tuple(ids), starts)

    async def recipient(self, user_id: int, channels: Sequence[str]) -> Recipient | None:
        """One student as a recipient, or None when they cannot be reached."""
        page = await self.recipients([user_id], channels)
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
                among(S.user_id, list(user_ids), self._pg),
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
            ).where(among(TopicMasteryRow.user_id, list(user_ids), self._pg))
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
            .where(among(A.user_id, list(user_ids), self._pg), A.topic_id.is_not(None))
            .order_by(A.created_at)
        )
        found: dict[int, dict[str, float]] = defaultdict(dict)
        for user_id, topic_id, value in rows:
            found[user_id][str(topic_id)] = value
        return found

    async def quiz_scores(
        self, user_ids: Sequence[int], since: datetime
    ) -> Mapping[int, Sequence[QuizScore]]:
        """Finished quizzes per student since a moment, oldest first (from the stored answers:
        one quiz is the answers sharing a quiz reference)."""
        if not user_ids:
            return {}
        attempts = QuizAttemptRow.__table__.c
        rows = await self._session.execute(
            select(
                attempts.user_id,
                attempts.quiz_ref,
                func.min(attempts.topic_id),
                func.max(attempts.answered_at),
                func.sum(case((attempts.correct, 1), else_=0)),
                func.count(),
            )
            .where(among(attempts.user_id, list(user_ids), self._pg))
            .where(attempts.answered_at >= since)
            .group_by(attempts.user_id, attempts.quiz_ref)
        )
        found: dict[int, list[QuizScore]] = defaultdict(list)
        for user_id, ref, topic_id, taken_at, correct, total in rows:
            found[user_id].append(
                QuizScore(ref, _aware(taken_at), int(correct or 0) / max(1, total), topic_id)
            )
        return {
            user: sorted(items, key=lambda q: (q.taken_at, q.ref)) for user, items in found.items()
        }

    async def mock_scores(self, user_ids: Sequence[int]) -> Mapping[int, Sequence[MockScore]]:
        """Mock exam nets per student, oldest first."""
        if not user_ids:
            return {}
        rows = await self._session.execute(
            select(
                MockResultRow.user_id, MockResultRow.id, MockResultRow.taken_on, MockResultRow.net
            )
            .where(among(MockResultRow.user_id, list(user_ids), self._pg))
            .order_by(MockResultRow.taken_on, MockResultRow.id)
        )
        found: dict[int, list[MockScore]] = defaultdict(list)
        for user_id, mock_id, taken_on, net in rows:
            found[user_id].append(MockScore(f"mock:{mock_id}", taken_on, float(net)))
        return found

    async def controls(self, user_ids: Sequence[int]) -> Mapping[int, StudentRules]:
        """Each student's current rules, for the last check before sending (one small query)."""
        ids = list(user_ids)
        if not ids:
            return {}
        rows = await self._session.execute(
            select(
                UserRow.id,
                UserRow.timezone,
                UserRow.status,
                UserRow.paused_until,
                ProfileRow.quiet_start,
                ProfileRow.quiet_end,
                ProfileRow.opt_outs,
                ProfileRow.max_pushes_per_day,
            )
            .join(ProfileRow, ProfileRow.user_id == UserRow.id)
            .where(among(UserRow.id, ids, self._pg))
        )
        return {
            user_id: StudentRules(tz, UserStatus(status), until, start, end, tuple(opt), cap)
            for user_id, tz, status, until, start, end, opt, cap in rows
        }


def _aware(moment: datetime) -> datetime:
    """Aggregates bypass the column type, so SQLite hands back naive UTC; make it aware."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
