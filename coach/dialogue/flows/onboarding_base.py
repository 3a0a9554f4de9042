"""Onboarding building blocks: steps, payloads, navigation and "edit" mode.

The steps themselves live in `onboarding_about.py` (language, consent, age, exam, date,
target) and `onboarding_time.py` (free time, study window, rest day, time zone); the flow in
`onboarding.py` puts them together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import Any

from coach.actions import ONBOARDING, ONBOARDING_BACK
from coach.dialogue import parsing
from coach.dialogue.turn import Turn
from coach.domain import WEEKDAYS, Profile
from coach.messages import Choice
from coach.notifications.quiet import default_checkin, default_quiet_start
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases, SaveProfile
from prompts.formatting import format_full_date

FLOW = "onboarding"
PREFIX = "ob"
STEPS = (
    "lang",
    "consent",
    "age",
    "track",
    "date",
    "target",
    "avail",
    "win",
    "break",
    "tz",
    "confirm",
)
SUB_STEPS = {
    "date_ask": "date",
    "target_ask": "target",
    "avail_review": "avail",
    "avail_day": "avail",
    "avail_min": "avail",
    "tz_ask": "tz",
    "date_which": "date",
    "avail_ok": "avail",
}
TARGET_RANGES = {"score": (100, 560)}
MAX_PROGRAMME = 200

NextStep = Callable[[Turn], Awaitable[None]]
AfterEdit = Callable[[Turn, str, str, bool], Awaitable[None]]
Ask = Callable[[Turn], Awaitable[None]]
Choose = Callable[[Turn, str], Awaitable[None]]
Type = Callable[[Turn, str], Awaitable[bool]]
EDITABLE = ("lang", "date", "target", "avail", "win", "break", "tz")


class OnboardingBase:
    """Navigation shared by every onboarding step."""

    def __init__(
        self, catalog: Catalog, plans: PlanUseCases, after: NextStep, after_edit: AfterEdit
    ) -> None:
        self._catalog = catalog
        self._plans = plans
        self._after = after
        self._after_edit = after_edit
        # Each step's question, button answer and typed answer, by step (filled by the flow).
        self._asks: dict[str, Ask] = {}
        self._chooses: dict[str, Choose] = {}
        self._types: dict[str, Type] = {}

    async def prompt(self, turn: Turn) -> None:
        """Ask the question of the current step."""
        asker = self._asks.get(turn.state.step) or self._asks[STEPS[0]]
        await asker(turn)

    async def _current_profile(self, turn: Turn) -> Profile | None:
        return await turn.run(self._plans.profile, ForStudent(turn.user.id))

    async def _save_profile(self, turn: Turn, profile: Profile) -> None:
        await turn.run(self._plans.save_profile, SaveProfile(profile))

    # ------------------------------------------------------------------ helpers
    def _button(self, turn: Turn, name: str, step: str, value: object, **ctx: Any) -> Choice:
        return turn.button(name, ONBOARDING[step].payload(value), **ctx)

    def _back_row(self, turn: Turn) -> list[Choice]:
        return [turn.button("back", ONBOARDING_BACK.payload())]

    async def _go(self, turn: Turn, step: str) -> None:
        edited = turn.data.get("edit")
        if edited and SUB_STEPS.get(step, step) != edited:
            await self._finish_edit(turn, save=True)
            return
        turn.goto(FLOW, step)
        await self.prompt(turn)

    async def _finish_edit(self, turn: Turn, save: bool) -> None:
        data = turn.data
        if save:
            current = await self._current_profile(turn)
            if current is not None:
                checkin, quiet = _kept_times(current, self._profile(turn))
                await self._save_profile(
                    turn,
                    dataclasses.replace(
                        self._profile(turn),
                        start_date=current.start_date,
                        checkin_time=checkin,
                        quiet_start=quiet,
                        quiet_end=current.quiet_end,
                        reminder_lead_minutes=current.reminder_lead_minutes,
                        max_pushes_per_day=current.max_pushes_per_day,
                        opt_outs=current.opt_outs,
                        blackout_dates=current.blackout_dates,
                        day_factors=current.day_factors,
                    ),
                )
        turn.idle()
        await self._after_edit(turn, str(data.get("edit")), str(data.get("return")), save)

    async def _back(self, turn: Turn) -> None:
        step = turn.state.step
        main = SUB_STEPS.get(step, step)
        if main != step:
            await self._go(turn, main)
            return
        if turn.data.get("edit"):
            await self._finish_edit(turn, save=False)
            return
        index = STEPS.index(main) if main in STEPS else 0
        await self._go(turn, STEPS[max(index - 1, 0)])

    async def _problem(self, turn: Turn, problem: parsing.Problem) -> None:
        """Say what was wrong and ask the step's question again, with its buttons (Back too)."""
        turn.say(f"onboarding/problem/{problem.code}", **problem.details)
        await self.prompt(turn)

    def _profile(self, turn: Turn) -> Profile:
        data = turn.data
        break_day = data.get("break_weekday")
        availability = {day: int(data["availability"].get(day, 0)) for day in WEEKDAYS}
        windows = {day: tuple(spans) for day, spans in data.get("windows", {}).items()}
        checkin = default_checkin(windows)
        return Profile(
            user_id=turn.user.id,
            pack_id=data["pack_id"],
            track=data["track"],
            exam_date=date.fromisoformat(data["exam_date"]),
            start_date=turn.today(),
            availability=availability,
            windows=windows,
            break_days_per_week=1 if break_day else 0,
            break_weekday=break_day,
            target_kind=data.get("target_kind"),
            target_value=data.get("target_value"),
            # after the day's last session, and the quiet hours after the check-in
            checkin_time=checkin,
            quiet_start=default_quiet_start(checkin),
        )


def _kept_times(current: Profile, edited: Profile) -> tuple[time, time]:
    """The check-in and quiet start after an edit: the student's own choice is kept; one still
    at the default of the old study windows follows the new windows (a later last session)."""
    checkin, quiet = current.checkin_time, current.quiet_start
    if checkin == default_checkin(current.windows):
        checkin = edited.checkin_time
        if quiet == default_quiet_start(current.checkin_time):
            quiet = default_quiet_start(checkin)
    return checkin, quiet


def show_date(value: date, locale: str) -> str:
    """A date as the student's language writes it ('19.06.2027' / '19 June 2027')."""
    return format_full_date(value, locale)
