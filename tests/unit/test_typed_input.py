"""Dates, durations and time zones as students type them, in Turkish and English."""

from __future__ import annotations

from datetime import date

import pytest

from coach.dialogue import parsing
from prompts import render

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("15.06.2027", "en", date(2027, 6, 15)),
        ("2027-06-15", "tr", date(2027, 6, 15)),
        ("5 Haziran 2027", "tr", date(2027, 6, 5)),
        ("5 haz 2027", "tr", date(2027, 6, 5)),
        ("June 5, 2027", "en", date(2027, 6, 5)),
        ("Jun 5 2027", "en", date(2027, 6, 5)),
        ("5th of June 2027", "en", date(2027, 6, 5)),
        ("MAYIS 5 2027", "tr", date(2027, 5, 5)),
        ("06/05/2027", "tr", date(2027, 5, 6)),  # Turkish writers put the day first
        ("05/13/2027", "en", date(2027, 5, 13)),  # only one reading is a date
        ("5 June", "en", date(2027, 6, 5)),  # no year: the next 5 June
    ],
)
def test_written_dates_in_both_languages(text: str, locale: str, expected: date) -> None:
    assert parsing.parse_date(text, locale, TODAY) == expected


def test_an_ambiguous_english_date_gives_both_readings() -> None:
    value = parsing.parse_date("06/05/2027", "en", TODAY)
    assert value == parsing.AmbiguousDate(date(2027, 5, 6), date(2027, 6, 5))


def test_impossible_and_unreadable_dates_say_why() -> None:
    assert parsing.parse_date("31.02.2027", "en", TODAY) == parsing.Problem(
        "date_impossible", {"day": 31, "month": 2}
    )
    assert isinstance(parsing.parse_date("next summer", "en", TODAY), parsing.Problem)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2h", 120), ("2 saat", 120), ("3 saat", 180), ("1,5 saat", 90), ("1.5 hours", 90),
        ("90 dk", 90), ("1 saat 30 dk", 90), ("1h30", 90), ("1 h 30 min", 90), ("1:30", 90),
        ("90", 90), ("45 min.", 45),
    ],
)  # fmt: skip
def test_durations(text: str, minutes: int) -> None:
    assert parsing.parse_duration(text, 0, 960, bare_unit="minute") == minutes


def test_a_bare_number_is_minutes_only_where_the_question_said_minutes() -> None:
    assert parsing.parse_duration("90", 0, 960, bare_unit=None) == parsing.Problem(
        "duration_unit", {"low": 0, "high": 960}
    )
    assert parsing.parse_duration("2", 0, 960, bare_unit="hour") == 120


def test_hours_are_never_read_as_a_plain_number() -> None:
    assert isinstance(parsing.parse_int("2h", 0, 600), parsing.Problem)
    assert parsing.parse_int("16 yaş", 8, 99) == 16


def test_unusual_day_lengths_are_flagged() -> None:
    assert parsing.is_unusual(480)
    assert parsing.is_unusual(3)
    assert not parsing.is_unusual(0)
    assert not parsing.is_unusual(90)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("EST", "America/New_York"), ("pst", "America/Los_Angeles"), ("CET", "Europe/Berlin"),
        ("TRT", "Europe/Istanbul"), ("Chicago", "America/Chicago"),
        ("Los Angeles", "America/Los_Angeles"), ("İstanbul", "Europe/Istanbul"),
        ("Istanbul", "Europe/Istanbul"), ("San Francisco", "America/Los_Angeles"),
        ("Europe/Berlin", "Europe/Berlin"), ("Ankara", "Europe/Istanbul"),
        ("UTC+3", "Etc/GMT-3"), ("GMT-5", "Etc/GMT+5"), ("utc+0", "UTC"),
    ],
)  # fmt: skip
def test_time_zones_from_abbreviations_and_cities(text: str, zone: str) -> None:
    assert parsing.parse_timezone(text) == zone


def test_offered_zones_fit_the_exam_and_the_language() -> None:
    sat = parsing.zone_choices("en", "en")
    assert sat[0] == "America/New_York"
    assert {"America/Chicago", "America/Denver", "America/Los_Angeles"} <= set(sat)
    assert parsing.zone_choices("tr", "tr")[0] == "Europe/Istanbul"
    assert parsing.zone_choices("en", "tr")[0] == "Europe/Istanbul"  # a Turkish SAT student


@pytest.mark.parametrize("locale", ["tr", "en"])
@pytest.mark.parametrize(
    "name",
    ["exam_date_ask", "problem/date_format", "problem/date_far", "problem/date_past"],
)
def test_the_example_date_is_written_for_the_locale_and_understood(locale: str, name: str) -> None:
    """English shows "19 June 2027", not the Turkish 19.06.2027; either parses as the date."""
    text = render(f"onboarding/{name}", locale)
    example = {"tr": "19.06.2027", "en": "19 June 2027"}[locale]
    assert example in text
    assert locale == "tr" or "19.06.2027" not in text
    assert parsing.parse_date(example, locale, TODAY) == date(2027, 6, 19)
