"""The roll of group study sessions in SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.community_attendance import GroupAttendanceRow


class SqlAttendanceRepository:
    """One row per member and planned group session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def open_roll(self, group_id: int, user_ids: Sequence[int], starts_at: datetime) -> None:
        """An unsettled row for each member who has none for this session yet."""
        have = set(
            await self._session.scalars(
                select(GroupAttendanceRow.user_id).where(
                    GroupAttendanceRow.group_id == group_id,
                    GroupAttendanceRow.starts_at == starts_at,
                )
            )
        )
        for user_id in user_ids:
            if user_id not in have:
                self._session.add(
                    GroupAttendanceRow(
                        group_id=group_id, user_id=user_id, starts_at=starts_at, attended=None
                    )
                )
        await self._session.flush()

    async def settle(
        self, user_id: int, start: datetime, end: datetime, attended: bool, now: datetime
    ) -> int:
        """Settle the member's unsettled rows in [start, end); settled rows stay as they are."""
        result = await self._session.execute(
            update(GroupAttendanceRow)
            .where(
                GroupAttendanceRow.user_id == user_id,
                GroupAttendanceRow.starts_at >= start,
                GroupAttendanceRow.starts_at < end,
                GroupAttendanceRow.attended.is_(None),
            )
            .values(attended=attended, checked_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def week(
        self, group_id: int, start: datetime, end: datetime
    ) -> tuple[int, Mapping[int, int]]:
        """How many sessions the group had in [start, end) and each member's attended count."""
        window = (
            GroupAttendanceRow.group_id == group_id,
            GroupAttendanceRow.starts_at >= start,
            GroupAttendanceRow.starts_at < end,
        )
        sessions = await self._session.scalar(
            select(func.count(func.distinct(GroupAttendanceRow.starts_at))).where(*window)
        )
        rows = await self._session.execute(
            select(GroupAttendanceRow.user_id, func.count())
            .where(*window, GroupAttendanceRow.attended.is_(True))
            .group_by(GroupAttendanceRow.user_id)
        )
        return int(sessions or 0), {int(u): int(n) for u, n in rows.all()}
