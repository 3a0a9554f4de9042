"""The escalation state machine: offer, request, waves of asks, take, pass, start, and the
job's time-outs.

Each transition goes through `move_escalation`, a compare-and-set in storage followed by an
`EscalationMoved` event, so two tutors pressing "Take" at once cannot both win, and every
transition is visible to subscribers (the notices to the other side are theirs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.tutors.events import (
    EscalationMoved,
    TutorsAsked,
    TutorsReleased,
)
from coach.tutors.model import (
    OPEN_STATES,
    Ask,
    AskAnswer,
    Escalation,
    EscalationState,
    Need,
    NewEscalation,
    Speaker,
    TutorStatus,
)
from coach.tutors.policy import (
    DEFAULT_TUTOR_POLICY,
    TutorPolicy,
    can_move,
    next_wave,
    offer_lapsed,
    relay_text,
    wave_over,
)

S = EscalationState


@dataclass(frozen=True, slots=True)
class StudentAnswer:
    """A student's answer about one of their escalations (accept, decline, cancel)."""

    escalation_id: int
    student_id: int


@dataclass(frozen=True, slots=True)
class RequestTutor:
    """The student asks for a tutor themselves (`/tutor`, "I need a teacher")."""

    student_id: int
    pack_id: str
    subject_id: str
    topic_id: str
    minor: bool
    locale: str
    words: str = ""
    ai_conversation_id: int | None = None


@dataclass(frozen=True, slots=True)
class TutorAnswer:
    """A tutor's answer to an ask or about their escalation (take, pass, start)."""

    escalation_id: int
    tutor_id: int


@dataclass(frozen=True, slots=True)
class Taken:
    """The result of "Take": the escalation when this tutor got it, else why not."""

    escalation: Escalation | None
    problem: str | None = None  # taken | gone | full


# ---------------------------------------------------------------------- the state machine
async def move_escalation(
    uow: UnitOfWork,
    now: datetime,
    escalation: Escalation,
    target: EscalationState,
    *,
    by: Speaker | None = None,
    tutor_id: int | None = None,
    wave: int | None = None,
) -> Escalation | None:
    """One transition: allowed, compare-and-set, then the event. None when it lost a race."""
    if not can_move(escalation.state, target):
        return None
    moved = await uow.tutors.move(
        escalation.id, escalation.state, target, now, tutor_id=tutor_id, wave=wave
    )
    if not moved:
        return None
    fresh = await uow.tutors.escalation(escalation.id)
    if fresh is None:
        return None
    await uow.record(
        EscalationMoved(
            user_id=fresh.student_id, at=now, escalation=fresh, previous=escalation.state, by=by
        )
    )
    return fresh


async def open_escalation(uow: UnitOfWork, now: datetime, new: NewEscalation) -> Escalation:
    """Store an escalation and record its opening."""
    escalation = await uow.tutors.open_escalation(new, now)
    await uow.record(
        EscalationMoved(user_id=new.student_id, at=now, escalation=escalation, previous=None)
    )
    return escalation


async def _release(
    uow: UnitOfWork, now: datetime, escalation: Escalation, answer: AskAnswer, why: str
) -> None:
    released = await uow.tutors.answer_asks(escalation.id, answer, now)
    if released:
        await uow.record(
            TutorsReleased(
                user_id=escalation.student_id,
                at=now,
                escalation=escalation,
                tutor_ids=tuple(released),
                why=why,
            )
        )


async def route(
    uow: UnitOfWork,
    now: datetime,
    escalation: Escalation,
    policy: TutorPolicy = DEFAULT_TUTOR_POLICY,
) -> Escalation:
    """Ask the next wave of tutors; with no one left to ask, expire honestly."""
    asks = await uow.tutors.asks(escalation.id)
    if escalation.wave < policy.waves:
        need = Need(
            escalation.subject_id,
            escalation.locale,
            escalation.minor,
            frozenset(a.tutor_id for a in asks) | await uow.tutors.blocked(escalation.student_id),
        )
        tutors = await uow.tutors.tutors([TutorStatus.ACTIVE])
        wave = next_wave(tutors, need, now, policy)
        if wave:
            number = escalation.wave + 1
            await uow.tutors.add_asks([Ask(escalation.id, t, number, now) for t in wave])
            await uow.tutors.mark_asked(wave, now)
            await uow.tutors.move(escalation.id, S.REQUESTED, S.REQUESTED, now, wave=number)
            fresh = await uow.tutors.escalation(escalation.id) or escalation
            await uow.record(
                TutorsAsked(user_id=fresh.student_id, at=now, escalation=fresh, tutor_ids=wave)
            )
            return fresh
    await _release(uow, now, escalation, AskAnswer.LAPSED, "closed")
    return await move_escalation(uow, now, escalation, S.EXPIRED) or escalation


async def student_own(uow: UnitOfWork, command: StudentAnswer) -> Escalation | None:
    """The escalation, when it is this student's own."""
    found = await uow.tutors.escalation(command.escalation_id)
    return found if found is not None and found.student_id == command.student_id else None


