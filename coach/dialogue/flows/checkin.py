"""The daily check-in: what got done, how hard it was, how long it took — then a re-plan
proposal (Accept / Keep my plan) when the plan should change.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from coach.dialogue import parsing
from coach.dialogue.handlers.plans import show_proposal
from coach.dialogue.payloads import Payload, make
from coach.dialogue.present import describe
from coach.dialogue.turn import Turn
from coach.domain import SessionStatus, StudyPlan, StudySession
from coach.learning.service import LearningService
from coach.packs.catalog import Catalog
from coach.plans.service import PlanningService
from coach.sessions.lessons import record_lesson_work
from coach.sessions.progress import streak

FLOW = "checkin"
PREFIX = "ci"
MARKS = {"d": SessionStatus.DONE, "p": SessionStatus.SKIPPED, "n": SessionStatus.MISSED}
TIME_CHOICES = (0, 30, 60, 90, 120, 180, 240)


class CheckinFlow:
    """Evening check-in of the day's sessions."""

    name = FLOW
    payload_prefix = PREFIX

    def __init__(
        self,
        catalog: Catalog,
        planning: PlanningService,
        learning: LearningService | None = None,
    ) -> None:
        self._catalog = catalog
        self._planning = planning
        self._learning = learning

    async def _today(self, turn: Turn) -> tuple[StudyPlan | None, list[StudySession]]:
        plan = await turn.uow.plans.active_for(turn.user.id)
        if plan is None:
            return None, []
        today = turn.today()
        sessions = await turn.uow.plans.sessions(plan.id, today, today)
        return plan, [s for s in sessions if s.kind != "break" and s.minutes > 0]

    async def begin(self, turn: Turn) -> None:
        """Start with today's sessions, or say there is nothing to check."""
        plan, sessions = await self._today(turn)
        if plan is None:
            turn.say("daily/no_plan", [[turn.button("make_plan", make("pv", "new"))]])
            return
        open_sessions = [s.id for s in sessions if s.status is SessionStatus.SCHEDULED]
        if not open_sessions:
            turn.say(
                "checkin/nothing_open", done=sum(s.status is SessionStatus.DONE for s in sessions)
            )
            turn.idle()
            return
        turn.goto(FLOW, "status", {"sessions": open_sessions, "marks": {}})
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        """Ask the question of the current step."""
        step = turn.state.step
        if step == "status":
            await self._ask_status(turn)
        elif step == "hard":
            rows = [[turn.button("rate", make(PREFIX, "hard", n), n=n) for n in range(1, 6)]]
            turn.say("checkin/how_hard", rows)
        else:
            buttons = [
                turn.button("minutes", make(PREFIX, "time", m), minutes=m) for m in TIME_CHOICES
            ]
            turn.say("checkin/how_long", [buttons[:4], buttons[4:]])

    async def _ask_status(self, turn: Turn) -> None:
        plan, sessions = await self._today(turn)
        marks: dict[str, str] = turn.data.get("marks", {})
        wanted = set(turn.data.get("sessions", []))
        rows = []
        items = []
        pack = self._catalog.pack(plan.pack_id) if plan else None
        for number, session in enumerate([s for s in sessions if s.id in wanted], start=1):
            if pack is not None:
                items.append(
                    {**describe(session, pack, turn.locale), "mark": marks.get(str(session.id))}
                )
            rows.append(
                [
                    turn.button(
                        f"mark_{code}", make(PREFIX, "mark", session.id, code), number=number
                    )
                    for code in MARKS
                ]
            )
        rows.append(
            [
                turn.button("all_done", make(PREFIX, "all")),
                turn.button("continue", make(PREFIX, "next")),
            ]
        )
        turn.say("checkin/status", rows, sessions=items)

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Typed numbers answer the difficulty and time questions."""
        step = turn.state.step
        if step == "hard":
            value = parsing.parse_int(text, 1, 5)
            if isinstance(value, parsing.Problem):
                turn.say(f"onboarding/problem/{value.code}", **value.details)
                return True
            await self._hard(turn, value)
            return True
        if step == "time":
            minutes = parsing.parse_int(text, 0, 16 * 60)
            if isinstance(minutes, parsing.Problem):
                turn.say(f"onboarding/problem/{minutes.code}", **minutes.details)
                return True
            await self._finish(turn, minutes)
            return True
        return False

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Marks, difficulty and time; buttons of another step are stale."""
        step = turn.state.step
        expected = {
            "mark": "status",
            "all": "status",
            "next": "status",
            "hard": "hard",
            "time": "time",
        }.get(payload.action)
        if expected != step:
            turn.say("common/stale_button")
            await self.prompt(turn)
            return
        if payload.action == "mark" and payload.arg(1) in MARKS:
            marks = dict(turn.data.get("marks", {}))
            marks[payload.arg(0)] = payload.arg(1)
            turn.update(marks=marks)
            await self.prompt(turn)
        elif payload.action == "all":
            turn.update(marks={str(s): "d" for s in turn.data.get("sessions", [])})
            await self._go(turn, "hard")
        elif payload.action == "next":
            await self._go(turn, "hard")
        elif payload.action == "hard" and payload.int_arg(0) in range(1, 6):
            await self._hard(turn, int(payload.arg(0)))
        elif payload.action == "time" and payload.int_arg(0) is not None:
            await self._finish(turn, int(payload.arg(0)))

    async def _go(self, turn: Turn, step: str) -> None:
        turn.goto(FLOW, step)
        await self.prompt(turn)

    async def _hard(self, turn: Turn, rating: int) -> None:
        turn.update(hard=rating)
        if not any(mark in ("d", "p") for mark in turn.data.get("marks", {}).values()):
            await self._finish(turn, 0)
        else:
            await self._go(turn, "time")

    async def _finish(self, turn: Turn, minutes: int) -> None:
        plan, sessions = await self._today(turn)
        data: dict[str, Any] = turn.data
        marks: dict[str, str] = data.get("marks", {})
        turn.idle()
        if plan is None:
            return
        worked = [s for s in sessions if marks.get(str(s.id)) in ("d", "p")]
        planned = sum(s.minutes for s in worked) or 1
        asked = set(data.get("sessions", []))
        for session in sessions:
            if session.id not in asked or session.status is not SessionStatus.SCHEDULED:
                continue  # settled elsewhere in the meantime (a Done button, another device)
            mark = marks.get(str(session.id), "n")
            spent = round(minutes * session.minutes / planned) if mark in ("d", "p") else 0
            await turn.uow.plans.update_session(
                dataclasses.replace(
                    session,
                    status=MARKS[mark],
                    minutes_spent=spent or None,
                    completed_at=turn.now if mark == "d" else None,
                    difficulty_rating=data.get("hard"),
                )
            )
            if mark in ("d", "p"):
                await record_lesson_work(
                    turn.uow,
                    session,
                    plan.pack_id,
                    completed=mark == "d",
                    minutes=spent,
                    now=turn.now,
                )
        history = await turn.uow.plans.sessions(plan.id, None, turn.today())
        turn.say(
            "checkin/thanks",
            done=sum(m == "d" for m in marks.values()),
            streak=streak(history, turn.today()),
            hard=data.get("hard"),
        )
        if self._learning is not None:
            # The minutes just reported teach the coach the student's lesson pace.
            pack = self._catalog.pack(plan.pack_id)
            await self._learning.update_pace(turn.uow, turn.user, pack, turn.now)
        turn.typing()
        show_proposal(
            turn, await self._planning.propose(turn.uow, turn.user, turn.now), "checkin/proposal"
        )


class CheckinButton:
    """The button of the evening check-in push ("checkin:start") opens the check-in."""

    payload_prefix = "checkin"

    def __init__(self, flow: CheckinFlow) -> None:
        self._flow = flow

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Begin the check-in."""
        await self._flow.begin(turn)
