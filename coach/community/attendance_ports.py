"""The port of group-session attendance: what storage keeps of the roll."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol


class AttendanceRepository(Protocol):
    """The roll of group sessions: one row per member and session."""

    async def open_roll(self, group_id: int, user_ids: Sequence[int], starts_at: datetime) -> None:
        """An unsettled row for each member (rows that exist are left alone)."""
        ...

    async def settle(
        self, user_id: int, start: datetime, end: datetime, attended: bool, now: datetime
    ) -> int:
        """Settle the member's unsettled rows of sessions starting in [start, end); how many."""
        ...

    async def week(
        self, group_id: int, start: datetime, end: datetime
    ) -> tuple[int, Mapping[int, int]]:
        """The group's sessions starting in [start, end) and how many each member attended."""
        ...
