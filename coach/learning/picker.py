"""Choosing the next questions: difficulty on one logit scale, matched to the student's mastery.

Every question has a Rasch (one-parameter IRT) difficulty `b` on the logit scale: the chance a
student of ability θ answers it right is σ(θ − b). `b` is seeded from the authored level 1–5
(`seed_difficulty`, 3 is 0) and re-estimated from stored answers by `learnconnect mastery fit`
(`coach.learning.calibrate`). A student's ability on a topic is the logit of their BKT mastery,
so 50% mastery sits at an average question and 30% (the coach's prior) below it.

A quiz asks the questions whose predicted success is closest to the kind's target (70% for
practice: hard enough to learn from, easy enough to keep going; 85% for easier practice; 50%
for a placement test, where hard items decide), and none answered in the last seven days while
unseen ones remain. Generated questions count as one item per generator for calibration
(`item_key`), since every seed is a new question.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

GENERATED = "@"
NO_REPEAT = timedelta(days=7)
LOGIT_PER_LEVEL = 0.8  # the assessment's scale: level 1 is −1.6, level 5 is +1.6
ABILITY_LIMIT = 4.0
TARGET_SUCCESS = {
    "module": 0.7,
    "on_demand": 0.7,
    "review": 0.7,
    "easier": 0.85,
    "placement": 0.5,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A question that could be asked: its reference and difficulty on the logit scale."""

    ref: str
    difficulty: float


def seed_difficulty(level: int) -> float:
    """The authored level 1–5 on the logit scale (the prior of the fitted value)."""
    return (level - 3) * LOGIT_PER_LEVEL


def item_key(ref: str) -> str:
    """The calibrated item behind a question reference: a bank id, or "<generator>@"."""
    generator, found, _seed = ref.partition(GENERATED)
    return f"{generator}{GENERATED}" if found else ref


def difficulty_of(ref: str, level: int, fitted: Mapping[str, float]) -> float:
    """The fitted difficulty of the question's item, else its authored level's."""
    return fitted.get(item_key(ref), seed_difficulty(level))


def ability(mastery: float) -> float:
    """The student's ability on a topic: the logit of their mastery (bounded)."""
    p = min(0.99, max(0.01, mastery))
    return max(-ABILITY_LIMIT, min(ABILITY_LIMIT, math.log(p / (1 - p))))


def success(theta: float, difficulty: float) -> float:
    """The Rasch chance of a right answer."""
    return 1.0 / (1.0 + math.exp(difficulty - theta))


def target_difficulty(mastery: float, kind: str) -> float:
    """The difficulty whose predicted success at this mastery is the kind's target."""
    target = TARGET_SUCCESS.get(kind, 0.7)
    return ability(mastery) - math.log(target / (1 - target))


def recently_seen(
    answers: Iterable[tuple[str, datetime]], now: datetime, window: timedelta = NO_REPEAT
) -> dict[str, datetime]:
    """Question reference to when it was last answered, for answers within `window` of now."""
    seen: dict[str, datetime] = {}
    for ref, at in answers:
        if now - at < window and (ref not in seen or at > seen[ref]):
            seen[ref] = at
    return seen


def pick(
    candidates: Sequence[Candidate],
    *,
    mastery: float,
    kind: str,
    length: int,
    seen: Mapping[str, datetime],
    tiebreak: Mapping[str, str] | None = None,
) -> list[str]:
    """The `length` references to ask, best fit first.

    Unseen questions come first, ordered by distance from the target difficulty (then by
    `tiebreak`, a per-student shuffle); seen ones only fill up what is missing, the longest
    ago first.
    """
    target = target_difficulty(mastery, kind)
    order = tiebreak or {}
    unique = list({c.ref: c for c in candidates}.values())
    fresh = sorted(
        (c for c in unique if c.ref not in seen),
        key=lambda c: (abs(c.difficulty - target), order.get(c.ref, c.ref)),
    )
    stale = sorted(
        (c for c in unique if c.ref in seen),
        key=lambda c: (seen[c.ref], abs(c.difficulty - target)),
    )
    return [c.ref for c in [*fresh, *stale][:length]]
