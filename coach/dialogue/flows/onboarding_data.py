"""Choices offered during onboarding: availability presets, study windows, time zones."""

from __future__ import annotations

from coach.domain import WEEKDAYS

# Minutes per weekday (mon..sun) for each preset.
AVAILABILITY_PRESETS: dict[str, tuple[int, ...]] = {
    "light": (60, 60, 60, 60, 60, 120, 120),
    "medium": (120, 120, 120, 120, 90, 240, 180),
    "intense": (180, 180, 180, 180, 150, 360, 300),
}
DAY_MINUTES = (0, 30, 45, 60, 90, 120, 150, 180, 240, 300, 360)
MAX_DAY_MINUTES = 600  # a typed day length above this is refused

# Study windows applied to every day: name -> "HH:MM-HH:MM" spans.
WINDOW_PRESETS: dict[str, tuple[str, ...]] = {
    "morning": ("08:00-12:00",),
    "afternoon": ("13:00-18:00",),
    "evening": ("18:00-22:00",),
    "split": ("10:00-13:00", "18:00-22:00"),
}


def preset_availability(name: str) -> dict[str, int]:
    """A preset as a weekday -> minutes mapping."""
    return dict(zip(WEEKDAYS, AVAILABILITY_PRESETS[name], strict=True))


def windows_for(preset: str) -> dict[str, list[str]]:
    """A window preset applied to every weekday."""
    return {day: list(WINDOW_PRESETS[preset]) for day in WEEKDAYS}


def window_minutes(spans: list[str]) -> int:
    """Total minutes of some 'HH:MM-HH:MM' spans."""
    total = 0
    for span in spans:
        start, end = span.split("-")
        start_h, start_m = (int(part) for part in start.split(":"))
        end_h, end_m = (int(part) for part in end.split(":"))
        total += (end_h * 60 + end_m) - (start_h * 60 + start_m)
    return total
