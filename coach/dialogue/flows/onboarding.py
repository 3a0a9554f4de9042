"""Onboarding: language, consent, age band, exam and track, exam date, target, free time,
study window, break day and time zone. Every step can go back; typed answers are validated
with a friendly correction. At the end the profile is saved and the assessment begins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import Any

from coach.catalog import Catalog
from coach.dialogue import parsing
from coach.dialogue.flows.onboarding_data import (
    AVAILABILITY_PRESETS,
    DAY_MINUTES,
    TIMEZONE_CHOICES,
    WINDOW_PRESETS,
    preset_availability,
    window_minutes,
    windows_for,
)
from coach.dialogue.payloads import Payload, make
from coach.dialogue.turn import Turn
from coach.domain import WEEKDAYS, AgeBand, Profile
from coach.messages import Choice

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
}
TARGET_RANGES = {"score": (100, 560)}
MAX_PROGRAMME = 200

NextStep = Callable[[Turn], Awaitable[None]]
AfterEdit = Callable[[Turn, str, str, bool], Awaitable[None]]
EDITABLE = ("lang", "date", "target", "avail", "win", "break", "tz")


class OnboardingFlow:
    """Collects the profile; hands over to the assessment flow when done."""

    name = FLOW
    payload_prefix = PREFIX

    def __init__(self, catalog: Catalog, after: NextStep, after_edit: AfterEdit) -> None:
        self._catalog = catalog
        self._after = after
        self._after_edit = after_edit

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

    async def prompt(self, turn: Turn) -> None:
        """Ask the question of the current step."""
        await getattr(self, f"_ask_{turn.state.step}", self._ask_lang)(turn)

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

    # ------------------------------------------------------------------ helpers
    def _button(self, turn: Turn, name: str, step: str, value: object = "", **ctx: Any) -> Choice:
        return turn.button(
            name, make(PREFIX, step, value) if value != "" else make(PREFIX, step), **ctx
        )

    def _back_row(self, turn: Turn) -> list[Choice]:
        return [turn.button("back", make(PREFIX, "back"))]

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
            current = await turn.uow.profiles.get(turn.user.id)
            if current is not None:
                await turn.uow.profiles.save(
                    dataclasses.replace(
                        self._profile(turn),
                        start_date=current.start_date,
                        checkin_time=current.checkin_time,
                        quiet_start=current.quiet_start,
                        quiet_end=current.quiet_end,
                        reminder_lead_minutes=current.reminder_lead_minutes,
                        max_pushes_per_day=current.max_pushes_per_day,
                        opt_outs=current.opt_outs,
                        blackout_dates=current.blackout_dates,
                    )
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

    def _problem(self, turn: Turn, problem: parsing.Problem) -> None:
        turn.say(f"onboarding/problem/{problem.code}", **problem.details)

    # ------------------------------------------------------------------ language
    async def _ask_lang(self, turn: Turn) -> None:
        turn.say(
            "onboarding/language",
            [
                [
                    self._button(turn, "lang_tr", "lang", "tr"),
                    self._button(turn, "lang_en", "lang", "en"),
                ]
            ],
        )

    async def _choose_lang(self, turn: Turn, value: str) -> None:
        if value in ("tr", "en"):
            turn.set_user(locale=value)
        await self._go(turn, "consent")

    async def _type_lang(self, turn: Turn, text: str) -> bool:
        folded = text.strip().lower()
        if folded.startswith(("tür", "tur", "tr")):
            await self._choose_lang(turn, "tr")
        elif folded.startswith(("eng", "en", "ing")):
            await self._choose_lang(turn, "en")
        else:
            return False
        return True

    # ------------------------------------------------------------------ consent and age
    async def _ask_consent(self, turn: Turn) -> None:
        turn.say(
            "onboarding/consent",
            [
                [self._button(turn, "agree", "consent", "yes")],
                [self._button(turn, "disagree", "consent", "no")],
                self._back_row(turn),
            ],
        )

    async def _choose_consent(self, turn: Turn, value: str) -> None:
        if value != "yes":
            turn.idle()
            turn.say("onboarding/consent_declined")
            return
        turn.set_user(consent_at=turn.now)
        await self._go(turn, "age")

    async def _ask_age(self, turn: Turn) -> None:
        turn.say(
            "onboarding/age",
            [
                [
                    self._button(turn, "age_minor", "age", "minor"),
                    self._button(turn, "age_adult", "age", "adult"),
                ],
                self._back_row(turn),
            ],
        )

    async def _choose_age(self, turn: Turn, value: str) -> None:
        band = AgeBand.ADULT if value == "adult" else AgeBand.UNDER_18
        turn.set_user(age_band=band)
        if band is AgeBand.UNDER_18:
            turn.say("onboarding/minor_note")
        await self._go(turn, "track")

    async def _type_age(self, turn: Turn, text: str) -> bool:
        age = parsing.parse_int(text, 8, 99)
        if isinstance(age, parsing.Problem):
            return False
        await self._choose_age(turn, "adult" if age >= 18 else "minor")
        return True

    # ------------------------------------------------------------------ exam and track
    async def _ask_track(self, turn: Turn) -> None:
        options = self._catalog.track_options()
        rows = [
            [
                turn.button(
                    "track",
                    make(PREFIX, "track", index),
                    label=option.label if turn.locale == "tr" else option.label_en,
                )
            ]
            for index, option in enumerate(options)
        ]
        turn.say("onboarding/track", [*rows, self._back_row(turn)])

    async def _choose_track(self, turn: Turn, value: str) -> None:
        options = self._catalog.track_options()
        if not value.isdigit() or int(value) >= len(options):
            await self.prompt(turn)
            return
        option = options[int(value)]
        turn.update(pack_id=option.pack_id, track=option.track)
        await self._go(turn, "date")

    # ------------------------------------------------------------------ exam date
    def _default_exam_date(self, turn: Turn) -> date:
        return self._catalog.next_exam_date(turn.data["pack_id"], turn.today())

    async def _ask_date(self, turn: Turn) -> None:
        default = self._default_exam_date(turn)
        turn.say(
            "onboarding/exam_date",
            [
                [self._button(turn, "use_date", "date", "default", day=_show(default))],
                [self._button(turn, "other_date", "date", "other")],
                self._back_row(turn),
            ],
            default=_show(default),
        )

    async def _choose_date(self, turn: Turn, value: str) -> None:
        if value == "default":
            turn.update(exam_date=self._default_exam_date(turn).isoformat())
            await self._go(turn, "target")
        else:
            await self._go(turn, "date_ask")

    async def _ask_date_ask(self, turn: Turn) -> None:
        turn.say("onboarding/exam_date_ask", [self._back_row(turn)])

    async def _type_date(self, turn: Turn, text: str) -> bool:
        return await self._type_date_ask(turn, text)

    async def _type_date_ask(self, turn: Turn, text: str) -> bool:
        value = parsing.parse_date(text)
        problem = value if isinstance(value, parsing.Problem) else None
        if problem is None and isinstance(value, date):
            problem = parsing.check_exam_date(value, turn.today())
        if problem is not None or not isinstance(value, date):
            self._problem(turn, problem or parsing.Problem("date_format", {}))
            return True
        turn.update(exam_date=value.isoformat())
        await self._go(turn, "target")
        return True

    # ------------------------------------------------------------------ target
    async def _ask_target(self, turn: Turn) -> None:
        turn.say(
            "onboarding/target",
            [
                [
                    self._button(turn, "target_net", "target", "net"),
                    self._button(turn, "target_score", "target", "score"),
                ],
                [self._button(turn, "target_programme", "target", "programme")],
                [self._button(turn, "skip", "target", "skip")],
                self._back_row(turn),
            ],
        )

    async def _choose_target(self, turn: Turn, value: str) -> None:
        if value not in ("net", "score", "programme"):
            turn.update(target_kind=None, target_value=None)
            await self._go(turn, "avail")
            return
        turn.update(target_kind=value)
        await self._go(turn, "target_ask")

    def _max_net(self, turn: Turn) -> int:
        pack = self._catalog.pack(turn.data["pack_id"])
        tests = {subject.test_id for subject in pack.subjects_for_track(turn.data["track"])}
        return sum(pack.tests_by_id[test_id].questions for test_id in tests)

    async def _ask_target_ask(self, turn: Turn) -> None:
        kind = turn.data.get("target_kind", "net")
        turn.say(
            f"onboarding/target_ask_{kind}", [self._back_row(turn)], max_net=self._max_net(turn)
        )

    async def _type_target_ask(self, turn: Turn, text: str) -> bool:
        kind = turn.data.get("target_kind", "net")
        if kind == "programme":
            value = " ".join(text.split())[:MAX_PROGRAMME]
        else:
            low, high = TARGET_RANGES.get(kind, (1, self._max_net(turn)))
            number = parsing.parse_float(text, low, high)
            if isinstance(number, parsing.Problem):
                self._problem(turn, number)
                return True
            value = f"{number:g}"
        turn.update(target_value=value)
        await self._go(turn, "avail")
        return True

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
        turn.say("onboarding/availability_minutes", [*rows, self._back_row(turn)], day=day)

    async def _choose_avail_min(self, turn: Turn, value: str) -> None:
        minutes = parsing.parse_int(value, 0, 600)
        if isinstance(minutes, parsing.Problem):
            await self.prompt(turn)
            return
        availability = dict(turn.data.get("availability", {}))
        availability[turn.data.get("edit_day", "mon")] = minutes
        turn.update(availability=availability)
        await self._go(turn, "avail_review")

    async def _type_avail_min(self, turn: Turn, text: str) -> bool:
        minutes = parsing.parse_int(text, 0, 600)
        if isinstance(minutes, parsing.Problem):
            self._problem(turn, minutes)
            return True
        await self._choose_avail_min(turn, str(minutes))
        return True

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
        span = parsing.parse_span(text)
        if isinstance(span, parsing.Problem):
            self._problem(turn, span)
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

    async def _choose_break(self, turn: Turn, value: str) -> None:
        turn.update(break_weekday=value if value in WEEKDAYS else None)
        await self._go(turn, "tz")

    # ------------------------------------------------------------------ time zone
    async def _ask_tz(self, turn: Turn) -> None:
        rows = [
            [self._button(turn, "timezone", "tz", i, zone=z)]
            for i, z in enumerate(TIMEZONE_CHOICES)
        ]
        turn.say(
            "onboarding/timezone",
            [
                *rows,
                [self._button(turn, "other_timezone", "tz", "other")],
                self._back_row(turn),
            ],
            current=turn.user.timezone,
        )

    async def _choose_tz(self, turn: Turn, value: str) -> None:
        if value.isdigit() and int(value) < len(TIMEZONE_CHOICES):
            turn.set_user(timezone=TIMEZONE_CHOICES[int(value)])
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
            self._problem(turn, zone)
            return True
        turn.set_user(timezone=zone)
        await self._go(turn, "confirm")
        return True

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
            exam_date=_show(date.fromisoformat(data.get("exam_date", turn.today().isoformat()))),
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

    def _profile(self, turn: Turn) -> Profile:
        data = turn.data
        break_day = data.get("break_weekday")
        availability = {day: int(data["availability"].get(day, 0)) for day in WEEKDAYS}
        return Profile(
            user_id=turn.user.id,
            pack_id=data["pack_id"],
            track=data["track"],
            exam_date=date.fromisoformat(data["exam_date"]),
            start_date=turn.today(),
            availability=availability,
            windows={day: tuple(spans) for day, spans in data.get("windows", {}).items()},
            break_days_per_week=1 if break_day else 0,
            break_weekday=break_day,
            target_kind=data.get("target_kind"),
            target_value=data.get("target_value"),
            checkin_time=time(21, 0),
        )


def _show(value: date) -> str:
    """A date as students in Turkey write it."""
    return value.strftime("%d.%m.%Y")