async def accept_offer(uow: UnitOfWork, now: datetime, command: StudentAnswer) -> Escalation | None:
    """The student says yes to an offer: tutors are asked."""
    escalation = await student_own(uow, command)
    if escalation is None or escalation.state is not S.OFFERED:
        return None
    moved = await move_escalation(uow, now, escalation, S.REQUESTED, by=Speaker.STUDENT)
    return await route(uow, now, moved) if moved else None


async def decline_offer(
    uow: UnitOfWork, now: datetime, command: StudentAnswer
) -> Escalation | None:
    """The student says no: no new offer on this topic for a week."""
    escalation = await student_own(uow, command)
    if escalation is None or escalation.state is not S.OFFERED:
        return None
    return await move_escalation(uow, now, escalation, S.DECLINED, by=Speaker.STUDENT)


async def cancel_request(
    uow: UnitOfWork, now: datetime, command: StudentAnswer
) -> Escalation | None:
    """The student withdraws a request that no tutor has started yet."""
    escalation = await student_own(uow, command)
    if escalation is None or not can_move(escalation.state, S.CANCELLED):
        return None
    await _release(uow, now, escalation, AskAnswer.LAPSED, "closed")
    return await move_escalation(uow, now, escalation, S.CANCELLED, by=Speaker.STUDENT)


async def request_tutor(uow: UnitOfWork, now: datetime, command: RequestTutor) -> Escalation:
    """The student asks: an open escalation is reused (an offer counts as accepted)."""
    current = await uow.tutors.student_escalations(command.student_id, OPEN_STATES)
    if current:
        open_one = current[0]
        if open_one.state is S.OFFERED:
            accepted = await accept_offer(uow, now, StudentAnswer(open_one.id, command.student_id))
            return accepted or open_one
        return open_one
    escalation = await open_escalation(
        uow,
        now,
        NewEscalation(
            command.student_id,
            command.pack_id,
            command.subject_id,
            command.topic_id,
            S.REQUESTED,
            "asked",
            command.minor,
            command.locale,
            ("asked",),
            relay_text(command.words)[:500],
            command.ai_conversation_id,
        ),
    )
    return await route(uow, now, escalation)


async def take(uow: UnitOfWork, now: datetime, command: TutorAnswer) -> Taken:
    """A tutor accepts: the first one wins, the others are told it was taken."""
    escalation = await uow.tutors.asked_escalation(command.escalation_id, command.tutor_id)
    if escalation is None:
        return Taken(None, "gone")
    if escalation.state is not S.REQUESTED:
        mine = escalation.tutor_id == command.tutor_id
        return Taken(escalation if mine else None, None if mine else "taken")
    tutor = await uow.tutors.tutor(command.tutor_id)
    if tutor is None or tutor.open_escalations >= tutor.capacity:
        return Taken(None, "full")
    moved = await move_escalation(
        uow, now, escalation, S.ASSIGNED, by=Speaker.TUTOR, tutor_id=command.tutor_id
    )
    if moved is None:
        return Taken(None, "taken")
    await uow.tutors.answer_asks(moved.id, AskAnswer.ACCEPTED, now, tutor_id=command.tutor_id)
    await _release(uow, now, moved, AskAnswer.TAKEN, "taken")
    return Taken(moved)


async def pass_ask(
    uow: UnitOfWork, now: datetime, command: TutorAnswer, policy: TutorPolicy = DEFAULT_TUTOR_POLICY
) -> bool:
    """A tutor cannot take it; when no one of the wave is left, the next wave is asked now."""
    escalation = await uow.tutors.asked_escalation(command.escalation_id, command.tutor_id)
    if escalation is None:
        return False
    changed = await uow.tutors.answer_asks(
        escalation.id, AskAnswer.PASSED, now, tutor_id=command.tutor_id
    )
    pending = [a for a in await uow.tutors.asks(escalation.id) if a.answer is AskAnswer.PENDING]
    if changed and not pending and escalation.state is S.REQUESTED:
        await route(uow, now, escalation, policy)
    return bool(changed)


async def start(uow: UnitOfWork, now: datetime, command: TutorAnswer) -> Escalation | None:
    """The assigned tutor joins the student's chat."""
    escalation = await uow.tutors.tutor_escalation(command.escalation_id, command.tutor_id)
    if escalation is None or escalation.state is not S.ASSIGNED:
        return escalation if escalation and escalation.state is S.ACTIVE else None
    return await move_escalation(uow, now, escalation, S.ACTIVE, by=Speaker.TUTOR)


# ---------------------------------------------------------------------- the job
async def advance(
    uow: UnitOfWork, now: datetime, policy: TutorPolicy = DEFAULT_TUTOR_POLICY
) -> int:
    """Time-outs: a wave that had its minutes asks the next (or expires), an old offer lapses.
    Returns how many escalations moved on."""
    moved = 0
    cutoff = now - timedelta(minutes=policy.wave_minutes)
    for escalation in await uow.tutors.waiting(S.REQUESTED, cutoff):
        if wave_over(escalation, now, policy):
            await _release(uow, now, escalation, AskAnswer.LAPSED, "closed")
            await route(uow, now, escalation, policy)
            moved += 1
    for escalation in await uow.tutors.waiting(
        S.OFFERED, now - timedelta(hours=policy.offer_ttl_hours)
    ):
        if offer_lapsed(escalation, now, policy) and await move_escalation(
            uow, now, escalation, S.EXPIRED
        ):
            moved += 1
    return moved
