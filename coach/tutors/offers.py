"""The tutor feature's answer to the adaptive engine's third strike (`TutorOffers`): an offer
the student can accept or decline, recorded as an escalation in the `offered` state.

A topic the student declined is not offered again for a week; an escalation already open is
not doubled. The offer is also kept in the decision history, so /why can tell it.
"""

from __future__ import annotations

from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.learning.escalation import TUTOR_OFFER, TutorOffer, TutorRequest
from coach.learning.records import Decision
from coach.packs.catalog import Catalog
from coach.tutors.model import OPEN_STATES, EscalationState, NewEscalation
from coach.tutors.policy import DEFAULT_TUTOR_POLICY, TutorPolicy, recently_declined
from coach.tutors.usecases import open_escalation


class HumanTutorOffers:
    """Offers a human tutor with consent; the student's answer drives the escalation."""

    def __init__(self, catalog: Catalog, policy: TutorPolicy = DEFAULT_TUTOR_POLICY) -> None:
        self._catalog = catalog
        self._policy = policy

    async def offer(self, uow: UnitOfWork, request: TutorRequest, now: datetime) -> TutorOffer:
        """Open an offered escalation (or say why not); the caller commits."""
        history = await uow.tutors.student_escalations(request.user_id)
        if any(
            item.state in OPEN_STATES and item.state is not EscalationState.OFFERED
            for item in history
        ):
            return TutorOffer("tutors/offer_open")
        if recently_declined(history, request.topic_id, now, self._policy):
            return TutorOffer("tutors/offer_quiet")
        offer = await self._open(uow, request, now, "struggle", "tutors/offer")
        return offer or TutorOffer("adaptive/tutor_pending", {"topic_id": request.topic_id})

    async def signal_offer(
        self, uow: UnitOfWork, request: TutorRequest, now: datetime, reason: str
    ) -> TutorOffer | None:
        """An offer for another signal (wheel-spinning, failed mocks), or None — silently —
        when an escalation is open or the topic was declined this week: these signals fire
        after every quiz or mock, so a "not now" note each time would nag."""
        history = await uow.tutors.student_escalations(request.user_id)
        if any(item.state in OPEN_STATES for item in history):
            return None
        if recently_declined(history, request.topic_id, now, self._policy):
            return None
        return await self._open(uow, request, now, reason, f"tutors/offer_{reason}")

    async def _open(
        self, uow: UnitOfWork, request: TutorRequest, now: datetime, reason: str, template: str
    ) -> TutorOffer | None:
        pack = self._catalog.packs.get(request.pack_id)
        topic = pack.topics_by_id.get(request.topic_id) if pack else None
        user = await uow.users.get(request.user_id)
        if topic is None or user is None:
            return None
        escalation = await open_escalation(
            uow,
            now,
            NewEscalation(
                request.user_id,
                request.pack_id,
                topic.subject_id,
                request.topic_id,
                EscalationState.OFFERED,
                reason,
                user.is_minor,
                user.locale,
                tuple(request.signals),
            ),
        )
        await uow.feedback.add_decision(
            Decision(
                user_id=request.user_id,
                pack_id=request.pack_id,
                kind=TUTOR_OFFER,
                # /why words it by cause: the third strike keeps its own template
                reason_code="tutor_offer" if reason == "struggle" else f"tutor_offer_{reason}",
                created_at=now,
                topic_id=request.topic_id,
                params={
                    "strike": request.strike,
                    "signals": list(request.signals),
                    "mastery_percent": round(request.mastery * 100),
                    "weak_topics": list(request.weak_topics),
                    "escalation": escalation.id,
                    "status": "offered",
                    "reason": reason,
                },
            )
        )
        return TutorOffer(template, {"escalation_id": escalation.id, "minor": escalation.minor})
