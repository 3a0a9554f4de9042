"""Onboarding: language, consent, age band, exam and track, exam date, target, free time,
study window, break day and time zone. Every step can go back; typed answers are validated
with a friendly correction. At the end the profile is saved and the assessment begins.
"""

from __future__ import annotations

from datetime import date

from coach.actions import ONBOARDING, ONBOARDING_BACK
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.flows.onboarding_about import AboutYouSteps
from coach.dialogue.flows.onboarding_base import (
    EDITABLE,
    FLOW,
    STEPS,
    AfterEdit,
    NextStep,
    show_date,
)
from coach.dialogue.flows.onboarding_time import StudyTimeSteps
from coach.dialogue.turn import Turn
from coach.packs.catalog import Catalog
from coach.plans.figures import free_minutes_per_week
from coach.plans.usecases import PlanUseCases

__all__ = ["FLOW", "STEPS", "OnboardingFlow"]


class OnboardingFlow(AboutYouSteps, StudyTimeSteps):
    """Collects the profile; hands over to the assessment flow when done."""

    name = FLOW

    def __init__(
        self, catalog: Catalog, plans: PlanUseCases, after: NextStep, after_edit: AfterEdit
    ) -> None:
        super().__init__(catalog, plans, after, after_edit)
        self._asks.update(
            lang=self._ask_lang, consent=self._ask_consent, age=self._ask_age,
            track=self._ask_track, date=self._ask_date, date_ask=self._ask_date_ask,
            target=self._ask_target, target_ask=self._ask_target_ask, avail=self._ask_avail,
            avail_review=self._ask_avail_review, avail_day=self._ask_avail_day,
            avail_min=self._ask_avail_min, win=self._ask_win, tz_ask=self._ask_tz_ask,
            confirm=self._ask_confirm, tz=self._ask_tz,
        )  # fmt: skip
        self._asks["break"] = self._ask_break
        self._chooses.update(
            lang=self._choose_lang, consent=self._choose_consent, age=self._choose_age,
            track=self._choose_track, date=self._choose_date, target=self._choose_target,
            avail=self._choose_avail, avail_review=self._choose_avail_review,
            avail_day=self._choose_avail_day, avail_min=self._choose_avail_min,
            win=self._choose_win, tz=self._choose_tz, confirm=self._choose_confirm,
        )  # fmt: skip
        self._chooses["break"] = self._choose_break
        # Confirmations of typed answers: which of two dates, an unusual day length.
        self._asks.update(date_which=self._ask_date_which, avail_ok=self._ask_avail_ok)
        self._chooses.update(date_which=self._choose_date_which, avail_ok=self._choose_avail_ok)
        self._types.update(date_which=self._type_date_which, avail_ok=self._type_avail_min)
        self._types.update(
            lang=self._type_lang, age=self._type_age, date=self._type_date,
            date_ask=self._type_date_ask, target_ask=self._type_target_ask,
            avail_min=self._type_avail_min, win=self._type_win, tz=self._type_tz,
            tz_ask=self._type_tz_ask, avail_day=self._type_avail_day,
        )  # fmt: skip
        self._types["break"] = self._type_break  # a keyword: not a keyword argument

    def register(self, buttons: ButtonRegistry) -> None:
        """One button per step (its value is the answer) and Back, while onboarding runs."""
        buttons.on(ONBOARDING_BACK, self.back_button, flow=FLOW)
        buttons.on_all(ONBOARDING.values(), self.step_button, flow=FLOW)

    async def edit(self, turn: Turn, step: str, return_to: str) -> None:
        """Re-ask one step of a finished onboarding (settings, plan adjustments).

        When the student moves past that step, the profile is saved and `after_edit(turn,
        step, return_to, saved)` decides what comes next; going back from it cancels the edit.
        """
        profile = await self._current_profile(turn)
        if profile is None or step not in EDITABLE:
            await self.begin(turn)
            return
        data = {
            "pack_id": profile.pack_id,
            "track": profile.track,
            "exam_date": profile.exam_date.isoformat(),
            "start_date": profile.start_date.isoformat(),
            "target_kind": profile.target_kind,
            "target_value": profile.target_value,
            "availability": dict(profile.availability),
            "windows": {day: list(spans) for day, spans in profile.windows.items()},
            "break_weekday": profile.break_weekday,
            "edit": step,
            "return": return_to,
        }
        turn.goto(FLOW, step, data)
        await self.prompt(turn)

    # ------------------------------------------------------------------ entry points
    async def begin(self, turn: Turn) -> None:
        """Start from the first step."""
        turn.goto(FLOW, "lang", {})
        turn.say("onboarding/welcome")
        await self.prompt(turn)

    async def back_button(self, turn: Turn, payload: Payload) -> None:
        """One step back."""
        await self._back(turn)

    async def step_button(self, turn: Turn, payload: Payload) -> None:
        """The answer of a step; a button of an earlier step is stale."""
        step = turn.state.step
        choose = self._chooses.get(step)
        if payload.action != step or choose is None:
            turn.say("common/stale_button")
            await self.prompt(turn)
            return
        await choose(turn, payload.arg(0))

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Take typed answers where a step accepts them."""
        handler = self._types.get(turn.state.step)
        if handler is None:
            return False
        return await handler(turn, text)

    # ------------------------------------------------------------------ confirm
    async def _ask_confirm(self, turn: Turn) -> None:
        data = turn.data
        option = next(
            (
                o
                for o in self._catalog.track_options()
                if (o.pack_id, o.track) == (data.get("pack_id"), data.get("track"))
            ),
            None,
        )
        turn.say(
            "onboarding/confirm",
            [
                [self._button(turn, "confirm", "confirm", "yes", style="primary")],
                self._back_row(turn),
            ],
            track=(option.label if turn.locale == "tr" else option.label_en) if option else "?",
            exam_date=show_date(
                date.fromisoformat(data.get("exam_date", turn.today().isoformat())), turn.locale
            ),
            target_kind=data.get("target_kind"),
            target_value=data.get("target_value"),
            weekly=free_minutes_per_week(data.get("availability", {}), data.get("break_weekday")),
            windows=", ".join(s.replace("-", "–") for s in data.get("windows", {}).get("mon", [])),
            break_day=data.get("break_weekday"),
            timezone=turn.user.timezone,
        )

    async def _choose_confirm(self, turn: Turn, value: str) -> None:
        if not {"pack_id", "track", "exam_date", "availability"} <= turn.data.keys():
            await self._go(turn, "track")  # an answer went missing (old state); ask again
            return
        await self._save_profile(turn, self._profile(turn))
        turn.say("onboarding/done")
        await self._after(turn)
