"""The relayed conversation: messages both ways while active, `/end` from either side, the
student's rating and the tutor's note for the student's record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.learning.records import Decision
from coach.tutors.events import (
    MessageRelayed,
)
from coach.tutors.model import (
    OPEN_STATES,
    Escalation,
    EscalationState,
    RelayedMessage,
    Speaker,
    TutorBlock,
)
from coach.tutors.policy import (
    MAX_NOTE,
    relay_text,
)
from coach.tutors.usecases import StudentAnswer, move_escalation, student_own

S = EscalationState

NOTE_KIND = "tutor_note"


@dataclass(frozen=True, slots=True)
class Relay:
    """A message typed by someone who may be in an active tutoring conversation."""

    user_id: int
    text: str
    photo: str | None = None
    display_name: str | None = None  # the sender's, when the caller knows it (saves a read)


@dataclass(frozen=True, slots=True)
class End:
    """`/end` from the student or the tutor."""

    user_id: int


@dataclass(frozen=True, slots=True)
class Rate:
    """The student rates the help (1-5)."""

    escalation_id: int
    student_id: int
    rating: int


@dataclass(frozen=True, slots=True)
class Note:
    """The tutor's short note for the student's record."""

    tutor_id: int
    text: str


@dataclass(frozen=True, slots=True)
class Relayed:
    """Whether a message went to a tutoring conversation (and to whom, by role)."""

    escalation: Escalation | None
    speaker: Speaker | None = None


async def _active_for(uow: UnitOfWork, user_id: int) -> tuple[Escalation, Speaker] | None:
    own = await uow.tutors.student_escalations(user_id, (S.ACTIVE,))
    if own:
        return own[0], Speaker.STUDENT
    tutoring = await uow.tutors.tutor_escalations(user_id, (S.ACTIVE,))
    if tutoring:
        return tutoring[0], Speaker.TUTOR
    return None


async def relay(uow: UnitOfWork, now: datetime, command: Relay) -> Relayed:
    """Pass a message to the other side of an active conversation, and keep it."""
    found = await _active_for(uow, command.user_id)
    if found is None:
        return Relayed(None)
    escalation, speaker = found
    return await pass_on(uow, now, escalation, speaker, command)


async def pass_on(
    uow: UnitOfWork, now: datetime, escalation: Escalation, speaker: Speaker, command: Relay
) -> Relayed:
    """Keep a message of one side of this conversation and pass it to the other side (the
    caller checked that the sender is that side)."""
    text = relay_text(command.text)
    if not text and command.photo is None:
        return Relayed(escalation, speaker)
    message = RelayedMessage(escalation.id, speaker, text, now, command.photo)
    await uow.tutors.add_message(escalation.student_id, message)
    if speaker is Speaker.STUDENT:
        to, name = escalation.tutor_id or 0, await _student_name(uow, escalation, command)
    else:
        tutor = await uow.tutors.tutor(command.user_id)
        to, name = escalation.student_id, tutor.name if tutor else "?"
    await uow.record(
        MessageRelayed(
            user_id=escalation.student_id,
            at=now,
            escalation=escalation,
            message=message,
            to_user_id=to,
            sender_name=name,
        )
    )
    return Relayed(escalation, speaker)


async def _student_name(uow: UnitOfWork, escalation: Escalation, command: Relay) -> str:
    name = command.display_name
    if name is None:
        user = await uow.users.get(escalation.student_id)
        name = user.display_name if user else None
    name = (name or "").strip()
    return name.split()[0][:32] if name else "?"  # the first name only


async def end(uow: UnitOfWork, now: datetime, command: End) -> tuple[Escalation, Speaker] | None:
    """`/end` from either side closes the conversation (or an assigned one not yet begun)."""
    states = (S.ACTIVE, S.ASSIGNED)
    as_student = await uow.tutors.student_escalations(command.user_id, states)
    as_tutor = await uow.tutors.tutor_escalations(command.user_id, states)
    for found, speaker in ((as_student, Speaker.STUDENT), (as_tutor, Speaker.TUTOR)):
        if found:
            moved = await move_escalation(uow, now, found[0], S.RESOLVED, by=speaker)
            if moved is not None:
                return moved, speaker
    return None


async def rate(uow: UnitOfWork, now: datetime, command: Rate) -> Escalation | None:
    """The student's 1-5 rating of a resolved escalation, once."""
    escalation = await student_own(uow, StudentAnswer(command.escalation_id, command.student_id))
    if escalation is None or escalation.state is not S.RESOLVED or escalation.rating is not None:
        return None
    rating = min(max(command.rating, 1), 5)
    await uow.tutors.finish(escalation.id, rating=rating)
    if escalation.tutor_id is not None:
        await uow.tutors.add_rating(escalation.tutor_id, rating)
    return replace(escalation, rating=rating)


async def awaiting_note(uow: UnitOfWork, tutor_id: int, now: datetime) -> Escalation | None:
    """The tutor's latest escalation resolved within a day and still without a note."""
    for item in await uow.tutors.tutor_escalations(tutor_id, (S.RESOLVED,)):
        if not item.note and now - item.updated_at <= timedelta(days=1):
            return item
    return None


async def add_note(uow: UnitOfWork, now: datetime, command: Note) -> Escalation | None:
    """The tutor's note goes on the escalation and into the student's decision record."""
    escalation = await awaiting_note(uow, command.tutor_id, now)
    text = relay_text(command.text)[:MAX_NOTE]
    if escalation is None or not text:
        return None
    await uow.tutors.finish(escalation.id, note=text)
    tutor = await uow.tutors.tutor(command.tutor_id)
    await uow.feedback.add_decision(
        Decision(
            user_id=escalation.student_id,
            pack_id=escalation.pack_id,
            kind=NOTE_KIND,
            reason_code=NOTE_KIND,
            created_at=now,
            topic_id=escalation.topic_id,
            params={
                "note": text,
                "tutor": tutor.name if tutor else "",
                "escalation": escalation.id,
            },
        )
    )
    return replace(escalation, note=text)


async def tutor_overview(uow: UnitOfWork, now: datetime, tutor_id: int) -> Sequence[Escalation]:
    """The tutor's own escalations still open, then the last few closed (theirs only)."""
    items = await uow.tutors.tutor_escalations(tutor_id)
    return [e for e in items if e.state in OPEN_STATES][:10] + [
        e for e in items if e.state not in OPEN_STATES
    ][:5]


@dataclass(frozen=True, slots=True)
class BlockTutor:
    """The student blocks (or reports, with words) the tutor of their latest conversation."""

    student_id: int
    report: bool = False
    text: str = ""


async def block_tutor(uow: UnitOfWork, now: datetime, command: BlockTutor) -> Escalation | None:
    """Never ask that tutor for this student again; a report is kept for the operator. An
    active conversation with them ends. None when the student had no tutor yet."""
    latest = next(
        (e for e in await uow.tutors.student_escalations(command.student_id) if e.tutor_id),
        None,
    )
    if latest is None or latest.tutor_id is None:
        return None
    kind = "report" if command.report else "block"
    text = relay_text(command.text)[:MAX_NOTE]
    await uow.tutors.add_block(
        TutorBlock(command.student_id, latest.tutor_id, kind, now, text, latest.id)
    )
    if latest.state in (S.ACTIVE, S.ASSIGNED):
        await move_escalation(uow, now, latest, S.RESOLVED, by=Speaker.STUDENT)
    return latest
