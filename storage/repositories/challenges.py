"""Weekly challenges in SQL: a student's challenge of a week, a group place's challenge and
its members. Writes that two taps or two events could race on are single conditional
statements (an offer stored once per week, a swap only from the version it was shown as,
a group's completion stamped by the one step that reached the target)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Executable,
    Integer,
    bindparam,
    delete,
    exists,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import AgeBand
from coach.motivation.challenge_ports import Challenge, Contribution, Counting, GroupChallenge
from coach.motivation.challenges import ChallengeKind, ChallengeStatus, Goal
from storage.models.base import Base
from storage.models.challenges import (
    GroupChallengeMemberRow,
    GroupChallengeRow,
    WeeklyChallengeRow,
)
from storage.models.peers import PeerProfileRow
from storage.models.users import UserRow


@cache
def _counting_statement() -> Executable:
    """The Done path's one read, built once with bind parameters: building a UNION per call
    cost more than running it."""
    user_id = bindparam("user_id", type_=Integer())
    since = bindparam("since", type_=Date())
    mine = select(
        literal(False).label("grp"), WeeklyChallengeRow.id, WeeklyChallengeRow.week,
        WeeklyChallengeRow.kind, WeeklyChallengeRow.target, WeeklyChallengeRow.topic_id,
        WeeklyChallengeRow.pack_id, null().label("tz"),
    ).where(
        WeeklyChallengeRow.user_id == user_id,
        WeeklyChallengeRow.week >= since,
        WeeklyChallengeRow.status == ChallengeStatus.ACCEPTED.value,
    )  # fmt: skip
    joined = (
        select(
            literal(True).label("grp"), GroupChallengeRow.id, GroupChallengeRow.week,
            GroupChallengeRow.kind, GroupChallengeRow.target, null(), null(),
            GroupChallengeRow.timezone,
        )
        .join(GroupChallengeMemberRow,
              GroupChallengeMemberRow.challenge_id == GroupChallengeRow.id)
        .where(
            GroupChallengeMemberRow.user_id == user_id,
            GroupChallengeRow.week >= since,
            GroupChallengeRow.completed_at.is_(None),
        )
    )  # fmt: skip
    return union_all(mine, joined)


def may_count_challenges(student: Any) -> ColumnElement[bool]:
    """Whether the student in `student` (a column of the enclosing query) has an accepted
    challenge or a joined group challenge not yet completed: folded into the account query, so
    that Done skips the challenges read for the students who have none. Weeks are not checked
    here (a stale accepted one only costs the read it would have cost anyway)."""
    accepted = exists().where(
        WeeklyChallengeRow.user_id == student,
        WeeklyChallengeRow.status == ChallengeStatus.ACCEPTED.value,
    )
    joined = exists().where(
        GroupChallengeMemberRow.user_id == student,
        GroupChallengeMemberRow.challenge_id == GroupChallengeRow.id,
        GroupChallengeRow.completed_at.is_(None),
    )
    return or_(accepted, joined)


def _challenge(row: WeeklyChallengeRow) -> Challenge:
    goal = Goal(ChallengeKind(row.kind), row.target, row.topic_id, row.subject_id)
    return Challenge(
        id=row.id, user_id=row.user_id, week=row.week, pack_id=row.pack_id, goal=goal,
        status=ChallengeStatus(row.status), progress=row.progress, swaps=row.swaps,
        offered_at=row.offered_at, accepted_at=row.accepted_at, completed_at=row.completed_at,
    )  # fmt: skip


def _group(row: GroupChallengeRow) -> GroupChallenge:
    return GroupChallenge(
        id=row.id, channel=row.channel, place_key=row.place_key, chat_key=row.chat_key,
        week=row.week, timezone=row.timezone, locale=row.locale, target=row.target,
        progress=row.progress, completed_at=row.completed_at, kind=ChallengeKind(row.kind),
    )  # fmt: skip


class SqlChallengeRepository:
    """Challenges of students and of group places."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self, model: type[Base]) -> Any:
        """The dialect's INSERT (both have ON CONFLICT ... DO NOTHING)."""
        bind = self._session.bind
        postgres = bind is not None and bind.dialect.name == "postgresql"
        return (postgresql.insert if postgres else sqlite.insert)(model)

    async def of_week(self, user_id: int, week: date) -> Challenge | None:
        """A student's challenge of a week."""
        row = await self._session.scalar(
            select(WeeklyChallengeRow).where(
                WeeklyChallengeRow.user_id == user_id, WeeklyChallengeRow.week == week
            )
        )
        return _challenge(row) if row is not None else None

    async def add(self, challenge: Challenge) -> Challenge | None:
        """Store a week's new challenge; None when the week has one already."""
        goal = challenge.goal
        statement = (
            self._insert(WeeklyChallengeRow)
            .values(
                user_id=challenge.user_id, week=challenge.week, pack_id=challenge.pack_id,
                kind=goal.kind.value, target=goal.target, topic_id=goal.topic_id,
                subject_id=goal.subject_id, status=challenge.status.value,
                progress=challenge.progress, swaps=challenge.swaps,
                offered_at=challenge.offered_at,
            )
            .on_conflict_do_nothing(index_elements=["user_id", "week"])
            .returning(WeeklyChallengeRow.id)
        )  # fmt: skip
        new_id = (await self._session.execute(statement)).scalar()
        if new_id is None:
            return None
        return dataclasses.replace(challenge, id=int(new_id))

    async def save(self, challenge: Challenge, *, expect_swaps: int | None = None) -> bool:
        """Write goal, status, progress and swaps (only from `expect_swaps` when given)."""
        goal = challenge.goal
        statement = (
            update(WeeklyChallengeRow)
            .where(WeeklyChallengeRow.id == challenge.id)
            .values(
                kind=goal.kind.value, target=goal.target, topic_id=goal.topic_id,
                subject_id=goal.subject_id, status=challenge.status.value,
                progress=challenge.progress, swaps=challenge.swaps,
                accepted_at=challenge.accepted_at, completed_at=challenge.completed_at,
            )
        )  # fmt: skip
        if expect_swaps is not None:
            statement = statement.where(
                WeeklyChallengeRow.swaps == expect_swaps,
                WeeklyChallengeRow.status == ChallengeStatus.OFFERED.value,
            )
        result = await self._session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    async def counting(self, user_id: int, since: date) -> Sequence[Counting]:
        """The accepted personal and the joined group challenges still counting, in one read."""
        # plain Core on the session's connection: the ORM's execute costs more than the query
        connection = await self._session.connection()
        rows = await connection.execute(_counting_statement(), {"user_id": user_id, "since": since})
        return [
            Counting(
                int(id_), bool(grp), week, Goal(ChallengeKind(kind), int(target), topic), pack, tz
            )
            for grp, id_, week, kind, target, topic, pack, tz in rows
        ]

    async def add_progress(
        self, challenge_id: int, amount: int, now: datetime
    ) -> tuple[int, bool] | None:
        """One UPDATE adds the step (no lost update when two Done taps race); the step that
        reaches the target marks the challenge completed, once."""
        counting = WeeklyChallengeRow.status == ChallengeStatus.ACCEPTED.value
        found = (
            await self._session.execute(
                update(WeeklyChallengeRow)
                .where(WeeklyChallengeRow.id == challenge_id, counting)
                .values(progress=WeeklyChallengeRow.progress + amount)
                .returning(WeeklyChallengeRow.progress, WeeklyChallengeRow.target)
            )
        ).first()
        if found is None:
            return None
        progress, target = int(found[0]), int(found[1])
        if progress < target:
            return progress, False
        done = await self._session.execute(
            update(WeeklyChallengeRow)
            .where(WeeklyChallengeRow.id == challenge_id, counting)
            .values(status=ChallengeStatus.COMPLETED.value, completed_at=now)
        )
        return progress, bool(getattr(done, "rowcount", 0))

    async def group_of_week(
        self, channel: str, place_key: str, week: date
    ) -> GroupChallenge | None:
        """A place's challenge of a week."""
        row = await self._session.scalar(
            select(GroupChallengeRow).where(
                GroupChallengeRow.channel == channel,
                GroupChallengeRow.place_key == place_key,
                GroupChallengeRow.week == week,
            )
        )
        return _group(row) if row is not None else None

    async def group_by_id(self, challenge_id: int) -> GroupChallenge | None:
        """A place's challenge by its id."""
        row = await self._session.scalar(
            select(GroupChallengeRow)
            .where(GroupChallengeRow.id == challenge_id)
            .execution_options(populate_existing=True)  # after the Core updates above
        )
        return _group(row) if row is not None else None

    async def add_group(
        self, challenge: GroupChallenge, now: datetime
    ) -> tuple[GroupChallenge, bool]:
        """Store a place's challenge of a week: the one stored first when two race, and
        whether this call stored it."""
        statement = (
            self._insert(GroupChallengeRow)
            .values(
                channel=challenge.channel, place_key=challenge.place_key,
                chat_key=challenge.chat_key, week=challenge.week, timezone=challenge.timezone,
                locale=challenge.locale, kind=challenge.kind.value, target=challenge.target,
                progress=0, created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["channel", "place_key", "week"])
        )  # fmt: skip
        inserted = await self._session.execute(statement)
        stored = await self.group_of_week(challenge.channel, challenge.place_key, challenge.week)
        if stored is None:  # cannot happen: inserted now or by the racing call
            raise RuntimeError("group challenge vanished")
        return stored, bool(getattr(inserted, "rowcount", 0))

    async def groups_of_week(self, week: date) -> Sequence[GroupChallenge]:
        """Every place's challenge of a week."""
        rows = await self._session.scalars(
            select(GroupChallengeRow)
            .where(GroupChallengeRow.week == week)
            .order_by(GroupChallengeRow.id)
        )
        return [_group(row) for row in rows]

    async def join(self, challenge_id: int, user_id: int, now: datetime) -> bool:
        """Add a member; False when they had joined."""
        statement = (
            self._insert(GroupChallengeMemberRow)
            .values(challenge_id=challenge_id, user_id=user_id, count=0, joined_at=now)
            .on_conflict_do_nothing(index_elements=["challenge_id", "user_id"])
        )
        result = await self._session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    async def leave(self, challenge_id: int, user_id: int) -> bool:
        """Remove a member of a not completed challenge; their count leaves the progress."""
        member = (
            GroupChallengeMemberRow.challenge_id == challenge_id,
            GroupChallengeMemberRow.user_id == user_id,
        )
        count = await self._session.scalar(
            select(GroupChallengeMemberRow.count)
            .join(GroupChallengeRow, GroupChallengeRow.id == GroupChallengeMemberRow.challenge_id)
            .where(*member, GroupChallengeRow.completed_at.is_(None))
        )
        if count is None:
            return False
        await self._session.execute(delete(GroupChallengeMemberRow).where(*member))
        await self._session.execute(
            update(GroupChallengeRow)
            .where(GroupChallengeRow.id == challenge_id, GroupChallengeRow.completed_at.is_(None))
            .values(progress=GroupChallengeRow.progress - int(count))
        )
        return True

    async def set_group_target(self, challenge_id: int, target: int) -> None:
        """Raise the shared target (never below the progress already counted)."""
        await self._session.execute(
            update(GroupChallengeRow)
            .where(GroupChallengeRow.id == challenge_id, GroupChallengeRow.completed_at.is_(None))
            .values(target=target)
        )

    async def contributions(self, challenge_id: int) -> Sequence[Contribution]:
        """The members who joined, with display names, age bands and counts."""
        rows = await self._session.execute(
            select(
                GroupChallengeMemberRow.user_id,
                PeerProfileRow.pseudonym,
                UserRow.age_band,
                GroupChallengeMemberRow.count,
                UserRow.locale,
            )
            .join(UserRow, UserRow.id == GroupChallengeMemberRow.user_id)
            .outerjoin(PeerProfileRow, PeerProfileRow.user_id == GroupChallengeMemberRow.user_id)
            .where(GroupChallengeMemberRow.challenge_id == challenge_id)
            .order_by(GroupChallengeMemberRow.joined_at, GroupChallengeMemberRow.user_id)
        )
        return [
            Contribution(
                int(user_id), name, age_band != AgeBand.ADULT.value, int(count), str(locale)
            )
            for user_id, name, age_band, count, locale in rows
        ]

    async def add_to_group(
        self, challenge_id: int, user_id: int, amount: int, now: datetime
    ) -> tuple[GroupChallenge, bool] | None:
        """Count a member's step: the challenge now, and whether this step completed it (the
        step that reaches the target stamps `completed_at`, once)."""
        await self._session.execute(
            update(GroupChallengeMemberRow)
            .where(
                GroupChallengeMemberRow.challenge_id == challenge_id,
                GroupChallengeMemberRow.user_id == user_id,
            )
            .values(count=GroupChallengeMemberRow.count + amount)
        )
        await self._session.execute(
            update(GroupChallengeRow)
            .where(GroupChallengeRow.id == challenge_id, GroupChallengeRow.completed_at.is_(None))
            .values(progress=GroupChallengeRow.progress + amount)
        )
        done = await self._session.execute(
            update(GroupChallengeRow)
            .where(
                GroupChallengeRow.id == challenge_id,
                GroupChallengeRow.completed_at.is_(None),
                GroupChallengeRow.progress >= GroupChallengeRow.target,
            )
            .values(completed_at=now)
        )
        found = await self.group_by_id(challenge_id)
        return (found, bool(getattr(done, "rowcount", 0))) if found is not None else None
