"""Adaptive-learning use cases: record answers, update mastery and cards, and adapt.

`LearningService.record_quiz` is called when a quiz ends: every answer is stored with its
response time and the BKT mastery it moved; the topic's FSRS card is reviewed; then the
policies of `coach.learning.adaptation` decide whether the topic is aced (shorter), tested out
of, or struggling (more time, easier practice, another kind of resource, prerequisites revisited, a
tutor at the third strike). Every decision is written to the history with its reason. Plan
changes are not applied here: the caller proposes a re-plan for the student's consent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.domain import SessionStatus, TopicMastery, User
from coach.learning.adaptation import (
    ACCELERATE,
    DEFAULT_SETTINGS,
    STRUGGLE,
    TEST_OUT,
    AdaptSettings,
    QuizScore,
    Struggle,
    TopicSignals,
    accelerated_factor,
    cards_for_plan,
    detect_struggle,
    learned_pace,
    passes_placement,
)
from coach.learning.escalation import RecordedTutorOffers, TutorOffer, TutorOffers, TutorRequest
from coach.learning.mastery import params_for, update
from coach.learning.records import Decision, QuizAttempt, QuizKind, ReviewCard, TimeEstimate
from coach.learning.resources import ResourceAdvisor, ResourceNotifier
from coach.learning.spaced import desired_retention, due_now, rating_for, review
from content import Pack

DEFAULT_MASTERY = 0.3
PACE = "*"
TOO_HARD = "too_hard"
SKIPPED = "skipped"


async def plan_inputs(
    uow: UnitOfWork, user_id: int, pack_id: str
) -> tuple[float, dict[str, float], dict[str, str]]:
    """The student's lesson pace, per-topic time factors and review cards (fsrs JSON)."""
    estimates = await uow.learning.time_estimates(user_id, pack_id)
    pace = estimates[PACE].factor if PACE in estimates else 1.0
    factors = {scope: e.factor for scope, e in estimates.items() if scope != PACE}
    cards = await uow.learning.review_cards(user_id, pack_id)
    mastery = await uow.progress.mastery(user_id, pack_id)
    return pace, factors, cards_for_plan({t: c.card_json for t, c in cards.items()}, mastery)


@dataclass(frozen=True, slots=True)
class Answer:
    """One answered question of a quiz as the flow saw it."""

    question_ref: str
    difficulty: int
    correct: bool
    skipped: bool = False
    response_ms: int | None = None


@dataclass(frozen=True, slots=True)
class QuizOutcome:
    """What a finished quiz changed and what the coach decided."""

    topic_id: str
    correct: int
    total: int
    before: float
    after: float
    decisions: tuple[Decision, ...] = ()
    struggle: Struggle | None = None
    tutor: TutorOffer | None = None
    recommendations: tuple[Decision, ...] = ()
    replan: bool = False

    @property
    def share(self) -> float:
        """The share of right answers."""
        return self.correct / self.total if self.total else 0.0


