"""Feedback: how hard a session was, how useful a lesson or resource was (1-5), a comment.

- After Done the student rates difficulty 1-5 (`s:rate`): 5 is stored as "too hard", 1 as
  "too easy"; then usefulness 1-5 (`fb:use:<session>:<n>`) and an optional comment
  (`fb:cm:<session>` opens a one-step flow that takes the next message).
- Recommended resources are rated with `rs:r:<decision>:<n>`.
- A skip or a "too hard" may be the strike that makes the coach adapt
  (see `coach.learning.service`).
"""

from __future__ import annotations

import dataclasses

from coach.dialogue.adaptive_views import (
    RESOURCE_PREFIX,
    decision_context,
    propose_with_reason,
    show_recommendations,
)
from coach.dialogue.payloads import Payload, make
from coach.dialogue.present import topic_name
from coach.dialogue.turn import Turn
from coach.domain import StudyPlan, StudySession
from coach.learning.records import Feedback
from coach.learning.service import LearningService
from coach.packs.catalog import Catalog
from coach.plans.service import PlanningService
from content import Pack

PREFIX = "fb"
COMMENT_FLOW = "feedback"
COMMENT_PREFIX = "fbc"
MAX_COMMENT = 1000
DIFFICULTY = {1: "too_easy", 5: "too_hard"}


class SessionFeedback:
    """What happens after a session is rated or skipped (hooks called by SessionActions)."""

    def __init__(
        self, catalog: Catalog, learning: LearningService, planning: PlanningService
    ) -> None:
        self._catalog = catalog
        self._learning = learning
        self._planning = planning

    def _target(self, session: StudySession) -> tuple[str, str]:
        if session.lesson_id:
            return "lesson", session.lesson_id
        return "session", str(session.id)

    async def rated(self, turn: Turn, session: StudySession, plan: StudyPlan, rating: int) -> None:
        """Store the difficulty; ask how useful it was; adapt on repeated "too hard"."""
        pack = self._catalog.pack(plan.pack_id)
        kind, target = self._target(session)
        await turn.uow.feedback.add_feedback(
            Feedback(
                turn.user.id,
                pack.id,
                kind,
                target,
                session.topic_id,
                turn.now,
                difficulty=DIFFICULTY.get(rating, "ok"),
            )
        )
        rows = (
            tuple(
                turn.button("star", make(PREFIX, "use", session.id, n), n=n, number="")
                for n in range(1, 6)
            ),
            (turn.button("feedback_comment", make(PREFIX, "cm", session.id)),),
        )
        question = turn.text("adaptive/feedback_useful")
        last = turn.replies[-1] if turn.replies else None
        if last is not None and last.template == "sessions/rated" and not last.choices:
            # One message: "noted" and the follow-up question with its buttons.
            turn.replies[-1] = dataclasses.replace(
                last, text=f"{last.text}\n{question}", choices=rows
            )
        else:
            turn.say("adaptive/feedback_useful", rows)
        if rating == 5 and session.topic_id:
            await self._check(turn, pack, session.topic_id)

    async def skipped(self, turn: Turn, session: StudySession, plan: StudyPlan) -> None:
        """Repeated skips of a topic are a struggle signal (kept as feedback with its time)."""
        if not session.topic_id:
            return
        kind, target = self._target(session)
        await turn.uow.feedback.add_feedback(
            Feedback(
                turn.user.id,
                plan.pack_id,
                kind,
                target,
                session.topic_id,
                turn.now,
                difficulty="skipped",
            )
        )
        await self._check(turn, self._catalog.pack(plan.pack_id), session.topic_id)

    async def _check(self, turn: Turn, pack: Pack, topic_id: str) -> None:
        struggle, tutor, decisions = await self._learning.check_struggle(
            turn.uow, turn.user, pack, topic_id, turn.now
        )
        if struggle is None:
            return
        name = topic_name(pack, topic_id, turn.locale)
        for decision in decisions:
            turn.say(
                "adaptive/struggle",
                [[turn.button("easier_practice", make("qs", "easy", topic_id))]],
                **decision_context(pack, decision, turn.locale),
            )
        recommendations = await self._learning.advisor.alternative(
            turn.uow, turn.user, pack, topic_id, turn.now
        )
        show_recommendations(turn, pack, recommendations)
        if tutor is not None:
            turn.say(tutor.template, topic=name, **dict(tutor.context))
        if decisions:
            await propose_with_reason(turn, self._planning, decisions[0], pack)


