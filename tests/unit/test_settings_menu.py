"""The /settings menu shows the figures onboarding's summary showed for the same answers."""

from __future__ import annotations

import dataclasses
from datetime import date

from coach.dialogue.flows.settings import current_values
from coach.domain import Profile
from prompts import render

WEEK = {"mon": 120, "tue": 120, "wed": 150, "thu": 120, "fri": 90, "sat": 240, "sun": 180}


def _profile(break_weekday: str | None, break_days: int) -> Profile:
    return Profile(
        user_id=1, pack_id="sat", track="MATH", exam_date=date(2027, 3, 13),
        start_date=date(2026, 12, 3), availability=WEEK, break_days_per_week=break_days,
        break_weekday=break_weekday, windows={"mon": ("18:00-22:00",)},
    )  # fmt: skip


def test_the_weekly_study_time_leaves_out_the_rest_day_as_onboarding_did() -> None:
    values = current_values(_profile("sun", 1), "America/New_York")
    assert values["weekly"] == sum(WEEK.values()) - WEEK["sun"]
    menu = render("settings/menu", "en", **values)
    assert "Study time: 14 h a week" in menu
    assert "Rest day: Sunday" in menu


def test_without_a_rest_day_every_day_counts() -> None:
    values = current_values(_profile(None, 0), "Europe/Istanbul")
    assert values["weekly"] == sum(WEEK.values())
    assert "haftada 17 sa" in render("settings/menu", "tr", **values)


def test_a_switched_off_reminder_or_check_in_is_shown_off() -> None:
    profile = _profile("sun", 1)
    on = render("settings/menu", "en", **current_values(profile, "Europe/Istanbul"))
    assert "reminders 15 min before" in on and "Evening check-in: 21:00" in on
    off = dataclasses.replace(profile, opt_outs=("reminder", "checkin"))
    values = current_values(off, "Europe/Istanbul")
    en = render("settings/menu", "en", **values)
    assert "Evening check-in: off · session reminders off" in en
    tr = render("settings/menu", "tr", **values)
    assert "Akşam kontrolü: kapalı · oturum hatırlatmaları kapalı" in tr


def test_each_switch_says_on_or_off_in_words() -> None:
    assert render("buttons/toggle", "en", kind="reminder", on=True).endswith("· on")
    assert render("buttons/toggle", "tr", kind="reminder", on=False).endswith("· kapalı")
