"""Subscribers that open a tutor offer on the two signals besides the third strike:
wheel-spinning after a quiz, and a subject failed in the last mocks after a mock is entered.

Each records `TutorOfferMade`, which the dialogue shows with Yes / No like the third-strike
offer; consent, the one-open-escalation rule and the week of quiet after a decline are those of
`HumanTutorOffers.signal_offer`.
"""

from __future__ import annotations

from coach.core.uow import UnitOfWork
from coach.learning.adaptation import STRUGGLE
from coach.learning.escalation import TutorRequest
from coach.learning.events import MockRecorded, QuizFinished, TutorOfferMade
from coach.learning.records import QuizKind, practice
from coach.packs.catalog import Catalog
from coach.tutors.offers import HumanTutorOffers
from coach.tutors.signals import (
    DEFAULT_SIGNAL_RULES,
    FAILED_MOCKS,
    WHEEL_SPINNING,
    SignalRules,
    failed_subjects,
    weakest_topic,
    wheel_spinning,
)


class EscalationSignals:
    """Watches quizzes and mocks for a student who needs a person, not more practice."""

    def __init__(
        self,
        catalog: Catalog,
        offers: HumanTutorOffers | None = None,
        rules: SignalRules = DEFAULT_SIGNAL_RULES,
    ) -> None:
        self._catalog = catalog
        self._offers = offers or HumanTutorOffers(catalog)
        self._rules = rules

    async def on_quiz_finished(self, uow: UnitOfWork, event: QuizFinished) -> None:
        """Mastery flat over the last ten practice answers on the topic: offer a tutor."""
        if event.kind == QuizKind.PLACEMENT or event.pack_id not in self._catalog.packs:
            return
        answers = [
            a
            for a in practice(
                await uow.learning.attempts(event.user_id, event.pack_id, event.topic_id)
            )
            if not a.skipped and a.kind != QuizKind.PLACEMENT
        ]
        if not wheel_spinning([a.mastery_after for a in answers], self._rules):
            return
        # Wheel-spinning is for the student the strike counter misses (scores near the line,
        # mastery flat). Once that counter has struck on these answers, its third strike is the
        # offer; offering now would pre-empt it and leave the third strike nothing to say.
        start = answers[-self._rules.spin_attempts].answered_at
        strikes = await uow.feedback.decisions(
            event.user_id, event.pack_id, topic_id=event.topic_id, kind=STRUGGLE
        )
        if any(d.created_at >= start for d in strikes):
            return
        request = TutorRequest(
            event.user_id, event.pack_id, event.topic_id, 0, (WHEEL_SPINNING,),
            event.mastery_after,
        )  # fmt: skip
        await self._offer(uow, request, event, WHEEL_SPINNING)

    async def on_mock_recorded(self, uow: UnitOfWork, event: MockRecorded) -> None:
        """A subject failed in each of the last mocks: offer a tutor for its weakest topic."""
        pack = self._catalog.packs.get(event.pack_id)
        if pack is None:
            return
        mocks = await uow.learning.mocks(event.user_id, pack.id)
        failed = failed_subjects(pack, [m.entries for m in mocks], self._rules)
        if not failed:
            return
        mastery = await uow.progress.mastery(event.user_id, pack.id)
        topic_id = weakest_topic(pack, failed[0], mastery)
        if topic_id is None:
            return
        request = TutorRequest(
            event.user_id, pack.id, topic_id, 0, (FAILED_MOCKS, f"subject:{failed[0]}"),
            mastery.get(topic_id, 0.0), tuple(failed),
        )  # fmt: skip
        await self._offer(uow, request, event, FAILED_MOCKS)

    async def _offer(
        self,
        uow: UnitOfWork,
        request: TutorRequest,
        event: QuizFinished | MockRecorded,
        reason: str,
    ) -> None:
        offer = await self._offers.signal_offer(uow, request, event.at, reason)
        if offer is None:
            return
        await uow.record(
            TutorOfferMade(
                user_id=request.user_id, at=event.at, pack_id=request.pack_id,
                topic_id=request.topic_id, offer=offer,
            )
        )  # fmt: skip
