"""The daily check-in: what got done, how hard it was, how long it took — then a re-plan
proposal (Accept / Keep my plan) when the plan should change.

Each session is settled by the same use case as the Done button (`coach.sessions.usecases`),
so a "too hard" here triggers the same struggle check as one after Done.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coach.actions import (
    CHECKIN_ALL_DONE,
    CHECKIN_HARD,
    CHECKIN_MARK,
    CHECKIN_NEXT,
    CHECKIN_START,
    CHECKIN_TIME,
    CHECKIN_ZERO_OK,
    MENU,
    PREVIEW_NEW,
)
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue import parsing
from coach.dialogue.present import describe
from coach.dialogue.reactions import show_proposal
from coach.dialogue.turn import Turn
from coach.domain import SessionStatus, StudyPlan, StudySession
from coach.motivation.usecases import MotivationUseCases, PlanStreak
from coach.packs.catalog import Catalog
from coach.plans.usecases import PlanUseCases, ProposeReplan
from coach.sessions.day import day_at_hand
from coach.sessions.usecases import MARKS, CheckIn, check_in, day_sessions

FLOW = "checkin"
TIME_CHOICES = (0, 30, 60, 90, 120, 180, 240)


class CheckinFlow:
    """Evening check-in of the day's sessions."""

    name = FLOW

    def __init__(
        self, catalog: Catalog, plans: PlanUseCases, streaks: MotivationUseCases | None = None
    ) -> None:
        self._catalog = catalog
        self._plans = plans
        self._streaks = streaks  # the streak that follows the plan, as /streak shows it

    def register(self, buttons: ButtonRegistry) -> None:
        """The check-in push's button opens it; the steps' buttons count while it runs."""
        buttons.on(CHECKIN_START, self.start_button)
        buttons.on(CHECKIN_MARK, self.mark, flow=FLOW)
        buttons.on(CHECKIN_ALL_DONE, self.all_done, flow=FLOW)
        buttons.on(CHECKIN_NEXT, self.next_step, flow=FLOW)
        buttons.on(CHECKIN_HARD, self.hard_button, flow=FLOW)
        buttons.on(CHECKIN_TIME, self.time_button, flow=FLOW)
        buttons.on(CHECKIN_ZERO_OK, self.zero_ok, flow=FLOW)

    async def _today(
        self, turn: Turn, *, fresh: bool = False
    ) -> tuple[StudyPlan | None, list[StudySession]]:
        async def query(uow: Any, now: Any, user_id: int) -> Any:
            day = None if fresh else turn.data.get("day")  # the day the check-in began on
            if day is not None:
                return await day_sessions(uow, user_id, date.fromisoformat(day))
            plan, sessions = await day_sessions(uow, user_id, turn.study_day())
            if day_at_hand(sessions, turn.study_day(), turn.today()) == turn.study_day():
                return plan, sessions
            return await day_sessions(uow, user_id, turn.today())

        return await turn.run(query, turn.user.id)

    async def start_button(self, turn: Turn, payload: Payload) -> None:
        """The button of the evening check-in push."""
        await self.begin(turn)

    async def begin(self, turn: Turn) -> None:
        """Start with today's sessions, or say there is nothing to check."""
        plan, sessions = await self._today(turn, fresh=True)
        if plan is None:
            turn.say("daily/no_plan", [[turn.button("make_plan", PREVIEW_NEW.payload())]])
            return
        open_sessions = [s.id for s in sessions if s.status is SessionStatus.SCHEDULED]
        if not open_sessions:
            # Never a dead end: the next useful step is one tap away.
            turn.say(
                "checkin/nothing_open",
                [
                    [turn.button("menu_week", MENU["week"].payload())],
                    [turn.button("menu_quiz", MENU["quiz"].payload())],
                ],
                done=sum(s.status is SessionStatus.DONE for s in sessions),
                marked=len(sessions),  # every one settled: done, partly, skipped or missed
            )
            turn.idle()
            return
        day = sessions[0].date.isoformat()  # the study day after midnight, else the date
        turn.goto(FLOW, "status", {"sessions": open_sessions, "marks": {}, "day": day})
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        """Ask the question of the current step."""
        step = turn.state.step
        if step == "status":
            await self._ask_status(turn)
        elif step == "hard":
            rows = [[turn.button("rate", CHECKIN_HARD.payload(n), n=n) for n in range(1, 6)]]
            turn.say("checkin/how_hard", rows)
        elif step == "zero":
            buttons = [
                turn.button("minutes", CHECKIN_TIME.payload(m), minutes=m, past=True)
                for m in TIME_CHOICES
                if m
            ]
            turn.say(
                "checkin/zero_minutes",
                [[turn.button("zero_ok", CHECKIN_ZERO_OK.payload())], buttons[:3], buttons[3:]],
                expects="number",
                done=self._studied(turn),
            )
        else:
            # "None at all" only when nothing was marked done: a student who just said they
            # studied is not offered to say they did not (typing 0 still asks to confirm).
            studied = self._studied(turn)
            buttons = [
                turn.button("minutes", CHECKIN_TIME.payload(m), minutes=m, past=True)
                for m in TIME_CHOICES
                if m or not studied
            ]
            turn.say("checkin/how_long", [buttons[:4], buttons[4:]], expects="number")

    async def _ask_status(self, turn: Turn) -> None:
        plan, sessions = await self._today(turn)
        marks: dict[str, str] = turn.data.get("marks", {})
        wanted = set(turn.data.get("sessions", []))
        rows = []
        items = []
        pack = self._catalog.pack(plan.pack_id) if plan else None
        # Numbered as in /today, so "2" here is the session /today called 2.
        numbers = {session.id: number for number, session in enumerate(sessions, start=1)}
        for session in [s for s in sessions if s.id in wanted]:
            number = numbers[session.id]
            if pack is not None:
                items.append(
                    {
                        **describe(session, pack, turn.locale),
                        "mark": marks.get(str(session.id)),
                        "number": number,
                    }
                )
            rows.append(
                [
                    turn.button(
                        f"mark_{code}", CHECKIN_MARK.payload(session.id, code), number=number
                    )
                    for code in MARKS
                ]
            )
        rows.append(
            [
                turn.button("all_done", CHECKIN_ALL_DONE.payload()),
                turn.button("continue", CHECKIN_NEXT.payload()),
            ]
        )
        turn.say("checkin/status", rows, sessions=items)

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Typed numbers answer the difficulty and time questions."""
        step = turn.state.step
        if step == "hard":
            value = parsing.parse_int(text, 1, 5)
            if isinstance(value, parsing.Problem):
                # A typing error keeps the step: the problem, then the question with its buttons.
                turn.say(f"onboarding/problem/{value.code}", **value.details)
                await self.prompt(turn)
                return True
            await self._hard(turn, value)
            return True
        if step in ("time", "zero"):
            # The question asks for minutes: a bare number is minutes, "2h" two hours.
            minutes = parsing.parse_duration(text, 0, 16 * 60, bare_unit="minute")
            if isinstance(minutes, parsing.Problem):
                turn.say(f"onboarding/problem/{minutes.code}", **minutes.details)
                await self.prompt(turn)
                return True
            await self._minutes(turn, minutes)
            return True
        return False

    async def _at(self, turn: Turn, step: str) -> bool:
        """Whether the flow is at `step`; a button of another step is stale."""
        if turn.state.step == step:
            return True
        turn.say("common/stale_button")
        await self.prompt(turn)
        return False

    async def mark(self, turn: Turn, payload: Payload) -> None:
        """Done / partly / not done for one session."""
        if not await self._at(turn, "status"):
            return
        if payload.arg(1) in MARKS:
            marks = dict(turn.data.get("marks", {}))
            marks[payload.arg(0)] = payload.arg(1)
            turn.update(marks=marks)
        await self.prompt(turn)

    async def all_done(self, turn: Turn, payload: Payload) -> None:
        """Everything done."""
        if await self._at(turn, "status"):
            turn.update(marks={str(s): "d" for s in turn.data.get("sessions", [])})
            await self._go(turn, "hard")

    async def next_step(self, turn: Turn, payload: Payload) -> None:
        """The marks are set: on to how hard it was."""
        if await self._at(turn, "status"):
            await self._go(turn, "hard")

    async def hard_button(self, turn: Turn, payload: Payload) -> None:
        """How hard, 1-5."""
        rating = payload.int_arg(0)
        if await self._at(turn, "hard") and rating in range(1, 6):
            await self._hard(turn, int(payload.arg(0)))

    async def time_button(self, turn: Turn, payload: Payload) -> None:
        """How long, in minutes."""
        minutes = payload.int_arg(0)
        if minutes is None:
            return
        if turn.state.step == "zero" or await self._at(turn, "time"):
            await self._minutes(turn, minutes)

    async def zero_ok(self, turn: Turn, payload: Payload) -> None:
        """The student confirms that sessions were done in no time at all."""
        if await self._at(turn, "zero"):
            await self._finish(turn, 0)

    def _studied(self, turn: Turn) -> int:
        """How many sessions are marked done or partly done."""
        return sum(mark in ("d", "p") for mark in turn.data.get("marks", {}).values())

    async def _minutes(self, turn: Turn, minutes: int) -> None:
        # Zero minutes after sessions marked done is most likely a slip: ask before recording.
        if minutes == 0 and self._studied(turn) and turn.state.step != "zero":
            await self._go(turn, "zero")
            return
        await self._finish(turn, minutes)

    async def _go(self, turn: Turn, step: str) -> None:
        turn.goto(FLOW, step)
        await self.prompt(turn)

    async def _hard(self, turn: Turn, rating: int) -> None:
        turn.update(hard=rating)
        if not self._studied(turn):
            await self._finish(turn, 0)
        else:
            await self._go(turn, "time")

    async def _finish(self, turn: Turn, minutes: int) -> None:
        data: dict[str, Any] = turn.data
        turn.idle()
        outcome = await turn.run(
            check_in,
            CheckIn(
                turn.user.id,
                date.fromisoformat(data.get("day", turn.today().isoformat())),
                {int(k): v for k, v in data.get("marks", {}).items()},
                tuple(data.get("sessions", [])),
                data.get("hard"),
                minutes,
            ),
        )
        if outcome.plan is None:
            return
        streak = outcome.streak
        if self._streaks is not None:  # one streak count everywhere
            command = PlanStreak(
                turn.user.id, turn.user.timezone, outcome.plan.start_date, outcome.history
            )
            streak = (await turn.run(self._streaks.plan_streak, command)).streak.count
        turn.say("checkin/thanks", done=outcome.done, streak=streak, hard=outcome.difficulty)
        await turn.react()
        turn.typing()
        proposal = await turn.run(self._plans.propose, ProposeReplan(turn.user.id, cause="checkin"))
        show_proposal(turn, proposal, "checkin/proposal")
