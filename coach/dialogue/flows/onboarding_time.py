"""Onboarding steps about time: weekly free time, study window, rest day, time zone."""

from __future__ import annotations

from coach.dialogue import parsing
from coach.dialogue.flows.onboarding_base import OnboardingBase
from coach.dialogue.flows.onboarding_data import (
    AVAILABILITY_PRESETS,
    DAY_MINUTES,
    MAX_DAY_MINUTES,
    WINDOW_PRESETS,
    preset_availability,
    window_minutes,
    windows_for,
)
from coach.dialogue.turn import Turn
from coach.domain import WEEKDAYS


class StudyTimeSteps(OnboardingBase):
    """When the student can study."""

    # ------------------------------------------------------------------ free time
    async def _ask_avail(self, turn: Turn) -> None:
        rows = [
            [self._button(turn, f"preset_{name}", "avail", name)] for name in AVAILABILITY_PRESETS
        ]
        turn.say("onboarding/availability", [*rows, self._back_row(turn)])

    async def _choose_avail(self, turn: Turn, value: str) -> None:
        if value in AVAILABILITY_PRESETS:
            turn.update(availability=preset_availability(value))
        await self._go(turn, "avail_review")

    async def _ask_avail_review(self, turn: Turn) -> None:
        availability = turn.data.get("availability") or preset_availability("medium")
        turn.update(availability=availability)
        turn.say(
            "onboarding/availability_review",
            [
                [self._button(turn, "looks_good", "avail_review", "ok")],
                [self._button(turn, "edit_day", "avail_review", "edit")],
                self._back_row(turn),
            ],
            availability=availability,
            weekly=sum(availability.values()),
            # The presets keep Friday evening lighter; a student should read why, not guess.
            # Once they changed a day the week is theirs, and the note would explain nothing.
            lighter_friday=availability.get("fri", 0) < availability.get("thu", 0)
            and any(availability == preset_availability(name) for name in AVAILABILITY_PRESETS),
        )

    async def _choose_avail_review(self, turn: Turn, value: str) -> None:
        if value == "edit":
            await self._go(turn, "avail_day")
        elif sum(turn.data.get("availability", {}).values()) == 0:
            turn.say("onboarding/problem/no_time")
            await self.prompt(turn)
        else:
            await self._go(turn, "win")

    async def _ask_avail_day(self, turn: Turn) -> None:
        days = [self._button(turn, f"day_{day}", "avail_day", day) for day in WEEKDAYS]
        turn.say("onboarding/availability_day", [days[:4], days[4:], self._back_row(turn)])

    async def _choose_avail_day(self, turn: Turn, value: str) -> None:
        if value in WEEKDAYS:
            turn.update(edit_day=value)
            await self._go(turn, "avail_min")
        else:
            await self.prompt(turn)

    async def _ask_avail_min(self, turn: Turn) -> None:
        buttons = [self._button(turn, "minutes", "avail_min", m, minutes=m) for m in DAY_MINUTES]
        rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
        day = turn.data.get("edit_day", "mon")
        turn.say(
            "onboarding/availability_minutes",
            [*rows, self._back_row(turn)],
            expects="number",
            day=day,
        )

    async def _choose_avail_min(self, turn: Turn, value: str) -> None:
        minutes = parsing.parse_int(value, 0, MAX_DAY_MINUTES)
        if isinstance(minutes, parsing.Problem):
            await self.prompt(turn)
            return
        availability = dict(turn.data.get("availability", {}))
        availability[turn.data.get("edit_day", "mon")] = minutes
        turn.update(availability=availability)
        await self._go(turn, "avail_review")

    async def _type_avail_min(self, turn: Turn, text: str) -> bool:
        # The question asks for minutes, so a bare "90" is minutes; "2h" or "1,5 saat" are hours.
        minutes = parsing.parse_duration(text, 0, MAX_DAY_MINUTES, bare_unit="minute")
        if isinstance(minutes, parsing.Problem):
            await self._problem(turn, minutes)
            return True
        if parsing.is_unusual(minutes):
            turn.update(pending_minutes=minutes)
            await self._go(turn, "avail_ok")
            return True
        await self._choose_avail_min(turn, str(minutes))
        return True

    async def _ask_avail_ok(self, turn: Turn) -> None:
        minutes = int(turn.data.get("pending_minutes", 0))
        turn.say(
            "onboarding/availability_unusual",
            [
                [self._button(turn, "minutes_yes", "avail_ok", "yes", minutes=minutes)],
                [self._button(turn, "minutes_fix", "avail_ok", "no")],
            ],
            minutes=minutes,
            day=turn.data.get("edit_day", "mon"),
        )

    async def _choose_avail_ok(self, turn: Turn, value: str) -> None:
        pending = turn.data.get("pending_minutes")
        if value == "yes" and isinstance(pending, int):
            turn.update(pending_minutes=None)
            await self._choose_avail_min(turn, str(pending))
            return
        turn.update(pending_minutes=None)
        await self._go(turn, "avail_min")

    # ------------------------------------------------------------------ study window
    async def _ask_win(self, turn: Turn) -> None:
        rows = [[self._button(turn, f"window_{name}", "win", name)] for name in WINDOW_PRESETS]
        turn.say("onboarding/window", [*rows, self._back_row(turn)])

    async def _choose_win(self, turn: Turn, value: str) -> None:
        if value not in WINDOW_PRESETS:
            await self.prompt(turn)
            return
        await self._set_windows(turn, windows_for(value))

    async def _type_win(self, turn: Turn, text: str) -> bool:
        preset = parsing.parse_window_word(text)  # "akşam", "evening": the button's words
        if preset is not None:
            await self._choose_win(turn, preset)
            return True
        span = parsing.parse_span(text)
        if isinstance(span, parsing.Problem):
            await self._problem(turn, span)
            return True
        start, end = span
        await self._set_windows(turn, {day: [f"{start:%H:%M}-{end:%H:%M}"] for day in WEEKDAYS})
        return True

    async def _set_windows(self, turn: Turn, windows: dict[str, list[str]]) -> None:
        turn.update(windows=windows)
        longest = max(turn.data.get("availability", {"mon": 0}).values())
        room = window_minutes(windows["mon"])
        if longest > room:
            turn.say("onboarding/window_short", longest=longest, room=room)
        await self._go(turn, "break")

    # ------------------------------------------------------------------ break day
    async def _ask_break(self, turn: Turn) -> None:
        days = [self._button(turn, f"day_{day}", "break", day) for day in WEEKDAYS]
        turn.say(
            "onboarding/break_day",
            [
                days[:4],
                days[4:],
                [self._button(turn, "no_break", "break", "none")],
                self._back_row(turn),
            ],
        )

    async def _type_avail_day(self, turn: Turn, text: str) -> bool:
        day = parsing.parse_weekday(text)  # "cumartesi" where the button says "Cmt"
        if day is not None:
            await self._choose_avail_day(turn, day)
        return day is not None

    async def _type_break(self, turn: Turn, text: str) -> bool:
        day = parsing.parse_weekday(text)
        if day is not None:
            await self._choose_break(turn, day)
        return day is not None

    async def _choose_break(self, turn: Turn, value: str) -> None:
        turn.update(break_weekday=value if value in WEEKDAYS else None)
        await self._go(turn, "tz")

    # ------------------------------------------------------------------ time zone
    def _zone_choices(self, turn: Turn) -> tuple[str, ...]:
        pack_id = turn.data.get("pack_id")
        language = self._catalog.pack(pack_id).language if isinstance(pack_id, str) else None
        return parsing.zone_choices(language, turn.locale)

    async def _ask_tz(self, turn: Turn) -> None:
        # The button carries the zone's place in this list; the list depends only on the exam
        # and the language, so a press reads the same list back.
        choices = self._zone_choices(turn)
        rows = [[self._button(turn, "timezone", "tz", i, zone=z)] for i, z in enumerate(choices)]
        # A first onboarding has no zone of the student's yet (only the server's default):
        # suggest the best guess for the exam and language; a change shows the current one.
        current = turn.user.timezone if turn.data.get("edit") else choices[0]
        turn.say(
            "onboarding/timezone",
            [
                *rows,
                [self._button(turn, "other_timezone", "tz", "other")],
                self._back_row(turn),
            ],
            current=current,
        )

    async def _choose_tz(self, turn: Turn, value: str) -> None:
        choices = self._zone_choices(turn)
        if value.isdigit() and int(value) < len(choices):
            turn.set_user(timezone=choices[int(value)])
            await self._go(turn, "confirm")
        else:
            await self._go(turn, "tz_ask")

    async def _ask_tz_ask(self, turn: Turn) -> None:
        turn.say("onboarding/timezone_ask", [self._back_row(turn)])

    async def _type_tz(self, turn: Turn, text: str) -> bool:
        return await self._type_tz_ask(turn, text)

    async def _type_tz_ask(self, turn: Turn, text: str) -> bool:
        zone = parsing.parse_timezone(text)
        if isinstance(zone, parsing.Problem):
            await self._problem(turn, zone)
            return True
        turn.set_user(timezone=zone)
        await self._go(turn, "confirm")
        return True
