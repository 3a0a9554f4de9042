"""Tutor escalation: the hook the adaptive engine calls at a topic's third strike.

`TutorOffers` is the port; the tutor feature fills it (matching a tutor, a hand-off packet
with weak topics, error log and plan, protections for minors). Until then the default
`RecordedTutorOffers` records the offer in the decision history and tells the student, truthfully,
that a tutor will be arranged when one is available. No tutor is faked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from coach.core.uow import UnitOfWork
from coach.learning.records import Decision

TUTOR_OFFER = "tutor_offer"


@dataclass(frozen=True, slots=True)
class TutorRequest:
    """Why a student should get a human tutor, with what a tutor needs to start."""

    user_id: int
    pack_id: str
    topic_id: str
    strike: int
    signals: tuple[str, ...]
    mastery: float
    weak_topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TutorOffer:
    """What to tell the student: a template (under prompts/messages) and its context."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    arranged: bool = False  # True once a real tutor is booked


class TutorOffers(Protocol):
    """Offers a human tutor to a struggling student (the tutor feature implements this)."""

    async def offer(self, uow: UnitOfWork, request: TutorRequest, now: datetime) -> TutorOffer:
        """Record and, where possible, arrange the offer; the caller commits."""
        ...


class RecordedTutorOffers:
    """The default: record the offer and say a tutor will be arranged when available."""

    async def offer(self, uow: UnitOfWork, request: TutorRequest, now: datetime) -> TutorOffer:
        """Write the offer to the decision history; nothing is promised beyond that."""
        await uow.feedback.add_decision(
            Decision(
                user_id=request.user_id,
                pack_id=request.pack_id,
                kind=TUTOR_OFFER,
                reason_code="tutor_offer",
                created_at=now,
                topic_id=request.topic_id,
                params={
                    "strike": request.strike,
                    "signals": list(request.signals),
                    "mastery_percent": round(request.mastery * 100),
                    "weak_topics": list(request.weak_topics),
                    "status": "pending",
                },
            )
        )
        return TutorOffer("adaptive/tutor_pending", {"topic_id": request.topic_id})
