"""The figures a student reads about a plan, each computed in one place.

The preview, `/week`, `/plan` and the onboarding summary once each summed minutes their own
way (one divided the whole plan by the weeks to the exam, one counted the rest day), so the
student read three different weekly totals for one plan. Every such figure comes from here.

"This week" is the calendar week, Monday to Sunday, everywhere a student reads it: the plan
preview, /plan, /week and the weekly card (`calendar_week`). The preview once said "this first
week" for the seven days from the plan's start while the card counted Monday to Sunday, so a
plan starting on a Thursday had two different first weeks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain import StudySession

WEEK = 7
NOT_STUDY = frozenset({"break"})


@dataclass(frozen=True)
class WeekFigures:
    """Seven days of a plan from `first`: planned study minutes and what they hold."""

    first: date
    minutes: int
    sessions: int
    mocks: int

    @property
    def last(self) -> date:
        """The seventh day."""
        return self.first + timedelta(days=WEEK - 1)


def study_minutes(session: StudySession) -> int:
    """Minutes of study a session stands for (a rest day is none)."""
    return 0 if session.kind in NOT_STUDY else session.minutes


def week_figures(sessions: Iterable[StudySession], first: date) -> WeekFigures:
    """The planned study of the seven days from `first` (every status: the plan as made)."""
    last = first + timedelta(days=WEEK - 1)
    inside = [s for s in sessions if first <= s.date <= last and s.kind not in NOT_STUDY]
    return WeekFigures(
        first,
        sum(s.minutes for s in inside),
        len(inside),
        sum(1 for s in inside if s.kind == "mock_exam"),
    )


def week_start(day: date) -> date:
    """The Monday of a day's calendar week."""
    return day - timedelta(days=day.weekday())


def calendar_week(sessions: Iterable[StudySession], day: date) -> WeekFigures:
    """The planned study of the calendar week (Monday to Sunday) holding `day`: the one weekly
    total the preview, /plan, /week and the weekly card show."""
    return week_figures(sessions, week_start(day))


def free_minutes_per_week(availability: Mapping[str, int], rest_day: str | None) -> int:
    """The study time a student gave for a week, without the rest day's minutes."""
    return sum(minutes for day, minutes in availability.items() if day != rest_day)
