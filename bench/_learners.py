"""Simulated learners for `bench.learning`: hidden knowledge the coach never sees directly.

The hidden model is deliberately not the coach's (BKT + FSRS):
- Item response theory: P(right) = sigma(ability + topic offset - difficulty + gain), a
  continuous skill on the logit scale rather than a known/unknown switch.
- Learning: studying m minutes of a topic adds `GAIN_PER_TOPIC x rate x m / topic minutes`
  logits; every student has a learning rate per topic (log-normal), so some topics do not
  stick for some students.
- Forgetting: what was gained decays with a power-law curve R = (1 + t / (9 S))^-1 whose
  stability S grows with spaced retrieval (reviews, quizzes, mock exams): more when the
  memory had faded more, as in the spacing effect.
- Behaviour: each student misses about 20% of sessions (a per-student rate), answers noisily
  (10% careless answers) and takes longer on questions they are unsure of.
The exam net is computed from the hidden skill on exam day and the pack's question counts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from content import Pack

GAIN_PER_TOPIC = 3.0  # logits gained by studying a whole topic at learning rate 1
FIRST_STABILITY = 2.0  # days
CARELESS = 0.10
GUESS = 0.2
BLANK_BELOW = 0.2  # a student leaves a question blank when less sure than this
MISS_RATE = 0.2


def sigmoid(value: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-value))


def recall(days: float, stability: float) -> float:
    """The share of a gain still there after `days` (power-law forgetting)."""
    return (1.0 + max(0.0, days) / (9.0 * stability)) ** -1.0


@dataclass(slots=True)
class Memory:
    """The hidden state of one topic for one student."""

    base: float  # skill before any study (logits), ability + offset - difficulty
    rate: float  # how fast this student learns this topic
    gain: float = 0.0  # logits gained and not yet forgotten at `last`
    peak: float = 0.0  # the most ever gained
    stability: float = FIRST_STABILITY
    last: float = 0.0  # day of the last study or retrieval

    def skill(self, day: float) -> float:
        """The logit skill on `day`."""
        return self.base + self.gain * recall(day - self.last, self.stability)

    def study(self, day: float, fraction: float) -> None:
        """Study a `fraction` of the topic's lessons."""
        kept = self.gain * recall(day - self.last, self.stability)
        added = GAIN_PER_TOPIC * self.rate * fraction
        self.gain = kept + added
        self.peak = max(self.peak, self.gain)
        self.stability = max(self.stability, FIRST_STABILITY) * 1.05
        self.last = day

    def retrieve(self, day: float, strength: float) -> None:
        """A review or quiz: restore part of what faded; stability grows, more when faded."""
        if self.peak <= 0:
            return
        r = recall(day - self.last, self.stability)
        kept = self.gain * r
        self.gain = kept + strength * 0.7 * (self.peak - kept)
        self.stability *= 1.0 + strength * (0.4 + 2.5 * (1.0 - r))
        self.last = day


@dataclass(slots=True)
class Learner:
    """One simulated student."""

    index: int
    memories: dict[str, Memory]
    miss_rate: float
    availability: Mapping[str, int]
    seed: int
    observed: list[int] = field(default_factory=list)

    def p_right(self, topic_id: str, day: float) -> float:
        """The chance of a right answer to an average question now."""
        return sigmoid(self.memories[topic_id].skill(day))

    def answer(self, topic_id: str, day: float, rng: random.Random) -> tuple[bool, float]:
        """Answer one question: (right, seconds), noisy."""
        p = sigmoid(self.memories[topic_id].skill(day) + rng.gauss(0.0, 0.5))
        right = rng.random() < GUESS if rng.random() < CARELESS else rng.random() < p
        seconds = 75.0 * math.exp(rng.gauss(0.0, 0.3)) * (1.6 - p)
        return right, seconds


def make_learner(index: int, pack: Pack, topic_ids: Sequence[str], rng: random.Random) -> Learner:
    """Draw a student: ability, per-topic offsets and rates, miss rate and free time."""
    ability = rng.gauss(0.0, 0.7)
    memories = {}
    for topic_id in topic_ids:
        topic = pack.topics_by_id[topic_id]
        difficulty = (topic.difficulty - 3) * 0.5 + 1.0
        memories[topic_id] = Memory(
            base=ability + rng.gauss(0.0, 0.8) - difficulty,
            rate=math.exp(rng.gauss(0.0, 0.5)),
        )
    miss = min(0.45, max(0.02, rng.gauss(MISS_RATE, 0.08)))
    minutes = rng.choice((60, 90, 120, 150))
    availability = {
        day: max(30, int(minutes + rng.choice((-30, 0, 0, 30))))
        for day in ("mon", "tue", "wed", "thu", "fri")
    }
    availability.update({"sat": minutes + 60, "sun": minutes + 30})
    return Learner(index, memories, miss, availability, rng.randrange(1 << 30))


def question_counts(pack: Pack, track: str, topic_ids: Sequence[str]) -> dict[str, float]:
    """Exam questions per topic: each test's question count shared by expected questions."""
    by_test: dict[str, list[str]] = {}
    for topic_id in topic_ids:
        by_test.setdefault(pack.subject_of(topic_id).test_id, []).append(topic_id)
    counts: dict[str, float] = {}
    weights = pack.score_type(track).weights
    for test_id, topics in by_test.items():
        if weights.get(test_id, 0) <= 0:
            continue
        total = sum(pack.topics_by_id[t].expected_questions for t in topics) or 1.0
        questions = pack.tests_by_id[test_id].questions
        for topic_id in topics:
            counts[topic_id] = questions * pack.topics_by_id[topic_id].expected_questions / total
    return counts


def expected_net(
    learner: Learner,
    counts: Mapping[str, float],
    exam_day: float,
    wrong_penalty: float,
    weights: Mapping[str, float] | None = None,
) -> float:
    """The expected exam net from the hidden skill on exam day (blank when unsure); with
    `weights` (topic -> its test's weight in the score type) the score-weighted net."""
    net = 0.0
    for topic_id, questions in counts.items():
        p = (1 - CARELESS) * learner.p_right(topic_id, exam_day) + CARELESS * GUESS
        if p >= BLANK_BELOW:
            weight = 1.0 if weights is None else weights.get(topic_id, 0.0)
            net += weight * questions * (p - (1 - p) * wrong_penalty)
    return net