class FeedbackActions:
    """Usefulness ratings, comments, and ratings of recommended resources."""

    payload_prefix = PREFIX

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """`fb:use:<session>:<n>` or `fb:cm:<session>`."""
        session = await turn.uow.plans.get_session(payload.int_arg(0) or -1)
        if session is None or session.user_id != turn.user.id:
            turn.say("sessions/gone")
            return
        plan = await turn.uow.plans.get(session.plan_id)
        if plan is None:
            turn.say("sessions/gone")
            return
        if payload.action == "cm":
            turn.goto(COMMENT_FLOW, "comment", {"session": session.id})
            turn.say("adaptive/comment_ask")
            return
        rating = payload.int_arg(1)
        if payload.action != "use" or rating is None or not 1 <= rating <= 5:
            turn.say("common/stale_button")
            return
        kind, target = ("lesson", session.lesson_id) if session.lesson_id else ("session", "")
        await turn.uow.feedback.add_feedback(
            Feedback(
                turn.user.id,
                plan.pack_id,
                kind,
                target or str(session.id),
                session.topic_id,
                turn.now,
                rating=rating,
            )
        )
        turn.say("adaptive/feedback_thanks", rating=rating)


class ResourceRatings:
    """`rs:r:<decision>:<n>`: the student rates a resource the coach recommended."""

    payload_prefix = RESOURCE_PREFIX

    def __init__(self, catalog: Catalog, learning: LearningService) -> None:
        self._catalog = catalog
        self._learning = learning

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Store the rating of the recommended resource."""
        rating = payload.int_arg(1)
        decision_id = payload.int_arg(0)
        found = [
            d
            for d in await turn.uow.feedback.decisions(turn.user.id, kind="recommend", limit=200)
            if d.id == decision_id
        ]
        if not found or rating is None or not 1 <= rating <= 5:
            turn.say("common/stale_button")
            return
        decision = found[0]
        pack = self._catalog.pack(decision.pack_id)
        await self._learning.advisor.rate(
            turn.uow, turn.user, pack, decision, rating=rating, now=turn.now
        )
        turn.say("adaptive/resource_rated", rating=rating, title=decision.params.get("title", ""))


class CommentFlow:
    """One step: the next message is the comment on a session."""

    name = COMMENT_FLOW
    payload_prefix = COMMENT_PREFIX

    async def begin(self, turn: Turn) -> None:
        """Ask for the comment."""
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        """Ask (again) for the comment."""
        turn.say("adaptive/comment_ask")

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Store the comment on the session the button named."""
        session = await turn.uow.plans.get_session(int(turn.data.get("session", -1)))
        plan = await turn.uow.plans.get(session.plan_id) if session else None
        turn.idle()
        if session is None or plan is None or session.user_id != turn.user.id:
            turn.say("sessions/gone")
            return True
        await turn.uow.feedback.add_feedback(
            Feedback(
                turn.user.id,
                plan.pack_id,
                "lesson" if session.lesson_id else "session",
                session.lesson_id or str(session.id),
                session.topic_id,
                turn.now,
                comment=text[:MAX_COMMENT],
            )
        )
        turn.say("adaptive/comment_thanks")
        return True

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """No buttons of its own: leave the step."""
        turn.idle()
        turn.say("adaptive/comment_cancelled")
