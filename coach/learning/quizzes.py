"""Use cases of the learning feature: answer a question, finish a quiz, record a mock exam,
store the initial assessment.

Finishing a quiz stores every answer with its response time and the BKT mastery it moved,
reviews the topic's FSRS card, settles the planned session the quiz belonged to, and records
`QuizFinished`; what the coach makes of it (a faster pace, a test-out, a struggle, resources)
are subscribers in `coach.learning.adapt`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coach.core.uow import UnitOfWork
from coach.domain import AssessmentResult, SessionStatus, TopicMastery
from coach.learning.adaptation import DEFAULT_SETTINGS, AdaptSettings, passes_placement
from coach.learning.events import MasteryChanged, MockRecorded, QuizAnswered, QuizFinished
from coach.learning.mastery import params_for, update
from coach.learning.mock import MockAnalysis, MockEntry, analyse
from coach.learning.picker import difficulty_of
from coach.learning.records import (
    Decision,
    MockResult,
    QuizAttempt,
    QuizKind,
    ReviewCard,
    practice,
)
from coach.learning.spaced import desired_retention, rating_for, review
from coach.sessions.usecases import SettleSession, settle_session
from content import Pack

DEFAULT_MASTERY = 0.3


@dataclass(frozen=True, slots=True)
class Answer:
    """One answered question of a quiz as the flow saw it."""

    question_ref: str
    difficulty: int
    correct: bool
    skipped: bool = False
    response_ms: int | None = None


@dataclass(frozen=True, slots=True)
class AnswerQuestion:
    """A student answered (or skipped) one question of a running quiz."""

    user_id: int
    pack_id: str
    topic_id: str
    quiz_ref: str
    kind: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class FinishQuiz:
    """The answers of a whole quiz on one topic; `session_id` when it was a planned session."""

    user_id: int
    pack: Pack
    topic_id: str
    kind: str
    quiz_ref: str
    answers: Sequence[Answer]
    today: date
    session_id: int | None = None


@dataclass(frozen=True, slots=True)
class QuizOutcome:
    """What a finished quiz changed."""

    topic_id: str
    correct: int
    total: int
    before: float
    after: float
    confirmed: bool  # right again on a later day (Khan's "mastered" needs it)

    @property
    def share(self) -> float:
        """The share of right answers."""
        return self.correct / self.total if self.total else 0.0


async def answer_question(uow: UnitOfWork, now: datetime, command: AnswerQuestion) -> bool:
    """Record one answer (the quiz's own state keeps the rest); returns whether it was right."""
    answer = command.answer
    await uow.record(
        QuizAnswered(
            user_id=command.user_id,
            at=now,
            pack_id=command.pack_id,
            topic_id=command.topic_id,
            quiz_ref=command.quiz_ref,
            kind=command.kind,
            question_ref=answer.question_ref,
            difficulty=answer.difficulty,
            correct=answer.correct and not answer.skipped,
            skipped=answer.skipped,
        )
    )
    return answer.correct and not answer.skipped


async def finish_quiz(
    uow: UnitOfWork,
    now: datetime,
    command: FinishQuiz,
    settings: AdaptSettings = DEFAULT_SETTINGS,
) -> QuizOutcome:
    """Store the answers, update mastery and the review card, settle the planned session."""
    pack, user_id, topic_id = command.pack, command.user_id, command.topic_id
    params = params_for(pack)
    mastery = await uow.progress.mastery(user_id, pack.id)
    earlier = practice(await uow.learning.attempts(user_id, pack.id, topic_id))
    before = mastery.get(topic_id, DEFAULT_MASTERY)
    fitted = await uow.learning.item_difficulties(pack.id)
    p, rows = before, []
    for index, answer in enumerate(command.answers):
        difficulty = difficulty_of(answer.question_ref, answer.difficulty, fitted)
        right = answer.correct and not answer.skipped
        after = update(p, right, params, difficulty, answers_before=len(earlier) + index)
        rows.append(
            QuizAttempt(
                user_id,
                pack.id,
                topic_id,
                command.quiz_ref,
                command.kind,
                answer.question_ref,
                answer.difficulty,
                answer.correct,
                answer.skipped,
                answer.response_ms,
                round(p, 4),
                round(after, 4),
                now,
            )
        )
        p = after
    correct = sum(1 for a in command.answers if a.correct and not a.skipped)
    total = len(command.answers)
    if command.kind == QuizKind.PLACEMENT and passes_placement(correct / total if total else 0):
        p = max(p, settings.test_out_mastery)
    p = round(p, 3)  # what is stored is what the student is shown, to the digit
    await uow.learning.add_attempts(rows)
    await uow.progress.set_mastery([TopicMastery(user_id, pack.id, topic_id, p, now)])
    await _review_card(
        uow, user_id=user_id, pack_id=pack.id, topic_id=topic_id, answers=command.answers,
        correct=correct, now=now,
    )  # fmt: skip
    await _settle_planned(uow, now, command)
    await uow.record(
        MasteryChanged(
            user_id=user_id, at=now, pack_id=pack.id, topic_id=topic_id, before=before, after=p,
            cause="quiz",
        )
    )  # fmt: skip
    await uow.record(
        QuizFinished(
            user_id=user_id,
            at=now,
            pack_id=pack.id,
            topic_id=topic_id,
            quiz_ref=command.quiz_ref,
            kind=command.kind,
            correct=correct,
            total=total,
            mastery_before=before,
            mastery_after=p,
            first_try=not earlier,
            session_id=command.session_id,
        )
    )
    days = {a.answered_at.date() for a in [*earlier, *rows] if a.correct}
    return QuizOutcome(topic_id, correct, total, before, p, confirmed=len(days) > 1)


async def _settle_planned(uow: UnitOfWork, now: datetime, command: FinishQuiz) -> None:
    """A planned quiz or review session is done once its quiz is answered."""
    if command.session_id is None:
        return
    seconds = sum((a.response_ms or 0) for a in command.answers) / 1000
    await settle_session(
        uow,
        now,
        SettleSession(
            command.user_id,
            command.session_id,
            SessionStatus.DONE,
            command.today,
            source="quiz",
            minutes_spent=max(1, round(seconds / 60)) if seconds else None,
        ),
    )


async def _review_card(
    uow: UnitOfWork,
    *,
    user_id: int,
    pack_id: str,
    topic_id: str,
    answers: Sequence[Answer],
    correct: int,
    now: datetime,
) -> None:
    times = [a.response_ms for a in answers if a.response_ms is not None]
    seconds = sum(times) / len(times) / 1000 if times else None
    rating = rating_for(correct, len(answers), seconds)
    profile = await uow.profiles.get(user_id)
    retention = (
        desired_retention(profile.start_date, profile.exam_date, now.date())
        if profile is not None
        else 0.9
    )
    cards = await uow.learning.review_cards(user_id, pack_id)
    old = cards.get(topic_id)
    card_json, due = review(old.card_json if old else None, topic_id, rating, now, retention)
    reviews = (old.reviews if old else 0) + 1
    await uow.learning.save_review_card(
        ReviewCard(user_id, pack_id, topic_id, card_json, due, reviews, now)
    )


@dataclass(frozen=True, slots=True)
class RecordMock:
    """A mock exam's counts per test or per topic."""

    user_id: int
    pack: Pack
    entries: Sequence[MockEntry]


@dataclass(frozen=True, slots=True)
class MockOutcome:
    """Nets, the new mastery and the decision recorded (with its reason)."""

    analysis: MockAnalysis
    decision: Decision


async def record_mock(uow: UnitOfWork, now: datetime, command: RecordMock) -> MockOutcome:
    """Store the mock, move mastery of the topics it spoke about, and write the decision."""
    pack, user_id, entries = command.pack, command.user_id, command.entries
    topics_of_test: dict[str, list[str]] = {}
    for topic in pack.topics:
        test_id = pack.subjects_by_id[topic.subject_id].test_id
        topics_of_test.setdefault(test_id, []).append(topic.id)
    mastery = await uow.progress.mastery(user_id, pack.id)
    previous = await uow.learning.mocks(user_id, pack.id)
    analysis = analyse(
        entries,
        wrong_penalty=pack.exam.net_rule.wrong_penalty,
        topics_of_test=topics_of_test,
        mastery=mastery,
        params=params_for(pack),
    )
    await uow.learning.add_mock(
        MockResult(
            user_id,
            pack.id,
            now,
            tuple(
                {
                    "scope": e.scope,
                    "id": e.id,
                    "correct": e.correct,
                    "wrong": e.wrong,
                    "blank": e.blank,
                    "net": analysis.nets.get(e.id, 0.0),
                }
                for e in entries
            ),
            analysis.total_net,
        )
    )
    await uow.progress.set_mastery(
        [TopicMastery(user_id, pack.id, t, v, now) for t, v in analysis.mastery.items()]
    )
    decision = await uow.feedback.add_decision(
        Decision(
            user_id,
            pack.id,
            "mock",
            "mock",
            now,
            None,
            {"net": analysis.total_net, "weakest": list(analysis.weakest)},
        )
    )
    for topic_id, value in analysis.mastery.items():
        await uow.record(
            MasteryChanged(
                user_id=user_id,
                at=now,
                pack_id=pack.id,
                topic_id=topic_id,
                before=mastery.get(topic_id, DEFAULT_MASTERY),
                after=value,
                cause="mock",
            )
        )
    await uow.record(
        MockRecorded(
            user_id=user_id,
            at=now,
            pack_id=pack.id,
            total_net=analysis.total_net,
            previous_net=previous[-1].net if previous else None,
            weakest=analysis.weakest,
            decision=decision,
        )
    )
    return MockOutcome(analysis, decision)


@dataclass(frozen=True, slots=True)
class AssessedQuestion:
    """One question the assessment asked and how it was answered."""

    topic_id: str
    question_ref: str
    difficulty: int
    correct: bool
    skipped: bool


@dataclass(frozen=True, slots=True)
class SaveAssessment:
    """The initial assessment's per-topic mastery and per-subject results (and its answers,
    kept so that quizzes do not ask the same questions again within days)."""

    user_id: int
    pack_id: str
    mastery: Mapping[str, float]
    results: Sequence[AssessmentResult]
    answered: Sequence[AssessedQuestion] = ()


async def save_assessment(uow: UnitOfWork, now: datetime, command: SaveAssessment) -> None:
    """Store what the assessment learned."""
    await uow.progress.set_mastery(
        [
            TopicMastery(command.user_id, command.pack_id, t, m, now)
            for t, m in command.mastery.items()
        ]
    )
    await uow.progress.add_assessment(command.results)
    quiz_ref = f"assessment-{command.user_id}-{int(now.timestamp())}"
    await uow.learning.add_attempts(
        [
            # The assessment's estimate is the best ability the student had when answering.
            QuizAttempt(
                command.user_id,
                command.pack_id,
                a.topic_id,
                quiz_ref,
                QuizKind.ASSESSMENT,
                a.question_ref,
                a.difficulty,
                a.correct,
                a.skipped,
                None,
                command.mastery.get(a.topic_id, DEFAULT_MASTERY),
                command.mastery.get(a.topic_id, DEFAULT_MASTERY),
                now,
            )
            for a in command.answered
        ]
    )
    for topic_id, value in command.mastery.items():
        await uow.record(
            MasteryChanged(
                user_id=command.user_id,
                at=now,
                pack_id=command.pack_id,
                topic_id=topic_id,
                before=DEFAULT_MASTERY,
                after=value,
                cause="assessment",
            )
        )
