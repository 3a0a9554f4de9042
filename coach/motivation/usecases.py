"""Use cases of the motivation feature: what /streak and /badges show, and the daily rollover.

Each takes the unit of work, the moment and a frozen command and returns a frozen outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from coach.core.clock import DAY_START
from coach.core.uow import UnitOfWork
from coach.domain import StudySession
from coach.motivation.badges import Badge, BadgeProgress, catalogue, earned_ids, next_up
from coach.motivation.card import CardData, weekly_card
from coach.motivation.events import BadgeEarned, BadgesShown, StreakFreezeUsed
from coach.motivation.ledger import figures_of, moment, streak_of, streak_with
from coach.motivation.streaks import Streak
from coach.motivation.xp import LedgerEntry, Level, level_of
from coach.packs.catalog import Catalog


@dataclass(frozen=True, slots=True)
class ForStudent:
    """Which student."""

    user_id: int


@dataclass(frozen=True, slots=True)
class PlanStreak:
    """A student's streak from the plan's sessions the caller already read."""

    user_id: int
    timezone: str
    plan_start: date
    sessions: Sequence[StudySession]


@dataclass(frozen=True, slots=True)
class StreakOutcome:
    """The streak on the student's study day `today`."""

    today: date
    streak: Streak


@dataclass(frozen=True, slots=True)
class BadgesOutcome:
    """Earned badges (newest first), the next few with progress, and the XP level."""

    earned: Sequence[tuple[Badge, datetime]]
    next: Sequence[BadgeProgress]
    level: Level


@dataclass(frozen=True, slots=True)
class RolloverOutcome:
    """What a rollover found: the streak and the freezes it announced now."""

    streak: Streak
    announced: tuple[date, ...]


class MotivationUseCases:
    """The reads and the rollover of the motivation feature."""

    def __init__(self, catalog: Catalog, day_start: time = DAY_START) -> None:
        self._catalog = catalog
        self._day_start = day_start

    async def _today(self, uow: UnitOfWork, user_id: int, now: datetime) -> date | None:
        user = await uow.users.get(user_id)
        return moment(now, user.timezone, self._day_start)[0] if user else None

    async def streak(self, uow: UnitOfWork, now: datetime, command: ForStudent) -> StreakOutcome:
        """The streak with its last days and the freezes held."""
        today = await self._today(uow, command.user_id, now) or now.date()
        return StreakOutcome(today, await streak_of(uow, command.user_id, today))

    async def plan_streak(
        self, uow: UnitOfWork, now: datetime, command: PlanStreak
    ) -> StreakOutcome:
        """The streak /streak shows, for the Done message and /progress: one streak count
        everywhere, at the cost of one read (the study days)."""
        today = moment(now, command.timezone, self._day_start)[0]
        streak = await streak_with(
            uow, command.user_id, today, command.plan_start, command.sessions
        )
        return StreakOutcome(today, streak)

    async def award_badges(
        self, uow: UnitOfWork, now: datetime, command: ForStudent, *, shown: bool = False
    ) -> tuple[str, ...]:
        """Record the badges the student's figures reach and were not held (BadgeEarned each).

        Run by /badges and by the hourly rollover rather than on every Done: the figures read
        the whole ledger and streak, which the Done button should not wait for."""
        today = await self._today(uow, command.user_id, now) or now.date()
        figures, _streak = await figures_of(uow, self._catalog, command.user_id, today)
        held = await uow.motivation.badges(command.user_id)
        reached = earned_ids(figures)
        new: list[str] = []
        for badge in catalogue().badges:
            fresh = badge.id in reached and badge.id not in held
            if fresh and await uow.motivation.add_badge(command.user_id, badge.id, now):
                new.append(badge.id)
                earned = BadgeEarned(
                    user_id=command.user_id, at=now, badge_id=badge.id, shown=shown
                )
                await uow.record(earned)
        return tuple(new)

    async def badges(self, uow: UnitOfWork, now: datetime, command: ForStudent) -> BadgesOutcome:
        """Earned badges (any newly reached are awarded now, and being read here, not pushed)
        and the progress to the next few."""
        await self.award_badges(uow, now, command, shown=True)
        today = await self._today(uow, command.user_id, now) or now.date()
        figures, _streak = await figures_of(uow, self._catalog, command.user_id, today)
        held = await uow.motivation.badges(command.user_id)
        by_id = {badge.id: badge for badge in catalogue().badges}
        earned = sorted(
            ((by_id[b], at) for b, at in held.items() if b in by_id), key=lambda item: item[1]
        )
        upcoming = [p for p in next_up(figures, count=10) if p.badge.id not in held][:3]
        if held:
            await uow.record(BadgesShown(user_id=command.user_id, at=now, badge_ids=tuple(held)))
        balance = await uow.motivation.balance(command.user_id)
        return BadgesOutcome(tuple(reversed(earned)), tuple(upcoming), level_of(balance))

    async def card(self, uow: UnitOfWork, now: datetime, command: ForStudent) -> CardData | None:
        """The weekly progress card's content (None without a plan)."""
        return await weekly_card(uow, now, command.user_id, self._catalog)

    async def declare_ill(
        self, uow: UnitOfWork, now: datetime, command: ForStudent
    ) -> StreakOutcome:
        """The student says they are ill: today is frozen (it neither counts nor breaks)."""
        today = await self._today(uow, command.user_id, now) or now.date()
        await uow.motivation.add_study(command.user_id, today, ill=True)
        return StreakOutcome(today, await streak_of(uow, command.user_id, today))

    async def rollover(
        self, uow: UnitOfWork, now: datetime, command: ForStudent
    ) -> RolloverOutcome:
        """Award reached badges, fold the streak for the student's new day and record
        `StreakFreezeUsed` for each freeze used on a day not announced before (a second run
        announces nothing)."""
        today = await self._today(uow, command.user_id, now) or now.date()
        streak = await streak_of(uow, command.user_id, today)
        announced: list[date] = []
        for day in streak.freezes_used:
            # A zero row in the ledger: the audit trail of freezes, and what makes this once.
            row = LedgerEntry(f"streak_freeze:{day.isoformat()}", "freeze", 0, 0, day)
            if await uow.motivation.append(command.user_id, row, now):
                announced.append(day)
                await uow.record(
                    StreakFreezeUsed(
                        user_id=command.user_id,
                        at=now,
                        day=day,
                        streak=streak.count,
                        freezes_left=streak.freezes,
                    )
                )
        # After the freezes: their message matters more than a badge's, under the daily cap.
        await self.award_badges(uow, now, command)
        return RolloverOutcome(streak, tuple(announced))
