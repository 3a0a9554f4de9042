"""The student's calendar: which days are study days, and when and how long on each.

Rules (documented in the README):
- A day's capacity is the smaller of its availability and the total length of its windows.
- A weekday without windows gets one default window that starts at 18:00 and is long enough
  for the day's minutes plus a short break between sessions; when that would run past 23:30
  the window starts earlier (never before 08:00).
- Break weekdays: the ones the profile names, else every weekday with no availability plus,
  while fewer than `break_days_per_week`, the lightest remaining weekdays (ties: the later
  weekday). Break days hold one `break` row and nothing else.
- Nothing happens on blackout dates, on the exam day or after it. The last `taper_days` days
  before the exam hold only light review.
- On the day of `now`, the windows are cut to the time left after `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from planner.model import WEEKDAYS, PlannerSettings, StudyProfile, TimeWindow

DEFAULT_WINDOW_START = 18 * 60
LATEST_WINDOW_END = 23 * 60 + 30
EARLIEST_WINDOW_START = 8 * 60


class DayStatus(StrEnum):
    """What kind of day a calendar day is for the plan."""

    STUDY = "study"
    TAPER = "taper"
    BREAK = "break"
    BLACKOUT = "blackout"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class Day:
    """One calendar day of the plan with its study capacity and windows."""

    date: date
    weekday: str
    status: DayStatus
    capacity: int
    windows: tuple[TimeWindow, ...]

    @property
    def is_study(self) -> bool:
        """Whether the day can hold study sessions (taper days hold only reviews)."""
        return self.status in (DayStatus.STUDY, DayStatus.TAPER) and self.capacity > 0


def weekday_of(day: date) -> str:
    """The mon..sun key of a date."""
    return WEEKDAYS[day.weekday()]


def local_now(profile: StudyProfile, now: datetime) -> datetime:
    """`now` in the student's time zone."""
    return now.astimezone(ZoneInfo(profile.timezone))


def default_window(minutes: int, settings: PlannerSettings, session_min: int) -> TimeWindow:
    """The evening window used for a weekday the profile gives no windows for."""
    sessions = max(1, -(-minutes // max(1, session_min)))
    needed = minutes + settings.gap_minutes * sessions + 30
    start = DEFAULT_WINDOW_START
    end = start + needed
    if end > LATEST_WINDOW_END:
        end = LATEST_WINDOW_END
        start = max(EARLIEST_WINDOW_START, end - needed)
    return TimeWindow(start, end)


def windows_for(
    profile: StudyProfile, weekday: str, settings: PlannerSettings
) -> tuple[TimeWindow, ...]:
    """The study windows of a weekday, sorted and with overlaps merged."""
    given = profile.windows.get(weekday)
    minutes = int(profile.availability.get(weekday, 0))
    if not given:
        return (default_window(minutes, settings, profile.session_min),) if minutes > 0 else ()
    merged: list[TimeWindow] = []
    for window in sorted(given):
        if merged and window.start <= merged[-1].end:
            merged[-1] = TimeWindow(merged[-1].start, max(merged[-1].end, window.end))
        else:
            merged.append(window)
    return tuple(merged)


def break_weekdays(profile: StudyProfile) -> tuple[str, ...]:
    """The weekdays kept free of study, in mon..sun order."""
    if profile.break_weekdays:
        return tuple(day for day in WEEKDAYS if day in profile.break_weekdays)
    minutes = {day: int(profile.availability.get(day, 0)) for day in WEEKDAYS}
    chosen = [day for day in WEEKDAYS if minutes[day] <= 0]
    # Lightest first; among equals the later weekday, so a full week ends with the rest day.
    candidates = sorted(
        (day for day in WEEKDAYS if minutes[day] > 0),
        key=lambda day: (minutes[day], -WEEKDAYS.index(day)),
    )
    for day in candidates:
        if len(chosen) >= profile.break_days_per_week:
            break
        chosen.append(day)
    return tuple(day for day in WEEKDAYS if day in chosen)


def plan_start(profile: StudyProfile, now: datetime) -> date:
    """The first day of the plan: the profile's start date, or today when that has passed."""
    return max(profile.start_date, local_now(profile, now).date())


def _clip(windows: tuple[TimeWindow, ...], from_minute: int) -> tuple[TimeWindow, ...]:
    clipped = []
    for window in windows:
        start = max(window.start, from_minute)
        if start < window.end:
            clipped.append(TimeWindow(start, window.end))
    return tuple(clipped)


def build_calendar(
    profile: StudyProfile, now: datetime, settings: PlannerSettings, first: date | None = None
) -> list[Day]:
    """Every day from the plan's first day to the day before the exam, classified."""
    start = first or plan_start(profile, now)
    current = local_now(profile, now)
    breaks = set(break_weekdays(profile))
    blackouts = set(profile.blackout_dates)
    taper_from = profile.exam_date - timedelta(days=settings.taper_days)
    weekday_windows = {day: windows_for(profile, day, settings) for day in WEEKDAYS}
    days: list[Day] = []
    day = start
    while day < profile.exam_date:
        weekday = weekday_of(day)
        windows = weekday_windows[weekday]
        if day == current.date():
            # Round up to 5 minutes so sessions start on tidy times.
            minute = current.hour * 60 + current.minute + (1 if current.second else 0)
            windows = _clip(windows, -(-minute // 5) * 5)
        availability = max(0, int(profile.availability.get(weekday, 0)))
        availability = round(availability * profile.day_factors.get(day, 1.0))
        capacity = min(availability, sum(window.minutes for window in windows))
        if day in blackouts:
            status = DayStatus.BLACKOUT
        elif weekday in breaks:
            status = DayStatus.BREAK
        elif capacity <= 0:
            status = DayStatus.OFF
        elif day >= taper_from:
            status = DayStatus.TAPER
        else:
            status = DayStatus.STUDY
        if status not in (DayStatus.STUDY, DayStatus.TAPER):
            capacity, windows = 0, ()
        days.append(Day(day, weekday, status, capacity, windows))
        day += timedelta(days=1)
    return days
