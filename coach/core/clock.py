"""The clock port: pure code takes `now`; the outer layer supplies the real clock.

Also the student's study day, which every part reads the same way (streaks, XP, /today)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

DAY_START = time(4, 0)


def study_day(at: datetime, timezone: str, day_start: time = DAY_START) -> date:
    """The student's study day of a moment: local date, with the day starting at `day_start`."""
    local = at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    shift = timedelta(hours=day_start.hour, minutes=day_start.minute)
    return (local - shift).date()


class Clock(Protocol):
    """Tells the time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...
