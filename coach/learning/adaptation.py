"""Adapting the plan to the student: struggle, acceleration and learned lesson times (pure).

Struggle: a topic quiz below 60% twice, mastery flat for two weeks while practising, repeated
"too hard" ratings, or repeated skips of the topic's sessions. Each detection is a strike
(signals are counted only since the previous strike, so one bad week is not counted twice);
the response is more time on the topic, easier practice from the generators, a resource of
another type and its weak prerequisites revisited; the third strike also offers a human tutor.

Acceleration: 90% or more at the first try shortens the topic's remaining lessons; a placement
quiz passed with 80% or more lets the student test out of the topic.

Lesson times: the student's pace (actual minutes over planned minutes, shrunk toward 1 while
there is little data) scales every lesson; a topic's adjustment (struggle or acceleration)
scales that topic's lessons. Both reach the planner through `adjust_request`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.learning.mastery import FAMILIAR_AT, PROFICIENT_AT
from planner import PlanRequest

STRUGGLE = "struggle"
ACCELERATE = "accelerate"
TEST_OUT = "test_out"

# Signal codes (each has a template adaptive/signal_<code>).
QUIZ_FAILED_TWICE = "quiz_failed_twice"
MASTERY_FLAT = "mastery_flat"
TOO_HARD = "too_hard"
SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class AdaptSettings:
    """The thresholds of adaptation, with the documented defaults."""

    fail_below: float = 0.6
    fails_for_strike: int = 2
    flat_days: int = 14
    flat_delta: float = 0.05
    too_hard_for_strike: int = 2
    skips_for_strike: int = 2
    tutor_at_strike: int = 3
    extra_time: float = 1.3  # per strike
    max_factor: float = 2.0
    accelerate_at: float = 0.9
    shorten_to: float = 0.6
    placement_pass: float = 0.8
    test_out_mastery: float = 0.9
    min_pace: float = 0.6
    max_pace: float = 1.6
    # About half a week of study at pace 1.0: one evening 20 minutes faster (90 of 115) once
    # moved the pace past the 10 % that re-plans, and every lesson of the plan changed length
    # after day one. A week of evidence is needed before the pace moves that far.
    pace_prior_minutes: int = 480


DEFAULT_SETTINGS = AdaptSettings()


@dataclass(frozen=True, slots=True)
class QuizScore:
    """One finished quiz on a topic: when, the share right, and whether it was the first."""

    at: datetime
    share: float
    first_try: bool = False
    kind: str = "quiz"


@dataclass(frozen=True, slots=True)
class TopicSignals:
    """What the coach saw of one topic since its last strike (oldest first)."""

    topic_id: str
    quiz_scores: tuple[QuizScore, ...] = ()
    mastery_history: tuple[tuple[datetime, float], ...] = ()
    too_hard: int = 0
    skips: int = 0
    strikes: int = 0


@dataclass(frozen=True, slots=True)
class Struggle:
    """A strike on a topic and what the coach does about it."""

    topic_id: str
    strike: int
    signals: tuple[str, ...]
    time_factor: float
    offer_tutor: bool
    easier_practice: bool = True
    alternative_resource: bool = True
    revisit_prerequisites: bool = True


def _mastery_flat(
    history: Sequence[tuple[datetime, float]], now: datetime, settings: AdaptSettings
) -> bool:
    """Practised in the last `flat_days`, yet no better than `flat_days` ago, and not yet
    proficient."""
    if not history:
        return False
    start = now - timedelta(days=settings.flat_days)
    before = [value for at, value in history if at <= start]
    within = [value for at, value in history if at > start]
    if not before or not within:
        return False
    latest = within[-1]
    return latest < PROFICIENT_AT and latest - before[-1] < settings.flat_delta


def detect_struggle(
    signals: TopicSignals,
    now: datetime,
    current_factor: float = 1.0,
    settings: AdaptSettings = DEFAULT_SETTINGS,
) -> Struggle | None:
    """A new strike on the topic, or None when nothing new says the student struggles."""
    found: list[str] = []
    failed = [s for s in signals.quiz_scores if s.share < settings.fail_below]
    if len(failed) >= settings.fails_for_strike:
        found.append(QUIZ_FAILED_TWICE)
    if _mastery_flat(signals.mastery_history, now, settings):
        found.append(MASTERY_FLAT)
    if signals.too_hard >= settings.too_hard_for_strike:
        found.append(TOO_HARD)
    if signals.skips >= settings.skips_for_strike:
        found.append(SKIPPED)
    if not found:
        return None
    strike = signals.strikes + 1
    factor = min(settings.max_factor, max(1.0, current_factor) * settings.extra_time)
    return Struggle(
        topic_id=signals.topic_id,
        strike=strike,
        signals=tuple(found),
        time_factor=round(factor, 2),
        offer_tutor=strike >= settings.tutor_at_strike,
    )


def accelerated_factor(
    score: QuizScore, current_factor: float = 1.0, settings: AdaptSettings = DEFAULT_SETTINGS
) -> float | None:
    """The shorter time factor for a topic aced at the first try, or None."""
    if not score.first_try or score.share < settings.accelerate_at:
        return None
    factor = round(min(current_factor, settings.shorten_to), 2)
    return factor if factor < current_factor else None


def passes_placement(share: float, settings: AdaptSettings = DEFAULT_SETTINGS) -> bool:
    """Whether a placement quiz lets the student test out of the topic."""
    return share >= settings.placement_pass


def learned_pace(
    samples: Sequence[tuple[int, int]], settings: AdaptSettings = DEFAULT_SETTINGS
) -> float:
    """The student's lesson pace from (planned, actual) minutes: >1 means slower than planned.

    A prior of `pace_prior_minutes` at pace 1.0 keeps a single long evening from doubling
    every lesson; the result is clamped to [min_pace, max_pace].
    """
    planned = sum(max(0, p) for p, _ in samples)
    spent = sum(max(0, s) for _, s in samples)
    prior = settings.pace_prior_minutes
    pace = (prior + spent) / (prior + planned) if planned else 1.0
    return round(min(settings.max_pace, max(settings.min_pace, pace)), 2)


def adjust_request(
    request: PlanRequest,
    *,
    pace: float = 1.0,
    topic_factors: Mapping[str, float] | None = None,
    review_cards: Mapping[str, str] | None = None,
) -> PlanRequest:
    """The request with lesson minutes scaled for this student and their review cards added."""
    factors = topic_factors or {}
    curriculum = request.curriculum
    if pace != 1.0 or factors:
        lessons = tuple(
            dataclasses.replace(
                lesson,
                minutes=max(5, round(lesson.minutes * pace * factors.get(lesson.topic_id, 1.0))),
            )
            for lesson in curriculum.lessons
        )
        curriculum = dataclasses.replace(curriculum, lessons=lessons)
    cards = dict(request.review_cards)
    cards.update(review_cards or {})
    return dataclasses.replace(request, curriculum=curriculum, review_cards=cards)


def cards_for_plan(
    cards: Mapping[str, str], mastery: Mapping[str, float], threshold: float = FAMILIAR_AT
) -> dict[str, str]:
    """The review cards the planner should follow: those of topics known at least "familiar".

    A topic the student no longer knows is a learning problem (lessons, easier practice, the
    struggle response), not a memory one; drilling it with reviews takes time from lessons.
    Its card waits and comes back once its mastery does.
    """
    return {topic: card for topic, card in cards.items() if mastery.get(topic, 0.0) >= threshold}
