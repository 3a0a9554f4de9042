"""Spaced review with FSRS: one card per learned topic, rated from what the student answered.

A topic gets a card when it is first practised (a module quiz, a review, a placement quiz).
Each later quiz or review of the topic is a review of the card, rated from the share of right
answers and how fast they came: fewer than half right is Again, under two thirds or slow is
Hard, most right is Good, all right and fast is Easy. The desired retention rises from
`retention_start` on the plan's first day to `retention_end` on the exam day (the planner uses
the same rule), so intervals shorten as the exam nears. The cards go to the planner as
`PlanRequest.review_cards` (only for topics known at least "familiar", see
`coach.adaptation.cards_for_plan`), so review sessions follow the real due dates. Fuzzing is
off so the schedule is reproducible.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime

from fsrs import Card, Rating, Scheduler, State

from planner import PlannerSettings

_DEFAULTS = PlannerSettings()
FAST_SHARE = 0.5  # answered in under half the expected time
SLOW_SHARE = 1.5  # answered in over one and a half times the expected time
LAPSE_BELOW = 0.5
HARD_BELOW = 0.66
EXPECTED_SECONDS = 75.0  # about the time an exam allows per question (YKS: 135 min / 120)


def rating_for(
    correct: int, total: int, seconds_per_answer: float | None, expected: float = EXPECTED_SECONDS
) -> Rating:
    """The FSRS rating of a practice round from its correctness and response time."""
    if total <= 0:
        return Rating.Again
    share = correct / total
    # A topic is recalled when most answers are right: a lapse (Again) is mostly wrong, and
    # one slip in three is Hard, not a lapse (4-5 option questions are noisy evidence).
    if share < LAPSE_BELOW:
        return Rating.Again
    pace = None if seconds_per_answer is None else seconds_per_answer / expected
    if share < HARD_BELOW or (pace is not None and pace > SLOW_SHARE):
        return Rating.Hard
    if share >= 1.0 and pace is not None and pace < FAST_SHARE:
        return Rating.Easy
    return Rating.Good


def desired_retention(
    start: date,
    exam: date,
    day: date,
    low: float = _DEFAULTS.retention_start,
    high: float = _DEFAULTS.retention_end,
) -> float:
    """The retention to aim for on `day`: rising linearly from `start` to the exam."""
    span = max(1, (exam - start).days)
    progress = min(1.0, max(0.0, (day - start).days / span))
    return round(low + (high - low) * progress, 2)


def _scheduler(retention: float) -> Scheduler:
    return Scheduler(
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def card_id(topic_id: str) -> int:
    """A stable card id from the topic id (the planner derives its own cards the same way)."""
    return zlib.crc32(topic_id.encode("utf-8"))


def review(
    card_json: str | None, topic_id: str, rating: Rating, now: datetime, retention: float
) -> tuple[str, datetime]:
    """Review a topic's card (a new card when None); returns the new card JSON and due time."""
    if card_json is None:
        card = Card(card_id=card_id(topic_id), state=State.Learning, due=now)
    else:
        card = Card.from_json(card_json)
    card, _ = _scheduler(retention).review_card(card, rating, now)
    return card.to_json(), card.due


def retrievability(card_json: str, now: datetime, retention: float = 0.9) -> float:
    """The predicted chance of recalling the topic at `now`."""
    return float(_scheduler(retention).get_card_retrievability(Card.from_json(card_json), now))


def due_now(card_json: str, now: datetime) -> str:
    """The card made due at `now` (a prerequisite to revisit): the plan reviews it soon."""
    card = Card.from_json(card_json)
    card.due = min(card.due, now)
    return card.to_json()
