"""Adaptation as subscribers: what the coach makes of quizzes, ratings, skips and check-ins.

The pure policies are `coach.learning.adaptation`: a quiz aced at the first try makes the
topic's remaining lessons shorter; a placement quiz passed tests the student out; a struggle
(a quiz below 60% twice, mastery flat for two weeks, repeated "too hard", repeated skips) gives
the topic more time, easier practice, another kind of resource, its weak prerequisites back and,
at the third strike, a tutor offer. Every decision is written to the history with its reason and
recorded as an event; plan changes are proposed for the student's consent, never applied here.
"""

from __future__ import annotations

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
    TopicSignals,
    accelerated_factor,
    detect_struggle,
    learned_pace,
    passes_placement,
)
from coach.learning.escalation import RecordedTutorOffers, TutorOffers, TutorRequest
from coach.learning.events import (
    DecisionMade,
    QuizFinished,
    ResourcesRecommended,
    StruggleDetected,
    TutorOfferMade,
)
from coach.learning.records import (
    Decision,
    Feedback,
    QuizAttempt,
    QuizKind,
    ReviewCard,
    TimeEstimate,
    practice,
)
from coach.learning.resources import ResourceAdvisor
from coach.learning.spaced import due_now
from coach.packs.catalog import Catalog
from coach.sessions.events import CheckInCompleted, SessionRated, SessionSkipped
from content import Pack

DEFAULT_MASTERY = 0.3
PACE = "*"
PACE_STEP = 0.1  # the pace the plan uses moves in steps of 10 % (each one told to the student)
TOO_HARD = "too_hard"
SKIPPED = "skipped"
DIFFICULTY = {1: "too_easy", 5: "too_hard"}


