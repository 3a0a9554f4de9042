"""Reads of the outbox: what a sweep reconciles against, caps, stats and clean-up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, delete, func, not_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from coach.notifications.model import (
    ACTIVE_STATUSES,
    ExistingPush,
    NotificationKind,
    OutboxStats,
    OutboxStatus,
)
from storage.models import NotifyJobRunRow, OutboxRow
from storage.repositories._ids import among, is_postgres
from storage.repositories._upsert import upsert

T = cast(Table, OutboxRow.__table__)
WAITING = text("outbox.status IN ('queued', 'leased')")
_ACTIVE = [status.value for status in ACTIVE_STATUSES]
# Rows dropped for these reasons come back when a later sweep wants them again (a session moved
# back, a nudge the cap held back yesterday); every other drop is final.
REVIVABLE = ("superseded", "daily cap")


class OutboxReads:
    """Queries over the outbox that do not touch leases."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._pg = is_postgres(session)

    async def day_rows(
        self, user_ids: Sequence[int], first_day: date, last_day: date
    ) -> Sequence[ExistingPush]:
        """Queued, leased and sent rows of these students' local days (for caps and reconciling)."""
        if not user_ids:
            return []
        result = await self._session.execute(
            select(
                T.c.id,
                T.c.user_id,
                T.c.kind,
                T.c.local_date,
                T.c.dedupe_key,
                T.c.status,
                T.c.due_at,
            ).where(
                among(T.c.user_id, user_ids, self._pg),
                T.c.local_date.between(first_day, last_day),
                T.c.status.in_(_ACTIVE),
            )
        )
        return [
            ExistingPush(r.id, r.user_id, NotificationKind(r.kind), r.local_date, r.dedupe_key,
                         OutboxStatus(r.status), r.due_at)
            for r in result
        ]  # fmt: skip

    async def sent_counts(
        self, pairs: Sequence[tuple[int, date]]
    ) -> Mapping[tuple[int, date], int]:
        """How many pushes each (student, local day) was sent."""
        if not pairs:
            return {}
        wanted = set(pairs)
        result = await self._session.execute(
            select(T.c.user_id, T.c.local_date, func.count())
            .where(
                T.c.status == OutboxStatus.SENT.value,
                among(T.c.user_id, {user for user, _ in wanted}, self._pg),
                among(T.c.local_date, {day for _, day in wanted}, self._pg),
            )
            .group_by(T.c.user_id, T.c.local_date)
        )
        return {(u, d): n for u, d, n in result if (u, d) in wanted}

    async def recent_keys(
        self, user_ids: Sequence[int], kinds: Sequence[NotificationKind], since: date
    ) -> Mapping[int, frozenset[str]]:
        """Dedupe keys of these kinds stored for each student since a local day.

        Rows dropped as superseded or over the cap do not count: they may still be sent.
        """
        if not user_ids:
            return {}
        revivable = and_(T.c.status == OutboxStatus.DROPPED.value, T.c.last_error.in_(REVIVABLE))
        result = await self._session.execute(
            select(T.c.user_id, T.c.dedupe_key).where(
                among(T.c.user_id, user_ids, self._pg),
                T.c.kind.in_([kind.value for kind in kinds]),
                T.c.local_date >= since,
                not_(revivable),
            )
        )
        keys: dict[int, set[str]] = defaultdict(set)
        for user_id, key in result:
            keys[user_id].add(key)
        return {user_id: frozenset(found) for user_id, found in keys.items()}

    async def latest_context(
        self, user_ids: Sequence[int], kind: NotificationKind
    ) -> Mapping[int, Mapping[str, Any]]:
        """The context of each student's newest sent push of a kind (the last weekly review)."""
        if not user_ids:
            return {}
        result = await self._session.execute(
            select(T.c.user_id, T.c.context)
            .where(
                among(T.c.user_id, user_ids, self._pg),
                T.c.kind == kind.value,
                T.c.status == OutboxStatus.SENT.value,
            )
            .order_by(T.c.user_id, T.c.sent_at.desc())
        )
        latest: dict[int, Mapping[str, Any]] = {}
        for user_id, context in result:
            latest.setdefault(user_id, context)
        return latest

    async def stats(self, now: datetime) -> OutboxStats:
        """Counts per status, due rows and the lag of the oldest one."""
        counted = await self._session.execute(select(T.c.status, func.count()).group_by(T.c.status))
        by_status: dict[str, int] = {row[0]: int(row[1]) for row in counted}
        due = await self._session.execute(
            select(func.count(), func.min(T.c.due_at)).where(WAITING, T.c.next_attempt_at <= now)
        )
        due_now, oldest = due.one()
        sent_last_hour = await self._session.scalar(
            select(func.count()).where(
                T.c.status == OutboxStatus.SENT.value, T.c.sent_at >= now - timedelta(hours=1)
            )
        )
        lag = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
        return OutboxStats(by_status, int(due_now or 0), lag, int(sent_last_hour or 0), oldest)

    async def purge(self, before: datetime, statuses: Sequence[str]) -> int:
        """Delete finished rows created before `before`; returns how many."""
        result = await self._session.execute(
            delete(T).where(T.c.status.in_(list(statuses)), T.c.created_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def last_run(self, job: str) -> datetime | None:
        """When a producer job last completed."""
        row = await self._session.get(NotifyJobRunRow, job, populate_existing=True)
        return row.last_run_at if row else None

    async def mark_run(self, job: str, at: datetime) -> None:
        """Record that a producer job completed at `at`."""
        await upsert(self._session, NotifyJobRunRow, [{"name": job, "last_run_at": at}], ["name"])
