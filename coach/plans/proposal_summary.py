"""A re-plan proposal in a few words: what changes this week, what it costs, how much later.

The student reads a summary ("3 sessions move to other days this week; nothing is dropped")
and opens the full list on request. Counted from the proposal's stored changes (one entry per
session added, moved, removed or resized; a new time on the same date is no change).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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
    lessons_dropped: int  # lesson sessions removed for lack of time or impossible
    minutes_dropped: int
    lessons_done_or_mastered: int  # removed because they are no longer needed


_NOT_NEEDED = ("removed_done", "removed_mastered")


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def summarise(changes: Sequence[Mapping[str, Any]], today: date) -> ProposalSummary:
    """Count the changes of a proposal against the week that starts `today`."""
    week_end = today + timedelta(days=WEEK)
    moved = removed = added = resized = later = dropped = minutes = not_needed = 0
    days: set[date] = set()
    for change in changes:
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
    )
