"""The free time of one day: its windows minus reserved blocks, filled front to back.

Sessions are laid out in time order from a cursor, with `gap` minutes of rest after each
session; a session never crosses the end of a window and the day's total never exceeds its
capacity (availability). Reserved blocks (mock exams, kept or pinned sessions) are cut out of
the windows first; a free segment that follows a reserved block is marked, so the caller can
restart its "same subject in a row" count there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.model import TimeWindow


@dataclass(frozen=True, slots=True)
class Segment:
    """A free span of the day; `after_block` when a reserved block precedes it."""

    start: int
    end: int
    after_block: bool


def carve(windows: Sequence[TimeWindow], reserved: Sequence[tuple[int, int]]) -> list[Segment]:
    """The windows minus the reserved (start, end) spans, as ordered free segments."""
    blocks = sorted(reserved)
    segments: list[Segment] = []
    for window in windows:
        cursor, after = window.start, False
        for start, end in blocks:
            if end <= cursor or start >= window.end:
                continue
            if start > cursor:
                segments.append(Segment(cursor, start, after))
            cursor, after = max(cursor, end), True
        if cursor < window.end:
            segments.append(Segment(cursor, window.end, after))
    return segments


def find_block(
    windows: Sequence[TimeWindow], reserved: Sequence[tuple[int, int]], minutes: int
) -> tuple[int, int] | None:
    """The earliest free (start, length) that holds `minutes`, else the longest free span."""
    segments = carve(windows, reserved)
    for segment in segments:
        if segment.end - segment.start >= minutes:
            return segment.start, minutes
    if not segments:
        return None
    longest = max(segments, key=lambda segment: (segment.end - segment.start, -segment.start))
    return longest.start, longest.end - longest.start


class DaySlots:
    """A cursor over a day's free segments that hands out start times."""

    def __init__(self, segments: Sequence[Segment], capacity: int, gap: int) -> None:
        self._segments = list(segments)
        self._index = 0
        self._cursor = self._segments[0].start if self._segments else 0
        self._left = max(0, capacity)
        self._gap = gap

    @property
    def left(self) -> int:
        """Minutes of availability still unused today."""
        return self._left

    def room(self) -> int:
        """The longest session that can start at the cursor."""
        if self._index >= len(self._segments):
            return 0
        return max(0, min(self._left, self._segments[self._index].end - self._cursor))

    def advance(self) -> tuple[bool, bool]:
        """Move to the next segment; returns (moved, a reserved block was passed)."""
        self._index += 1
        if self._index >= len(self._segments) or self._left <= 0:
            return False, False
        segment = self._segments[self._index]
        self._cursor = segment.start
        return True, segment.after_block

    def take(self, minutes: int) -> int:
        """Book `minutes` at the cursor and return the start minute."""
        start = self._cursor
        self._cursor = start + minutes + self._gap
        self._left -= minutes
        return start
