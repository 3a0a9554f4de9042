"""Re-estimating question difficulties from stored answers (`learnconnect mastery fit`).

Each item's Rasch difficulty is the maximum a-posteriori estimate given the answers to it,
with every answer's ability taken from the mastery the student had just before it (the BKT
estimate the coach acted on) and a normal prior centred on the authored level's value. The
prior keeps an item with three answers near its authored level; fifty answers move it where
the data say. Skipped answers are left out (a skip says little about the item).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coach.learning.picker import ability, item_key, seed_difficulty, success
from coach.learning.records import QuizAttempt

PRIOR_SD = 1.0
LIMIT = 4.0


@dataclass(frozen=True, slots=True)
class FittedItem:
    """One item's difficulty after the fit, and how many answers it rests on."""

    key: str
    difficulty: float
    answers: int
    prior: float


def fit_item(answers: Iterable[tuple[float, bool]], prior: float) -> float:
    """MAP difficulty for (ability, right) pairs under a N(prior, PRIOR_SD²) prior."""
    pairs = list(answers)
    b = prior
    for _ in range(30):
        # d/db log-likelihood of a Rasch item is Σ (p − y); the prior adds −(b − prior)/sd².
        gradient = sum(success(theta, b) - float(right) for theta, right in pairs)
        gradient -= (b - prior) / PRIOR_SD**2
        curvature = -sum(success(t, b) * (1 - success(t, b)) for t, _ in pairs) - 1 / PRIOR_SD**2
        step = gradient / curvature
        b = max(-LIMIT, min(LIMIT, b - step))
        if abs(step) < 1e-6:
            break
    return b


def fit_difficulties(attempts: Iterable[QuizAttempt]) -> dict[str, FittedItem]:
    """Item key to its fitted difficulty, from every stored (not skipped) answer."""
    answers: dict[str, list[tuple[float, bool]]] = {}
    levels: dict[str, list[int]] = {}
    for attempt in attempts:
        if attempt.skipped:
            continue
        key = item_key(attempt.question_ref)
        answers.setdefault(key, []).append((ability(attempt.mastery_before), attempt.correct))
        levels.setdefault(key, []).append(attempt.difficulty)
    fitted = {}
    for key, pairs in answers.items():
        # A generator's seeds vary in level; its prior is their mean.
        prior = sum(seed_difficulty(level) for level in levels[key]) / len(levels[key])
        fitted[key] = FittedItem(key, round(fit_item(pairs, prior), 4), len(pairs), prior)
    return fitted


def as_mapping(items: Mapping[str, FittedItem]) -> dict[str, float]:
    """Item key to difficulty, the shape the picker reads."""
    return {key: item.difficulty for key, item in items.items()}
