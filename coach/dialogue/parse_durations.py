"""Lengths of time as students type them: '2h', '2 saat', '1,5 saat', '1.5 hours', '90 dk',
'1 saat 30 dk', '1h30', '1:30'.

A number without a unit is minutes only where the question asked for minutes (`bare_unit`);
elsewhere it is refused with a question for the unit, never guessed. `is_unusual` tells the
conversation when a value is worth confirming before it is used.
"""

from __future__ import annotations

import re

from coach.dialogue.parse_base import Problem, fold

HOUR_WORDS = ("h", "hr", "hrs", "hour", "hours", "sa", "saat", "st")
_MINUTE_WORDS = ("m", "min", "mins", "minute", "minutes", "dk", "dak", "dakika", "d")
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-zçğıöşü]+)\.?")
_BARE = re.compile(r"^(\d+(?:[.,]\d+)?)$")
_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_HOURS_THEN_MINUTES = re.compile(r"^(\d{1,2})\s*(?:h|sa|saat)\s*(\d{1,2})$")

# A day's study time outside these bounds is possible but rare enough to ask once.
USUAL_DAY_MINUTES = (10, 360)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _unit_minutes(unit: str) -> int | None:
    if unit in HOUR_WORDS:
        return 60
    if unit in _MINUTE_WORDS:
        return 1
    return None


def _worded(value: str) -> float | None:
    parts = _PART.findall(value)
    rest = _PART.sub("", value).replace("ve", "").replace("and", "").strip(" ,+")
    if not parts or rest:
        return None
    total = 0.0
    for number, unit in parts:
        factor = _unit_minutes(unit)
        if factor is None:
            return None
        total += _number(number) * factor
    return total


def parse_duration(
    text: str, low: int, high: int, bare_unit: str | None = "minute"
) -> int | Problem:
    """Whole minutes between `low` and `high` from a typed length of time."""
    value = fold(text)
    total: float | None
    if match := _BARE.match(value):
        if bare_unit is None:
            return Problem("duration_unit", {"low": low, "high": high})
        total = _number(match.group(1)) * (60 if bare_unit == "hour" else 1)
    elif match := _CLOCK.match(value) or _HOURS_THEN_MINUTES.match(value):
        total = int(match.group(1)) * 60 + int(match.group(2))
    else:
        total = _worded(value)
    if total is None:
        return Problem("duration_format", {"low": low, "high": high})
    minutes = round(total)
    if not low <= minutes <= high:
        return Problem("duration_range", {"low": low, "high": high})
    return minutes


def is_unusual(minutes: int, usual: tuple[int, int] = USUAL_DAY_MINUTES) -> bool:
    """Whether a day's minutes are unusual enough to confirm (0 means 'no study': usual)."""
    return minutes != 0 and not usual[0] <= minutes <= usual[1]
