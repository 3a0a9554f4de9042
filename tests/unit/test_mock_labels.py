"""A mock exam's line says what it is: the weekly mini mock (45 minutes) is a "Mini deneme",
never "Deneme" as if it were the 165-minute TYT; a full mock names its exam part where the exam
has several, and says when it was shortened to fit the day."""

from __future__ import annotations

from datetime import date, time

import pytest

from coach.dialogue.present import describe
from coach.domain import StudySession
from coach.packs.terms import exam_terms
from content import load_pack
from prompts import render

DAY = date(2026, 12, 12)


def _mock(code: str, minutes: int, **params: object) -> StudySession:
    data = {"code": code, "params": params, "part": 1, "parts": 1}
    return StudySession(1, 1, 1, "m", "mock_exam", DAY, minutes, time(10), reason_data=data)


def _line(pack_id: str, session: StudySession, locale: str) -> str:
    pack = load_pack(pack_id)
    day = {"date": DAY, "minutes": session.minutes, "sessions": [describe(session, pack, locale)]}
    week = {"minutes": session.minutes, "first": DAY, "last": DAY}
    text = render("daily/week", locale, days=[day], week=week, exam=exam_terms(pack, locale))
    return next(line for line in text.splitlines() if "📝" in line).strip()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("tr", "10:00 · 📝 Mini deneme · 45 dk"), ("en", "10:00 · 📝 Mini mock exam · 45 min")],
)
def test_a_mini_mock_is_called_mini(locale: str, expected: str) -> None:
    assert _line("yks", _mock("mini_mock", 45, questions=30), locale) == expected


def test_a_full_mock_names_its_part_and_a_shortened_one_says_so() -> None:
    whole = _mock("full_mock", 165, part_id="tyt", full_minutes=165)
    assert _line("yks", whole, "tr") == "10:00 · 📝 Deneme: TYT · 165 dk"
    cut = _mock("full_mock", 120, part_id="tyt", full_minutes=165)
    assert _line("yks", cut, "tr") == "10:00 · 📝 Deneme: TYT (kısaltılmış, tamamı 165 dk) · 120 dk"
    assert "(shortened, the full one is 165 min)" in _line("yks", cut, "en")


def test_a_single_part_exam_needs_no_part_name() -> None:
    sat = _mock("full_mock", 70, part_id="math", full_minutes=70)
    assert _line("sat", sat, "en") == "10:00 · 📝 Practice test · 70 min"
    assert _line("sat", _mock("mini_mock", 45), "en") == "10:00 · 📝 Mini practice test · 45 min"


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_check_in_and_start_name_a_mock_too(locale: str) -> None:
    pack = load_pack("yks")
    described = describe(_mock("mini_mock", 45), pack, locale)
    terms = exam_terms(pack, locale)
    row = {**described, "number": 1, "mark": ""}
    status = render("checkin/status", locale, sessions=[row], exam=terms)
    started = render(
        "sessions/started",
        locale,
        session=described,
        points=[],
        links=[],
        can_try=False,
        exam=terms,
    )
    name = "Mini deneme" if locale == "tr" else "Mini mock exam"
    assert f"1. {name} (45 " in status
    assert f"{name} (45 " in started


@pytest.mark.parametrize(
    ("locale", "words"), [("tr", "45 dakikalık mini deneme"), ("en", "45-minute mini mock exam")]
)
def test_the_reminder_of_a_mini_mock_says_mini(locale: str, words: str) -> None:
    from coach.notifications.schedule import session_context

    context = session_context(_mock("mini_mock", 45), {})
    text = render("notify/reminder", locale, lead=15, **context)
    assert words in text
    full = session_context(_mock("full_mock", 165, part_id="tyt"), {})
    assert " mini " not in render("notify/reminder", locale, lead=15, **full)
