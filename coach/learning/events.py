"""Events of the learning feature: answers, finished quizzes and mocks, mastery that moved, and
what the coach decided because of them (a struggle, a faster pace, resources, a tutor offer)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.events import DomainEvent
from coach.learning.escalation import TutorOffer
from coach.learning.records import Decision


@dataclass(frozen=True, kw_only=True)
class QuizAnswered(DomainEvent):
    """One question of a quiz (or of the assessment) was answered or skipped."""

    pack_id: str
    topic_id: str
    quiz_ref: str
    kind: str
    question_ref: str
    difficulty: int
    correct: bool
    skipped: bool = False


@dataclass(frozen=True, kw_only=True)
class QuizFinished(DomainEvent):
    """A quiz ended; its answers, mastery and review card are stored."""

    pack_id: str
    topic_id: str
    quiz_ref: str
    kind: str
    correct: int
    total: int
    mastery_before: float
    mastery_after: float
    first_try: bool
    session_id: int | None = None

    @property
    def share(self) -> float:
        """The share of right answers."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True, kw_only=True)
class MasteryChanged(DomainEvent):
    """What the coach believes the student knows of a topic moved."""

    pack_id: str
    topic_id: str
    before: float
    after: float
    cause: str  # quiz | mock | assessment | prerequisite


@dataclass(frozen=True, kw_only=True)
class MockRecorded(DomainEvent):
    """A mock exam's results were entered."""

    pack_id: str
    total_net: float
    previous_net: float | None
    weakest: tuple[str, ...]
    decision: Decision


@dataclass(frozen=True, kw_only=True)
class DecisionMade(DomainEvent):
    """The coach decided something about a topic (faster, tested out, pace) and wrote why;
    `replan` asks for a re-plan proposal."""

    decision: Decision
    replan: bool = True


@dataclass(frozen=True, kw_only=True)
class StruggleDetected(DomainEvent):
    """A new strike on a topic: more time, easier practice, prerequisites back."""

    pack_id: str
    topic_id: str
    strike: int
    offer_tutor: bool
    decision: Decision
    mastery: float
    weak_topics: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ResourcesRecommended(DomainEvent):
    """Resources were picked for a topic (after a failed quiz, a struggle, or /stuck)."""

    pack_id: str
    topic_id: str
    trigger: str
    decisions: tuple[Decision, ...]
    quiz_ref: str = ""


@dataclass(frozen=True, kw_only=True)
class TutorOfferMade(DomainEvent):
    """A human tutor was offered for a topic; `offer` says what to tell the student."""

    pack_id: str
    topic_id: str
    offer: TutorOffer
