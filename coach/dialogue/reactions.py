"""How the reactions to a turn's events are shown: struggles, decisions, resources, tutor
offers, and the re-plan proposal they ask for.

Every decision is shown with its reason (templates `adaptive/decisions/<code>`), and every plan
change goes through a re-plan proposal with Accept / Keep my plan. At the end of a turn, when an
event asked for a re-plan and none was proposed in the turn, one is proposed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from coach.actions import (
    PROPOSAL_ACCEPT,
    PROPOSAL_CHANGES,
    PROPOSAL_KEEP,
    QUIZ_EASIER,
    RESOURCE_RATE,
)
from coach.dialogue.present import subject_name, topic_name
from coach.dialogue.turn import Turn
from coach.events import DomainEvent
from coach.learning.events import (
    DecisionMade,
    MockRecorded,
    ResourcesRecommended,
    StruggleDetected,
    TutorOfferMade,
)
from coach.learning.records import Decision
from coach.packs.catalog import Catalog
from coach.packs.terms import exam_terms
from coach.plans.events import ReplanProposed
from coach.plans.proposal_summary import summarise
from coach.plans.service import Proposal
from coach.plans.usecases import PlanUseCases, ProposeReplan
from coach.tutors.chat import offer_choices
from content import Pack
from prompts import render, template_exists


def decision_context(pack: Pack, decision: Decision, locale: str) -> dict[str, Any]:
    """Template variables of a decision: its params plus readable topic names."""
    params = dict(decision.params)
    prerequisites = [topic_name(pack, p, locale) for p in params.get("prerequisites", []) or []]
    weak = [topic_name(pack, t, locale) for t in params.get("weakest", []) or []]
    why = str(params.get("why", ""))
    reason = ""
    if why and template_exists(f"adaptive/reasons/{why}", "en"):
        reason = render(f"adaptive/reasons/{why}", locale, **dict(params.get("why_params", {})))
    return {
        **params,
        "topic": topic_name(pack, decision.topic_id, locale) if decision.topic_id else "",
        "prerequisite_names": prerequisites,
        "weakest_names": weak,
        "reason": reason,
        "at": decision.created_at,
        "exam": exam_terms(pack, locale),
    }


def decision_text(pack: Pack, decision: Decision, locale: str) -> str:
    """One line saying what the coach decided and why."""
    return render(
        f"adaptive/decisions/{decision.reason_code}",
        locale,
        **decision_context(pack, decision, locale),
    )


def show_recommendations(turn: Turn, pack: Pack, decisions: Sequence[Decision]) -> None:
    """Resources with their one-line reasons and 1-5 rating buttons."""
    if not decisions:
        return
    items = [decision_context(pack, d, turn.locale) for d in decisions]
    # Only something the student can open can be rated: a resource without a link asks nothing.
    rows = [
        [turn.button("star", RESOURCE_RATE.payload(d.id, n), n=n, number=i) for n in range(1, 6)]
        for i, (d, item) in enumerate(zip(decisions, items, strict=True), start=1)
        if item.get("url")
    ]
    turn.say("adaptive/recommendations", rows, items=items, rateable=bool(rows))


def show_proposal(turn: Turn, proposal: Proposal | None, template: str = "plans/proposal") -> None:
    """Say in a few words what a re-plan would change this week and what it costs, with
    Accept / Keep my plan and Show all changes; or that nothing changes."""
    if proposal is None:
        turn.say("plans/no_change")
        return
    turn.say(
        template,
        [
            [
                turn.button("accept", PROPOSAL_ACCEPT.payload(proposal.plan_id), "primary"),
                turn.button("keep", PROPOSAL_KEEP.payload(proposal.plan_id)),
            ],
            [turn.button("show_changes", PROPOSAL_CHANGES.payload(proposal.plan_id))],
        ],
        added=proposal.added,
        moved=proposal.moved,
        removed=proposal.removed,
        summary=summarise(proposal.changes, turn.study_day(), proposal.lost),
    )


LIST_LIMIT = 30  # lines of the full list in one message (the rest is counted)


def show_changes(turn: Turn, proposal: Proposal | None) -> None:
    """The full list of a proposal's changes, with Accept / Keep my plan."""
    if proposal is None:
        turn.say("plans/proposal_gone")
        return
    turn.say(
        "plans/proposal_changes",
        [
            [
                turn.button("accept", PROPOSAL_ACCEPT.payload(proposal.plan_id), "primary"),
                turn.button("keep", PROPOSAL_KEEP.payload(proposal.plan_id)),
            ]
        ],
        changes=[
            {**change, "before": _date(change.get("before")), "after": _date(change.get("after"))}
            for change in proposal.changes[:LIST_LIMIT]
        ],
        more=max(0, len(proposal.changes) - LIST_LIMIT),
    )


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


