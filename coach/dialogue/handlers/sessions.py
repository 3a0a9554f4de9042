"""Buttons on a session: start, done (and how hard), skip (and why), move to another day.

Each button calls one use case of `coach.sessions.usecases`; what follows from it (a struggle
after "too hard" or repeated skips, resources, a re-plan proposal) comes from the subscribers of
the event it records and is shown by the engine after the handler's own answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from coach.actions import (
    FEEDBACK_COMMENT,
    FEEDBACK_USEFUL,
    MENU,
    QUIZ_TOPIC,
    SESSION_DONE,
    SESSION_MOVE,
    SESSION_MOVE_TO,
    SESSION_RATE,
    SESSION_SKIP,
    SESSION_SKIP_WHY,
    SESSION_START,
)
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.present import describe, key_points, next_steps
from coach.dialogue.turn import IDLE, Turn
from coach.domain import SessionStatus, StudySession
from coach.motivation.usecases import MotivationUseCases, PlanStreak
from coach.packs.catalog import Catalog
from coach.sessions.moving import MoveQuery, MoveToDay, move_choices, move_to_study_day
from coach.sessions.usecases import (
    Found,
    MoveSession,
    RateSession,
    SessionOutcome,
    SessionRef,
    SettleSession,
    rate_session,
    settle_session,
    start_session,
)

SKIP_REASONS = ("time", "hard", "ill", "other")
StartQuiz = Callable[[Turn, StudySession], Awaitable[None]]


class SessionActions:
    """Act on one session of the student's active plan."""

    def __init__(
        self,
        catalog: Catalog,
        start_quiz: StartQuiz,
        streaks: MotivationUseCases | None = None,
    ) -> None:
        self._catalog = catalog
        self._start_quiz = start_quiz
        self._streaks = streaks  # the streak that follows the plan, as /streak shows it

    def register(self, buttons: ButtonRegistry) -> None:
        """One handler per session button."""
        buttons.on(SESSION_START, self.start)
        buttons.on(SESSION_DONE, self.done)
        buttons.on(SESSION_RATE, self.rate)
        buttons.on(SESSION_SKIP, self.skip)
        buttons.on(SESSION_SKIP_WHY, self.why)
        buttons.on(SESSION_MOVE, self.move)
        buttons.on(SESSION_MOVE_TO, self.move_to)

    def _acted(self, turn: Turn, outcome: SessionOutcome) -> bool:
        """Answer a session that is gone or already settled; True when the action happened."""
        if outcome.found is Found.GONE:
            turn.say("sessions/gone", next_steps(turn))
            return False
        if outcome.found is Found.ALREADY:
            # Named as /today shows it ("partly done", not "skipped"), and never a dead end.
            status = outcome.session.seen_status if outcome.session else "done"
            turn.say("sessions/already", next_steps(turn), status=status)
            return False
        return True

    # ------------------------------------------------------------------ start / done
    async def start(self, turn: Turn, payload: Payload) -> None:
        """Open the session: its material, or the quiz of a planned quiz or review."""
        session_id = payload.int_arg(0)
        if session_id is None:
            turn.say("sessions/gone", next_steps(turn))
            return
        outcome = await turn.run(start_session, SessionRef(turn.user.id, session_id))
        if not self._acted(turn, outcome) or outcome.session is None or outcome.plan is None:
            return
        session, plan = outcome.session, outcome.plan
        remember_at_hand(turn, session.id)
        if session.kind in ("quiz", "review") and session.topic_id:
            # A planned quiz or review is practice: it runs as a quiz on its topic.
            await self._start_quiz(turn, session)
            return
        pack = self._catalog.pack(plan.pack_id)
        topic = pack.topics_by_id.get(session.topic_id or "")
        points: tuple[str, ...] | None = ()
        links = []
        if topic is not None:
            if topic.summary is not None:
                points = key_points(topic.summary, turn.locale, pack.language)
            # A checked page, or a search labelled as one ("Search YouTube: ..."): a video and
            # a reading first, so the session has something to watch and something to read.
            usable = [r for r in topic.resources if r.url and (r.verified or r.search)]
            usable.sort(key=lambda r: {"video": 0, "article": 1}.get(r.type, 2))
            links = [(r.title, r.url) for r in usable][:2]
        rows = [
            [
                turn.button("session_done", SESSION_DONE.payload(session.id), number=""),
                turn.button("menu_stuck", MENU["stuck"].payload()),
            ]
        ]
        can_try = topic is not None and bool(
            pack.questions_of(topic.id) or pack.generators_of(topic.id)
        )
        if topic is not None and can_try:
            # Something to do, not only to read: a first practice question on the topic.
            rows.append([turn.button("try_question", QUIZ_TOPIC.payload(topic.id))])
        turn.say(
            "sessions/started",
            rows,
            session=describe(session, pack, turn.locale),
            points=points,
            links=links,
            can_try=can_try,  # the text names the button only when it is there
        )

    async def done(self, turn: Turn, payload: Payload) -> None:
        """Settle the session as done, then ask how hard it was."""
        session_id = payload.int_arg(0)
        if session_id is None:
            turn.say("sessions/gone", next_steps(turn))
            return
        outcome = await turn.run(
            settle_session,
            SettleSession(
                turn.user.id,
                session_id,
                SessionStatus.DONE,
                turn.study_day(),
                source="button",
                timezone=turn.user.timezone,
                in_challenge=turn.has_challenges,
            ),
        )
        if not self._acted(turn, outcome):
            return
        rate = [turn.button("rate", SESSION_RATE.payload(session_id, n), n=n) for n in range(1, 6)]
        turn.say("sessions/done", [rate], streak=await self._streak(turn, outcome))

    async def _streak(self, turn: Turn, outcome: SessionOutcome) -> int:
        """The streak after Done: the one /streak shows (one count everywhere), folded from
        the sessions the use case already read."""
        if self._streaks is None or outcome.plan is None:
            return outcome.streak
        command = PlanStreak(
            turn.user.id, turn.user.timezone, outcome.plan.start_date, outcome.history
        )
        return (await turn.run(self._streaks.plan_streak, command)).streak.count

    async def rate(self, turn: Turn, payload: Payload) -> None:
        """How hard it was (1-5); then how useful, with an optional comment."""
        session_id, rating = payload.int_arg(0), payload.int_arg(1)
        if session_id is None or rating is None or not 1 <= rating <= 5:
            turn.say("common/stale_button")
            return
        outcome = await turn.run(rate_session, RateSession(turn.user.id, session_id, rating))
        if not self._acted(turn, outcome):
            return
        noted = turn.text("sessions/rated", rating=rating)
        question = turn.text("adaptive/feedback_useful")
        rows = (
            tuple(
                turn.button("star", FEEDBACK_USEFUL.payload(session_id, n), n=n, number="")
                for n in range(1, 6)
            ),
            (turn.button("feedback_comment", FEEDBACK_COMMENT.payload(session_id)),),
        )
        # One message: "noted" and the follow-up question with its buttons.
        turn.say_text(f"{noted}\n{question}", "sessions/rated", rows)

    # ------------------------------------------------------------------ skip and why
    async def skip(self, turn: Turn, payload: Payload) -> None:
        """Settle the session as skipped and ask why."""
        session_id = payload.int_arg(0)
        if session_id is None:
            turn.say("sessions/gone", next_steps(turn))
            return
        outcome = await turn.run(
            settle_session,
            SettleSession(
                turn.user.id,
                session_id,
                SessionStatus.SKIPPED,
                turn.study_day(),
                source="button",
                timezone=turn.user.timezone,
            ),
        )
        if not self._acted(turn, outcome):
            return
        remember_at_hand(turn, session_id)
        # What follows from the skip (a struggle, resources, a re-plan proposal) is shown now,
        # so the question the student is asked comes last instead of buried under them.
        await turn.react(final=True)
        # One answer per skip: the reason buttons answer once, a second press is stale.
        turn.update(why_for=[*_asked_why(turn), session_id])
        turn.say(
            "sessions/skipped",
            [
                [turn.button(f"why_{code}", SESSION_SKIP_WHY.payload(session_id, code))]
                for code in SKIP_REASONS
            ],
        )

    async def why(self, turn: Turn, payload: Payload) -> None:
        """Why it was skipped: a small rescue step for each reason."""
        session_id, reason = payload.int_arg(0), payload.arg(1)
        asked = _asked_why(turn)
        if reason not in SKIP_REASONS or session_id not in asked:
            turn.say("common/stale_button")
            return
        turn.update(why_for=[n for n in asked if n != session_id])
        rescue = [[turn.button("menu_quiz", MENU["quiz"].payload())]] if reason == "time" else []
        if reason == "hard":
            rescue = [[turn.button("menu_stuck", MENU["stuck"].payload())]]
        turn.say(f"sessions/why_{reason}", rescue)

    # ------------------------------------------------------------------ move
    async def move(self, turn: Turn, payload: Payload) -> None:
        """Offer the student's next study days (before the exam) to move the session to."""
        session_id = payload.int_arg(0)
        query = MoveQuery(turn.user.id, session_id or -1, turn.study_day(), turn.user.timezone)
        choices = await turn.run(move_choices, query)
        outcome = choices.outcome
        if not self._acted(turn, outcome) or outcome.session is None:
            return
        buttons = [
            turn.button(
                "move_to", SESSION_MOVE_TO.payload(outcome.session.id, f"{d:%Y%m%d}"), day=d
            )
            for d in choices.days
        ]
        # Back leads to today's list, where the move started.
        back = [turn.button("back", MENU["today"].payload())]
        turn.say("sessions/move_where", [buttons[:3], buttons[3:], back])

    async def move_to(self, turn: Turn, payload: Payload) -> None:
        """Move the session to the day the button names (it stays pinned there)."""
        session_id, target = payload.int_arg(0), _day(payload.arg(1))
        if session_id is None or target is None:
            turn.say("common/stale_button")
            return
        move = MoveSession(turn.user.id, session_id, target, turn.study_day())
        outcome = await turn.run(move_to_study_day, MoveToDay(move, turn.user.timezone))
        if outcome.found is Found.GONE and outcome.session is not None:
            # a day in the past, after the exam, or not a study day (an old menu's button)
            turn.say("common/stale_button")
            return
        if self._acted(turn, outcome):
            turn.say("sessions/moved", next_steps(turn), day=target)


def _asked_why(turn: Turn) -> list[int]:
    """The skipped sessions whose "why" question is still waiting for its answer."""
    return [int(n) for n in turn.data.get("why_for", []) if isinstance(n, int)]


def _day(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def remember_at_hand(turn: Turn, session_id: int) -> None:
    """The session the student just started or skipped is the one help is about (/stuck)."""
    if turn.state.flow == IDLE:
        turn.update(at_hand=session_id)
