"""Domain records of adaptive learning: answers, feedback, decisions, time estimates, mocks.

Repositories map rows to these frozen dataclasses (see `coach.learning.ports.LearningRepository` and
`FeedbackRepository`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class QuizKind(StrEnum):
    """Why a quiz was taken."""

    MODULE = "module"  # after a module of lessons (a planned quiz session)
    ON_DEMAND = "on_demand"  # /quiz
    REVIEW = "review"  # a planned review session
    PLACEMENT = "placement"  # testing out of a topic
    EASIER = "easier"  # easier practice after a struggle
    ASSESSMENT = "assessment"  # the initial assessment: stored so quizzes do not repeat it


def practice(attempts: Sequence[QuizAttempt]) -> list[QuizAttempt]:
    """The answers of quizzes, without the assessment's (which no quiz score or level reads)."""
    return [a for a in attempts if a.kind != QuizKind.ASSESSMENT]


@dataclass(frozen=True, slots=True)
class QuizAttempt:
    """One answered (or skipped) question of a quiz, with the time it took."""

    user_id: int
    pack_id: str
    topic_id: str
    quiz_ref: str  # groups the answers of one quiz
    kind: str
    question_ref: str
    difficulty: int
    correct: bool
    skipped: bool
    response_ms: int | None
    mastery_before: float
    mastery_after: float
    answered_at: datetime
    id: int = 0


@dataclass(frozen=True, slots=True)
class Feedback:
    """A student's rating of a lesson, session or resource: 1-5, too easy / too hard, comment."""

    user_id: int
    pack_id: str
    target_kind: str  # lesson | resource | session | quiz
    target_id: str
    topic_id: str | None
    created_at: datetime
    rating: int | None = None
    difficulty: str | None = None  # too_easy | ok | too_hard
    comment: str | None = None
    resource_type: str | None = None
    id: int = 0


@dataclass(frozen=True, slots=True)
class Decision:
    """Something the coach decided and why ("why did the coach do X"), shown to the student."""

    user_id: int
    pack_id: str
    kind: str  # struggle | accelerate | test_out | recommend | tutor_offer | mock | pace | replan
    reason_code: str  # template adaptive/decisions/<reason_code>
    created_at: datetime
    topic_id: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    id: int = 0


@dataclass(frozen=True, slots=True)
class TimeEstimate:
    """A student's learned lesson pace ("*") or a topic's time adjustment (topic id)."""

    user_id: int
    pack_id: str
    scope: str
    factor: float
    samples: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class MockResult:
    """One entered mock exam (deneme): correct / wrong / blank per test or topic, and nets."""

    user_id: int
    pack_id: str
    taken_on: datetime
    entries: tuple[Mapping[str, Any], ...]  # {"scope": "test"|"topic", "id", "correct", ...}
    net: float
    id: int = 0


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """The FSRS card of one topic of one student, stored as fsrs JSON."""

    user_id: int
    pack_id: str
    topic_id: str
    card_json: str
    due: datetime
    reviews: int
    updated_at: datetime
