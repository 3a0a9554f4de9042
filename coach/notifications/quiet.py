"""Quiet hours against the check-in time and the study windows.

A push that falls in the quiet hours waits for their end, and a check-in or a reminder that
would then be too late is dropped: a check-in set inside the quiet hours is never sent, and a
study window reaching into them loses its reminders. Settings say so when a change causes it
(`clash`), and the defaults put the check-in after the day's study (`default_checkin`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time, timedelta

from coach.notifications.controls import in_quiet_hours

EVENING_CHECKIN = time(21, 0)  # the check-in when the study windows end earlier
QUIET_START = time(23, 0)  # the default quiet hours, 23:00-08:00
QUIET_GAP = timedelta(minutes=30)  # between the check-in and the quiet hours it precedes


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _clock(minutes: int) -> time:
    minutes %= 24 * 60
    return time(minutes // 60, minutes % 60)


def _span(text: str) -> tuple[int, int] | None:
    start, _, end = text.partition("-")
    try:
        first, last = time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError:
        return None
    return _minutes(first), _minutes(last) or 24 * 60  # "…-00:00" ends at midnight


def _spans(windows: Mapping[str, Iterable[str]]) -> list[tuple[str, int, int]]:
    found = []
    for spans in windows.values():
        for text in spans:
            if (span := _span(text)) is not None:
                found.append((text, *span))
    return found


def latest_window_end(windows: Mapping[str, Iterable[str]]) -> time | None:
    """When the latest study window of the week ends ("19:00-23:30" -> 23:30)."""
    ends = [end for _text, _start, end in _spans(windows)]
    if not ends:
        return None
    return _clock(min(max(ends), 24 * 60 - 1))


def default_checkin(windows: Mapping[str, Iterable[str]]) -> time:
    """21:00, or the end of the latest study window when that is later: "how did today go"
    comes after the day's last session, not between two of them."""
    end = latest_window_end(windows)
    return end if end is not None and end > EVENING_CHECKIN else EVENING_CHECKIN


def default_quiet_start(checkin: time) -> time:
    """23:00, or half an hour after a later check-in, so the check-in is never silenced."""
    if _minutes(checkin) + QUIET_GAP.seconds // 60 <= _minutes(QUIET_START):
        return QUIET_START
    return _clock(_minutes(checkin) + QUIET_GAP.seconds // 60)


def _overlaps(start: int, end: int, quiet_start: time, quiet_end: time) -> bool:
    qs, qe = _minutes(quiet_start), _minutes(quiet_end)
    if qs == qe:
        return False
    if qs < qe:
        return start < qe and end > qs
    return end > qs or start < qe  # the window reaches the evening or the morning part


@dataclass(frozen=True, slots=True)
class QuietClash:
    """What the quiet hours silence, and the two ways out a student may pick."""

    checkin: bool  # the check-in time is inside the quiet hours: it is never sent
    windows: tuple[str, ...]  # study windows reaching into them: their reminders are lost
    checkin_before: time  # a check-in time just before the quiet hours start
    quiet_from: time  # a quiet-hours start after the study and the check-in


def clash(
    checkin: time | None,
    windows: Mapping[str, Iterable[str]],
    quiet_start: time,
    quiet_end: time,
) -> QuietClash | None:
    """What the quiet hours silence among the check-in (None: switched off) and the windows."""
    in_quiet = checkin is not None and in_quiet_hours(checkin, quiet_start, quiet_end)
    spans = _spans(windows)
    hit = sorted({text for text, s, e in spans if _overlaps(s, e, quiet_start, quiet_end)})
    if not in_quiet and not hit:
        return None
    before = _clock(_minutes(quiet_start) - QUIET_GAP.seconds // 60)
    ends = [e for _t, _s, e in spans]
    if checkin is not None:
        ends.append(_minutes(checkin) + QUIET_GAP.seconds // 60)
    after = max(ends)
    return QuietClash(in_quiet, tuple(hit), before, _clock(min(after, 24 * 60)))
