"""One locale-aware formatter for every date, time, number, plural and duration a user reads.

Everything goes through Babel (CLDR data) so Turkish gets its own weekday abbreviations
("Cmt" for Saturday, never a cut "Cum"), its decimal comma ("16,1") and English its plurals
("1 day", "2 days"). The jinja2 filters in `prompts` call these functions; code that builds a
text outside a template calls them directly.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time, get_timezone, get_timezone_location
from babel.numbers import format_decimal
from babel.units import format_unit

SUPPORTED = ("tr", "en")
_DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Date patterns (CLDR skeleton syntax) as students in each country write them.
_DAY_PATTERN = {"tr": "EEE dd.MM", "en": "EEE d MMM"}
_FULL_PATTERN = {"tr": "dd.MM.y", "en": "d MMMM y"}
_DAY_MONTH_PATTERN = {"tr": "d MMMM", "en": "d MMMM"}
# Compact duration abbreviations: CLDR's short forms carry a dot in Turkish ("sa.", "dk.") and
# "hr" in English; in running chat text people write "1 sa 30 dk" and "1 h 30 min".
_DURATION_WORDS = {"tr": ("sa", "dk"), "en": ("h", "min")}
_UNITS = {
    "second": "duration-second",
    "minute": "duration-minute",
    "hour": "duration-hour",
    "day": "duration-day",
    "week": "duration-week",
    "month": "duration-month",
}


# The formatters are cached: Babel parses a CLDR pattern on every call (about 0.2 ms), and
# a conversation formats the same few dates and numbers again and again.


def _locale(locale: str | None) -> str:
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else "en"


@lru_cache(maxsize=8)
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


@lru_cache(maxsize=4096)
def format_day(value: date | datetime | str, locale: str | None) -> str:
    """A date as a short label: 'Cmt 05.12' / 'Sat 5 Dec'."""
    loc = _locale(locale)
    return format_date(_as_date(value), _DAY_PATTERN[loc], locale=loc)


@lru_cache(maxsize=4096)
def format_full_date(value: date | datetime | str, locale: str | None) -> str:
    """A date in full: '19.06.2027' / '19 June 2027'."""
    loc = _locale(locale)
    return format_date(_as_date(value), _FULL_PATTERN[loc], locale=loc)


@lru_cache(maxsize=4096)
def format_day_month(value: date | datetime | str, locale: str | None) -> str:
    """A day of a month in words: '6 Mayıs' / '6 May' (to tell two readings of a date apart)."""
    loc = _locale(locale)
    return format_date(_as_date(value), _DAY_MONTH_PATTERN[loc], locale=loc)


@lru_cache(maxsize=4096)
def format_weekday(value: object, locale: str | None, width: str = "wide") -> str:
    """'mon', 0..6 or a date -> 'Pazartesi' / 'Monday' (width 'abbreviated' gives 'Pzt')."""
    if isinstance(value, str):
        index = _DAY_CODES.index(value)
    elif isinstance(value, int):
        index = value
    else:
        index = value.weekday()  # type: ignore[attr-defined]
    names = _babel_locale(_locale(locale)).days["format"][width]
    return str(names[index])


@lru_cache(maxsize=4096)
def format_month(value: int, locale: str | None) -> str:
    """1 -> 'Ocak' / 'January' (the name standing alone, as in 'There is no February 30')."""
    names = _babel_locale(_locale(locale)).months["stand-alone"]["wide"]
    return str(names[int(value)])


@lru_cache(maxsize=4096)
def format_clock(value: time | datetime | str | None, locale: str | None) -> str:
    """A time of day on the 24-hour clock both audiences read: '08:05'."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    moment = value.time() if isinstance(value, datetime) else value
    return format_time(moment, "HH:mm", locale=_locale(locale))


def _as_number(value: float | int | str) -> float | int:
    """A number from a number or its text ('15' from a stored target); whole numbers as int so
    plural rules see 1, not 1.0."""
    number = float(value) if isinstance(value, str) else value
    return int(number) if float(number).is_integer() else number


@lru_cache(maxsize=4096)
def format_number(value: float | int | str, locale: str | None, digits: int = 2) -> str:
    """16.1 -> '16,1' / '16.1'; at most `digits` decimals, none for a whole number."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(_as_number(value), format=pattern, locale=_locale(locale))


def plural(count: float | int | str, one: str, other: str, locale: str | None) -> str:
    """The word form for `count` by the locale's plural rule (Turkish nouns after a number
    stay singular, so a Turkish template passes the same word twice or uses `count`)."""
    form = _babel_locale(_locale(locale)).plural_form(abs(_as_number(count)))
    return one if form == "one" else other


@lru_cache(maxsize=4096)
def format_count(count: float | int | str, unit: str, locale: str | None) -> str:
    """A number with its unit in words: (1, 'day') -> '1 day' / '1 gün'; (2, 'day') -> '2 days'."""
    loc = _locale(locale)
    number = _as_number(count)
    return str(format_unit(number, _UNITS[unit], length="long", locale=loc, format="#,##0.#"))


@lru_cache(maxsize=4096)
def format_duration(minutes: float | int, locale: str | None) -> str:
    """Minutes in words: 90 -> '1 sa 30 dk' / '1 h 30 min'; 45 -> '45 dk' / '45 min'."""
    loc = _locale(locale)
    hour_word, minute_word = _DURATION_WORDS[loc]
    hours, rest = divmod(round(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{format_number(hours, loc, 0)} {hour_word}")
    if rest or not hours:
        parts.append(f"{rest} {minute_word}")
    return " ".join(parts)


@lru_cache(maxsize=4096)
def format_hours(minutes: float | int, locale: str | None) -> str:
    """Minutes as hours with one decimal: 966 -> '16,1 saat' / '16.1 hours'."""
    return format_count(round(minutes / 60, 1), "hour", locale)


@lru_cache(maxsize=256)
def format_zone(zone: str, locale: str) -> str:
    """A time zone as people say it ("Türkiye Saati", "United States (New York) Time"), not
    its IANA id; the id itself for zones with no place (UTC, Etc/GMT+3) or unknown to Babel."""
    if "/" not in zone or zone.startswith("Etc/"):
        return zone
    try:
        return str(get_timezone_location(get_timezone(zone), locale=locale))
    except (LookupError, ValueError):
        return zone
