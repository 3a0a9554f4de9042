"""The one definition of a student's day: a study day starts at 04:00 local.

A session done at 01:30 belongs to the evening before, so /today, Done, XP, the streak, the
league, the weekly card and the nightly settling of missed sessions all agree on which day a
moment belongs to: between midnight and 04:00 the student is still in yesterday.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_START = time(4, 0)


def study_day(at: datetime, timezone: str, day_start: time = DAY_START) -> date:
    """The student's study day of a moment: local date, with the day starting at `day_start`."""
    local = at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    shift = timedelta(hours=day_start.hour, minutes=day_start.minute)
    return (local - shift).date()
