"""The XP rules: what a learning event earns, the daily cap, and the level curve.

Everything here is pure. An award is keyed by the event that earned it (`key`), so a replayed
or repeated event (the same session settled twice, the same question answered right again)
earns nothing the second time; the ledger's unique (user, key) enforces it in storage. The cap
is applied in ledger order per study day, so replaying the requested amounts reproduces every
stored amount, balance and level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

DAILY_CAP = 300  # XP per study day; more study that day is still logged but earns no XP
MINUTES_PER_XP = 2  # a 50-minute session earns 25 XP
SESSION_MAX_XP = 60
REVIEW_ON_TIME_BONUS = 10
SESSION_QUIZ_BONUS = 15  # a session followed by a quiz of mostly right answers
QUIZ_SHARE_FOR_BONUS = 0.7
MOCK_XP = 50
FORUM_ACCEPTED_XP = 20
NO_XP_KINDS = frozenset({"assessment"})  # placement answers measure, they are not practice


@dataclass(frozen=True, slots=True)
class Award:
    """XP an event asks for: how much, why, and the key that makes it earn once."""

    key: str
    reason: str  # session | review | session_quiz | quiz | mock | mock_better | forum
    requested: int
    minutes: int = 0  # study minutes behind it (sessions), for the hour badges


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One stored ledger row: the award and what it actually earned under the cap."""

    key: str
    reason: str
    requested: int
    amount: int
    day: date  # the study day it belongs to
    minutes: int = 0
    hour: int = 12  # the local hour it was earned at (for the early-bird badge)


def session_award(session_id: int, kind: str, minutes: int) -> Award:
    """A completed planned session: XP by its minutes; a review done on its day earns more."""
    xp = min(SESSION_MAX_XP, max(5, minutes // MINUTES_PER_XP))
    reason = "session"
    if kind == "review":
        xp += REVIEW_ON_TIME_BONUS
        reason = "review"
    return Award(f"session:{session_id}", reason, xp, minutes)


def session_rest_award(session_id: int, kind: str, planned: int, before: int) -> Award:
    """A partly done session corrected to done: what a Done earns, less what the partly done
    minutes earned already (under their own key), so the session earns a Done's XP once."""
    full = session_award(session_id, kind, planned)
    partly = session_award(session_id, "lesson", before)
    rest = max(full.requested - partly.requested, 0)
    return Award(f"session_rest:{session_id}", full.reason, rest, max(planned - before, 0))


def session_quiz_award(session_id: int, share: float) -> Award | None:
    """The bonus for a session followed by a quiz that went well."""
    if share < QUIZ_SHARE_FOR_BONUS:
        return None
    return Award(f"session_quiz:{session_id}", "session_quiz", SESSION_QUIZ_BONUS)


def answer_award(
    pack_id: str, question_ref: str, difficulty: int, *, correct: bool, kind: str
) -> Award | None:
    """A right answer: more for a harder question; a question earns once, ever, so re-doing
    the same quiz earns nothing."""
    if not correct or kind in NO_XP_KINDS:
        return None
    return Award(f"answer:{pack_id}:{question_ref}", "quiz", 2 + 2 * max(1, min(5, difficulty)))


def mock_award(pack_id: str, day: date, *, better: bool) -> Award:
    """Entering a mock exam's results (once per day); `better` than the previous one."""
    return Award(f"mock:{pack_id}:{day.isoformat()}", "mock_better" if better else "mock", MOCK_XP)


def capped(requested: int, earned_today: int, cap: int = DAILY_CAP) -> int:
    """What an award earns when `earned_today` XP was already earned that study day."""
    return max(0, min(requested, cap - earned_today))


def replay(awards: Iterable[tuple[Award, date, int]], cap: int = DAILY_CAP) -> list[LedgerEntry]:
    """The ledger these (award, study day, local hour) make, in order: repeats dropped, the
    cap applied per study day."""
    seen: set[str] = set()
    per_day: dict[date, int] = {}
    entries: list[LedgerEntry] = []
    for award, day, hour in awards:
        if award.key in seen:
            continue
        seen.add(award.key)
        amount = capped(award.requested, per_day.get(day, 0), cap)
        per_day[day] = per_day.get(day, 0) + amount
        entries.append(
            LedgerEntry(award.key, award.reason, award.requested, amount, day, award.minutes, hour)
        )
    return entries


def balance(entries: Iterable[LedgerEntry]) -> int:
    """The XP balance of a ledger."""
    return sum(entry.amount for entry in entries)


# ---------------------------------------------------------------------- levels
LEVEL_COUNT = 12


def level_floor(level: int) -> int:
    """The XP at which a level starts: 0, 100, 300, 600, … (each level 100 XP longer)."""
    return 50 * (level - 1) * level


@dataclass(frozen=True, slots=True)
class Level:
    """Where a balance stands on the curve; names are templates `motivation/level_name`."""

    number: int
    xp: int
    floor: int
    next_floor: int | None

    @property
    def to_next(self) -> int:
        """XP still needed for the next level (0 at the top)."""
        return 0 if self.next_floor is None else self.next_floor - self.xp


def level_of(xp: int) -> Level:
    """The level of an XP balance."""
    number = 1
    while number < LEVEL_COUNT and xp >= level_floor(number + 1):
        number += 1
    following = level_floor(number + 1) if number < LEVEL_COUNT else None
    return Level(number, xp, level_floor(number), following)


def daily_totals(entries: Sequence[LedgerEntry]) -> dict[date, int]:
    """XP earned per study day."""
    totals: dict[date, int] = {}
    for entry in entries:
        totals[entry.day] = totals.get(entry.day, 0) + entry.amount
    return totals
