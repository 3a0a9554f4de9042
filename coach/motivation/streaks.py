"""Streaks that follow the plan, as one pure day-by-day fold.

A study day is the student's own: it starts at `day_start` (04:00 by default) in the time zone
they were in when they studied, so a session done at 01:30 belongs to the evening before. The
day a piece of study belongs to is fixed when it is recorded (`study_day`), never recomputed, so
travelling or a DST change cannot move past study into another day or cost a day.

The fold walks the days from the first one to today:

- a kept day (a planned session done, or at least `MINUTES_SHARE` of the day's planned minutes)
  adds one; every `DAYS_PER_FREEZE` kept days earn a freeze, at most `MAX_FREEZES` held;
- a rest day (nothing planned) or a planned break day never breaks it, nor counts;
- a day declared ill (Skip → ill) is frozen: it neither breaks nor counts;
- a planned day missed uses a held freeze automatically (the rollover says so), else the
  streak starts again;
- today is still open: it only counts once kept.

The fold is a function of the facts, so running the rollover twice gives the same streak.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

DAYS_PER_FREEZE = 7
MAX_FREEZES = 2
MINUTES_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class DayFacts:
    """What the plan and the student did on one study day."""

    planned_minutes: int = 0  # minutes of planned (non-break) sessions
    break_day: bool = False  # a planned break day
    sessions_done: int = 0  # planned sessions completed on this study day
    minutes_done: int = 0  # minutes studied (done and partly done sessions)
    ill: bool = False  # the student said they were ill

    @property
    def kept(self) -> bool:
        """Whether the day counts for the streak."""
        if self.sessions_done > 0:
            return True
        return (
            self.planned_minutes > 0 and self.minutes_done >= MINUTES_SHARE * self.planned_minutes
        )

    @property
    def planned(self) -> bool:
        """A day the plan asked for study (not a rest or break day)."""
        return self.planned_minutes > 0 and not self.break_day


class Mark(StrEnum):
    """How a day shows in /streak."""

    KEPT = "kept"
    REST = "rest"
    ILL = "ill"
    FROZEN = "frozen"  # a held freeze was used
    MISSED = "missed"
    OPEN = "open"  # today, not kept yet


@dataclass(frozen=True, slots=True)
class Streak:
    """The streak on a day: its length, freezes held, and each day's mark."""

    count: int
    freezes: int
    best: int
    marks: Mapping[date, Mark] = field(default_factory=dict)

    @property
    def freezes_used(self) -> tuple[date, ...]:
        """The days a freeze was used on, oldest first."""
        return tuple(day for day, mark in self.marks.items() if mark is Mark.FROZEN)

    def last_days(self, today: date, days: int = 30) -> list[tuple[date, Mark]]:
        """The marks of the last `days` days up to today; days before the streak's first day are
        left out (shown as rest they read as days the student was excused)."""
        first = today - timedelta(days=days - 1)
        window = (first + timedelta(days=i) for i in range(days))
        return [(day, self.marks[day]) for day in window if day in self.marks]


def fold(facts: Mapping[date, DayFacts], first: date, today: date) -> Streak:
    """The streak on `today` from the facts of every day since `first`."""
    count = best = freezes = since_freeze = 0
    marks: dict[date, Mark] = {}
    day = first
    empty = DayFacts()
    while day <= today:
        f = facts.get(day, empty)
        if f.kept:
            count += 1
            best = max(best, count)
            since_freeze += 1
            if since_freeze == DAYS_PER_FREEZE:
                since_freeze = 0
                freezes = min(MAX_FREEZES, freezes + 1)
            marks[day] = Mark.KEPT
        elif day == today:
            marks[day] = Mark.OPEN
        elif f.ill:
            marks[day] = Mark.ILL
        elif not f.planned:
            marks[day] = Mark.REST
        elif freezes > 0:
            freezes -= 1
            marks[day] = Mark.FROZEN
        else:
            count = since_freeze = 0
            marks[day] = Mark.MISSED
        day += timedelta(days=1)
    return Streak(count, freezes, best, marks)
