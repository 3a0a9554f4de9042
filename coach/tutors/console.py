"""The tutor's web console: a one-time link the bot sends (`/tutor console`) becomes a session;
the tutor sees their own open and past escalations, one escalation's packet and conversation,
can write to the student and close it. Every read goes through a query scoped to the tutor:
anything else is simply not found (the web layer answers 403).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.packs.catalog import Catalog
from coach.tutors.conversation import tutor_overview
from coach.tutors.events import MessageRelayed
from coach.tutors.model import (
    TUTOR_ROLE,
    Escalation,
    EscalationState,
    Packet,
    RelayedMessage,
    Speaker,
)
from coach.tutors.packet import build_packet
from coach.tutors.policy import code_hash, relay_text
from coach.tutors.usecases import move_escalation

LINK, SESSION = "link", "session"
LINK_MINUTES = 15
SESSION_HOURS = 8
S = EscalationState


@dataclass(frozen=True, slots=True)
class EscalationPage:
    """What the console shows of one escalation."""

    escalation: Escalation
    packet: Packet
    messages: Sequence[RelayedMessage]


async def issue_link(uow: UnitOfWork, now: datetime, tutor_id: int) -> str | None:
    """A one-time login token for a tutor (None for anyone else)."""
    user = await uow.users.get(tutor_id)
    if user is None or user.role != TUTOR_ROLE:
        return None
    token = secrets.token_urlsafe(24)
    until = now + timedelta(minutes=LINK_MINUTES)
    await uow.tutors.add_console_token(tutor_id, code_hash(token), LINK, now, until)
    return token


async def log_in(uow: UnitOfWork, now: datetime, token: str) -> str | None:
    """Trade a valid, unused link for a session token; None when the link is not valid."""
    tutor_id = await uow.tutors.use_console_token(code_hash(token), LINK, now, once=True)
    if tutor_id is None:
        return None
    session = secrets.token_urlsafe(32)
    until = now + timedelta(hours=SESSION_HOURS)
    await uow.tutors.add_console_token(tutor_id, code_hash(session), SESSION, now, until)
    return session


async def session_tutor(uow: UnitOfWork, now: datetime, session: str) -> int | None:
    """The tutor of a live session who is still a tutor; None otherwise."""
    tutor_id = await uow.tutors.use_console_token(code_hash(session), SESSION, now, once=False)
    user = await uow.users.get(tutor_id) if tutor_id is not None else None
    return tutor_id if user is not None and user.role == TUTOR_ROLE else None


async def overview(uow: UnitOfWork, now: datetime, tutor_id: int) -> Sequence[Escalation]:
    """The tutor's own escalations (open first)."""
    return await tutor_overview(uow, now, tutor_id)


async def page(
    uow: UnitOfWork, now: datetime, catalog: Catalog, tutor_id: int, escalation_id: int
) -> EscalationPage | None:
    """One escalation of this tutor; None when it is not theirs."""
    escalation = await uow.tutors.tutor_escalation(escalation_id, tutor_id)
    if escalation is None:
        return None
    user = await uow.users.get(tutor_id)
    packet = await build_packet(uow, catalog, escalation, now, user.locale if user else "en")
    messages = await uow.tutors.messages(escalation_id, tutor_id=tutor_id)
    return EscalationPage(escalation, packet, messages)


async def send(
    uow: UnitOfWork, now: datetime, tutor_id: int, escalation_id: int, text: str
) -> bool | None:
    """Write to the student of an active escalation of this tutor. None: not theirs;
    False: not active (or nothing to send)."""
    escalation = await uow.tutors.tutor_escalation(escalation_id, tutor_id)
    if escalation is None:
        return None
    cleaned = relay_text(text)
    if escalation.state is not S.ACTIVE or not cleaned:
        return False
    message = RelayedMessage(escalation.id, Speaker.TUTOR, cleaned, now)
    await uow.tutors.add_message(escalation.student_id, message)
    tutor = await uow.tutors.tutor(tutor_id)
    await uow.record(
        MessageRelayed(
            user_id=escalation.student_id,
            at=now,
            escalation=escalation,
            message=message,
            to_user_id=escalation.student_id,
            sender_name=tutor.name if tutor else "?",
        )
    )
    return True


async def close(uow: UnitOfWork, now: datetime, tutor_id: int, escalation_id: int) -> bool | None:
    """Resolve an assigned or active escalation of this tutor. None: not theirs."""
    escalation = await uow.tutors.tutor_escalation(escalation_id, tutor_id)
    if escalation is None:
        return None
    if escalation.state not in (S.ACTIVE, S.ASSIGNED):
        return False
    return await move_escalation(uow, now, escalation, S.RESOLVED, by=Speaker.TUTOR) is not None
