"""/settings: change study time, exam date, window, rest day, target, language, time zone
(re-using the onboarding steps), and the check-in time, reminder lead, quiet hours and which
notifications to get. Changes that affect the plan end with a re-plan proposal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import time

from coach.dialogue import parsing
from coach.dialogue.handlers.plans import show_proposal
from coach.dialogue.payloads import Payload, make
from coach.dialogue.turn import Turn
from coach.domain import Profile
from coach.plans.service import PlanningService

FLOW = "settings"
PREFIX = "st"
PROFILE_ITEMS = ("avail", "date", "win", "break", "target", "lang", "tz")
OWN_ITEMS = ("checkin", "lead", "quiet", "notify")
PLAN_ITEMS = frozenset({"avail", "date", "win", "break"})
CHECKIN_TIMES = ("1900", "2000", "2100", "2200")
LEADS = (0, 5, 10, 15, 30, 60)
QUIET = {"22": (time(22), time(7)), "23": (time(23), time(8)), "00": (time(0), time(9))}
NOTIFICATION_KINDS = ("reminder", "checkin", "nudge", "resource", "weekly", "group")

Edit = Callable[[Turn, str, str], Awaitable[None]]


class SettingsFlow:
    """A menu of settings; each item is one short question."""

    name = FLOW
    payload_prefix = PREFIX

    def __init__(self, planning: PlanningService, edit: Edit) -> None:
        self._planning = planning
        self._edit = edit

    async def begin(self, turn: Turn) -> None:
        """Show the settings menu."""
        turn.goto(FLOW, "menu", {})
        await self.prompt(turn)

    async def after_edit(self, turn: Turn, item: str, saved: bool) -> None:
        """Back from an onboarding step: propose a re-plan if the plan depends on it."""
        if saved and item in PLAN_ITEMS:
            turn.say("settings/saved")
            turn.typing()
            show_proposal(turn, await self._planning.propose(turn.uow, turn.user, turn.now))
            return
        if saved:
            turn.say("settings/saved")
        await self.begin(turn)

    async def _profile(self, turn: Turn) -> Profile | None:
        return await turn.uow.profiles.get(turn.user.id)

    async def prompt(self, turn: Turn) -> None:
        """Ask the question of the current step."""
        profile = await self._profile(turn)
        if profile is None:
            turn.idle()
            turn.say("common/setup_first")
            return
        step = turn.state.step
        if step == "checkin":
            buttons = [
                turn.button("clock", make(PREFIX, "checkin", t), time=f"{t[:2]}:{t[2:]}")
                for t in CHECKIN_TIMES
            ]
            turn.say(
                "settings/checkin", [buttons, self._done_row(turn)], current=profile.checkin_time
            )
        elif step == "lead":
            buttons = [turn.button("lead", make(PREFIX, "lead", m), minutes=m) for m in LEADS]
            turn.say(
                "settings/lead",
                [buttons[:3], buttons[3:], self._done_row(turn)],
                current=profile.reminder_lead_minutes,
            )
        elif step == "quiet":
            buttons = [turn.button(f"quiet_{code}", make(PREFIX, "quiet", code)) for code in QUIET]
            turn.say(
                "settings/quiet",
                [buttons, self._done_row(turn)],
                start=profile.quiet_start,
                end=profile.quiet_end,
            )
        elif step == "notify":
            rows = [
                [
                    turn.button(
                        "toggle",
                        make(PREFIX, "tog", kind),
                        kind=kind,
                        on=kind not in profile.opt_outs,
                    )
                ]
                for kind in NOTIFICATION_KINDS
            ]
            turn.say("settings/notify", [*rows, self._done_row(turn)])
        else:
            rows = [
                [turn.button(f"set_{item}", make(PREFIX, "open", item))]
                for item in (*PROFILE_ITEMS, *OWN_ITEMS)
            ]
            turn.say("settings/menu", [*rows, [turn.button("close", make(PREFIX, "close"))]])

    def _done_row(self, turn: Turn) -> list:
        return [turn.button("back", make(PREFIX, "menu"))]

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Typed times for the check-in and quiet hours."""
        profile = await self._profile(turn)
        if profile is None:
            return False
        if turn.state.step == "checkin":
            value = parsing.parse_time(text)
            if isinstance(value, parsing.Problem):
                turn.say(f"onboarding/problem/{value.code}")
                return True
            await self._save(turn, dataclasses.replace(profile, checkin_time=value))
            return True
        if turn.state.step == "quiet":
            span = parsing.parse_span(text) if "-" in text else parsing.Problem("window_format", {})
            if isinstance(span, parsing.Problem):
                # Quiet hours usually wrap midnight ("23:00-08:00"), which parse_span refuses.
                parts = text.replace("–", "-").split("-")
                times = [parsing.parse_time(p) for p in parts] if len(parts) == 2 else []
                if len(times) != 2 or any(isinstance(t, parsing.Problem) for t in times):
                    turn.say("onboarding/problem/window_format")
                    return True
                span = (times[0], times[1])  # type: ignore[assignment]
            start, end = span  # type: ignore[misc]
            await self._save(turn, dataclasses.replace(profile, quiet_start=start, quiet_end=end))
            return True
        return False

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Menu items and the answers of the own steps."""
        profile = await self._profile(turn)
        if profile is None:
            turn.idle()
            return
        action, arg = payload.action, payload.arg(0)
        if action == "menu":
            await self.begin(turn)
        elif action == "close":
            turn.idle()
            turn.say("settings/closed")
        elif action == "open" and arg in PROFILE_ITEMS:
            await self._edit(turn, arg, "settings")
        elif action == "open" and arg in OWN_ITEMS:
            turn.goto(FLOW, arg)
            await self.prompt(turn)
        elif action == "checkin" and arg in CHECKIN_TIMES:
            await self._save(
                turn, dataclasses.replace(profile, checkin_time=time(int(arg[:2]), int(arg[2:])))
            )
        elif action == "lead" and payload.int_arg(0) in LEADS:
            await self._save(turn, dataclasses.replace(profile, reminder_lead_minutes=int(arg)))
        elif action == "quiet" and arg in QUIET:
            start, end = QUIET[arg]
            await self._save(turn, dataclasses.replace(profile, quiet_start=start, quiet_end=end))
        elif action == "tog" and arg in NOTIFICATION_KINDS:
            outs = set(profile.opt_outs) ^ {arg}
            await turn.uow.profiles.save(dataclasses.replace(profile, opt_outs=tuple(sorted(outs))))
            await self.prompt(turn)
        else:
            turn.say("common/stale_button")
            await self.prompt(turn)

    async def _save(self, turn: Turn, profile: Profile) -> None:
        await turn.uow.profiles.save(profile)
        turn.say("settings/saved")
        await self.begin(turn)
