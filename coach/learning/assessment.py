"""Scoring the initial assessment: an ability per subject, then a mastery per topic.

A small item-response model: the chance of a right answer is σ(θ − b), with the question's
difficulty (1–5) mapped to b. θ per subject is the maximum a-posteriori estimate under a
standard-normal prior, so two or three answers move it, but not to extremes. A topic's mastery
is σ(θ − b_topic), nudged by the answers given on that very topic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_MASTERY = 0.3  # what the coach assumes of a topic it knows nothing about
SKIP_WEIGHT = 0.5  # "I don't know" counts as half a wrong answer: honest, but not a guess


@dataclass(frozen=True, slots=True)
class Answer:
    """One answered (or skipped) assessment question."""

    subject_id: str
    topic_id: str
    difficulty: int
    correct: bool
    skipped: bool = False


def item_difficulty(difficulty: int) -> float:
    """A 1–5 difficulty on the logit scale (3 is average)."""
    return (difficulty - 3) * 0.8


def sigmoid(value: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-value))


def estimate_ability(answers: Sequence[Answer]) -> float:
    """θ for a set of answers: Newton steps on the log-posterior with a N(0, 1) prior."""
    theta = 0.0
    for _ in range(20):
        gradient, curvature = -theta, -1.0
        for answer in answers:
            weight = SKIP_WEIGHT if answer.skipped else 1.0
            p = sigmoid(theta - item_difficulty(answer.difficulty))
            gradient += weight * ((1.0 if answer.correct else 0.0) - p)
            curvature -= weight * p * (1 - p)
        step = gradient / curvature
        theta -= step
        if abs(step) < 1e-6:
            break
    return max(-4.0, min(4.0, theta))


def next_difficulty(previous: int, correct: bool) -> int:
    """Adaptive testing: harder after a right answer, easier after a wrong one."""
    return min(5, previous + 1) if correct else max(1, previous - 1)


def needs_another_question(answers: Sequence[Answer], minimum: int = 2, maximum: int = 3) -> bool:
    """Ask at least `minimum`; one more when the answers so far disagree."""
    if len(answers) < minimum:
        return True
    if len(answers) >= maximum:
        return False
    return len({answer.correct for answer in answers}) > 1


def topic_mastery(
    topics: Mapping[str, tuple[str, int]],
    answers: Iterable[Answer],
) -> dict[str, float]:
    """Mastery per topic (topic id -> (subject id, difficulty)) from all assessment answers.

    Topics of subjects with no answer (skipped) get none: the coach knows nothing of them, and
    a stored default would read as a measured 30% ("attempted") in /progress.
    """
    by_subject: dict[str, list[Answer]] = {}
    by_topic: dict[str, list[Answer]] = {}
    for answer in answers:
        by_subject.setdefault(answer.subject_id, []).append(answer)
        by_topic.setdefault(answer.topic_id, []).append(answer)
    abilities = {subject: estimate_ability(items) for subject, items in by_subject.items()}
    mastery = {}
    for topic_id, (subject_id, difficulty) in topics.items():
        if subject_id not in abilities:
            continue
        value = sigmoid(abilities[subject_id] - item_difficulty(difficulty))
        for answer in by_topic.get(topic_id, ()):
            value += 0.15 if answer.correct else -0.15
        mastery[topic_id] = round(min(0.95, max(0.05, value)), 3)
    return mastery


def subject_scores(answers: Iterable[Answer]) -> dict[str, tuple[int, int, int]]:
    """Per subject: (asked, correct, skipped)."""
    scores: dict[str, tuple[int, int, int]] = {}
    for answer in answers:
        asked, correct, skipped = scores.get(answer.subject_id, (0, 0, 0))
        scores[answer.subject_id] = (
            asked + 1,
            correct + int(answer.correct),
            skipped + int(answer.skipped),
        )
    return scores
