"""Quiet hours against the check-in and the study windows: a check-in inside them is never
sent and a window reaching into them loses its reminders, so settings say so and offer a way
out; the default check-in comes after the day's last study window."""

from __future__ import annotations

from datetime import time

import pytest

from coach.notifications.quiet import clash, default_checkin, default_quiet_start
from prompts import render

LATE = {"mon": ("19:00-23:30",), "sat": ("10:00-12:00", "19:00-23:30")}


def test_the_default_checkin_is_after_the_last_window_and_before_the_quiet_hours() -> None:
    assert default_checkin(LATE) == time(23, 30)
    assert default_quiet_start(time(23, 30)) == time(0, 0)
    assert default_checkin({"mon": ("17:00-20:00",)}) == time(21, 0)  # earlier study: 21:00
    assert default_quiet_start(time(21, 0)) == time(23, 0)
    assert default_checkin({}) == time(21, 0)


def test_a_checkin_and_a_window_in_the_quiet_hours_are_found_with_their_fixes() -> None:
    found = clash(time(23, 45), LATE, time(20, 0), time(8, 0))
    assert found is not None
    assert found.checkin and found.windows == ("19:00-23:30",)
    assert found.checkin_before == time(19, 30)
    assert found.quiet_from == time(0, 0)
    assert clash(time(23, 45), LATE, found.quiet_from, time(8, 0)) is None
    assert clash(time(21, 0), {"mon": ("17:00-20:00",)}, time(23, 0), time(8, 0)) is None
    assert clash(None, {"mon": ("07:00-09:00",)}, time(23, 0), time(8, 0)) is not None  # morning


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", ("check-in at 23:45", "19:00–23:30", "20:00–08:00")),
     ("tr", ("Akşam kontrolün (23:45)", "19:00–23:30", "20:00–08:00"))],
)  # fmt: skip
def test_the_warning_says_what_is_silenced_in_both_languages(
    locale: str, words: tuple[str, ...]
) -> None:
    text = render(
        "settings/quiet_clash", locale, checkin=True, checkin_time=time(23, 45),
        windows="19:00–23:30", start=time(20, 0), end=time(8, 0),
    )  # fmt: skip
    assert all(w in text for w in words), text
    only_window = render(
        "settings/quiet_clash", locale, checkin=False, checkin_time=time(21, 0),
        windows="19:00–23:30", start=time(20, 0), end=time(8, 0),
    )  # fmt: skip
    assert "21:00" not in only_window and "\n\n" not in only_window
    assert render("buttons/fix_checkin", locale, time=time(19, 30)).endswith("19:30")
