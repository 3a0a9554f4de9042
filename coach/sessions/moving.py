"""Which days a session can be moved to: the student's own study days, as the planner sees them.

The move menu once offered the next seven days whatever they were, so a Sunday rest day came
first and the session landed there. The days offered (and accepted) now come from the same
calendar the planner builds plans on: not a rest day, not a blackout date, not a day without
study time, and before the exam.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.domain import Profile
from coach.plans.convert import study_profile
from coach.sessions.usecases import (
    Found,
    MoveSession,
    SessionOutcome,
    SessionRef,
    move_session,
    scheduled_session,
)
from planner import PlannerSettings
from planner.calendar import DayStatus, build_calendar

MOVE_CHOICES = 6  # two rows of three buttons
MOVE_HORIZON_DAYS = 14  # how far ahead the menu looks for that many study days
STUDY_STATUSES = frozenset({DayStatus.STUDY, DayStatus.TAPER})


def study_days(
    profile: Profile, timezone: str, first: date, last: date, now: datetime
) -> list[date]:
    """The days from `first` to `last` (both included) the student studies on."""
    if last < first:
        return []
    planner_profile = study_profile(profile, timezone)
    calendar = build_calendar(planner_profile, now, PlannerSettings(), first=first)
    return [d.date for d in calendar if d.date <= last and d.status in STUDY_STATUSES]


@dataclass(frozen=True, slots=True)
class MoveQuery:
    """The days to offer for moving a session, from the day after `today`."""

    user_id: int
    session_id: int
    today: date
    timezone: str


@dataclass(frozen=True, slots=True)
class MoveChoices:
    """The session (as `scheduled_session` finds it) and the days it can go to."""

    outcome: SessionOutcome
    days: tuple[date, ...] = ()


async def move_choices(uow: UnitOfWork, now: datetime, query: MoveQuery) -> MoveChoices:
    """Up to `MOVE_CHOICES` study days after today and before the exam, not the session's own."""
    outcome = await scheduled_session(uow, now, SessionRef(query.user_id, query.session_id))
    if outcome.found is not Found.OK or outcome.session is None or outcome.plan is None:
        return MoveChoices(outcome)
    first = query.today + timedelta(days=1)
    last = min(query.today + timedelta(days=MOVE_HORIZON_DAYS), outcome.plan.exam_date)
    last -= timedelta(days=1) if last == outcome.plan.exam_date else timedelta(0)
    profile = await uow.profiles.get(query.user_id)
    if profile is None:  # no study constraints known: any day before the exam
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    else:
        days = study_days(profile, query.timezone, first, last, now)
    offered = tuple(d for d in days if d != outcome.session.date)[:MOVE_CHOICES]
    return MoveChoices(outcome, offered)


@dataclass(frozen=True, slots=True)
class MoveToDay:
    """Move a session to the day a button named, in the student's time zone."""

    move: MoveSession
    timezone: str


async def move_to_study_day(uow: UnitOfWork, now: datetime, command: MoveToDay) -> SessionOutcome:
    """`move_session`, refusing a day the student does not study on (an old menu's button):
    that answers GONE with the session, which the handler shows as a stale button."""
    move = command.move
    profile = await uow.profiles.get(move.user_id)
    if profile is not None and not study_days(
        profile, command.timezone, move.to_day, move.to_day, now
    ):
        found = await scheduled_session(uow, now, SessionRef(move.user_id, move.session_id))
        if found.session is not None:
            return SessionOutcome(Found.GONE, found.session, found.plan)
    return await move_session(uow, now, move)
