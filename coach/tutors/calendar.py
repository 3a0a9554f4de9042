"""Booked tutor sessions in the student's plan: /today and /week list each booking at its time,
as a line of its own read from the tutors repository.

The planner's sessions are left untouched (a booking is not a planned study session: it is not
rescheduled, skipped or rated like one), so re-plans and plan figures stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.core.uow import UnitOfWork
from coach.dialogue.present import topic_name
from coach.dialogue.turn import Turn
from coach.packs.catalog import Catalog
from coach.tutors.booking import SESSION_MINUTES


@dataclass(frozen=True, slots=True)
class BookedBetween:
    """A student's booked tutor sessions starting in [start, end)."""

    student_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class BookedSession:
    """One booked session as the student's plan shows it (no tutor contact details)."""

    escalation_id: int
    starts_at: datetime
    minutes: int
    pack_id: str
    topic_id: str
    tutor_name: str


async def booked_sessions(
    uow: UnitOfWork, now: datetime, command: BookedBetween
) -> tuple[BookedSession, ...]:
    """The student's open bookings in the range, earliest first."""
    found: list[BookedSession] = []
    for escalation_id, at, pack_id, topic_id, tutor_id in await uow.tutors.bookings(
        command.student_id
    ):
        if not command.start <= at < command.end:
            continue
        tutor = await uow.tutors.tutor(tutor_id)
        found.append(
            BookedSession(
                escalation_id, at, SESSION_MINUTES, pack_id, topic_id, tutor.name if tutor else ""
            )
        )
    return tuple(sorted(found, key=lambda s: (s.starts_at, s.escalation_id)))


async def say_booked(turn: Turn, catalog: Catalog, first: date, days: int) -> None:
    """Say the bookings of the student's local days `first` .. `first + days - 1`, if any."""
    if not turn.has_bookings:  # known from the account query: no second query on every /today
        return
    zone = ZoneInfo(turn.user.timezone)
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(first + timedelta(days=days), time(), zone)
    booked = await turn.run(booked_sessions, BookedBetween(turn.user.id, start, end))
    if not booked:
        return
    items = []
    for session in booked:
        local = session.starts_at.astimezone(zone)
        pack = catalog.packs.get(session.pack_id)
        items.append(
            {
                "date": local.date(),
                "time": f"{local:%H:%M}",
                "minutes": session.minutes,
                "topic": topic_name(pack, session.topic_id, turn.locale) if pack else "",
                "tutor": session.tutor_name,
            }
        )
    turn.say("tutors/plan_booked", (), sessions=items, today=days == 1)
