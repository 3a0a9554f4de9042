"""Free time as a bit mask of a UTC week, and back to words in a student's own time zone.

Students in different zones can share an hour: their local windows are turned into UTC slots
with the zone's offset at `now` (a fixed offset is exact enough for a weekly rhythm).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from coach.community.model import SLOT_MINUTES, SLOTS_PER_DAY, WEEK_SLOTS
from coach.domain import WEEKDAYS
from planner.model import TimeWindow

DEFAULT_START = 18 * 60  # the planner's evening window for a day without windows
FULL = (1 << WEEK_SLOTS) - 1


@dataclass(frozen=True, slots=True)
class Span:
    """A run of shared free time on one local weekday."""

    weekday: str  # mon..sun
    start: str  # HH:MM
    end: str  # HH:MM


def _offset_slots(tz: str, now: datetime) -> int:
    offset = now.astimezone(ZoneInfo(tz)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return minutes // SLOT_MINUTES


def _rotate(mask: int, slots: int) -> int:
    slots %= WEEK_SLOTS
    return ((mask << slots) | (mask >> (WEEK_SLOTS - slots))) & FULL


def local_mask(windows: Mapping[str, tuple[str, ...]], availability: Mapping[str, int]) -> int:
    """The local week's study slots: the profile's windows, or the evening default on a day
    with study minutes but no windows. Unreadable windows are skipped, not fatal."""
    mask = 0
    for day, name in enumerate(WEEKDAYS):
        spans: list[tuple[int, int]] = []
        for text in windows.get(name, ()):
            try:
                window = TimeWindow.parse(text)
            except ValueError:
                continue
            spans.append((window.start, window.end))
        minutes = availability.get(name, 0)
        if not spans and minutes > 0:
            spans.append((DEFAULT_START, min(24 * 60, DEFAULT_START + minutes)))
        for start, end in spans:
            first = -(-start // SLOT_MINUTES)  # whole slots inside the window only
            for slot in range(first, end // SLOT_MINUTES):
                mask |= 1 << (day * SLOTS_PER_DAY + slot)
    return mask


def utc_mask(local: int, tz: str, now: datetime) -> int:
    """A local week's mask moved to UTC."""
    return _rotate(local, -_offset_slots(tz, now))


def spans_in(mask: int, tz: str, now: datetime) -> tuple[Span, ...]:
    """The shared slots as local weekday spans ("tue 19:00-21:00"), in week order."""
    local = _rotate(mask, _offset_slots(tz, now))
    spans: list[Span] = []
    for day, name in enumerate(WEEKDAYS):
        slot = 0
        while slot < SLOTS_PER_DAY:
            if local >> (day * SLOTS_PER_DAY + slot) & 1:
                end = slot
                while end < SLOTS_PER_DAY and local >> (day * SLOTS_PER_DAY + end) & 1:
                    end += 1
                spans.append(Span(name, _clock(slot), _clock(end)))
                slot = end
            else:
                slot += 1
    return tuple(spans)


def first_slot(mask: int, length_slots: int) -> int | None:
    """The first slot of the week starting `length_slots` free slots in a row, if any."""
    run = 0
    for slot in range(WEEK_SLOTS):
        run = run + 1 if mask >> slot & 1 else 0
        if run >= length_slots:
            return slot - length_slots + 1
    return None


def _clock(slot: int) -> str:
    minutes = slot * SLOT_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
