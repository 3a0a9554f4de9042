"""After midnight, "today" is the evening's study day while it still has work open."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.core.clock import study_day
from coach.domain import SessionStatus, StudySession
from coach.sessions.day import day_at_hand

TUESDAY, WEDNESDAY = date(2026, 12, 8), date(2026, 12, 9)


def _session(day: date, status: SessionStatus = SessionStatus.SCHEDULED, kind: str = "lesson"):
    return StudySession(1, 1, 1, "k", kind, day, 30, status=status)


def test_the_study_day_starts_at_four_in_the_students_zone() -> None:
    at = datetime(2026, 12, 9, 6, 30, tzinfo=UTC)  # 01:30 in New York, 09:30 in Istanbul
    assert study_day(at, "America/New_York") == TUESDAY
    assert study_day(at, "Europe/Istanbul") == WEDNESDAY


def test_an_open_session_of_the_evening_keeps_the_evening_as_today() -> None:
    sessions = [_session(TUESDAY), _session(WEDNESDAY)]
    assert day_at_hand(sessions, TUESDAY, WEDNESDAY) == TUESDAY


def test_once_the_evening_is_settled_today_is_the_calendar_date() -> None:
    sessions = [_session(TUESDAY, SessionStatus.DONE), _session(WEDNESDAY)]
    assert day_at_hand(sessions, TUESDAY, WEDNESDAY) == WEDNESDAY
    # a break day or nothing planned the evening before: the calendar date too
    assert day_at_hand([_session(TUESDAY, kind="break")], TUESDAY, WEDNESDAY) == WEDNESDAY
    assert day_at_hand([], TUESDAY, WEDNESDAY) == WEDNESDAY


def test_in_the_daytime_both_are_the_same_day() -> None:
    assert day_at_hand([_session(TUESDAY)], WEDNESDAY, WEDNESDAY) == WEDNESDAY
