"""What other features read from learning: the planner's inputs and the topic levels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coach.core.uow import UnitOfWork
from coach.learning.adaptation import cards_for_plan
from coach.learning.records import QuizAttempt, practice

DEFAULT_MASTERY = 0.3
PACE = "*"


async def plan_inputs(
    uow: UnitOfWork, user_id: int, pack_id: str
) -> tuple[float, dict[str, float], dict[str, str]]:
    """The student's lesson pace, per-topic time factors and review cards (fsrs JSON)."""
    estimates = await uow.learning.time_estimates(user_id, pack_id)
    pace = estimates[PACE].factor if PACE in estimates else 1.0
    factors = {scope: e.factor for scope, e in estimates.items() if scope != PACE}
    cards = await uow.learning.review_cards(user_id, pack_id)
    mastery = await uow.progress.mastery(user_id, pack_id)
    return pace, factors, cards_for_plan({t: c.card_json for t, c in cards.items()}, mastery)


def level_inputs(
    mastery: Mapping[str, float], attempts: Sequence[QuizAttempt]
) -> dict[str, tuple[float, bool]]:
    """Per practised topic: (mastery, confirmed), where confirmed means right again on a later
    day in a review or a quiz after the first one (Khan's "mastered" needs that)."""
    first_day: dict[str, object] = {}
    confirmed: set[str] = set()
    for attempt in practice(attempts):
        day = attempt.answered_at.date()
        first = first_day.setdefault(attempt.topic_id, day)
        if attempt.correct and day != first:
            confirmed.add(attempt.topic_id)
    return {topic: (mastery.get(topic, DEFAULT_MASTERY), topic in confirmed) for topic in first_day}