@dataclass
class LearningService:
    """Answers in, beliefs and decisions out; one instance shared by the engine."""

    tutors: TutorOffers = field(default_factory=RecordedTutorOffers)
    advisor: ResourceAdvisor = field(default_factory=ResourceAdvisor)
    settings: AdaptSettings = DEFAULT_SETTINGS
    notifier: ResourceNotifier | None = None

    # ------------------------------------------------------------------ quizzes
    async def record_quiz(
        self,
        uow: UnitOfWork,
        user: User,
        pack: Pack,
        *,
        topic_id: str,
        kind: str,
        quiz_ref: str,
        answers: Sequence[Answer],
        now: datetime,
    ) -> QuizOutcome:
        """Store the answers, update mastery and the review card, and adapt."""
        params = params_for(pack)
        mastery = await uow.progress.mastery(user.id, pack.id)
        earlier = await uow.learning.attempts(user.id, pack.id, topic_id)
        before = mastery.get(topic_id, DEFAULT_MASTERY)
        p, rows = before, []
        for answer in answers:
            after = update(p, answer.correct and not answer.skipped, params)
            rows.append(
                QuizAttempt(
                    user.id,
                    pack.id,
                    topic_id,
                    quiz_ref,
                    kind,
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
        correct = sum(1 for a in answers if a.correct and not a.skipped)
        share = correct / len(answers) if answers else 0.0
        if kind == QuizKind.PLACEMENT and passes_placement(share):
            p = max(p, self.settings.test_out_mastery)
        await uow.learning.add_attempts(rows)
        await uow.progress.set_mastery([TopicMastery(user.id, pack.id, topic_id, round(p, 3), now)])
        await self._review_card(
            uow, user, pack.id, topic_id=topic_id, answers=answers, correct=correct, now=now
        )

        decisions: list[Decision] = []
        struggle = tutor = None
        recommendations: tuple[Decision, ...] = ()
        estimates = await uow.learning.time_estimates(user.id, pack.id)
        factor = estimates[topic_id].factor if topic_id in estimates else 1.0
        score = QuizScore(now, share, first_try=not earlier, kind=kind)
        if kind == QuizKind.PLACEMENT:
            if passes_placement(share):
                decisions.append(
                    await self._decide(
                        uow,
                        user,
                        pack,
                        TEST_OUT,
                        now=now,
                        topic_id=topic_id,
                        correct=correct,
                        total=len(answers),
                        mastery_percent=round(p * 100),
                    )
                )
        elif (
            kind in (QuizKind.MODULE, QuizKind.ON_DEMAND)
            and (faster := accelerated_factor(score, factor)) is not None
        ):
            await self._set_factor(uow, user, pack, topic_id, factor=faster, now=now)
            decisions.append(
                await self._decide(
                    uow,
                    user,
                    pack,
                    ACCELERATE,
                    now=now,
                    topic_id=topic_id,
                    correct=correct,
                    total=len(answers),
                    percent=round((1 - faster) * 100),
                    factor=faster,
                )
            )
        else:
            struggle, tutor, found = await self.check_struggle(uow, user, pack, topic_id, now)
            decisions.extend(found)
            if struggle is None and share < self.settings.fail_below:
                # A failed quiz: an explanation of another kind than the one already used.
                recommendations = await self.advisor.alternative(uow, user, pack, topic_id, now)
        if struggle is not None:
            recommendations = await self.advisor.alternative(uow, user, pack, topic_id, now)
        if recommendations and self.notifier is not None:
            await self.notifier.failed_quiz(
                uow, user, pack, recommendations, quiz_ref=quiz_ref, now=now
            )
        return QuizOutcome(
            topic_id,
            correct,
            len(answers),
            before,
            p,
            tuple(decisions),
            struggle,
            tutor,
            recommendations,
            replan=bool(decisions),
        )

    async def _review_card(
        self,
        uow: UnitOfWork,
        user: User,
        pack_id: str,
        *,
        topic_id: str,
        answers: Sequence[Answer],
        correct: int,
        now: datetime,
    ) -> None:
        times = [a.response_ms for a in answers if a.response_ms is not None]
        seconds = sum(times) / len(times) / 1000 if times else None
        rating = rating_for(correct, len(answers), seconds)
        profile = await uow.profiles.get(user.id)
        retention = (
            desired_retention(profile.start_date, profile.exam_date, now.date())
            if profile is not None
            else 0.9
        )
        cards = await uow.learning.review_cards(user.id, pack_id)
        old = cards.get(topic_id)
        card_json, due = review(old.card_json if old else None, topic_id, rating, now, retention)
        reviews = (old.reviews if old else 0) + 1
        await uow.learning.save_review_card(
            ReviewCard(user.id, pack_id, topic_id, card_json, due, reviews, now)
        )

    # ------------------------------------------------------------------ struggle
    async def _signals(
        self, uow: UnitOfWork, user: User, pack: Pack, topic_id: str, now: datetime
    ) -> tuple[TopicSignals, float]:
        strikes = await uow.feedback.decisions(user.id, pack.id, topic_id=topic_id, kind=STRUGGLE)
        since = strikes[0].created_at if strikes else None
        attempts = await uow.learning.attempts(user.id, pack.id, topic_id)
        quizzes: dict[str, list[QuizAttempt]] = {}
        for attempt in attempts:
            if since is None or attempt.answered_at > since:
                quizzes.setdefault(attempt.quiz_ref, []).append(attempt)
        scores = tuple(
            QuizScore(items[-1].answered_at, sum(a.correct for a in items) / len(items))
            for items in quizzes.values()
            if items[0].kind != QuizKind.PLACEMENT
        )
        history = tuple((a.answered_at, a.mastery_after) for a in attempts)
        # Only what happened after the last strike counts, so one bad week is one strike.
        feedback = [
            f
            for f in await uow.feedback.feedback(user.id, pack.id, since)
            if f.topic_id == topic_id and (since is None or f.created_at > since)
        ]
        too_hard = sum(1 for f in feedback if f.difficulty == TOO_HARD)
        skips = sum(1 for f in feedback if f.difficulty == SKIPPED)
        plan = await uow.plans.active_for(user.id)
        if plan is not None:
            # Skips marked in the evening check-in leave no feedback row; count those sessions
            # (from the day after the last strike, as skips carry no time of their own).
            start = since.date() + timedelta(days=1) if since is not None else None
            skipped = [
                s
                for s in await uow.plans.sessions(plan.id, start, now.date())
                if s.topic_id == topic_id and s.status is SessionStatus.SKIPPED
            ]
            skips = max(skips, len(skipped))
        estimates = await uow.learning.time_estimates(user.id, pack.id)
        factor = estimates[topic_id].factor if topic_id in estimates else 1.0
        signals = TopicSignals(topic_id, scores, history, too_hard, skips, len(strikes))
        return signals, factor

    async def check_struggle(
        self, uow: UnitOfWork, user: User, pack: Pack, topic_id: str, now: datetime
    ) -> tuple[Struggle | None, TutorOffer | None, list[Decision]]:
        """Detect a new strike on the topic and respond to it (the caller proposes a re-plan)."""
        signals, factor = await self._signals(uow, user, pack, topic_id, now)
        struggle = detect_struggle(signals, now, factor, self.settings)
        if struggle is None:
            return None, None, []
        await self._set_factor(uow, user, pack, topic_id, factor=struggle.time_factor, now=now)
        revisited = await self._revisit_prerequisites(uow, user, pack, topic_id, now)
        decisions = [
            await self._decide(
                uow,
                user,
                pack,
                STRUGGLE,
                now=now,
                topic_id=topic_id,
                strike=struggle.strike,
                signals=list(struggle.signals),
                percent=round((struggle.time_factor - 1) * 100),
                factor=struggle.time_factor,
                prerequisites=revisited,
            )
        ]
        tutor = None
        if struggle.offer_tutor:
            mastery = await uow.progress.mastery(user.id, pack.id)
            weak = tuple(sorted(mastery, key=lambda t: mastery[t])[:5])
            request = TutorRequest(
                user.id,
                pack.id,
                topic_id,
                struggle.strike,
                struggle.signals,
                mastery.get(topic_id, DEFAULT_MASTERY),
                weak,
            )
            tutor = await self.tutors.offer(uow, request, now)
        return struggle, tutor, decisions

    async def _revisit_prerequisites(
        self, uow: UnitOfWork, user: User, pack: Pack, topic_id: str, now: datetime
    ) -> list[str]:
        """Weak prerequisites come back: a card falls due now, or the topic is marked weak."""
        topic = pack.topics_by_id.get(topic_id)
        if topic is None:
            return []
        mastery = await uow.progress.mastery(user.id, pack.id)
        cards = await uow.learning.review_cards(user.id, pack.id)
        revisited = []
        for prerequisite in topic.prerequisites:
            value = mastery.get(prerequisite, DEFAULT_MASTERY)
            if value >= 0.85:
                continue
            card = cards.get(prerequisite)
            if card is not None:
                await uow.learning.save_review_card(
                    ReviewCard(
                        user.id,
                        pack.id,
                        prerequisite,
                        due_now(card.card_json, now),
                        now,
                        card.reviews,
                        now,
                    )
                )
            else:
                # Below the planner's "prerequisite met" line, its lessons come first again.
                await uow.progress.set_mastery(
                    [TopicMastery(user.id, pack.id, prerequisite, min(value, 0.5), now)]
                )
            revisited.append(prerequisite)
        return revisited

    # ------------------------------------------------------------------ pace
    async def update_pace(
        self, uow: UnitOfWork, user: User, pack: Pack, now: datetime, days: int = 28
    ) -> float:
        """Learn the student's lesson pace from the minutes they reported in the last weeks."""
        plan = await uow.plans.active_for(user.id)
        if plan is None:
            return 1.0
        start = (now - timedelta(days=days)).date()
        samples = [
            (s.minutes, s.minutes_spent)
            for s in await uow.plans.sessions(plan.id, start, now.date())
            if s.kind == "lesson"
            and s.minutes_spent is not None
            and s.status is not None
            and s.status in (SessionStatus.DONE, SessionStatus.SKIPPED)
        ]
        pace = learned_pace(samples, self.settings)
        estimates = await uow.learning.time_estimates(user.id, pack.id)
        old = estimates[PACE].factor if PACE in estimates else 1.0
        await uow.learning.save_time_estimate(
            TimeEstimate(user.id, pack.id, PACE, pace, len(samples), now)
        )
        if abs(pace - old) >= 0.1:
            await self._decide(
                uow,
                user,
                pack,
                "pace",
                now=now,
                topic_id=None,
                percent=round(abs(pace - 1) * 100),
                slower=pace > 1,
                factor=pace,
            )
        return pace

    # ------------------------------------------------------------------ helpers
    async def _set_factor(
        self,
        uow: UnitOfWork,
        user: User,
        pack: Pack,
        topic_id: str,
        *,
        factor: float,
        now: datetime,
    ) -> None:
        await uow.learning.save_time_estimate(
            TimeEstimate(user.id, pack.id, topic_id, factor, 0, now)
        )

    async def _decide(
        self,
        uow: UnitOfWork,
        user: User,
        pack: Pack,
        kind: str,
        *,
        now: datetime,
        topic_id: str | None,
        code: str = "",
        **params: object,
    ) -> Decision:
        return await uow.feedback.add_decision(
            Decision(user.id, pack.id, kind, code or kind, now, topic_id, dict(params))
        )


def level_inputs(
    mastery: Mapping[str, float], attempts: Sequence[QuizAttempt]
) -> dict[str, tuple[float, bool]]:
    """Per practised topic: (mastery, confirmed), where confirmed means right again on a later
    day in a review or a quiz after the first one (Khan's "mastered" needs that)."""
    first_day: dict[str, object] = {}
    confirmed: set[str] = set()
    for attempt in attempts:
        day = attempt.answered_at.date()
        first = first_day.setdefault(attempt.topic_id, day)
        if attempt.correct and day != first:
            confirmed.add(attempt.topic_id)
    return {topic: (mastery.get(topic, DEFAULT_MASTERY), topic in confirmed) for topic in first_day}
