"""Practice: module quizzes and mock exams.

- Module: a topic's lessons, cut into blocks of at most `module_lessons` lessons of even size;
  a short quiz on the block (a quarter of its lesson time, 10-25 minutes) is offered from the
  study day after its last lesson.
- A mini mock exam every week (ISO weeks) on the week's roomiest study day.
- A full mock exam every `full_mock_every_weeks` weeks, and every week in the last
  `final_weeks` weeks: one session per exam part that counts for the track (YKS SAY: TYT and
  AYT), sized from the part's real duration, each on its own roomy day. When no day of the
  week has a long enough window, the part is shortened to the longest one, down to half its
  length; below that, or when the full mock would take more than `full_mock_share` of the
  week's study time, the week gets a mini mock instead. A mini mock takes at most
  `mini_mock_share` of the week and is dropped when that is under 20 minutes.
Taper days hold no practice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from planner.calendar import Day, DayStatus
from planner.model import Curriculum, ExamPart, PlannerSettings
from planner.plan import Reason

MINI_MOCK_SHORTEST = 20


@dataclass(frozen=True, slots=True)
class MockSlot:
    """A mock exam to reserve on a day before it is filled with other work."""

    date: date
    minutes: int
    reason_code: str
    part_id: str | None
    reason_params: Mapping[str, Any] = field(default_factory=dict)


def quiz_minutes(module_minutes: int) -> int:
    """Length of a module quiz: about a quarter of the module's lesson time, 10 to 25 minutes."""
    return min(25, max(10, 5 * round(module_minutes / 20)))


def module_ends(lesson_count: int, module_lessons: int) -> tuple[int, ...]:
    """0-based indexes of the lessons that close a module (even blocks of <= module_lessons)."""
    if lesson_count <= 0:
        return ()
    blocks = -(-lesson_count // max(1, module_lessons))
    return tuple(round(lesson_count * (block + 1) / blocks) - 1 for block in range(blocks))


def counting_parts(curriculum: Curriculum) -> tuple[ExamPart, ...]:
    """The exam parts with at least one test that counts for the track."""
    weights = curriculum.test_weights
    return tuple(
        part
        for part in curriculum.exam_parts
        if any(weights.get(test_id, 0.0) > 0 for test_id in part.test_ids)
    )


def _longest_block(day: Day) -> int:
    return min(day.capacity, max((window.minutes for window in day.windows), default=0))


def plan_mocks(
    days: Sequence[Day],
    curriculum: Curriculum,
    dates: tuple[date, date],
    settings: PlannerSettings,
    busy_weeks: Mapping[tuple[int, int], int] | None = None,
) -> dict[date, MockSlot]:
    """Which days hold a mock exam, at most one per day.

    `dates` are the profile's start date (weeks are counted from its ISO week, so a re-plan
    keeps the same full-mock weeks) and the exam date. `busy_weeks` counts mock exams already
    fixed in an ISO week (kept or pinned sessions); such weeks get no new mock.
    """
    anchor, exam_date = dates
    anchor_monday = anchor - timedelta(days=anchor.weekday())
    weeks: dict[tuple[int, int], list[Day]] = {}
    for day in days:
        if day.status is DayStatus.STUDY and day.capacity > 0:
            iso = day.date.isocalendar()
            weeks.setdefault((iso.year, iso.week), []).append(day)
    parts = counting_parts(curriculum)
    final_from = exam_date - timedelta(weeks=settings.final_weeks)
    every = max(1, settings.full_mock_every_weeks)
    slots: dict[date, MockSlot] = {}
    for week, week_days in sorted(weeks.items()):
        monday = week_days[0].date - timedelta(days=week_days[0].date.weekday())
        index = (monday - anchor_monday).days // 7
        if busy_weeks and busy_weeks.get(week):
            continue
        final = week_days[-1].date >= final_from
        full = bool(parts) and (final or index % every == every - 1)
        capacity = sum(day.capacity for day in week_days)
        budget = int(capacity * settings.full_mock_share)
        placed = _place_full(week_days, parts, final, slots, budget) if full else False
        if not placed:
            _place_mini(week_days, settings, slots, int(capacity * settings.mini_mock_share))
    return slots


def _roomy_first(days: Sequence[Day]) -> list[Day]:
    return sorted(days, key=lambda day: (-_longest_block(day), -day.date.toordinal()))


def _place_full(
    week_days: Sequence[Day],
    parts: Sequence[ExamPart],
    final: bool,
    slots: dict[date, MockSlot],
    budget: int,
) -> bool:
    chosen = _roomy_first(week_days)[: len(parts)]
    if len(chosen) < len(parts):
        return False
    chosen.sort(key=lambda day: day.date)
    planned: list[MockSlot] = []
    for part, day in zip(parts, chosen, strict=True):
        room = _longest_block(day)
        minutes = min(part.minutes, room)
        if minutes * 2 < part.minutes:
            return False
        params = {"part_id": part.id, "full_minutes": part.minutes, "final_weeks": final}
        planned.append(MockSlot(day.date, minutes, Reason.FULL_MOCK, part.id, params))
    if sum(slot.minutes for slot in planned) > budget:
        return False
    for slot in planned:
        slots[slot.date] = slot
    return True


def _place_mini(
    week_days: Sequence[Day], settings: PlannerSettings, slots: dict[date, MockSlot], budget: int
) -> None:
    day = _roomy_first(week_days)[0]
    minutes = min(settings.mini_mock_minutes, _longest_block(day), budget) // 5 * 5
    if minutes >= MINI_MOCK_SHORTEST:
        params = {"questions": max(5, minutes * 2 // 3)}
        slots[day.date] = MockSlot(day.date, minutes, Reason.MINI_MOCK, None, params)
