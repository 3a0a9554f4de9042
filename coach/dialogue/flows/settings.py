"""/settings: change study time, exam date, window, rest day, target, language, time zone
(re-using the onboarding steps), and the check-in time, reminder lead, quiet hours and which
notifications to get. Changes that affect the plan end with a re-plan proposal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import time

from coach.actions import (
    SETTINGS_CHECKIN,
    SETTINGS_CLOSE,
    SETTINGS_FIX,
    SETTINGS_LEAD,
    SETTINGS_MENU,
    SETTINGS_OPEN,
    SETTINGS_QUIET,
    SETTINGS_TOGGLE,
)
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue import parsing
from coach.dialogue.present import next_steps
from coach.dialogue.reactions import show_proposal
from coach.dialogue.turn import Turn
from coach.domain import Profile
from coach.messages import Choice
from coach.notifications.quiet import clash
from coach.plans.figures import free_minutes_per_week
from coach.plans.usecases import ForStudent, PlanUseCases, ProposeReplan, SaveProfile

FLOW = "settings"
PROFILE_ITEMS = ("avail", "date", "win", "break", "target", "lang", "tz")
OWN_ITEMS = ("checkin", "lead", "quiet", "notify")
PLAN_ITEMS = frozenset({"avail", "date", "win", "break"})
CHECKIN_TIMES = ("1900", "2000", "2100", "2200")
LEADS = (0, 5, 10, 15, 30, 60)
QUIET = {"22": (time(22), time(7)), "23": (time(23), time(8)), "00": (time(0), time(9))}
NOTIFICATION_KINDS = (
    "reminder",
    "checkin",
    "nudge",
    "resource",
    "weekly",
    "group",
    "live_qa",
    "celebration",
    "weekly_card",
    "challenge",
)

Edit = Callable[[Turn, str, str], Awaitable[None]]
Screen = Callable[[Turn], Awaitable[None]]


class SettingsFlow:
    """A menu of settings; each item is one short question."""

    name = FLOW

    def __init__(self, plans: PlanUseCases, edit: Edit, privacy: Screen | None = None) -> None:
        self._plans = plans
        self._edit = edit
        self._privacy = privacy  # the peer features and display name (community)

    def register(self, buttons: ButtonRegistry) -> None:
        """The settings buttons, while the flow runs."""
        buttons.on(SETTINGS_MENU, self.menu_button, flow=FLOW)
        buttons.on(SETTINGS_CLOSE, self.close, flow=FLOW)
        buttons.on(SETTINGS_OPEN, self.open_item, flow=FLOW)
        buttons.on(SETTINGS_CHECKIN, self.checkin_time, flow=FLOW)
        buttons.on(SETTINGS_LEAD, self.lead, flow=FLOW)
        buttons.on(SETTINGS_QUIET, self.quiet, flow=FLOW)
        buttons.on(SETTINGS_TOGGLE, self.toggle, flow=FLOW)
        buttons.on(SETTINGS_FIX, self.fix, flow=FLOW)

    async def begin(self, turn: Turn) -> None:
        """Show the settings menu."""
        turn.goto(FLOW, "menu", {})
        await self.prompt(turn)

    async def after_edit(self, turn: Turn, item: str, saved: bool) -> None:
        """Back from an onboarding step: propose a re-plan if the plan depends on it."""
        if saved and item in PLAN_ITEMS:
            turn.say("settings/saved")
            profile = await self._profile(turn)
            if profile is not None:
                self._warn_quiet(turn, profile, menu=False)  # a window into the quiet hours
            turn.typing()
            proposal = await turn.run(
                self._plans.propose, ProposeReplan(turn.user.id, cause="settings")
            )
            show_proposal(turn, proposal)
            return
        if saved:
            turn.say("settings/saved")
        await self.begin(turn)

    async def _profile(self, turn: Turn) -> Profile | None:
        return await turn.run(self._plans.profile, ForStudent(turn.user.id))

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
                turn.button("clock", SETTINGS_CHECKIN.payload(t), time=f"{t[:2]}:{t[2:]}")
                for t in CHECKIN_TIMES
            ]
            turn.say(
                "settings/checkin", [buttons, self._done_row(turn)], current=profile.checkin_time
            )
        elif step == "lead":
            buttons = [turn.button("lead", SETTINGS_LEAD.payload(m), minutes=m) for m in LEADS]
            turn.say(
                "settings/lead",
                [buttons[:3], buttons[3:], self._done_row(turn)],
                current=profile.reminder_lead_minutes,
            )
        elif step == "quiet":
            buttons = [turn.button(f"quiet_{code}", SETTINGS_QUIET.payload(code)) for code in QUIET]
            turn.say(
                "settings/quiet",
                [buttons, self._done_row(turn)],
                start=profile.quiet_start,
                end=profile.quiet_end,
            )
        elif step == "notify":
            self._switches(turn, profile, in_place=False)
        else:
            rows = [
                [turn.button(f"set_{item}", SETTINGS_OPEN.payload(item))]
                for item in (*PROFILE_ITEMS, *OWN_ITEMS)
            ]
            if self._privacy is not None:
                rows.append([turn.button("set_privacy", SETTINGS_OPEN.payload("privacy"))])
            turn.say(
                "settings/menu",
                [*rows, [turn.button("close", SETTINGS_CLOSE.payload())]],
                **current_values(profile, turn.user.timezone),
            )

    def _switches(self, turn: Turn, profile: Profile, *, in_place: bool) -> None:
        """The notification switches; after a tap, redrawn on the message that was tapped."""
        rows = [
            [
                turn.button(
                    "toggle",
                    # the state a tap sets: the opposite of the one shown
                    SETTINGS_TOGGLE.payload(kind, "on" if kind in profile.opt_outs else "off"),
                    kind=kind,
                    on=kind not in profile.opt_outs,
                )
            ]
            for kind in NOTIFICATION_KINDS
        ]  # fmt: skip
        say = turn.say_in_place if in_place else turn.say
        say("settings/notify", [*rows, self._done_row(turn)])

    def _done_row(self, turn: Turn) -> list[Choice]:
        return [turn.button("back", SETTINGS_MENU.payload())]

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
            # Quiet hours usually wrap midnight ("23:00-08:00"), which a study window may not.
            span = parsing.parse_hours(text)
            if isinstance(span, parsing.Problem):
                turn.say(f"onboarding/problem/{span.code}")
                return True
            start, end = span
            await self._save(turn, dataclasses.replace(profile, quiet_start=start, quiet_end=end))
            return True
        return False

    async def _with_profile(self, turn: Turn) -> Profile | None:
        profile = await self._profile(turn)
        if profile is None:
            turn.idle()
        return profile

    async def _stale(self, turn: Turn) -> None:
        turn.say("common/stale_button")
        await self.prompt(turn)

    async def menu_button(self, turn: Turn, payload: Payload) -> None:
        """Back to the settings menu."""
        await self.begin(turn)

    async def close(self, turn: Turn, payload: Payload) -> None:
        """Leave the settings."""
        turn.idle()
        turn.say("settings/closed", next_steps(turn))

    async def open_item(self, turn: Turn, payload: Payload) -> None:
        """One setting: an onboarding step re-asked, or one of the own steps."""
        item = payload.arg(0)
        if item in PROFILE_ITEMS:
            await self._edit(turn, item, "settings")
        elif item in OWN_ITEMS:
            turn.goto(FLOW, item)
            await self.prompt(turn)
        elif item == "privacy" and self._privacy is not None:
            turn.idle()
            await self._privacy(turn)
        else:
            await self._stale(turn)

    async def checkin_time(self, turn: Turn, payload: Payload) -> None:
        """The evening check-in time."""
        profile, value = await self._with_profile(turn), payload.arg(0)
        if profile is None:
            return
        if value not in CHECKIN_TIMES:
            await self._stale(turn)
            return
        checkin = time(int(value[:2]), int(value[2:]))
        await self._save(turn, dataclasses.replace(profile, checkin_time=checkin))

    async def lead(self, turn: Turn, payload: Payload) -> None:
        """Minutes between a reminder and its session."""
        profile, minutes = await self._with_profile(turn), payload.int_arg(0)
        if profile is None:
            return
        if minutes not in LEADS:
            await self._stale(turn)
            return
        await self._save(turn, dataclasses.replace(profile, reminder_lead_minutes=minutes))

    async def quiet(self, turn: Turn, payload: Payload) -> None:
        """Quiet hours from a preset."""
        profile, code = await self._with_profile(turn), payload.arg(0)
        if profile is None:
            return
        if code not in QUIET:
            await self._stale(turn)
            return
        start, end = QUIET[code]
        await self._save(turn, dataclasses.replace(profile, quiet_start=start, quiet_end=end))

    async def toggle(self, turn: Turn, payload: Payload) -> None:
        """A kind of notification on or off, as the button says (so a second tap changes nothing).

        A switch from before buttons carried their state ("st:tog:reminder") could undo what
        the student just did; it redraws the switches as they are now and changes nothing.
        """
        profile, kind, state = await self._with_profile(turn), payload.arg(0), payload.arg(1)
        if profile is None:
            return
        if kind not in NOTIFICATION_KINDS:
            await self._stale(turn)
            return
        if state not in ("on", "off"):
            turn.say("common/stale_button")
            self._switches(turn, profile, in_place=False)
            return
        outs = tuple(sorted(set(profile.opt_outs) - {kind} | ({kind} if state == "off" else set())))
        changed = dataclasses.replace(profile, opt_outs=outs)
        await turn.run(self._plans.save_profile, SaveProfile(changed))
        self._switches(turn, changed, in_place=True)

    async def fix(self, turn: Turn, payload: Payload) -> None:
        """One way out of a clash with the quiet hours: move the check-in or the quiet start."""
        profile, what, at = await self._with_profile(turn), payload.arg(0), payload.arg(1)
        if profile is None:
            return
        value = parsing.parse_time(f"{at[:2]}:{at[2:]}") if len(at) == 4 else None
        if what not in ("ci", "qs") or not isinstance(value, time):
            await self._stale(turn)
            return
        if what == "ci":
            changed = dataclasses.replace(profile, checkin_time=value)
        else:
            changed = dataclasses.replace(profile, quiet_start=value)
        await self._save(turn, changed)

    def _warn_quiet(self, turn: Turn, profile: Profile, *, menu: bool) -> bool:
        """Say plainly what the quiet hours would silence, with the ways out; True if any.

        A check-in inside the quiet hours waits for their end and is then too late, so it is
        never sent; a window reaching into them loses its reminders. "Saved" alone hid that.
        """
        checkin = None if "checkin" in profile.opt_outs else profile.checkin_time
        found = clash(checkin, profile.windows, profile.quiet_start, profile.quiet_end)
        if found is None:
            return False
        rows = []
        if found.checkin:
            at = found.checkin_before
            rows.append(
                [turn.button("fix_checkin", SETTINGS_FIX.payload("ci", f"{at:%H%M}"), time=at)]
            )
        at = found.quiet_from
        rows.append([turn.button("fix_quiet", SETTINGS_FIX.payload("qs", f"{at:%H%M}"), time=at)])
        if menu:
            rows.append([turn.button("keep_settings", SETTINGS_MENU.payload())])
        turn.say(
            "settings/quiet_clash",
            rows,
            checkin=found.checkin,
            checkin_time=profile.checkin_time,
            windows=", ".join(span.replace("-", "–") for span in found.windows),
            start=profile.quiet_start,
            end=profile.quiet_end,
        )
        return True

    async def _save(self, turn: Turn, profile: Profile) -> None:
        await turn.run(self._plans.save_profile, SaveProfile(profile))
        turn.say("settings/saved")
        if not self._warn_quiet(turn, profile, menu=True):
            await self.begin(turn)


def current_values(profile: Profile, timezone: str) -> dict[str, object]:
    """What the settings menu shows next to each item: the values in force now."""
    spans = sorted({span for day in profile.windows.values() for span in day})
    break_day = profile.break_weekday if profile.break_days_per_week else None
    return {
        "exam_date": profile.exam_date,
        # as onboarding's summary counts it: the rest day's minutes are not study time
        "weekly": free_minutes_per_week(profile.availability, break_day),
        "windows": ", ".join(span.replace("-", "–") for span in spans),
        "break_day": break_day,
        "target_kind": profile.target_kind,
        "target_value": profile.target_value,
        "timezone": timezone,
        "checkin": profile.checkin_time,
        "checkin_on": "checkin" not in profile.opt_outs,
        "lead": profile.reminder_lead_minutes,
        "reminders_on": "reminder" not in profile.opt_outs,
        "quiet_start": profile.quiet_start,
        "quiet_end": profile.quiet_end,
    }
