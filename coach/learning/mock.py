"""Mock exams (deneme): nets from correct / wrong / blank, and what they say about mastery.

net = correct - wrong x the pack's wrong_penalty (YKS 0.25, SAT 0). A per-topic entry updates
the topic's mastery with one BKT step per question (blank counts as not known). A per-test
entry is weaker evidence about each topic of the test: its accuracy, corrected for guessing and
slips, is blended into every topic's mastery with weight `TEST_WEIGHT`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coach.learning.mastery import BktParams, update

TEST_WEIGHT = 0.4
MAX_STEPS = 12  # a topic entry of 30 questions should not swamp everything else


@dataclass(frozen=True, slots=True)
class MockEntry:
    """The student's count for one test (or one topic) of a mock exam."""

    scope: str  # test | topic
    id: str
    correct: int
    wrong: int
    blank: int

    @property
    def questions(self) -> int:
        """How many questions the entry covers."""
        return self.correct + self.wrong + self.blank


@dataclass(frozen=True, slots=True)
class MockAnalysis:
    """Nets per entry, the total, and the new mastery of every topic the mock spoke about."""

    nets: Mapping[str, float]
    total_net: float
    mastery: Mapping[str, float]
    weakest: tuple[str, ...]


def net(correct: int, wrong: int, wrong_penalty: float) -> float:
    """The net of a result."""
    return round(correct - wrong * wrong_penalty, 2)


def _from_accuracy(rate: float, params: BktParams) -> float:
    """The mastery that would give this accuracy (inverting P(right) = p(1-s) + (1-p)g)."""
    span = 1 - params.slip - params.guess
    return min(0.99, max(0.01, (rate - params.guess) / span if span > 0 else rate))


def analyse(
    entries: Sequence[MockEntry],
    *,
    wrong_penalty: float,
    topics_of_test: Mapping[str, Sequence[str]],
    mastery: Mapping[str, float],
    params: BktParams,
    default_mastery: float = 0.3,
) -> MockAnalysis:
    """Nets and updated mastery from a mock exam's entries."""
    nets = {entry.id: net(entry.correct, entry.wrong, wrong_penalty) for entry in entries}
    updated: dict[str, float] = {}
    for entry in entries:
        if entry.questions <= 0:
            continue
        if entry.scope == "topic":
            p = updated.get(entry.id, mastery.get(entry.id, default_mastery))
            share = entry.correct / entry.questions
            steps = min(MAX_STEPS, entry.questions)
            right = round(share * steps)
            # Interleave right and wrong answers so the order does not bias the estimate.
            for index in range(steps):
                p = update(p, index * right // steps != (index + 1) * right // steps, params)
            updated[entry.id] = round(p, 3)
            continue
        estimate = _from_accuracy(entry.correct / entry.questions, params)
        for topic_id in topics_of_test.get(entry.id, ()):
            before = updated.get(topic_id, mastery.get(topic_id, default_mastery))
            updated[topic_id] = round(before + TEST_WEIGHT * (estimate - before), 3)
    weakest = tuple(sorted(updated, key=lambda t: (updated[t], t))[:3])
    return MockAnalysis(nets, round(sum(nets.values()), 2), updated, weakest)
