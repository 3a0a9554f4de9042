"""Tutor accounts: an operator's invitation with a one-time code, `/tutor CODE` making the
sender a tutor, and pausing or removing a tutor."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.tutors.events import (
    TutorJoined,
)
from coach.tutors.model import (
    TUTOR_ROLE,
    Invite,
    TutorProfile,
    TutorStatus,
)
from coach.tutors.policy import (
    DEFAULT_TUTOR_POLICY,
    TutorPolicy,
    code_hash,
)

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without doubt


@dataclass(frozen=True, slots=True)
class InviteTutor:
    """An operator invites a tutor."""

    invite: Invite


@dataclass(frozen=True, slots=True)
class RedeemCode:
    """Someone sends `/tutor CODE`."""

    user_id: int
    code: str
    timezone: str


@dataclass(frozen=True, slots=True)
class SetTutorStatus:
    """Pause, resume or remove a tutor (the command line)."""

    user_id: int
    status: TutorStatus


# ---------------------------------------------------------------------- tutors
def new_code() -> str:
    """A one-time code like `TUT-7KQ2-M9XA`."""
    part = lambda: "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"TUT-{part()}-{part()}"


async def invite_tutor(
    uow: UnitOfWork, now: datetime, command: InviteTutor, policy: TutorPolicy = DEFAULT_TUTOR_POLICY
) -> str:
    """Store an invitation; returns the code (shown once, stored only hashed)."""
    code = new_code()
    until = now + timedelta(days=policy.invite_days)
    await uow.tutors.add_invite(command.invite, code_hash(code), now, until)
    return code


async def redeem_code(uow: UnitOfWork, now: datetime, command: RedeemCode) -> TutorProfile | None:
    """Make the sender a tutor when the code is valid and unused; None otherwise."""
    user = await uow.users.get(command.user_id)
    if user is None or not command.code.strip():
        return None
    invite = await uow.tutors.redeem(code_hash(command.code), user.id, now)
    if invite is None:
        return None
    profile = TutorProfile(
        user_id=user.id,
        name=invite.name,
        subjects=invite.subjects,
        languages=invite.languages,
        capacity=invite.capacity,
        may_take_minors=invite.may_take_minors,
        timezone=command.timezone,
    )
    await uow.tutors.save_tutor(profile, now)
    await uow.users.update(replace(user, role=TUTOR_ROLE))
    await uow.record(TutorJoined(user_id=user.id, at=now, name=invite.name))
    return profile


async def set_tutor_status(uow: UnitOfWork, now: datetime, command: SetTutorStatus) -> bool:
    """Pause, resume or remove; a removed tutor is a plain user again."""
    if not await uow.tutors.set_status(command.user_id, command.status, now):
        return False
    user = await uow.users.get(command.user_id)
    if user is not None:
        role = "student" if command.status is TutorStatus.REMOVED else TUTOR_ROLE
        await uow.users.update(replace(user, role=role))
    return True


async def list_tutors(uow: UnitOfWork, now: datetime, query: None = None) -> Sequence[TutorProfile]:
    """Every tutor with their load."""
    return await uow.tutors.tutors()
