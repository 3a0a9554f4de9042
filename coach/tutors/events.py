"""Events of human tutoring. `user_id` is always the student the escalation is about (a tutor
joining is about the tutor), so export and the event log stay per person."""

from __future__ import annotations

from dataclasses import dataclass

from coach.events import DomainEvent
from coach.tutors.model import Escalation, EscalationState, RelayedMessage, Speaker


@dataclass(frozen=True, kw_only=True)
class EscalationMoved(DomainEvent):
    """One transition of the escalation state machine (`previous` None: just opened)."""

    escalation: Escalation
    previous: EscalationState | None
    by: Speaker | None = None  # who caused it, when a person did (None: the coach)


@dataclass(frozen=True, kw_only=True)
class TutorsAsked(DomainEvent):
    """A wave of tutors was asked to take an escalation."""

    escalation: Escalation
    tutor_ids: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class TutorsReleased(DomainEvent):
    """Tutors asked earlier are no longer needed: another took it, or the request ended."""

    escalation: Escalation
    tutor_ids: tuple[int, ...]
    why: str  # taken | closed


@dataclass(frozen=True, kw_only=True)
class MessageRelayed(DomainEvent):
    """A message of the student or the tutor, to be passed to the other side."""

    escalation: Escalation
    message: RelayedMessage
    to_user_id: int
    sender_name: str


@dataclass(frozen=True, kw_only=True)
class TutorJoined(DomainEvent):
    """Someone used a valid invitation code and is a tutor now (`user_id` is the tutor)."""

    name: str
