"""The coach's side of `bench.learning`: following a plan, and the adaptive loop.

`Runner.follow` plays a plan's sessions on the hidden learner (missed at the student's rate).
`AdaptiveCoach` sees only answers: module quizzes, reviews and mock exams are answered by the
hidden learner; the real policies (BKT, FSRS ratings, struggle, acceleration, mock analysis)
update what the coach believes, and `replan` asks the real planner for the rest of the plan.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from bench._learners import BLANK_BELOW, CARELESS, GUESS, Learner
from coach.learning import assessment
from coach.learning.adaptation import (
    QuizScore,
    TopicSignals,
    accelerated_factor,
    adjust_request,
    cards_for_plan,
    detect_struggle,
)
from coach.learning.mastery import DEFAULT_PARAMS, update
from coach.learning.mock import MockEntry, analyse
from coach.learning.spaced import desired_retention, due_now, rating_for, review
from content import Pack
from planner import Curriculum, PlanRequest, Session, SessionKind, build_plan

QUIZ_QUESTIONS = 4
REVIEW_QUESTIONS = 3
MINI_MOCK_SHARE = 0.25


@dataclass(slots=True)
class Runner:
    """What every strategy shares: the pack, the track's curriculum and the exam counts."""

    pack: Pack
    curriculum: Curriculum
    counts: Mapping[str, float]
    days: int
    penalty: float = 0.0
    topic_minutes: dict[str, int] = field(default_factory=dict)
    topic_weights: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.penalty = self.pack.exam.net_rule.wrong_penalty
        for topic in self.curriculum.topics:
            self.topic_weights[topic.id] = self.curriculum.test_weights.get(topic.test_id, 0.0)
        for lesson in self.curriculum.lessons:
            self.topic_minutes[lesson.topic_id] = (
                self.topic_minutes.get(lesson.topic_id, 0) + lesson.minutes
            )

    def fresh(self, learner: Learner) -> Learner:
        """A copy of the learner before any study."""
        return copy.deepcopy(learner)

    def study(
        self, learner: Learner, kind: str, topic_id: str | None, minutes: int, day: int
    ) -> None:
        """The effect of one session on the hidden memory."""
        memory = learner.memories.get(topic_id or "")
        if memory is None:
            return
        if kind == "lesson":
            memory.study(day, minutes / max(1, self.topic_minutes.get(topic_id or "", 60)))
        elif kind == "review":
            memory.retrieve(day, 1.0)
        elif kind == "quiz":
            memory.retrieve(day, 0.6)

    def follow(
        self,
        learner: Learner,
        sessions: Iterable[Session],
        start: date,
        days: range,
        *,
        rng: random.Random,
        coach: AdaptiveCoach | None,
    ) -> None:
        """Play the sessions dated on `days` (offsets from `start`)."""
        first, last = start + timedelta(days=days.start), start + timedelta(days=days.stop)
        for session in sessions:
            if not first <= session.date < last or session.minutes <= 0:
                continue
            offset = (session.date - start).days
            if rng.random() < learner.miss_rate:
                continue
            kind = session.kind.value
            if kind == "mock_exam":
                self._mock(learner, offset, rng, coach, session)
                continue
            self.study(learner, kind, session.topic_id, session.minutes, offset)
            if coach is not None:
                coach.done(session, learner, offset, rng)

    def _mock(
        self,
        learner: Learner,
        day: int,
        rng: random.Random,
        coach: AdaptiveCoach | None,
        session: Session,
    ) -> None:
        share = 1.0 if session.reason_code == "full_mock" else MINI_MOCK_SHARE
        entries = []
        for topic_id, count in self.counts.items():
            questions = int(count * share + rng.random())
            if questions <= 0:
                continue
            p = (1 - CARELESS) * learner.p_right(topic_id, day) + CARELESS * GUESS
            if p < BLANK_BELOW:
                entries.append(MockEntry("topic", topic_id, 0, 0, questions))
            else:
                right = sum(rng.random() < p for _ in range(questions))
                entries.append(MockEntry("topic", topic_id, right, questions - right, 0))
            learner.memories[topic_id].retrieve(day, 0.2)
        if coach is not None:
            coach.mock(entries, day)


def assessment_mastery(learner: Learner, runner: Runner, rng: random.Random) -> dict[str, float]:
    """The initial assessment: 2-3 adaptive questions per subject, scored by the coach."""
    pack, answers = runner.pack, []
    topics = {}
    for topic in runner.curriculum.topics:
        if topic.id in learner.memories:
            topics[topic.id] = (topic.subject_id, topic.difficulty)
    by_subject: dict[str, list[str]] = {}
    for topic_id, (subject_id, _) in topics.items():
        by_subject.setdefault(subject_id, []).append(topic_id)
    for subject_id, topic_ids in by_subject.items():
        difficulty, asked = 3, []
        while assessment.needs_another_question(asked):
            topic_id = rng.choice(topic_ids)
            shift = (difficulty - pack.topics_by_id[topic_id].difficulty) * 0.5
            p = learner.p_right(topic_id, 0.0)
            p = p / (p + (1 - p) * pow(2.718281828, shift))
            right = rng.random() < p
            asked.append(assessment.Answer(subject_id, topic_id, difficulty, right))
            difficulty = assessment.next_difficulty(difficulty, right)
        answers.extend(asked)
    return assessment.topic_mastery(topics, answers)


