"""The life of a formed group: its next group session is planned from the members' shared
free time every run of the community job; each plan records an event whose subscriber
reminds every member shortly before (once per session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.community.events import GroupSessionPlanned, GroupWeekSummarised
from coach.community.sessions import next_session
from coach.community.usecases import SYSTEM
from coach.core.uow import UnitOfWork
from coach.domain import SessionStatus
from coach.peers.model import PeerFeature, PeerProfile


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


@dataclass(frozen=True, slots=True)
class SummariseWeeks:
    """Summarise the past week of every active group (once per ISO week, by dedupe key)."""


def kept_plan(statuses: list[SessionStatus]) -> bool:
    """A member kept their plan when at least 80% of the week's sessions are done."""
    if not statuses:
        return False
    return sum(s is SessionStatus.DONE for s in statuses) >= 0.8 * len(statuses)


async def summarise_weeks(uow: UnitOfWork, now: datetime, command: SummariseWeeks) -> int:
    """Record each active group's week: who kept their plan (named only when they allow
    boards) and the coming week's goal, the sum of the members' planned minutes."""
    year, week, _ = now.isocalendar()
    label = f"{year}-W{week:02d}"
    count = 0
    for group_id in await uow.community.active_groups():
        view = await uow.community.group(group_id)
        if view is None or not view.joined():
            continue
        ids = [m.user_id for m in view.joined()]
        past = await uow.audience.sessions(ids, (now - timedelta(days=7)).date(), now.date())
        coming = await uow.audience.sessions(ids, now.date(), (now + timedelta(days=6)).date())
        profiles = await uow.peers.many(ids)
        kept = [m for m in view.joined() if kept_plan([s.status for s in past.get(m.user_id, ())])]
        shown = tuple(
            m.pseudonym
            for m in kept
            if m.pseudonym and profiles.get(m.user_id) is not None
            and PeerFeature.LEADERBOARDS in profiles[m.user_id].opted_in
        )  # fmt: skip
        goal = sum(s.minutes for u in ids for s in coming.get(u, ()))
        held, came = await uow.attendance.week(group_id, now - timedelta(days=7), now)
        attendance = tuple(
            (m.pseudonym if _named(m.pseudonym, profiles.get(m.user_id)) else None,
             came.get(m.user_id, 0))
            for m in view.joined()
        )  # fmt: skip
        await uow.record(
            GroupWeekSummarised(
                user_id=SYSTEM,
                at=now,
                view=view,
                week=label,
                kept=shown,
                kept_count=len(kept),
                goal_minutes=goal,
                sessions=held,
                attendance=attendance,
            )
        )
        count += 1
    return count


def _named(pseudonym: str | None, profile: PeerProfile | None) -> bool:
    """A member is named in a summary only with a display name and boards allowed."""
    return bool(pseudonym) and profile is not None and PeerFeature.LEADERBOARDS in profile.opted_in
