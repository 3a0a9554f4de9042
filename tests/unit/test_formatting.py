"""Dates, numbers, plurals and durations a user reads, in both languages, through the templates."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from prompts import render
from prompts.formatting import format_count, format_number

# The weekday abbreviations a reader knows; written out here (not taken from the formatter) so
# the test checks the formatter against an independent reading of the label.
TR_DAYS = ("Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz")
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TR_LABEL = re.compile(r"(Pzt|Sal|Çar|Per|Cum|Cmt|Paz) (\d\d)\.(\d\d)")
EN_LABEL = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2}) (" + "|".join(EN_MONTHS) + ")")
YEAR_START = date(2026, 1, 1)


def _week(first: date) -> list[dict[str, object]]:
    return [{"date": first + timedelta(days=i), "minutes": 30, "sessions": []} for i in range(7)]


def _read_label(label: tuple[str, ...], locale: str, year: int) -> date:
    """The date a reader takes a label for (weekday checked separately)."""
    if locale == "tr":
        return date(year, int(label[2]), int(label[1]))
    return date(year, EN_MONTHS.index(label[2]) + 1, int(label[1]))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=364))
def test_every_week_label_reads_as_its_own_date_in_both_languages(offset: int) -> None:
    first = YEAR_START + timedelta(days=offset)
    for locale, pattern, names in (("tr", TR_LABEL, TR_DAYS), ("en", EN_LABEL, EN_DAYS)):
        week = {"minutes": 210, "first": first, "last": first + timedelta(days=6)}
        text = render("daily/week", locale, week=week, days=_week(first), exam={})
        labels = pattern.findall(text)
        assert len(labels) == 7, text
        for i, label in enumerate(labels):
            day = first + timedelta(days=i)
            assert _read_label(label, locale, day.year) == day
            assert names.index(label[0]) == day.weekday(), f"{label} for {day}"


def test_every_date_of_a_year_has_the_right_turkish_and_english_weekday() -> None:
    for offset in range(365):
        day = YEAR_START + timedelta(days=offset)
        for locale, names in (("tr", TR_DAYS), ("en", EN_DAYS)):
            label = render("buttons/move_to", locale, day=day)
            assert label.split(" ")[0] == names[day.weekday()], (locale, day, label)


def test_saturday_is_cmt_not_cum_and_the_next_mock_too() -> None:
    saturday = date(2026, 12, 5)
    assert render("buttons/move_to", "tr", day=saturday) == "Cmt 05.12"
    assert render("buttons/move_to", "en", day=saturday) == "Sat 5 Dec"


def _progress(locale: str, minutes: int, streak: int) -> str:
    stats = SimpleNamespace(done=1, planned=3, minutes_done=minutes, streak=streak)
    return render("daily/progress", locale, stats=stats, subjects=[])


def test_turkish_decimals_have_a_comma_and_english_plurals_agree() -> None:
    from prompts.formatting import format_hours

    assert format_hours(966, "tr") == "16,1 saat" and format_hours(966, "en") == "16.1 hours"
    # /progress says studied time the way every other figure does
    assert "16 sa 6 dk çalışma" in _progress("tr", 966, 1)
    assert "16 h 6 min studied" in _progress("en", 966, 1)
    assert "Streak: 1 day " in _progress("en", 60, 1)
    assert "Streak: 2 days" in _progress("en", 60, 2)


def test_penalty_and_nets_use_the_turkish_comma() -> None:
    exam = {"uses_net": True, "mock": "deneme", "mock_title": "Deneme"}
    assert "× 0,25" in render("mock/intro", "tr", penalty=0.25, exam=exam)
    assert "× 0.25" in render("mock/intro", "en", penalty=0.25, exam=exam)
    text = render("mock/result", "tr", nets=[("TYT", 450.5)], total=450.5, exam=exam,
                  weakest_names=[])  # fmt: skip
    assert "450,5" in text


def test_wait_one_second_is_singular() -> None:
    assert "Wait 1 second," in render("web/slow_down", "en", seconds=1)
    assert "Wait 5 seconds," in render("web/slow_down", "en", seconds=5)


def test_durations_in_words() -> None:
    availability = {"mon": 90, "sun": 75}
    tr = render("onboarding/availability_review", "tr", availability=availability, weekly=165,
                lighter_friday=False)  # fmt: skip
    en = render("onboarding/availability_review", "en", availability=availability, weekly=165,
                lighter_friday=False)  # fmt: skip
    assert "Pazartesi: 1 sa 30 dk" in tr
    assert "Monday: 1 h 30 min" in en
    assert "Sunday: 1 h 15 min" in en


def test_times_go_through_the_formatter() -> None:
    text = render("settings/quiet", "en", start=time(23, 0), end=time(8, 0))
    assert "23:00–08:00" in text


# Templates that print one date label, with the rest of their context.
DAY_TEMPLATES: dict[str, dict[str, object]] = {
    "sessions/moved": {},
    "plans/away_ack": {},
    "buttons/move_to": {},
    "account/paused": {"until": None},
    "liveqa/going": {"title": "T", "time": "19:00"},
    "liveqa/host_questions": {"title": "T", "time": "19:00", "questions": []},
}


def _labels(text: str, locale: str) -> list[tuple[str, ...]]:
    return (TR_LABEL if locale == "tr" else EN_LABEL).findall(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=364), st.sampled_from(sorted(DAY_TEMPLATES)))
def test_every_template_that_prints_a_day_prints_the_right_one(offset: int, name: str) -> None:
    day = YEAR_START + timedelta(days=offset)
    for locale, names in (("tr", TR_DAYS), ("en", EN_DAYS)):
        context = dict(DAY_TEMPLATES[name])
        if "until" in context:
            context["until"] = day
        text = render(name, locale, day=day, **context)
        labels = _labels(text, locale)
        assert len(labels) == 1, (name, locale, text)
        assert _read_label(labels[0], locale, day.year) == day
        assert names.index(labels[0][0]) == day.weekday()


def test_numbers_given_as_text_or_floats_follow_the_plural_rule() -> None:
    assert format_count("3", "minute", "en") == "3 minutes"
    assert format_count(1.0, "day", "en") == "1 day"
    assert format_number("87.5", "tr") == "87,5"


def test_a_time_zone_reads_as_people_say_it() -> None:
    from prompts.formatting import format_zone

    assert format_zone("Europe/Istanbul", "tr") == "Türkiye Saati"
    assert format_zone("America/New_York", "en") == "United States (New York) Time"
    assert format_zone("UTC", "en") == "UTC" and format_zone("Etc/GMT+3", "tr") == "Etc/GMT+3"
