"""The figures badges read, derived from the ledger, the streak's marks and mastery (pure).

Every figure that can come from the ledger does, so rebuilding the ledger rebuilds the badges.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from coach.learning.mastery import MASTERED_AT, PROFICIENT_AT
from coach.motivation.badges import Stats
from coach.motivation.streaks import Mark, Streak
from coach.motivation.xp import LedgerEntry

EARLY_HOUR = 9  # sessions done before 09:00 local time
EARLY_SESSIONS_PER_WEEK = 5
COMEBACK_DAYS = 3
SESSION_REASONS = frozenset({"session", "review"})


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def weeks_kept(streak: Streak, today: date) -> int:
    """Finished weeks with a kept day and no planned day missed (a freeze is a miss here)."""
    weeks: dict[tuple[int, int], set[Mark]] = {}
    current = _week(today)
    for day, mark in streak.marks.items():
        if _week(day) != current:
            weeks.setdefault(_week(day), set()).add(mark)
    return sum(
        1
        for marks in weeks.values()
        if Mark.KEPT in marks and not {Mark.MISSED, Mark.FROZEN} & marks
    )


def comebacks(streak: Streak) -> int:
    """Times the student kept `COMEBACK_DAYS` days in a row after a missed day."""
    count = run = 0
    after_miss = False
    for _day, mark in sorted(streak.marks.items()):
        if mark is Mark.MISSED:
            after_miss, run = True, 0
        elif mark is Mark.KEPT:
            run += 1
            if after_miss and run == COMEBACK_DAYS:
                count += 1
                after_miss = False
    return count


def early_weeks(entries: Sequence[LedgerEntry]) -> int:
    """Weeks with `EARLY_SESSIONS_PER_WEEK` sessions done before `EARLY_HOUR`."""
    per_week: dict[tuple[int, int], int] = {}
    for entry in entries:
        if entry.reason in SESSION_REASONS and entry.hour < EARLY_HOUR:
            per_week[_week(entry.day)] = per_week.get(_week(entry.day), 0) + 1
    return sum(1 for n in per_week.values() if n >= EARLY_SESSIONS_PER_WEEK)


def stats(
    entries: Sequence[LedgerEntry],
    streak: Streak,
    today: date,
    *,
    plans_activated: int,
    mastery: Mapping[str, float],
    subjects: Mapping[str, Sequence[str]],
) -> Stats:
    """Every badge figure of one student; `subjects` maps a subject to its topic ids."""
    minutes = sum(e.minutes for e in entries if e.reason in SESSION_REASONS)
    proficient = sum(
        1
        for topics in subjects.values()
        if topics and all(mastery.get(t, 0.0) >= PROFICIENT_AT for t in topics)
    )
    return Stats(
        plans_activated=plans_activated,
        weeks_kept=weeks_kept(streak, today),
        best_streak=streak.best,
        hours=minutes // 60,
        topics_mastered=sum(1 for m in mastery.values() if m >= MASTERED_AT),
        subjects_proficient=proficient,
        better_mocks=sum(1 for e in entries if e.reason == "mock_better"),
        early_weeks=early_weeks(entries),
        comebacks=comebacks(streak),
        answers_accepted=sum(1 for e in entries if e.reason == "forum"),
    )
