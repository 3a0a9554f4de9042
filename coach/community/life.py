"""The life of a formed group: its next group session is planned from the members' shared
free time every run of the community job; each plan records an event whose subscriber
reminds every member shortly before (once per session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.community.events import GroupSessionPlanned
from coach.community.sessions import next_session
from coach.community.usecases import SYSTEM
from coach.core.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class PlanSessions:
    """Plan the next session of every active group."""


@dataclass(frozen=True, slots=True)
class SessionsPlanned:
    """How many groups got a session."""

    planned: int


async def plan_group_sessions(
    uow: UnitOfWork, now: datetime, command: PlanSessions
) -> SessionsPlanned:
    """The next session of each active group that has one in the coming two weeks."""
    planned = 0
    for group_id in await uow.community.active_groups():
        view = await uow.community.group(group_id)
        if view is None or not view.joined():
            continue
        starts = next_session(view, now)
        if starts is not None:
            await uow.record(
                GroupSessionPlanned(user_id=SYSTEM, at=now, view=view, starts_at=starts)
            )
            planned += 1
    return SessionsPlanned(planned)
