"""Reading what students type: dates, durations, numbers, times, time zones — with the reason
it failed. Dates live in `parse_dates`, durations in `parse_durations`; this module is the one
place the conversation imports them from."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from coach.dialogue.parse_base import Problem
from coach.dialogue.parse_dates import MONTHS, AmbiguousDate, parse_date
from coach.dialogue.parse_durations import HOUR_WORDS, is_unusual, parse_duration
from coach.dialogue.parse_words import parse_weekday, parse_window_word
from coach.dialogue.parse_zones import CITY_ZONES, parse_timezone, zone_choices

__all__ = [
    "CITY_ZONES",
    "MONTHS",
    "AmbiguousDate",
    "Problem",
    "check_exam_date",
    "is_unusual",
    "parse_date",
    "parse_duration",
    "parse_float",
    "parse_hours",
    "parse_int",
    "parse_span",
    "parse_time",
    "parse_timezone",
    "parse_weekday",
    "parse_window_word",
    "zone_choices",
    "zone_is_valid",
]


_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
# A hyphen as typed, or an en/em dash as the coach shows ranges (copied, or a phone's
# smart punctuation).
_SPAN = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s*[-–—]\s*(\d{1,2}[:.]\d{2})\s*$")


def check_exam_date(value: date, today: date) -> Problem | None:
    """An exam date must be ahead of us and within three years."""
    if value <= today:
        return Problem("date_past", {})
    if value > today + timedelta(days=3 * 366):
        return Problem("date_far", {})
    return None


def parse_int(text: str, low: int, high: int) -> int | Problem:
    """A whole number between `low` and `high` ('90', '90 dk'; '2h' and '1,5 saat' are not)."""
    match = re.match(r"^\s*(-?\d{1,6})(?:[.,]0+)?\s*([a-zA-ZçğıöşüÇĞİÖŞÜ.]*)\s*$", text)
    # A unit word may follow ("16 yaş", "90 dk") but never hours: "2h" is not the number 2.
    if not match or match.group(2).lower().strip(".") in HOUR_WORDS:
        return Problem("number_format", {"low": low, "high": high})
    number = int(match.group(1))
    if not low <= number <= high:
        return Problem("number_range", {"low": low, "high": high})
    return number


def parse_float(text: str, low: float, high: float) -> float | Problem:
    """A number such as '87.5' or '87,5' between `low` and `high`."""
    match = re.match(r"^\s*(-?\d{1,6}(?:[.,]\d{1,3})?)\s*$", text)
    if not match:
        return Problem("number_format", {"low": low, "high": high})
    number = float(match.group(1).replace(",", "."))
    if not low <= number <= high:
        return Problem("number_range", {"low": low, "high": high})
    return number


def on_step(number: float, step: int, low: float, high: float) -> float | Problem:
    """`number` when it is on the scale's step (SAT scores are multiples of 10), else the
    problem naming the nearest values on the scale; a step of 0 takes any number."""
    if step <= 0 or number % step == 0:
        return number
    below = max(low, number // step * step)
    above = min(high, below + step)
    return Problem("number_step", {"step": step, "below": int(below), "above": int(above)})


def parse_time(text: str) -> time | Problem:
    """A time of day such as '21:00' or '7.30'."""
    match = _TIME.match(text.strip())
    if not match:
        return Problem("time_format", {})
    return time(int(match.group(1)), int(match.group(2)))


def parse_hours(text: str) -> tuple[time, time] | Problem:
    """A span of hours that may wrap midnight, such as quiet hours '23:00-08:00'."""
    match = _SPAN.match(text)
    if not match:
        return Problem("window_format", {})
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    if isinstance(start, Problem) or isinstance(end, Problem):
        return Problem("window_format", {})
    return start, end


def parse_span(text: str) -> tuple[time, time] | Problem:
    """A time window such as '18:00-21:30' (end after start, same day)."""
    span = parse_hours(text)
    if isinstance(span, Problem):
        return span
    if span[1] <= span[0]:
        return Problem("window_order", {})
    return span


def zone_is_valid(name: str) -> bool:
    """Whether `name` is a time zone zoneinfo knows."""
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        return False
    return True
