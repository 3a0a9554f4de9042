"""Attendance of group study sessions, taken from the members' evening check-ins.

When the community job plans a group session, every joined member gets an open roll row
(attended unknown). When a member finishes the evening check-in on the local day of such a
session, the row is settled once: attended when the check-in has at least one session done or
partly done. The weekly summary counts the settled rows of its week."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.community.events import GroupSessionPlanned
from coach.core.uow import UnitOfWork
from coach.sessions.events import CheckInCompleted


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """The UTC start and end of one local day of a time zone."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(), zone)
    end = datetime.combine(day + timedelta(days=1), time(), zone)
    return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def attended(event: CheckInCompleted) -> bool:
    """A member attended when they did (or partly did) at least one session that day."""
    return event.worked > 0


async def on_session_planned(uow: UnitOfWork, event: GroupSessionPlanned) -> None:
    """Open the roll of the planned session for every joined member (idempotent)."""
    ids = [m.user_id for m in event.view.joined()]
    if ids:
        await uow.attendance.open_roll(event.view.group.id, ids, event.starts_at)


async def on_check_in(uow: UnitOfWork, event: CheckInCompleted) -> None:
    """Settle the member's group sessions of the check-in's local day (once per session)."""
    user = await uow.users.get(event.user_id)
    if user is None:
        return
    tz = user.timezone or "UTC"
    day = event.day or event.at.astimezone(ZoneInfo(tz)).date()
    start, end = local_day_bounds(day, tz)
    await uow.attendance.settle(event.user_id, start, end, attended(event), event.at)
