"""Opt-in peer comparison: "Students with your exam and a similar starting level who reached
their target studied about N hours a week; you study M." Only an aggregate over at least ten
students is ever shown, never a name, and the comparison is with students who succeeded
(compared with successful learners, not the average; Davis et al., LAK 2017)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

MIN_STUDENTS = 10
LEVEL_BAND = 0.15  # "similar starting level": assessment mastery within 15 points
WEEKS = 4  # hours a week are averaged over the last four weeks


@dataclass(frozen=True, slots=True)
class PeerRecord:
    """What the comparison knows of one opted-in student (no name)."""

    user_id: int
    pack_id: str
    start_level: float | None  # mean mastery of the initial assessment, 0..1
    reached_target: bool  # a mock reached the student's own net or score target
    weekly_minutes: float  # done study minutes a week, over the last weeks


@dataclass(frozen=True, slots=True)
class Comparison:
    """The figures shown: successful peers' typical weekly hours and mine."""

    peers: int
    peer_hours: float
    my_hours: float


def compare(
    me: PeerRecord, others: Iterable[PeerRecord], min_students: int = MIN_STUDENTS
) -> Comparison | None:
    """The comparison with similar students who reached their target; None when fewer than
    `min_students` such students exist (a small group could identify someone)."""
    if me.start_level is None:
        return None
    similar = [
        o.weekly_minutes
        for o in others
        if o.user_id != me.user_id
        and o.pack_id == me.pack_id
        and o.reached_target
        and o.start_level is not None
        and abs(o.start_level - me.start_level) <= LEVEL_BAND
    ]
    if len(similar) < min_students:
        return None
    return Comparison(
        peers=len(similar),
        peer_hours=round(statistics.median(similar) / 60, 1),
        my_hours=round(me.weekly_minutes / 60, 1),
    )
