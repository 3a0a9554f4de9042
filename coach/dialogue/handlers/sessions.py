"""Buttons on a session: start, done (and how hard), skip (and why), move to another day."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Protocol

from coach.dialogue.payloads import Payload, make
from coach.dialogue.present import describe
from coach.dialogue.turn import Turn
from coach.domain import LessonProgress, PlanStatus, SessionStatus, StudyPlan, StudySession
from coach.packs.catalog import Catalog
from coach.sessions.lessons import record_lesson_work
from coach.sessions.progress import streak

PREFIX = "s"
SKIP_REASONS = ("time", "hard", "ill", "other")
StartQuiz = Callable[[Turn, StudySession], Awaitable[None]]


class SessionFeedbackHooks(Protocol):
    """What adaptive learning does after a session is rated or skipped."""

    async def rated(self, turn: Turn, session: StudySession, plan: StudyPlan, rating: int) -> None:
        """The student rated how hard the session was (1-5)."""
        ...

    async def skipped(self, turn: Turn, session: StudySession, plan: StudyPlan) -> None:
        """The student skipped the session."""
        ...


class SessionActions:
    """Act on one session of the student's active plan."""

    payload_prefix = PREFIX

    def __init__(
        self,
        catalog: Catalog,
        start_quiz: StartQuiz | None = None,
        feedback: SessionFeedbackHooks | None = None,
    ) -> None:
        self._catalog = catalog
        self._start_quiz = start_quiz
        self._feedback = feedback

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Dispatch a session button; anything not the student's or already settled is stale."""
        found = await self._session(turn, payload.int_arg(0))
        if found is None:
            turn.say("sessions/gone")
            return
        handler = getattr(self, f"_{payload.action}", None)
        if handler is None:
            turn.say("common/stale_button")
            return
        await handler(turn, *found, payload)

    async def _session(
        self, turn: Turn, session_id: int | None
    ) -> tuple[StudySession, StudyPlan] | None:
        """The session and its plan, if it is the student's and the plan is active."""
        if session_id is None:
            return None
        session = await turn.uow.plans.get_session(session_id)
        if session is None or session.user_id != turn.user.id:
            return None
        plan = await turn.uow.plans.get(session.plan_id)
        if plan is None or plan.status is not PlanStatus.ACTIVE:
            return None
        return session, plan

    # ------------------------------------------------------------------ start / done
    async def _start(
        self, turn: Turn, session: StudySession, plan: StudyPlan, payload: Payload
    ) -> None:
        pack = self._catalog.pack(plan.pack_id)
        if session.status is not SessionStatus.SCHEDULED:
            turn.say("sessions/already", status=session.status.value)
            return
        if session.kind in ("quiz", "review") and session.topic_id and self._start_quiz:
            # A planned quiz or review is practice: it runs as a quiz on its topic.
            await self._start_quiz(turn, session)
            return
        topic = pack.topics_by_id.get(session.topic_id or "")
        points: tuple[str, ...] | None = ()
        links = []
        if topic is not None:
            if topic.summary is not None:
                english = turn.locale != "tr" and topic.summary.points_en
                points = topic.summary.points_en if english else topic.summary.points
            links = [(r.title, r.url) for r in topic.resources if r.url and r.verified][:2]
        if session.lesson_id:
            await turn.uow.progress.save_lesson_progress(
                LessonProgress(turn.user.id, pack.id, session.lesson_id, "in_progress")
            )
        turn.say(
            "sessions/started",
            [
                [
                    turn.button("session_done", make(PREFIX, "done", session.id), number=""),
                    turn.button("menu_stuck", make("m", "stuck")),
                ]
            ],
            session=describe(session, pack, turn.locale),
            points=points,
            links=links,
        )

    async def _done(
        self, turn: Turn, session: StudySession, plan: StudyPlan, payload: Payload
    ) -> None:
        if session.status is SessionStatus.DONE:
            turn.say("sessions/already", status="done")
            return
        await turn.uow.plans.mark_status(session.id, SessionStatus.DONE, turn.now, session.minutes)
        await record_lesson_work(
            turn.uow, session, plan.pack_id, completed=True, minutes=session.minutes, now=turn.now
        )
        sessions = await turn.uow.plans.sessions(plan.id, None, turn.today())
        marked = [
            dataclasses.replace(s, status=SessionStatus.DONE) if s.id == session.id else s
            for s in sessions
        ]
        rate = [turn.button("rate", make(PREFIX, "rate", session.id, n), n=n) for n in range(1, 6)]
        turn.say("sessions/done", [rate], streak=streak(marked, turn.today()))

    async def _rate(
        self, turn: Turn, session: StudySession, plan: StudyPlan, payload: Payload
    ) -> None:
        rating = payload.int_arg(1)
        if rating is None or not 1 <= rating <= 5:
            turn.say("common/stale_button")
            return
        await turn.uow.plans.update_session(dataclasses.replace(session, difficulty_rating=rating))
        turn.say("sessions/rated", rating=rating)
        if self._feedback is not None:
            await self._feedback.rated(turn, session, plan, rating)

    # ------------------------------------------------------------------ skip and why
    async def _skip(
        self, turn: Turn, session: StudySession, plan: StudyPlan, payload: Payload
    ) -> None:
        if session.status is not SessionStatus.SCHEDULED:
            turn.say("sessions/already", status=session.status.value)
            return
        await turn.uow.plans.mark_status(session.id, SessionStatus.SKIPPED, turn.now)
        turn.say(
            "sessions/skipped",
            [
                [turn.button(f"why_{code}", make(PREFIX, "why", session.id, code))]
                for code in SKIP_REASONS
            ],
        )
        if self._feedback is not None:
            await self._feedback.skipped(turn, session, plan)

    async def _why(
        self, turn: Turn, session: StudySession, plan: StudyPlan, payload: Payload
    ) -> None:
        reason = payload.arg(1)
        if reason not in SKIP_REASONS:
            turn.say("common/stale_button")
            return
        rescue = [[turn.button("menu_quiz", make("m", "quiz"))]] if reason == "time" else []
        if reason == "hard":
            rescue = [[turn.button("menu_stuck", make("m", "stuck"))]]
        turn.say(f"sessions/why_{reason}", rescue)

    # ------------------------------------------------------------------ move
    async def _move(
        self, turn: Turn, session: StudySession, plan: StudyPlan, payload: Payload
    ) -> None:
        if session.status is not SessionStatus.SCHEDULED:
            turn.say("sessions/already", status=session.status.value)
            return
        today = turn.today()
        days = [
            today + timedelta(days=n)
            for n in range(1, 8)
            if today + timedelta(days=n) < plan.exam_date
            and today + timedelta(days=n) != session.date
        ]
        buttons = [
            turn.button("move_to", make(PREFIX, "mv", session.id, f"{d:%Y%m%d}"), day=d)
            for d in days[:6]
        ]
        turn.say("sessions/move_where", [buttons[:3], buttons[3:]])

    async def _mv(
        self, turn: Turn, session: StudySession, plan: StudyPlan, payload: Payload
    ) -> None:
        target = _day(payload.arg(1))
        if target is None or not turn.today() <= target < plan.exam_date:
            turn.say("common/stale_button")
            return
        if session.status is not SessionStatus.SCHEDULED:
            turn.say("sessions/already", status=session.status.value)
            return
        # A block the student moves by hand is pinned: re-planning leaves it where they put it.
        await turn.uow.plans.update_session(dataclasses.replace(session, date=target, pinned=True))
        turn.say("sessions/moved", day=target)


def _day(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
