"""Events of the motivation feature: XP earned, a badge earned, a streak freeze used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class XpEarned(DomainEvent):
    """A ledger row was written; `amount` may be 0 when the daily cap was reached."""

    amount: int
    reason: str
    balance: int
    level: int
    level_before: int
    capped: bool = False


@dataclass(frozen=True, kw_only=True)
class BadgeEarned(DomainEvent):
    """A badge of the catalogue was earned; `shown` when the student is reading it right now
    (/badges listed it), so there is nothing to push."""

    badge_id: str
    shown: bool = False


@dataclass(frozen=True, kw_only=True)
class BadgesShown(DomainEvent):
    """/badges listed the student's badges: a celebration of one still queued is old news."""

    badge_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class StreakFreezeUsed(DomainEvent):
    """The rollover used a held freeze for a missed planned day."""

    day: date
    streak: int
    freezes_left: int


@dataclass(frozen=True, kw_only=True)
class LeagueClosed(DomainEvent):
    """A week's league closed: the student's rank and whether they move up or down."""

    week: date
    result: str  # promoted | stayed | demoted
    rank: int
    size: int
    week_xp: int
