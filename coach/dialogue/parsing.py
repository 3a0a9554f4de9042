"""Reading what students type: dates, numbers, times, time zones — with the reason it failed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

MONTHS = {
    # Turkish and English month names and common abbreviations
    "ocak": 1,
    "şubat": 2,
    "subat": 2,
    "mart": 3,
    "nisan": 4,
    "mayıs": 5,
    "mayis": 5,
    "haziran": 6,
    "temmuz": 7,
    "ağustos": 8,
    "agustos": 8,
    "eylül": 9,
    "eylul": 9,
    "ekim": 10,
    "kasım": 11,
    "kasim": 11,
    "aralık": 12,
    "aralik": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

CITY_ZONES = {
    "istanbul": "Europe/Istanbul",
    "ankara": "Europe/Istanbul",
    "izmir": "Europe/Istanbul",
    "türkiye": "Europe/Istanbul",
    "turkiye": "Europe/Istanbul",
    "turkey": "Europe/Istanbul",
    "berlin": "Europe/Berlin",
    "münchen": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "london": "Europe/London",
    "londra": "Europe/London",
    "amsterdam": "Europe/Amsterdam",
    "paris": "Europe/Paris",
    "vienna": "Europe/Vienna",
    "viyana": "Europe/Vienna",
    "baku": "Asia/Baku",
    "bakü": "Asia/Baku",
    "lefkoşa": "Asia/Nicosia",
    "nicosia": "Asia/Nicosia",
    "new york": "America/New_York",
    "utc": "UTC",
}

_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./\-\s](\d{1,2})[./\-\s](\d{1,4})$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([^\d\s]+)\s+(\d{4})$")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_SPAN = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why typed input was not accepted; `code` picks the template, `details` fill it."""

    code: str
    details: dict[str, Any]


def parse_date(text: str) -> date | Problem:
    """A calendar date from '15.06.2027', '2027-06-15', '15 Haziran 2027' or '15 June 2027'."""
    value = text.strip().lower()
    day = month = year = None
    if match := _NUMERIC_DATE.match(value):
        first, second, third = (int(part) for part in match.groups())
        if len(match.group(1)) == 4:
            year, month, day = first, second, third
        else:
            day, month, year = first, second, third
    elif match := _WORD_DATE.match(value):
        day, month, year = int(match.group(1)), MONTHS.get(match.group(2)), int(match.group(3))
        if month is None:
            return Problem("date_format", {})
    else:
        return Problem("date_format", {})
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        return Problem("date_format", {})
    try:
        return date(year, month, day)
    except ValueError:
        return Problem("date_impossible", {"day": day, "month": month})


def check_exam_date(value: date, today: date) -> Problem | None:
    """An exam date must be ahead of us and within three years."""
    if value <= today:
        return Problem("date_past", {})
    if value > today + timedelta(days=3 * 366):
        return Problem("date_far", {})
    return None


def parse_int(text: str, low: int, high: int) -> int | Problem:
    """A whole number between `low` and `high` ('90', '90 dk', '1,5 saat' is not accepted)."""
    match = re.match(r"^\s*(-?\d{1,6})(?:[.,]0+)?\s*[a-zA-ZçğıöşüÇĞİÖŞÜ.]*\s*$", text)
    if not match:
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


def parse_time(text: str) -> time | Problem:
    """A time of day such as '21:00' or '7.30'."""
    match = _TIME.match(text.strip())
    if not match:
        return Problem("time_format", {})
    return time(int(match.group(1)), int(match.group(2)))


def parse_span(text: str) -> tuple[time, time] | Problem:
    """A time window such as '18:00-21:30' (end after start, same day)."""
    match = _SPAN.match(text)
    if not match:
        return Problem("window_format", {})
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    if isinstance(start, Problem) or isinstance(end, Problem):
        return Problem("window_format", {})
    if end <= start:
        return Problem("window_order", {})
    return start, end


def parse_timezone(text: str) -> str | Problem:
    """An IANA time zone from a name ('Europe/Berlin') or a well-known city ('Berlin')."""
    value = text.strip()
    lowered = value.lower()
    if lowered in CITY_ZONES:
        return CITY_ZONES[lowered]
    by_lower = {name.lower(): name for name in available_timezones()}
    if lowered in by_lower:
        return by_lower[lowered]
    for name in sorted(by_lower.values()):
        if name.lower().endswith("/" + lowered.replace(" ", "_")):
            return name
    return Problem("timezone_unknown", {})


def zone_is_valid(name: str) -> bool:
    """Whether `name` is a time zone zoneinfo knows."""
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        return False
    return True
