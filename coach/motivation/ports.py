"""Ports of the motivation feature: the XP ledger, study days and earned badges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from coach.motivation.leagues import Entrant
from coach.motivation.xp import LedgerEntry


@dataclass(frozen=True, slots=True)
class StudyDayRecord:
    """What was recorded for one study day (fixed when recorded: travel never moves it)."""

    day: date
    sessions: int = 0
    minutes: int = 0
    ill: bool = False


class MotivationRepository(Protocol):
    """Append-only XP ledger, study days and badges of students."""

    async def has_award(self, user_id: int, key: str) -> bool:
        """Whether this event already earned (or was refused) XP."""
        ...

    async def day_total(self, user_id: int, day: date) -> int:
        """XP earned on one study day."""
        ...

    async def totals(self, user_id: int, day: date) -> tuple[int, int]:
        """(XP balance, XP earned on `day`) in one read."""
        ...

    async def append(self, user_id: int, entry: LedgerEntry, now: datetime) -> bool:
        """Append a ledger row; False when its key is already there (nothing written)."""
        ...

    async def ledger(self, user_id: int) -> Sequence[LedgerEntry]:
        """Every ledger row of a student, oldest first."""
        ...

    async def balance(self, user_id: int) -> int:
        """The XP balance (the ledger's sum)."""
        ...

    async def add_study(
        self, user_id: int, day: date, *, sessions: int = 0, minutes: int = 0, ill: bool = False
    ) -> None:
        """Add study to a study day (or mark it ill)."""
        ...

    async def add_study_with_totals(
        self, user_id: int, day: date, *, sessions: int = 0, minutes: int = 0
    ) -> tuple[int, int]:
        """Add study to a study day and return (XP balance, XP earned on `day`) as they were
        before, in one round trip."""
        ...

    async def study_days(self, user_id: int, first: date, last: date) -> Sequence[StudyDayRecord]:
        """The recorded study days in a range."""
        ...

    async def badges(self, user_id: int) -> Mapping[str, datetime]:
        """Earned badges and when."""
        ...

    async def add_badge(self, user_id: int, badge_id: str, now: datetime) -> bool:
        """Record an earned badge; False when it was earned before."""
        ...


@dataclass(frozen=True, slots=True)
class LeagueEntry:
    """A student's place in a week's league."""

    user_id: int
    week: date
    pack_id: str
    minor: bool
    tier: int
    league_key: str
    result: str | None = None
    week_xp: int | None = None
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """One line of a league table: the display name only, never a contact."""

    user_id: int
    name: str
    xp: int


class LeagueRepository(Protocol):
    """Weekly league entries (bulk, for formation of every league at once)."""

    async def candidates(self, week: date, pace_since: date) -> Sequence[Entrant]:
        """Students opted in to leagues with a display name, with their tier for `week` (from
        last week's result) and their XP per week since `pace_since`."""
        ...

    async def formed(self, week: date) -> bool:
        """Whether the week's leagues were formed."""
        ...

    async def add_entries(self, entries: Sequence[LeagueEntry]) -> int:
        """Store entries (an existing one is kept); returns rows written."""
        ...

    async def entry(self, user_id: int, week: date) -> LeagueEntry | None:
        """A student's entry of a week."""
        ...

    async def open_zones(self, week: date) -> Sequence[str]:
        """The time zones of the students with a week's entries not closed yet."""
        ...

    async def open_entries(self, week: date) -> Sequence[LeagueEntry]:
        """The week's entries not closed yet."""
        ...

    async def table(
        self, league_key: str, week: date, first: date, last: date
    ) -> Sequence[Standing]:
        """A league's members with display names and XP earned from `first` to `last`."""
        ...

    async def close(self, week: date, closed: Sequence[LeagueEntry]) -> int:
        """Write results of entries still open; returns rows closed (0 on a second run)."""
        ...
