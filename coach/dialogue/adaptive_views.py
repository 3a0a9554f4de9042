"""How adaptive decisions are shown: quiz outcomes, recommendations, the decision history.

Every decision is shown with its reason (templates `adaptive/decisions/<code>`), and every plan
change goes through a re-plan proposal with Accept / Keep my plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.dialogue.handlers.plans import show_proposal
from coach.dialogue.payloads import make
from coach.dialogue.present import topic_name
from coach.dialogue.turn import Turn
from coach.learning.mastery import khan_level
from coach.learning.records import Decision, QuizKind
from coach.learning.service import QuizOutcome
from coach.plans.service import PlanningService
from content import Pack
from prompts import render, template_exists

RESOURCE_PREFIX = "rs"


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
    rows = [
        [
            turn.button("star", make(RESOURCE_PREFIX, "r", d.id, n), n=n, number=i)
            for n in range(1, 6)
        ]
        for i, d in enumerate(decisions, start=1)
    ]
    turn.say("adaptive/recommendations", rows, items=items)


async def show_outcome(
    turn: Turn, pack: Pack, outcome: QuizOutcome, kind: str, planning: PlanningService
) -> None:
    """The score, the level, the decisions with reasons, help, and a re-plan proposal."""
    attempts = await turn.uow.learning.attempts(turn.user.id, pack.id, outcome.topic_id)
    days = {a.answered_at.date() for a in attempts if a.correct}
    name = topic_name(pack, outcome.topic_id, turn.locale)
    level = khan_level(outcome.after, confirmed=len(days) > 1)
    turn.say(
        "adaptive/quiz_result",
        correct=outcome.correct,
        total=outcome.total,
        passed=outcome.share >= 0.6,
        topic=name,
        level=level,
        mastery=round(outcome.after * 100),
        up=outcome.after > outcome.before,
    )
    if kind == QuizKind.PLACEMENT and not outcome.decisions:
        turn.say("adaptive/test_out_failed", topic=name)
    for decision in outcome.decisions:
        context = decision_context(pack, decision, turn.locale)
        choices = []
        if decision.kind == "struggle":
            choices = [[turn.button("easier_practice", make("qs", "easy", outcome.topic_id))]]
        turn.say(f"adaptive/{decision.reason_code}", choices, **context)
    show_recommendations(turn, pack, outcome.recommendations)
    if outcome.tutor is not None:
        turn.say(outcome.tutor.template, topic=name, **dict(outcome.tutor.context))
    if outcome.replan:
        await propose_with_reason(turn, planning, outcome.decisions[0], pack)


async def propose_with_reason(
    turn: Turn, planning: PlanningService, decision: Decision, pack: Pack
) -> None:
    """Ask the planner for the changed future and show it with the reason and Accept / Keep."""
    proposal = await planning.propose(turn.uow, turn.user, turn.now)
    if proposal is None:
        return
    turn.say("adaptive/proposal_why", why=decision_text(pack, decision, turn.locale))
    show_proposal(turn, proposal)
