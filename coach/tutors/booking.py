"""Booked sessions: when no tutor is free now, the student books a time that lies in both a
matching tutor's weekly availability (their time zone) and the student's study windows (the
student's time zone). The booking is an escalation assigned to that tutor (reason "booked");
both get a reminder 30 minutes before, the tutor's with Start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.actions import TUTOR_START
from coach.core.uow import UnitOfWork
from coach.notifications.model import ChoiceSpec, Notification, NotificationKind
from coach.tutors.model import (
    OPEN_STATES,
    EscalationState,
    Need,
    NewEscalation,
    TutorProfile,
    TutorStatus,
)
from coach.tutors.notices import best_address
from coach.tutors.policy import WEEKDAYS
from coach.tutors.usecases import StudentAnswer, move_escalation, open_escalation, student_own

SESSION_MINUTES = 45
DAYS_AHEAD = 7
SLOTS_SHOWN = 3
REMIND_BEFORE = timedelta(minutes=30)
S = EscalationState


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable time with one tutor."""

    tutor_id: int
    tutor_name: str
    starts_at: datetime


def _spans(
    ranges: Mapping[str, Sequence[str]], zone: str, first: date, days: int
) -> list[tuple[datetime, datetime]]:
    """Weekly "HH:MM-HH:MM" ranges as concrete UTC spans over the coming days."""
    tz, spans = ZoneInfo(zone), []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for item in ranges.get(WEEKDAYS[day.weekday()], ()):
            start, _, end = item.partition("-")
            try:
                s = datetime.combine(day, time.fromisoformat(start.strip()), tz)
                e = datetime.combine(day, time.fromisoformat(end.strip()), tz)
            except ValueError:
                continue
            spans.append((s.astimezone(UTC), e.astimezone(UTC)))
    return spans


def bookable(
    tutors: Iterable[TutorProfile],
    need: Need,
    windows: Mapping[str, Sequence[str]],
    student_zone: str,
    now: datetime,
) -> list[Slot]:
    """The earliest times (one per tutor and day) in both calendars, at least an hour ahead."""
    earliest = now + timedelta(hours=1)
    first = now.date()
    student = _spans(windows, student_zone, first, DAYS_AHEAD + 1)
    found: dict[tuple[int, date], Slot] = {}
    for tutor in tutors:
        if tutor.status is not TutorStatus.ACTIVE or not tutor.availability:
            continue
        if need.subject_id not in tutor.subjects or need.language not in tutor.languages:
            continue
        if (need.minor and not tutor.may_take_minors) or tutor.user_id in need.excluded:
            continue
        for t_start, t_end in _spans(tutor.availability, tutor.timezone, first, DAYS_AHEAD + 1):
            for s_start, s_end in student:
                start = max(t_start, s_start, earliest)
                start = start.replace(
                    minute=0 if start.minute == 0 else 30, second=0, microsecond=0
                )
                if start < max(t_start, s_start, earliest):
                    start += timedelta(minutes=30)
                if start + timedelta(minutes=SESSION_MINUTES) <= min(t_end, s_end):
                    key = (tutor.user_id, start.date())
                    if key not in found or start < found[key].starts_at:
                        found[key] = Slot(tutor.user_id, tutor.name, start)
    return sorted(found.values(), key=lambda s: (s.starts_at, s.tutor_id))[:SLOTS_SHOWN]


@dataclass(frozen=True, slots=True)
class Book:
    """The student books a slot offered for one of their escalations."""

    escalation_id: int
    student_id: int
    tutor_id: int
    starts_at: datetime


async def slots_for(uow: UnitOfWork, now: datetime, command: StudentAnswer) -> list[Slot] | None:
    """Bookable times for the student's expired or open request; None when it is not theirs."""
    escalation = await student_own(uow, command)
    profile = await uow.profiles.get(command.student_id)
    user = await uow.users.get(command.student_id)
    if escalation is None or profile is None or user is None:
        return None
    tutors = await uow.tutors.tutors([TutorStatus.ACTIVE])
    blocked = await uow.tutors.blocked(command.student_id)
    need = Need(escalation.subject_id, escalation.locale, escalation.minor, blocked)
    slots = bookable(tutors, need, profile.windows, user.timezone, now)
    return [s for s in slots if not await _taken(uow, s)]


async def _taken(uow: UnitOfWork, slot: Slot) -> bool:
    """Whether the tutor has another open booking overlapping this time."""
    length = timedelta(minutes=SESSION_MINUTES)
    for item in await uow.tutors.tutor_escalations(slot.tutor_id, OPEN_STATES):
        if item.booked_for is not None and abs(item.booked_for - slot.starts_at) < length:
            return True
    return False


async def book(uow: UnitOfWork, now: datetime, command: Book) -> datetime | None:
    """Book a slot that is still bookable: an escalation assigned to the tutor, and reminders
    for both. Returns the start, or None when the slot is gone."""
    offered = await slots_for(uow, now, StudentAnswer(command.escalation_id, command.student_id))
    slot = next(
        (
            s
            for s in offered or []
            if (s.tutor_id, s.starts_at) == (command.tutor_id, command.starts_at)
        ),
        None,
    )
    source = await uow.tutors.escalation(command.escalation_id)
    if slot is None or source is None:
        return None
    booked = await open_escalation(
        uow,
        now,
        NewEscalation(
            source.student_id,
            source.pack_id,
            source.subject_id,
            source.topic_id,
            S.REQUESTED,
            "booked",
            source.minor,
            source.locale,
            source.signals,
            source.student_words,
            source.ai_conversation_id,
            booked_for=slot.starts_at,
        ),
    )
    assigned = await move_escalation(uow, now, booked, S.ASSIGNED, tutor_id=slot.tutor_id)
    if assigned is None:
        return None
    start = ChoiceSpec("buttons/tutor_start", TUTOR_START.payload(assigned.id))
    for person, template, choices in (
        (slot.tutor_id, "tutors/booked_tutor", ()),
        (slot.tutor_id, "tutors/booking_reminder", ((start,),)),
        (source.student_id, "tutors/booking_reminder", ()),
    ):
        await _push(uow, now, assigned.id, person, template, slot, choices)
    return slot.starts_at


async def _push(  # noqa: PLR0917  (one private helper, called from one loop)
    uow: UnitOfWork,
    now: datetime,
    escalation_id: int,
    person: int,
    template: str,
    slot: Slot,
    choices: tuple[tuple[ChoiceSpec, ...], ...],
) -> None:
    user = await uow.users.get(person)
    address = best_address(await uow.users.identities(person)) if user else None
    if user is None or address is None:
        return
    reminder = template.endswith("reminder")
    due = slot.starts_at - REMIND_BEFORE if reminder else now
    local = slot.starts_at.astimezone(ZoneInfo(user.timezone))
    await uow.outbox.enqueue(
        [
            Notification(
                user_id=person,
                kind=NotificationKind.TUTOR,
                template=template,
                dedupe_key=f"tutor:{escalation_id}:{template}:{person}",
                due_at=due,
                local_date=due.date(),
                address=address,
                locale=user.locale,
                context={
                    "day": local.date().isoformat(),
                    "time": f"{local:%H:%M}",
                    "tutor": slot.tutor_name,
                    "minutes": SESSION_MINUTES,
                },
                choices=choices,
                solicited=True,
                expires_at=slot.starts_at + timedelta(minutes=SESSION_MINUTES),
            )
        ],
        now,
    )
