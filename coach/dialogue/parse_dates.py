"""Dates as students type them, in Turkish and English.

'15.06.2027', '2027-06-15', '15/06/2027', '5 Haziran 2027', '5 haz 2027', 'June 5, 2027',
'5th of June 2027', and without a year ('5 June': the next such day). A numeric date written
with slashes or dashes by an English speaker may be day-first or month-first: when both readings
are real dates, the reader gets both back and the conversation asks which one was meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from coach.dialogue.parse_base import Problem, fold

_MONTH_NAMES = {
    1: ("ocak", "january"),
    2: ("şubat", "subat", "february"),
    3: ("mart", "march"),
    4: ("nisan", "april"),
    5: ("mayıs", "mayis", "may"),
    6: ("haziran", "june"),
    7: ("temmuz", "july"),
    8: ("ağustos", "agustos", "august"),
    9: ("eylül", "eylul", "september", "sept"),
    10: ("ekim", "october"),
    11: ("kasım", "kasim", "november"),
    12: ("aralık", "aralik", "december"),
}
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names}

_NUMERIC = re.compile(r"^(\d{1,4})([./\-\s])(\d{1,2})\2(\d{1,4})$")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th|\.)(?=\s|$)")
_NUMBER = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True, slots=True)
class AmbiguousDate:
    """A numeric date that reads as two real days ('06/05/2027': 6 May or 5 June)."""

    day_first: date
    month_first: date


def month_number(word: str) -> int | None:
    """'Haziran', 'haz', 'June', 'Jun.' -> 6; None for a word that is no month."""
    word = word.strip(".").strip("'’")
    if word in MONTHS:
        return MONTHS[word]
    if len(word) >= 3:
        found = {number for name, number in MONTHS.items() if name.startswith(word)}
        if len(found) == 1:
            return found.pop()
    return None


def _build(year: int, month: int, day: int) -> date | Problem:
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        return Problem("date_format", {})
    try:
        return date(year, month, day)
    except ValueError:
        return Problem("date_impossible", {"day": day, "month": month})


def _numeric(match: re.Match[str], locale: str | None) -> date | AmbiguousDate | Problem:
    first, separator, second, third = match.groups()
    a, b, c = int(first), int(second), int(third)
    if len(first) == 4:
        return _build(a, b, c)  # ISO: year first
    if a > 12 or a == b:
        return _build(c, b, a)
    if b > 12:
        return _build(c, a, b)  # only month-first makes a date
    # Dots (and Turkish writers) put the day first; an English writer with slashes or dashes
    # may mean either order.
    if separator == "." or locale != "en":
        return _build(c, b, a)
    day_first, month_first = _build(c, b, a), _build(c, a, b)
    if isinstance(day_first, date) and isinstance(month_first, date):
        return AmbiguousDate(day_first, month_first)
    return day_first if isinstance(day_first, date) else month_first


def _next_occurrence(month: int, day: int, today: date | None) -> date | Problem:
    if today is None:  # no "today" to count from: ask for the year rather than guess
        return Problem("date_format", {})
    start = today
    for year in (start.year, start.year + 1, start.year + 2, start.year + 3, start.year + 4):
        built = _build(year, month, day)
        if isinstance(built, date) and built >= start:
            return built
    return _build(start.year, month, day)


def _worded(words: list[str], today: date | None) -> date | Problem | None:
    numbers = [w for w in words if _NUMBER.match(w)]
    months = [m for w in words if not _NUMBER.match(w) and (m := month_number(w)) is not None]
    others = [w for w in words if not _NUMBER.match(w) and month_number(w) is None]
    if len(months) != 1 or others or not 1 <= len(numbers) <= 2:
        return None
    day_text = next((n for n in numbers if len(n) <= 2), None)
    year_text = next((n for n in numbers if n is not day_text), None)
    if day_text is None:
        return None
    if year_text is None:
        return _next_occurrence(months[0], int(day_text), today)
    return _build(int(year_text), months[0], int(day_text))


def parse_date(
    text: str, locale: str | None = None, today: date | None = None
) -> date | AmbiguousDate | Problem:
    """A calendar date from what a student typed (see the module docstring for the forms)."""
    value = fold(text)
    if match := _NUMERIC.match(value):
        return _numeric(match, locale)
    cleaned = _ORDINAL.sub("", value.replace(",", " ").replace("/", " "))
    words = [w for w in cleaned.split() if w not in ("of", "the")]
    worded = _worded(words, today)
    return worded if worded is not None else Problem("date_format", {})