class ReactionViews:
    """Shows what subscribers did in reaction to a turn's events, in the order they did it."""

    def __init__(self, catalog: Catalog, plans: PlanUseCases) -> None:
        self._catalog = catalog
        self._plans = plans

    async def show(self, turn: Turn, events: Sequence[DomainEvent], *, final: bool) -> None:
        """Render every event this module knows; at the end of the turn, propose a re-plan
        when one was asked for and none was made."""
        for event in events:
            self._show_one(turn, event)
        if final:
            await self._replan_if_asked(turn)

    def _pack(self, pack_id: str) -> Pack | None:
        return self._catalog.packs.get(pack_id)

    def _show_one(self, turn: Turn, event: DomainEvent) -> None:
        if isinstance(event, StruggleDetected) and (pack := self._pack(event.pack_id)):
            turn.say(
                "adaptive/struggle",
                [[turn.button("easier_practice", QUIZ_EASIER.payload(event.topic_id))]],
                **decision_context(pack, event.decision, turn.locale),
            )
        elif isinstance(event, DecisionMade) and (pack := self._pack(event.decision.pack_id)):
            decision = event.decision
            template = f"adaptive/{decision.reason_code}"
            if template_exists(template, "en"):
                turn.say(template, **decision_context(pack, decision, turn.locale))
        elif isinstance(event, ResourcesRecommended) and (pack := self._pack(event.pack_id)):
            show_recommendations(turn, pack, event.decisions)
        elif isinstance(event, TutorOfferMade) and (pack := self._pack(event.pack_id)):
            name = topic_name(pack, event.topic_id, turn.locale)
            choices = offer_choices(turn, event.offer)
            topic = pack.topics_by_id.get(event.topic_id)
            subject = topic.subject_id if topic else None
            turn.say(
                event.offer.template, choices, topic=name,
                subject=subject_name(pack, subject, turn.locale), **dict(event.offer.context),
            )  # fmt: skip

    async def _replan_if_asked(self, turn: Turn) -> None:
        recorded = turn.recorded
        if any(isinstance(e, ReplanProposed) for e in recorded):
            return
        reason = next((e for e in recorded if _asks_replan(e)), None)
        if reason is None:
            return
        decision = _decision_of(reason)
        pack = self._pack(decision.pack_id) if decision else None
        proposal = await turn.run(
            self._plans.propose, ProposeReplan(turn.user.id, cause=_cause(reason))
        )
        if proposal is None or decision is None or pack is None:
            return
        turn.say("adaptive/proposal_why", why=decision_text(pack, decision, turn.locale))
        show_proposal(turn, proposal)


def _asks_replan(event: DomainEvent) -> bool:
    if isinstance(event, DecisionMade):
        return event.replan
    return isinstance(event, StruggleDetected | MockRecorded)


def _decision_of(event: DomainEvent) -> Decision | None:
    if isinstance(event, DecisionMade | StruggleDetected | MockRecorded):
        return event.decision
    return None


def _cause(event: DomainEvent) -> str:
    if isinstance(event, StruggleDetected):
        return "struggle"
    if isinstance(event, MockRecorded):
        return "mock"
    return "decision"
