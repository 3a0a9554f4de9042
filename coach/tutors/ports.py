"""Ports of human tutoring: what storage offers the use cases.

Reads a tutor makes are scoped in the query itself (`tutor_id` is part of the WHERE), so a
tutor cannot reach another tutor's escalation by guessing an id; tests check each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from coach.tutors.model import (
    Ask,
    AskAnswer,
    Escalation,
    EscalationState,
    Invite,
    NewEscalation,
    RelayedMessage,
    TutorBlock,
    TutorProfile,
    TutorStatus,
)


class TutorRepository(Protocol):
    """Invitations, tutor profiles, escalations, asks and relayed messages."""

    async def add_invite(
        self, invite: Invite, code_hash: str, now: datetime, until: datetime
    ) -> int:
        """Store an invitation under the hash of its code."""
        ...

    async def redeem(self, code_hash: str, user_id: int, now: datetime) -> Invite | None:
        """Use an unused, unexpired invitation once; None when there is no such code."""
        ...

    async def save_tutor(self, profile: TutorProfile, now: datetime) -> None:
        """Create or replace a tutor profile."""
        ...

    async def tutor(self, user_id: int) -> TutorProfile | None:
        """A tutor profile with its current load."""
        ...

    async def bookings(self, student_id: int) -> Sequence[tuple[int, datetime, str, str, int]]:
        """A student's open booked sessions: (escalation, start, pack, topic, tutor id)."""
        ...

    async def tutors(self, statuses: Sequence[TutorStatus] = ()) -> Sequence[TutorProfile]:
        """Tutors (all, or in these statuses) with their load, by user id."""
        ...

    async def set_status(self, user_id: int, status: TutorStatus, now: datetime) -> bool:
        """Pause, resume or remove a tutor; False when there is no such tutor."""
        ...

    async def mark_asked(self, tutor_ids: Sequence[int], now: datetime) -> None:
        """Remember when tutors were last asked (the cooldown)."""
        ...

    async def add_rating(self, tutor_id: int, rating: int) -> None:
        """Count a student's rating of a tutor."""
        ...

    async def open_escalation(self, new: NewEscalation, now: datetime) -> Escalation:
        """Store a new escalation."""
        ...

    async def escalation(self, escalation_id: int) -> Escalation | None:
        """Any escalation by id (the coach's own use: jobs and the student's side)."""
        ...

    async def student_escalations(
        self, student_id: int, states: Sequence[EscalationState] = ()
    ) -> Sequence[Escalation]:
        """A student's escalations (in these states), newest first."""
        ...

    async def tutor_escalation(self, escalation_id: int, tutor_id: int) -> Escalation | None:
        """An escalation assigned to this tutor; None for anyone else's."""
        ...

    async def asked_escalation(self, escalation_id: int, tutor_id: int) -> Escalation | None:
        """An escalation this tutor was asked to take; None when they were not asked."""
        ...

    async def tutor_escalations(
        self, tutor_id: int, states: Sequence[EscalationState] = ()
    ) -> Sequence[Escalation]:
        """Escalations assigned to this tutor (in these states), newest first."""
        ...

    async def waiting(self, state: EscalationState, before: datetime) -> Sequence[Escalation]:
        """Escalations in a state whose wave (or offer) started before `before`."""
        ...

    async def move(
        self,
        escalation_id: int,
        current: EscalationState,
        target: EscalationState,
        now: datetime,
        *,
        tutor_id: int | None = None,
        wave: int | None = None,
    ) -> bool:
        """Compare-and-set the state (so the first tutor to accept wins); False if it moved."""
        ...

    async def finish(
        self,
        escalation_id: int,
        *,
        rating: int | None = None,
        comment: str | None = None,
        note: str | None = None,
    ) -> None:
        """Store the rating, comment or tutor note of a resolved escalation."""
        ...

    async def add_asks(self, asks: Sequence[Ask]) -> None:
        """Store the tutors asked in a wave."""
        ...

    async def asks(self, escalation_id: int) -> Sequence[Ask]:
        """Everyone asked for an escalation."""
        ...

    async def answer_asks(
        self,
        escalation_id: int,
        answer: AskAnswer,
        now: datetime,
        *,
        tutor_id: int | None = None,
    ) -> Sequence[int]:
        """Close pending asks (one tutor's, or all); returns the tutors whose ask changed."""
        ...

    async def add_message(self, student_id: int, message: RelayedMessage) -> None:
        """Keep a relayed message."""
        ...

    async def messages(
        self, escalation_id: int, tutor_id: int | None = None
    ) -> Sequence[RelayedMessage]:
        """The conversation; with `tutor_id`, only if that tutor is the assigned one."""
        ...

    async def add_block(self, block: TutorBlock) -> None:
        """Keep a student's block or report (a second one of the same tutor updates it)."""
        ...

    async def blocked(self, student_id: int) -> frozenset[int]:
        """The tutors this student blocked or reported."""
        ...

    async def reports(self, limit: int = 50) -> Sequence[TutorBlock]:
        """The newest reports, for the operator."""
        ...

    async def add_console_token(
        self, tutor_id: int, token_hash: str, kind: str, now: datetime, until: datetime
    ) -> None:
        """Store a console link or session (hashed)."""
        ...

    async def use_console_token(
        self, token_hash: str, kind: str, now: datetime, *, once: bool
    ) -> int | None:
        """The tutor of a valid token of this kind (used up when `once`); None otherwise."""
        ...
