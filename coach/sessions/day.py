"""Which day "today" is for a student who is still up after midnight.

A study day starts at 04:00 (`coach.core.clock.study_day`), as XP and streaks count it. At
01:30 a student finishing the evening's sessions means the evening's day; one who just made a
plan at 01:00 means the calendar date, whose sessions are the next ones. /today and the
check-in show the study day while it still has a session open, else the calendar date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from coach.domain import SessionStatus, StudySession


def day_at_hand(sessions: Iterable[StudySession], study_day: date, calendar_day: date) -> date:
    """The study day while one of its sessions is still open, else the calendar date."""
    if study_day == calendar_day:
        return calendar_day
    still_open = any(
        s.date == study_day and s.status is SessionStatus.SCHEDULED and s.kind != "break"
        for s in sessions
    )
    return study_day if still_open else calendar_day
