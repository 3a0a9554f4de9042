"""Progress policies: streaks that follow the plan, totals, and Khan-style mastery levels.

The streak counts consecutive planned study days on which the student did at least one planned
session. Days without planned study (break days, blackout days) neither count nor break it, so a
rest day never costs a streak; today only counts once something is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coach.domain import SessionStatus, StudySession
from coach.learning.mastery import khan_level


@dataclass(frozen=True, slots=True)
class ProgressStats:
    """Totals of a plan up to today."""

    planned: int
    done: int
    skipped: int
    missed: int
    minutes_done: int
    streak: int


def _study(sessions: Iterable[StudySession]) -> list[StudySession]:
    return [s for s in sessions if s.kind != "break" and s.minutes > 0]


def streak(sessions: Iterable[StudySession], today: date) -> int:
    """Consecutive planned days (ending today or yesterday) with at least one session done."""
    by_day: dict[date, list[StudySession]] = {}
    for session in _study(sessions):
        if session.date <= today:
            by_day.setdefault(session.date, []).append(session)
    count = 0
    for day in sorted(by_day, reverse=True):
        done = any(s.status is SessionStatus.DONE for s in by_day[day])
        if day == today and not done:
            continue  # the day is not over yet
        if not done:
            break
        count += 1
    return count


def stats(sessions: Iterable[StudySession], today: date) -> ProgressStats:
    """Counts and minutes of sessions up to and including today."""
    past = [s for s in _study(sessions) if s.date <= today]
    return ProgressStats(
        planned=len(past),
        done=sum(1 for s in past if s.status is SessionStatus.DONE),
        skipped=sum(1 for s in past if s.status is SessionStatus.SKIPPED),
        missed=sum(1 for s in past if s.status is SessionStatus.MISSED),
        minutes_done=sum(
            (s.minutes_spent or s.minutes) for s in past if s.status is SessionStatus.DONE
        ),
        streak=streak(past, today),
    )


def mastery_level(mastery: float, confirmed: bool = True) -> str:
    """Attempted (<60%), familiar (60-84%), proficient (85-94%), mastered (95% and more,
    confirmed by a later review); see `coach.mastery.khan_level`."""
    return khan_level(mastery, confirmed=confirmed)