@dataclass
class Adaptation:
    """The learning feature's subscribers; one instance shared by the running coach."""

    catalog: Catalog
    tutors: TutorOffers = field(default_factory=RecordedTutorOffers)
    advisor: ResourceAdvisor = field(default_factory=ResourceAdvisor)
    settings: AdaptSettings = DEFAULT_SETTINGS

    async def _user_pack(
        self, uow: UnitOfWork, user_id: int, pack_id: str
    ) -> tuple[User, Pack] | None:
        user = await uow.users.get(user_id)
        if user is None or pack_id not in self.catalog.packs:
            return None
        return user, self.catalog.pack(pack_id)

    # ------------------------------------------------------------------ subscribers
    async def on_quiz_finished(self, uow: UnitOfWork, event: QuizFinished) -> None:
        """Aced, tested out, or struggling; resources after a failed quiz."""
        found = await self._user_pack(uow, event.user_id, event.pack_id)
        if found is None:
            return
        user, pack = found
        now, topic_id = event.at, event.topic_id
        estimates = await uow.learning.time_estimates(user.id, pack.id)
        factor = estimates[topic_id].factor if topic_id in estimates else 1.0
        score = QuizScore(now, event.share, first_try=event.first_try, kind=event.kind)
        if event.kind == QuizKind.PLACEMENT:
            if passes_placement(event.share):
                decision = await self._decide(
                    uow, user, pack, TEST_OUT, now=now, topic_id=topic_id, correct=event.correct,
                    total=event.total, mastery_percent=round(event.mastery_after * 100),
                )  # fmt: skip
                await uow.record(DecisionMade(user_id=user.id, at=now, decision=decision))
            return
        if (
            event.kind in (QuizKind.MODULE, QuizKind.ON_DEMAND)
            and (faster := accelerated_factor(score, factor)) is not None
        ):
            await self._set_factor(uow, user, pack, topic_id, factor=faster, now=now)
            decision = await self._decide(
                uow, user, pack, ACCELERATE, now=now, topic_id=topic_id, correct=event.correct,
                total=event.total, percent=round((1 - faster) * 100), factor=faster,
            )  # fmt: skip
            await uow.record(DecisionMade(user_id=user.id, at=now, decision=decision))
            return
        struggled = await self.check_struggle(uow, user, pack, topic_id, now)
        if not struggled and event.share < self.settings.fail_below:
            # A failed quiz: an explanation of another kind than the one already used.
            picks = await self.advisor.alternative(uow, user, pack, topic_id, now)
            if picks:
                await uow.record(
                    ResourcesRecommended(
                        user_id=user.id, at=now, pack_id=pack.id, topic_id=topic_id,
                        trigger="failed_quiz", decisions=picks, quiz_ref=event.quiz_ref,
                    )
                )  # fmt: skip

    async def on_session_rated(self, uow: UnitOfWork, event: SessionRated) -> None:
        """Keep the difficulty; repeated "too hard" is a struggle signal."""
        kind, target = _target(event.lesson_id, event.session_id)
        await uow.feedback.add_feedback(
            Feedback(
                event.user_id, event.pack_id, kind, target, event.topic_id, event.at,
                difficulty=DIFFICULTY.get(event.rating, "ok"),
            )
        )  # fmt: skip
        if event.rating == 5 and event.topic_id:
            await self._check(uow, event.user_id, event.pack_id, event.topic_id, event.at)

    async def on_session_skipped(self, uow: UnitOfWork, event: SessionSkipped) -> None:
        """Repeated skips of a topic are a struggle signal (kept as feedback with its time).

        A session done partly (the check-in's "Partly") is work, not a skip: it never counts."""
        if not event.topic_id or event.minutes_spent:
            return
        kind, target = _target(event.lesson_id, event.session_id)
        await uow.feedback.add_feedback(
            Feedback(
                event.user_id, event.pack_id, kind, target, event.topic_id, event.at,
                difficulty=SKIPPED,
            )
        )  # fmt: skip
        await self._check(uow, event.user_id, event.pack_id, event.topic_id, event.at)

    async def on_struggle(self, uow: UnitOfWork, event: StruggleDetected) -> None:
        """A struggling topic gets an explanation of another kind than the last one."""
        found = await self._user_pack(uow, event.user_id, event.pack_id)
        if found is None:
            return
        user, pack = found
        picks = await self.advisor.alternative(uow, user, pack, event.topic_id, event.at)
        if picks:
            await uow.record(
                ResourcesRecommended(
                    user_id=user.id, at=event.at, pack_id=pack.id, topic_id=event.topic_id,
                    trigger="struggle", decisions=picks,
                )
            )  # fmt: skip

    async def on_struggle_tutor(self, uow: UnitOfWork, event: StruggleDetected) -> None:
        """At the strike that calls for one, offer a human tutor."""
        if not event.offer_tutor:
            return
        request = TutorRequest(
            event.user_id, event.pack_id, event.topic_id, event.strike, event.signals,
            event.mastery, event.weak_topics,
        )  # fmt: skip
        offer = await self.tutors.offer(uow, request, event.at)
        await uow.record(
            TutorOfferMade(
                user_id=event.user_id, at=event.at, pack_id=event.pack_id,
                topic_id=event.topic_id, offer=offer,
            )
        )  # fmt: skip

    async def on_check_in(self, uow: UnitOfWork, event: CheckInCompleted) -> None:
        """The minutes just reported teach the coach the student's lesson pace."""
        found = await self._user_pack(uow, event.user_id, event.pack_id)
        if found is not None:
            await self.update_pace(uow, found[0], found[1], event.at)

    # ------------------------------------------------------------------ struggle
    async def _check(
        self, uow: UnitOfWork, user_id: int, pack_id: str, topic_id: str, now: datetime
    ) -> None:
        found = await self._user_pack(uow, user_id, pack_id)
        if found is not None:
            await self.check_struggle(uow, found[0], found[1], topic_id, now)

    async def _signals(
        self, uow: UnitOfWork, user: User, pack: Pack, topic_id: str, now: datetime
    ) -> tuple[TopicSignals, float]:
        strikes = await uow.feedback.decisions(user.id, pack.id, topic_id=topic_id, kind=STRUGGLE)
        since = strikes[0].created_at if strikes else None
        attempts = practice(await uow.learning.attempts(user.id, pack.id, topic_id))
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
                if s.topic_id == topic_id and s.really_skipped
            ]
            skips = max(skips, len(skipped))
        estimates = await uow.learning.time_estimates(user.id, pack.id)
        factor = estimates[topic_id].factor if topic_id in estimates else 1.0
        signals = TopicSignals(topic_id, scores, history, too_hard, skips, len(strikes))
        return signals, factor

    async def check_struggle(
        self, uow: UnitOfWork, user: User, pack: Pack, topic_id: str, now: datetime
    ) -> bool:
        """Detect a new strike on the topic and respond to it; records `StruggleDetected`."""
        signals, factor = await self._signals(uow, user, pack, topic_id, now)
        struggle = detect_struggle(signals, now, factor, self.settings)
        if struggle is None:
            return False
        await self._set_factor(uow, user, pack, topic_id, factor=struggle.time_factor, now=now)
        revisited = await self._revisit_prerequisites(uow, user, pack, topic_id, now)
        decision = await self._decide(
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
        mastery = await uow.progress.mastery(user.id, pack.id)
        await uow.record(
            StruggleDetected(
                user_id=user.id,
                at=now,
                pack_id=pack.id,
                topic_id=topic_id,
                strike=struggle.strike,
                offer_tutor=struggle.offer_tutor,
                decision=decision,
                mastery=mastery.get(topic_id, DEFAULT_MASTERY),
                weak_topics=tuple(sorted(mastery, key=lambda t: mastery[t])[:5]),
                signals=tuple(struggle.signals),
            )
        )
        return True

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
        # The plan's lessons are scaled by the saved pace, so a saved 0.96 resized every lesson
        # and rebuilt the plan after one evening. The pace the plan uses moves only in steps
        # the student is told about; the samples are read afresh each time, so none is lost.
        if abs(pace - old) >= PACE_STEP:
            await uow.learning.save_time_estimate(
                TimeEstimate(user.id, pack.id, PACE, pace, len(samples), now)
            )
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


def _target(lesson_id: str | None, session_id: int) -> tuple[str, str]:
    """What a session's feedback is about: its lesson, or the session itself."""
    return ("lesson", lesson_id) if lesson_id else ("session", str(session_id))
