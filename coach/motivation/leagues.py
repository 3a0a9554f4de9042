"""Weekly leagues, pure: who plays whom, the standings, and who moves up or down.

Each Monday the students who opted in are put in leagues of at most `LEAGUE_SIZE`, by exam, by
age group (students under 18 only ever meet students under 18), by tier (`TIERS`, 0 the first),
and within a tier by recent XP pace, so a beginner does not face the strongest. Ranks are by the
week's XP; at the close the top `ZONE` share moves up a tier and the bottom share down. A week
is closed once: its entries carry their result, and the next week's tier is read from it.

The league week is each member's own: XP of their study days Monday to Sunday in their zone
(a study day ends at 04:00, as streaks count). A league closes once the last of its members'
Sundays is over (`week_over`: Monday 04:00 in the westernmost member's zone), so a student in
New York still earns for the week on Sunday evening, hours after Monday began in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from math import ceil
from zoneinfo import ZoneInfo

from coach.core.clock import DAY_START

LEAGUE_SIZE = 30
TIERS = 5
ZONE = 0.2  # the share of a league promoted (and the share demoted)
MIN_FOR_ZONES = 3  # a league of one or two has no zones


@dataclass(frozen=True, slots=True)
class Entrant:
    """A student who opted in, as formation sees them."""

    user_id: int
    pack_id: str
    minor: bool
    tier: int
    pace: float  # recent XP per week


@dataclass(frozen=True, slots=True)
class League:
    """One league of one week."""

    key: str
    pack_id: str
    minor: bool
    tier: int
    members: tuple[int, ...]


class Result(StrEnum):
    """What the week's close did to a member."""

    PROMOTED = "promoted"
    STAYED = "stayed"
    DEMOTED = "demoted"


def _chunks(items: Sequence[int], size: int) -> list[Sequence[int]]:
    """Near-equal consecutive chunks of at most `size` (31 makes 16 + 15, not 30 + 1)."""
    count = ceil(len(items) / size)
    base, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + base + (1 if index < extra else 0)
        chunks.append(items[start:end])
        start = end
    return chunks


def form(entrants: Iterable[Entrant], week: date, size: int = LEAGUE_SIZE) -> list[League]:
    """The week's leagues: every entrant in exactly one, by exam, age group and tier, with
    similar pace side by side."""
    groups: dict[tuple[str, bool, int], list[Entrant]] = defaultdict(list)
    for entrant in entrants:
        tier = max(0, min(TIERS - 1, entrant.tier))
        groups[(entrant.pack_id, entrant.minor, tier)].append(entrant)
    leagues: list[League] = []
    for (pack_id, minor, tier), members in sorted(groups.items()):
        ordered = [e.user_id for e in sorted(members, key=lambda e: (-e.pace, e.user_id))]
        for index, chunk in enumerate(_chunks(ordered, size)):
            key = f"{week.isoformat()}:{pack_id}:{'u18' if minor else 'adult'}:{tier}:{index}"
            leagues.append(League(key, pack_id, minor, tier, tuple(chunk)))
    return leagues


def standings(members: Iterable[int], xp: Mapping[int, int]) -> list[tuple[int, int]]:
    """(student, week XP) from first to last; ties by who joined the ranking first (id)."""
    return sorted(((m, xp.get(m, 0)) for m in members), key=lambda item: (-item[1], item[0]))


def results(tier: int, members: Iterable[int], xp: Mapping[int, int]) -> dict[int, Result]:
    """Who moves: the top zone up (with some XP), the bottom zone down, within the tiers."""
    table = standings(members, xp)
    zone = int(len(table) * ZONE) if len(table) >= MIN_FOR_ZONES else 0
    zone = max(zone, 1) if len(table) >= MIN_FOR_ZONES else 0
    moved: dict[int, Result] = {}
    for rank, (member, week_xp) in enumerate(table):
        if rank < zone and week_xp > 0 and tier < TIERS - 1:
            moved[member] = Result.PROMOTED
        elif rank >= len(table) - zone and tier > 0 and member not in moved:
            moved[member] = Result.DEMOTED
        else:
            moved[member] = Result.STAYED
    return moved


def next_tier(tier: int, result: Result | None) -> int:
    """The tier of the next week after a result."""
    if result is Result.PROMOTED:
        return min(TIERS - 1, tier + 1)
    if result is Result.DEMOTED:
        return max(0, tier - 1)
    return tier


def week_end(week: date, timezone: str) -> datetime:
    """When the week starting on Monday `week` ends for a student in `timezone`: the end of
    their Sunday study day (the next Monday at 04:00 local), as an aware datetime."""
    monday = week + timedelta(days=7)
    return datetime.combine(monday, DAY_START, tzinfo=ZoneInfo(timezone))


def week_over(week: date, zones: Iterable[str], now: datetime) -> bool:
    """Whether every member's week (by their zones) is over at `now`; with no zones, once
    the week's own Monday-after has begun in UTC."""
    ends = [week_end(week, zone) for zone in zones] or [week_end(week, "UTC")]
    return now >= max(ends)
