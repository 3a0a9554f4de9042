"""The tutor's note can propose a plan change: "More time on {topic}" under the saved note.

The tutor only proposes. The coach re-plans with the topic's time factor raised, stores that as
a re-plan proposal (cause `tutor_note`) whose summary carries the new factor, and sends it to
the student with Accept / Keep my plan through the outbox. The factor is part of the proposal:
Keep leaves both the plan and the factor as they were; only Accept stores the factor
(`coach.plans.service`), so nothing about the student changes without their tap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from coach.actions import PROPOSAL_ACCEPT, PROPOSAL_KEEP, TUTOR_MORE_TIME
from coach.buttons import ButtonRegistry, Payload
from coach.core.uow import UnitOfWork
from coach.dialogue.present import topic_name
from coach.dialogue.turn import Turn
from coach.notifications.model import ChoiceSpec
from coach.packs.catalog import Catalog
from coach.plans.proposal_summary import cost_context
from coach.plans.usecases import PlanUseCases, ProposeReplan
from coach.tutors.model import Escalation, EscalationState
from coach.tutors.notices import TutorNotices

CAUSE = "tutor_note"
STEP = 1.25  # one tap asks for a quarter more time on the topic's lessons
MAX_FACTOR = 2.0  # the struggle response's own ceiling: never more than double


class MoreTimeResult(StrEnum):
    """What became of the tutor's tap."""

    SENT = "sent"  # the proposal waits for the student's answer
    NO_CHANGE = "no_change"  # no active plan, or nothing in it would change
    AT_MOST = "at_most"  # the topic already has the most time a factor gives
    ALREADY = "already"  # this escalation's proposal is still waiting
    GONE = "gone"  # not this tutor's, not resolved, or no note yet


@dataclass(frozen=True, slots=True)
class MoreTime:
    """The tutor of an escalation asks for more time on its topic."""

    escalation_id: int
    tutor_id: int


@dataclass(frozen=True, slots=True)
class MoreTimeOutcome:
    """The result, the escalation it was about and the factor proposed."""

    result: MoreTimeResult
    escalation: Escalation | None = None
    factor: float = 1.0


def raised(current: float) -> float:
    """The factor one tap proposes: a quarter more, at most `MAX_FACTOR`."""
    return min(round(current * STEP, 2), MAX_FACTOR)


class TutorPlanNotes:
    """The button under the tutor's saved note, and the proposal it makes."""

    def __init__(self, catalog: Catalog, plans: PlanUseCases) -> None:
        self._catalog = catalog
        self._plans = plans
        self._notices = TutorNotices(catalog)

    def register(self, buttons: ButtonRegistry) -> None:
        """The tutor's tap on "More time on {topic}"."""
        buttons.on(TUTOR_MORE_TIME, self.more_time)

    async def propose(self, uow: UnitOfWork, now: datetime, command: MoreTime) -> MoreTimeOutcome:
        """Propose the re-plan to the student (checked: the tutor's own resolved, noted one)."""
        item = await uow.tutors.tutor_escalation(command.escalation_id, command.tutor_id)
        if item is None or item.state is not EscalationState.RESOLVED or not item.note:
            return MoreTimeOutcome(MoreTimeResult.GONE)
        waiting = await uow.plans.latest_draft_for(item.student_id)
        if (
            waiting is not None
            and waiting.summary.get("cause") == CAUSE
            and waiting.summary.get("escalation") == item.id
        ):
            return MoreTimeOutcome(MoreTimeResult.ALREADY, item)
        estimates = await uow.learning.time_estimates(item.student_id, item.pack_id)
        current = estimates[item.topic_id].factor if item.topic_id in estimates else 1.0
        factor = raised(current)
        if factor <= current:
            return MoreTimeOutcome(MoreTimeResult.AT_MOST, item, current)
        extra = {"topic_factors": {item.topic_id: factor}, "escalation": item.id}
        proposal = await self._plans.propose(
            uow, now, ProposeReplan(item.student_id, cause=CAUSE, extra=extra)
        )
        if proposal is None:
            return MoreTimeOutcome(MoreTimeResult.NO_CHANGE, item, factor)
        tutor = await uow.tutors.tutor(command.tutor_id)
        choices = (
            (
                ChoiceSpec("notify/buttons/plan_accept", PROPOSAL_ACCEPT.payload(proposal.plan_id)),
                ChoiceSpec("notify/buttons/plan_keep", PROPOSAL_KEEP.payload(proposal.plan_id)),
            ),
        )
        await self._notices.send(
            uow,
            item.student_id,
            "tutors/more_time_proposal",
            f"more{proposal.plan_id}",
            now,
            escalation=item,
            choices=choices,
            tutor=tutor.name if tutor else "",
            note=item.note,
            percent=round((factor / current - 1) * 100),
            added=proposal.added,
            moved=proposal.moved,
            removed=proposal.removed,
            cost=cost_context(proposal.changes, now.date(), proposal.lost),
        )
        return MoreTimeOutcome(MoreTimeResult.SENT, item, factor)

    async def more_time(self, turn: Turn, payload: Payload) -> None:
        """The tutor hears whether the student was asked (the plan waits for their answer)."""
        command = MoreTime(payload.int_arg(0) or 0, turn.user.id)
        outcome = await turn.run(self.propose, command)
        topic = ""
        if outcome.escalation is not None:
            pack = self._catalog.packs.get(outcome.escalation.pack_id)
            topic = topic_name(pack, outcome.escalation.topic_id, turn.locale) if pack else ""
        turn.say(f"tutors/more_time_{outcome.result.value}", topic=topic)
