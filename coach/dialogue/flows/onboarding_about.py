"""Onboarding steps about the student and their goal: language, consent, age band, exam and
track, exam date, target."""

from __future__ import annotations

from datetime import date

from coach.actions import MENU, ONBOARDING
from coach.dialogue import parsing
from coach.dialogue.flows.onboarding_base import (
    MAX_PROGRAMME,
    TARGET_RANGES,
    OnboardingBase,
    show_date,
)
from coach.dialogue.turn import Turn
from coach.domain import AgeBand


class AboutYouSteps(OnboardingBase):
    """Who the student is and what they aim for."""

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
            # Not a dead end: changing one's mind is one tap, not a command to remember.
            turn.say(
                "onboarding/consent_declined",
                [[turn.button("start_over", MENU["start"].payload())]],
            )
            return
        turn.set_user(consent_at=turn.now, display_name=turn.event.display_name or None)
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
            if age.code == "number_range":  # "200", "-3": say the range, ask again
                await self._problem(turn, age)
                return True
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
                    ONBOARDING["track"].payload(index),
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
                [
                    self._button(
                        turn,
                        "use_date",
                        "date",
                        "default",
                        day=show_date(default, turn.locale),
                        official=self._catalog.is_official_date(turn.data["pack_id"], default),
                    )
                ],
                [self._button(turn, "other_date", "date", "other")],
                self._back_row(turn),
            ],
            default=show_date(default, turn.locale),
            official=self._catalog.is_official_date(turn.data["pack_id"], default),
            editing=bool(turn.data.get("edit")),  # from /settings: no "change it in /settings"
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
        value: date | parsing.AmbiguousDate | parsing.Problem
        value = parsing.parse_date(text, turn.locale, turn.today())
        if isinstance(value, parsing.AmbiguousDate):
            # "06/05/2027" from an English speaker: ask, never guess the order; but a reading
            # that could not be the exam date (past, too far) is no choice to offer.
            both = (value.day_first, value.month_first)
            usable = [day for day in both if parsing.check_exam_date(day, turn.today()) is None]
            if len(usable) == 2:
                turn.update(date_options=[day.isoformat() for day in usable])
                await self._go(turn, "date_which")
                return True
            value = usable[0] if usable else value.day_first
        problem = value if isinstance(value, parsing.Problem) else None
        if problem is None and isinstance(value, date):
            problem = parsing.check_exam_date(value, turn.today())
        if problem is not None or not isinstance(value, date):
            await self._problem(turn, problem or parsing.Problem("date_format", {}))
            return True
        turn.update(exam_date=value.isoformat())
        await self._go(turn, "target")
        return True

    async def _ask_date_which(self, turn: Turn) -> None:
        first, second = (date.fromisoformat(day) for day in turn.data.get("date_options", []))
        turn.say(
            "onboarding/exam_date_which",
            [
                [self._button(turn, "date_pick", "date_which", first.isoformat(), day=first)],
                [self._button(turn, "date_pick", "date_which", second.isoformat(), day=second)],
                self._back_row(turn),
            ],
            first=first,
            second=second,
        )

    async def _choose_date_which(self, turn: Turn, value: str) -> None:
        if value not in turn.data.get("date_options", []):
            await self.prompt(turn)
            return
        picked = date.fromisoformat(value)
        problem = parsing.check_exam_date(picked, turn.today())
        if problem is not None:
            # Say why, then ask for the date again (typed).
            turn.say(f"onboarding/problem/{problem.code}", **problem.details)
            await self._go(turn, "date_ask")
            return
        turn.update(exam_date=picked.isoformat())
        await self._go(turn, "target")

    async def _type_date_which(self, turn: Turn, text: str) -> bool:
        return await self._type_date_ask(turn, text)

    # ------------------------------------------------------------------ target
    async def _ask_target(self, turn: Turn) -> None:
        # An exam without nets (SAT) offers no net target: its students aim for a score.
        kinds = ["net", "score"] if turn.exam.get("uses_net", True) else ["score"]
        turn.say(
            "onboarding/target",
            [
                [self._button(turn, f"target_{kind}", "target", kind) for kind in kinds],
                [self._button(turn, "target_programme", "target", "programme")],
                [self._button(turn, "skip", "target", "skip")],
                self._back_row(turn),
            ],
        )

    async def _choose_target(self, turn: Turn, value: str) -> None:
        if value == "net" and not turn.exam.get("uses_net", True):
            value = "score"  # an old message's button: this exam has no nets
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
        low, high = self._range(turn, kind)
        turn.say(
            f"onboarding/target_ask_{kind}",
            [self._back_row(turn)],
            max_net=self._max_net(turn),
            low=low,
            high=high,
        )

    def _range(self, turn: Turn, kind: str) -> tuple[int, int]:
        """The values a target may take: the exam's score scale, or up to every question."""
        if kind == "score":
            exam = turn.exam
            if exam.get("score_max"):
                return int(exam["score_min"]), int(exam["score_max"])
            return TARGET_RANGES["score"]
        return 1, self._max_net(turn)

    async def _type_target_ask(self, turn: Turn, text: str) -> bool:
        kind = turn.data.get("target_kind", "net")
        if kind == "programme":
            value = " ".join(text.split())[:MAX_PROGRAMME]
        else:
            low, high = self._range(turn, kind)
            number = parsing.parse_float(text, low, high)
            if not isinstance(number, parsing.Problem) and kind == "score":
                number = parsing.on_step(number, int(turn.exam.get("score_step") or 0), low, high)
            if isinstance(number, parsing.Problem):
                await self._problem(turn, number)
                return True
            value = f"{number:g}"
        turn.update(target_value=value)
        await self._go(turn, "avail")
        return True