class AdaptiveCoach:
    """The coach's beliefs about one student, updated from answers only."""

    def __init__(self, runner: Runner, request: PlanRequest, initial: Mapping[str, float]) -> None:
        self.runner = runner
        self.request = request
        self.start = request.profile.start_date
        self.mastery = dict(initial)
        self.answers_seen: dict[str, int] = {}  # quiz and review answers per topic
        self.cards: dict[str, str] = {}
        self.factors: dict[str, float] = {}
        self.scores: dict[str, list[QuizScore]] = {}
        self.history: dict[str, list[tuple[datetime, float]]] = {}
        self.strikes: dict[str, int] = {}
        self.quizzed: set[str] = set()
        self.parts_done: dict[str, int] = {}
        self.parts: dict[str, int] = {}
        self.minutes_done: dict[str, int] = {}
        self.done_lessons: set[str] = set()
        self.done_keys: set[str] = set()

    def _moment(self, day: int) -> datetime:
        return datetime.combine(self.start + timedelta(days=day), time(17, 0), tzinfo=UTC)

    def done(self, session: Session, learner: Learner, day: int, rng: random.Random) -> None:
        """A session the student did: lessons count, quizzes and reviews are answered."""
        self.done_keys.add(session.id)
        if session.kind is SessionKind.LESSON and session.lesson_id:
            lesson = session.lesson_id
            self.parts[lesson] = session.parts
            self.parts_done[lesson] = self.parts_done.get(lesson, 0) + 1
            self.minutes_done[lesson] = self.minutes_done.get(lesson, 0) + session.minutes
            if self.parts_done[lesson] >= session.parts:
                self.done_lessons.add(lesson)
        elif session.kind in (SessionKind.QUIZ, SessionKind.REVIEW) and session.topic_id:
            count = QUIZ_QUESTIONS if session.kind is SessionKind.QUIZ else REVIEW_QUESTIONS
            answers = [learner.answer(session.topic_id, day, rng) for _ in range(count)]
            self.answered(session.topic_id, answers, day, session.kind is SessionKind.QUIZ)

    def answered(
        self, topic_id: str, answers: Sequence[tuple[bool, float]], day: int, is_quiz: bool
    ) -> None:
        """BKT, the FSRS card, and struggle / acceleration after a round of answers."""
        now = self._moment(day)
        p = self.mastery.get(topic_id, self.request.default_mastery)
        seen = self.answers_seen.get(topic_id, 0)
        for index, (ok, _) in enumerate(answers):
            # As the coach does (`coach.learning.quizzes`): weighted by the answers already held.
            p = update(p, ok, DEFAULT_PARAMS, answers_before=seen + index)
        self.answers_seen[topic_id] = seen + len(answers)
        self.mastery[topic_id] = p
        right = sum(1 for ok, _ in answers if ok)
        seconds = sum(s for _, s in answers) / len(answers)
        retention = desired_retention(self.start, self.request.profile.exam_date, now.date())
        rating = rating_for(right, len(answers), seconds)
        self.cards[topic_id], _ = review(self.cards.get(topic_id), topic_id, rating, now, retention)
        self.history.setdefault(topic_id, []).append((now, p))
        score = QuizScore(now, right / len(answers), first_try=topic_id not in self.quizzed)
        self.quizzed.add(topic_id)
        if not is_quiz:
            return
        self.scores.setdefault(topic_id, []).append(score)
        factor = self.factors.get(topic_id, 1.0)
        faster = accelerated_factor(score, factor)
        if faster is not None:
            self.factors[topic_id] = faster
            return
        signals = TopicSignals(
            topic_id,
            tuple(self.scores[topic_id]),
            tuple(self.history[topic_id]),
            strikes=self.strikes.get(topic_id, 0),
        )
        struggle = detect_struggle(signals, now, factor)
        if struggle is not None:
            self.strikes[topic_id] = struggle.strike
            self.factors[topic_id] = struggle.time_factor
            self.scores[topic_id] = []
            self.history[topic_id] = self.history[topic_id][-1:]
            # Revisit weak prerequisites: their cards fall due, so reviews come soon.
            for prerequisite in self.runner.pack.topics_by_id[topic_id].prerequisites:
                if prerequisite in self.cards and self.mastery.get(prerequisite, 0) < 0.6:
                    self.cards[prerequisite] = due_now(self.cards[prerequisite], now)

    def mock(self, entries: Sequence[MockEntry], day: int) -> None:
        """A mock exam's per-topic counts update mastery."""
        analysis = analyse(
            entries,
            wrong_penalty=self.runner.penalty,
            topics_of_test={},
            mastery=self.mastery,
            params=DEFAULT_PARAMS,
            default_mastery=0.2,
        )
        self.mastery.update(analysis.mastery)

    def replan(self, now: datetime, previous: Sequence[Session]) -> tuple[Session, ...]:
        """The real planner's plan from `now`, from what the coach believes."""
        today = now.date()
        progress = {
            lesson: minutes
            for lesson, minutes in self.minutes_done.items()
            if lesson not in self.done_lessons
        }
        request = replace(
            self.request,
            now=now,
            mastery={t: round(v, 3) for t, v in self.mastery.items()},
            done_lessons=tuple(sorted(self.done_lessons)),
            lesson_progress=progress,
        )
        cards = cards_for_plan(self.cards, self.mastery)
        request = adjust_request(request, topic_factors=self.factors, review_cards=cards)
        carried = [s for s in previous if s.kind is SessionKind.QUIZ and s.date >= today]
        plan = build_plan(request, carried_quizzes=_finished(carried, previous, self.done_keys))
        return plan.sessions


def _finished(
    quizzes: Sequence[Session], previous: Sequence[Session], done: set[str]
) -> list[Session]:
    """Quizzes whose module's lessons (planned before them) are all done."""
    return [
        quiz
        for quiz in quizzes
        if all(
            s.id in done
            for s in previous
            if s.kind is SessionKind.LESSON and s.topic_id == quiz.topic_id and s.date < quiz.date
        )
    ]
