"""The XP ledger, study days and earned badges in SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Executable, bindparam, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from coach.motivation.ports import StudyDayRecord
from coach.motivation.xp import LedgerEntry
from storage.models.motivation import BadgeEarnedRow, StudyDayRow, XpLedgerRow
from storage.repositories._rows import all_rows


# The Done path runs these on every tap: built once per dialect with bind parameters and run
# as plain Core (building an ON CONFLICT statement per call cost more than running it).
@cache
def _append_statement(dialect: str) -> Executable:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    names = ("user_id", "key", "reason", "requested", "amount", "minutes", "study_day")
    values: dict[str, Any] = {name: bindparam(name) for name in names}
    values.update(local_hour=bindparam("local_hour"), created_at=bindparam("created_at"))
    statement = insert(XpLedgerRow).values(**values)
    return statement.on_conflict_do_nothing(index_elements=["user_id", "key"])


@cache
def _study_statement(dialect: str) -> Executable:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(StudyDayRow).values(
        user_id=bindparam("user_id"),
        day=bindparam("day"),
        sessions=bindparam("sessions"),
        minutes=bindparam("minutes"),
        ill=False,
    )
    mine = XpLedgerRow.user_id == bindparam("user_id")
    balance = select(func.coalesce(func.sum(XpLedgerRow.amount), 0)).where(mine)
    on_day = select(func.coalesce(func.sum(XpLedgerRow.amount), 0)).where(
        mine, XpLedgerRow.study_day == bindparam("day")
    )
    # Scalar subqueries in RETURNING see the ledger as it was before this statement (the
    # ledger is not written by it), on SQLite and PostgreSQL alike.
    return statement.on_conflict_do_update(
        index_elements=["user_id", "day"],
        set_={
            "sessions": StudyDayRow.sessions + bindparam("sessions"),
            "minutes": StudyDayRow.minutes + bindparam("minutes"),
        },
    ).returning(balance.scalar_subquery(), on_day.scalar_subquery())


_STUDY_DAYS = select(
    StudyDayRow.day, StudyDayRow.sessions, StudyDayRow.minutes, StudyDayRow.ill
).where(
    StudyDayRow.user_id == bindparam("user_id"),
    StudyDayRow.day >= bindparam("first"),
    StudyDayRow.day <= bindparam("last"),
)


class SqlMotivationRepository:
    """Motivation records of students."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self) -> Any:
        """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL both do)."""
        bind = self._session.bind
        postgres = bind is not None and bind.dialect.name == "postgresql"
        return postgresql.insert if postgres else sqlite.insert

    async def has_award(self, user_id: int, key: str) -> bool:
        """Whether this event already earned (or was refused) XP."""
        found = await self._session.scalar(
            select(XpLedgerRow.id).where(XpLedgerRow.user_id == user_id, XpLedgerRow.key == key)
        )
        return found is not None

    async def day_total(self, user_id: int, day: date) -> int:
        """XP earned on one study day."""
        total = await self._session.scalar(
            select(func.coalesce(func.sum(XpLedgerRow.amount), 0)).where(
                XpLedgerRow.user_id == user_id, XpLedgerRow.study_day == day
            )
        )
        return int(total or 0)

    async def totals(self, user_id: int, day: date) -> tuple[int, int]:
        """(XP balance, XP earned on `day`) in one read."""
        on_day = case((XpLedgerRow.study_day == day, XpLedgerRow.amount), else_=0)
        row = (
            await self._session.execute(
                select(
                    func.coalesce(func.sum(XpLedgerRow.amount), 0),
                    func.coalesce(func.sum(on_day), 0),
                ).where(XpLedgerRow.user_id == user_id)
            )
        ).one()
        return int(row[0]), int(row[1])

    def _dialect(self) -> str:
        bind = self._session.bind
        return bind.dialect.name if bind is not None else "sqlite"

    async def append(self, user_id: int, entry: LedgerEntry, now: datetime) -> bool:
        """Append a ledger row; False when its key is already there (nothing written)."""
        connection = await self._session.connection()
        result = await connection.execute(
            _append_statement(self._dialect()),
            {
                "user_id": user_id, "key": entry.key, "reason": entry.reason,
                "requested": entry.requested, "amount": entry.amount,
                "minutes": entry.minutes, "study_day": entry.day,
                "local_hour": entry.hour, "created_at": now,
            },
        )  # fmt: skip
        return bool(result.rowcount)

    async def ledger(self, user_id: int) -> Sequence[LedgerEntry]:
        """Every ledger row of a student, oldest first."""
        rows = await self._session.scalars(
            select(XpLedgerRow).where(XpLedgerRow.user_id == user_id).order_by(XpLedgerRow.id)
        )
        return [
            LedgerEntry(
                r.key, r.reason, r.requested, r.amount, r.study_day, r.minutes, r.local_hour
            )
            for r in rows
        ]

    async def balance(self, user_id: int) -> int:
        """The XP balance (the ledger's sum)."""
        total = await self._session.scalar(
            select(func.coalesce(func.sum(XpLedgerRow.amount), 0)).where(
                XpLedgerRow.user_id == user_id
            )
        )
        return int(total or 0)

    async def add_study(
        self, user_id: int, day: date, *, sessions: int = 0, minutes: int = 0, ill: bool = False
    ) -> None:
        """Add study to a study day (or mark it ill)."""
        insert = self._insert()
        statement = insert(StudyDayRow).values(
            user_id=user_id, day=day, sessions=sessions, minutes=minutes, ill=ill
        )
        statement = statement.on_conflict_do_update(
            index_elements=["user_id", "day"],
            set_={
                "sessions": StudyDayRow.sessions + sessions,
                "minutes": StudyDayRow.minutes + minutes,
                "ill": StudyDayRow.ill | statement.excluded.ill,
            },
        )
        await self._session.execute(statement)

    async def add_study_with_totals(
        self, user_id: int, day: date, *, sessions: int = 0, minutes: int = 0
    ) -> tuple[int, int]:
        """Add study to a study day and return (XP balance, XP earned on `day`) read by the
        same statement: the Done path's one round trip instead of a write and a read."""
        connection = await self._session.connection()
        params = {"user_id": user_id, "day": day, "sessions": sessions, "minutes": minutes}
        row = (await connection.execute(_study_statement(self._dialect()), params)).one()
        return int(row[0]), int(row[1])

    async def study_days(self, user_id: int, first: date, last: date) -> Sequence[StudyDayRecord]:
        """The recorded study days in a range."""
        params = {"user_id": user_id, "first": first, "last": last}
        rows = await all_rows(self._session, _STUDY_DAYS, params)
        return [StudyDayRecord(r.day, r.sessions, r.minutes, r.ill) for r in rows]

    async def badges(self, user_id: int) -> Mapping[str, datetime]:
        """Earned badges and when."""
        rows = await self._session.execute(
            select(BadgeEarnedRow.badge_id, BadgeEarnedRow.earned_at).where(
                BadgeEarnedRow.user_id == user_id
            )
        )
        return {row.badge_id: row.earned_at for row in rows}

    async def add_badge(self, user_id: int, badge_id: str, now: datetime) -> bool:
        """Record an earned badge; False when it was earned before."""
        statement = (
            self._insert()(BadgeEarnedRow)
            .values(user_id=user_id, badge_id=badge_id, earned_at=now)
            .on_conflict_do_nothing(index_elements=["user_id", "badge_id"])
        )
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]
