"""Onboarding: language, consent, age band, exam and track, exam date, target, free time,
study window, break day and time zone. Every step can go back; typed answers are validated
with a friendly correction. At the end the profile is saved and the assessment begins.
"""

from __future__ import annotations

from datetime import date

from coach.dialogue.flows.onboarding_about import AboutYouSteps
from coach.dialogue.flows.onboarding_base import EDITABLE, FLOW, PREFIX, STEPS, show_date
from coach.dialogue.flows.onboarding_time import StudyTimeSteps
from coach.dialogue.payloads import Payload
from coach.dialogue.turn import Turn

__all__ = ["FLOW", "PREFIX", "STEPS", "OnboardingFlow"]


class OnboardingFlow(AboutYouSteps, StudyTimeSteps):
    """Collects the profile; hands over to the assessment flow when done."""

    name = FLOW
    payload_prefix = PREFIX

    async def edit(self, turn: Turn, step: str, return_to: str) -> None:
        """Re-ask one step of a finished onboarding (settings, plan adjustments).

        When the student moves past that step, the profile is saved and `after_edit(turn,
        step, return_to, saved)` decides what comes next; going back from it cancels the edit.
        """
        profile = await turn.uow.profiles.get(turn.user.id)
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

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Take a button press; buttons of an earlier step are stale."""
        if payload.action == "back":
            await self._back(turn)
            return
        step = turn.state.step
        if payload.action != step:
            turn.say("common/stale_button")
            await self.prompt(turn)
            return
        await getattr(self, f"_choose_{step}")(turn, payload.arg(0))

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Take typed answers where a step accepts them."""
        handler = getattr(self, f"_type_{turn.state.step}", None)
        if handler is None:
            return False
        return bool(await handler(turn, text))

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
                date.fromisoformat(data.get("exam_date", turn.today().isoformat()))
            ),
            target_kind=data.get("target_kind"),
            target_value=data.get("target_value"),
            weekly=sum(data.get("availability", {}).values()),
            windows=", ".join(data.get("windows", {}).get("mon", [])),
            break_day=data.get("break_weekday"),
            timezone=turn.user.timezone,
        )

    async def _choose_confirm(self, turn: Turn, value: str) -> None:
        if not {"pack_id", "track", "exam_date", "availability"} <= turn.data.keys():
            await self._go(turn, "track")  # an answer went missing (old state); ask again
            return
        await turn.uow.profiles.save(self._profile(turn))
        turn.say("onboarding/done")
        await self._after(turn)
