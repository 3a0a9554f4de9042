"""A re-plan proposal in a few words: what changes this week, what it costs, how much later.

The student reads a summary ("3 sessions move to other days this week; nothing is dropped")
and opens the full list on request. Counted from the proposal's stored changes (one entry per
session added, moved, removed or resized; a new time on the same date is no change).

What it costs is what the student really loses, not every "removed" line: a rebuild removes
sessions and adds others for the same lessons. Lessons are counted by lesson id (planned
before, left out or shorter after, see `lessons_lost`); reviews, quizzes and mock exams by how
many fewer of each kind the plan has.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

WEEK = 7


@dataclass(frozen=True, slots=True)
class ProposalSummary:
    """The figures the proposal's summary speaks of."""

    total: int
    this_week: int  # changes that touch the next seven days (from or to)
    moved_this_week: int
    removed_this_week: int
    added_this_week: int
    resized_this_week: int  # lessons on the same day with another length
    days_this_week: tuple[date, ...]  # the days of this week whose sessions change
    later: int  # changes after this week only
    lessons_dropped: int  # lessons planned before that no longer fit (wholly or in part)
    minutes_dropped: int  # their planned minutes lost
    lessons_done_or_mastered: int  # removed because they are no longer needed
    others_dropped: tuple[tuple[str, int], ...] = ()  # (kind, how many fewer): reviews, quizzes…


_NOT_NEEDED = ("removed_done", "removed_mastered")
_OTHERS = ("review", "quiz", "mock_exam")
_NAMED = ("review", "quiz", "mini_mock", "mock_exam")  # in the order the cost names them


class _Planned(Protocol):
    """A stored or a planner session: all `lessons_lost` reads of it."""

    @property
    def kind(self) -> Any: ...
    @property
    def lesson_id(self) -> str | None: ...
    @property
    def minutes(self) -> int: ...


def lessons_lost(
    before: Iterable[_Planned], after: Iterable[_Planned], left_out: Collection[str]
) -> dict[str, int]:
    """Minutes each lesson loses: planned before, fewer minutes (or none) after, and left out
    of the new plan for lack of time. A lesson done, mastered or only made shorter on purpose
    is not left out, so it costs nothing."""
    totals_before, totals_after = _lesson_minutes(before), _lesson_minutes(after)
    return {
        lesson: minutes - totals_after.get(lesson, 0)
        for lesson, minutes in sorted(totals_before.items())
        if lesson in left_out and totals_after.get(lesson, 0) < minutes
    }


def _lesson_minutes(sessions: Iterable[_Planned]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for session in sessions:
        if str(getattr(session.kind, "value", session.kind)) == "lesson" and session.lesson_id:
            totals[session.lesson_id] = totals.get(session.lesson_id, 0) + session.minutes
    return totals


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def summarise(
    changes: Sequence[Mapping[str, Any]], today: date, lost: Mapping[str, int] | None = None
) -> ProposalSummary:
    """Count the changes of a proposal against the week that starts `today`.

    `lost` is what `lessons_lost` found when the proposal was made; a proposal stored before
    it was recorded (None) counts its removed lesson sessions instead."""
    week_end = today + timedelta(days=WEEK)
    moved = removed = added = resized = later = dropped = minutes = not_needed = 0
    days: set[date] = set()
    net: dict[str, int] = {}
    for change in changes:
        if change.get("kind") in _OTHERS and change.get("change") in ("added", "removed"):
            step = 1 if change.get("change") == "removed" else -1
            # A weekly mini mock is never counted as a full mock exam.
            other = "mini_mock" if change.get("mini") else str(change["kind"])
            net[other] = net.get(other, 0) + step
        before, after = _day(change.get("before")), _day(change.get("after"))
        # Past days are not "this week": a missed session's old day is no place to go.
        touched = [d for d in (before, after) if d is not None and today <= d < week_end]
        kind, what = change.get("kind"), change.get("change")
        if what == "removed" and kind == "lesson":
            if str(change.get("reason_code", "")) in _NOT_NEEDED:
                not_needed += 1
            else:
                dropped += 1
                minutes += int(change.get("minutes") or 0)
        if not touched:
            later += 1
            continue
        # The day a student looks at: where a moved session goes, else the one it leaves.
        days.add(after if what == "moved" and after in touched else touched[0])
        if what == "moved":
            moved += 1
        elif what == "removed":
            removed += 1
        elif what == "resized":
            resized += 1
        else:
            added += 1
    if lost is not None:
        dropped, minutes = len(lost), sum(lost.values())
    return ProposalSummary(
        total=len(changes),
        this_week=moved + removed + added + resized,
        moved_this_week=moved,
        removed_this_week=removed,
        added_this_week=added,
        resized_this_week=resized,
        days_this_week=tuple(sorted(days)),
        later=later,
        lessons_dropped=dropped,
        minutes_dropped=minutes,
        lessons_done_or_mastered=not_needed,
        others_dropped=tuple((kind, net[kind]) for kind in _NAMED if net.get(kind, 0) > 0),
    )


def cost_context(
    changes: Sequence[Mapping[str, Any]], today: date, lost: Mapping[str, int] | None
) -> dict[str, Any]:
    """What a proposal costs in plain values, for a message stored before it is sent (the
    nightly run's morning message, a tutor's more-time note): `plans/proposal_cost` says it."""
    summary = summarise(changes, today, lost)
    return {
        "lessons_dropped": summary.lessons_dropped,
        "minutes_dropped": summary.minutes_dropped,
        "lessons_done_or_mastered": summary.lessons_done_or_mastered,
        "others_dropped": [list(item) for item in summary.others_dropped],
    }
