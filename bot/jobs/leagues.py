"""The weekly league job: on the leader, hourly from Monday (UTC), close last week's leagues once
every member's Sunday is over in their zone (results pushed through the outbox), then form the
new week's. Both steps are idempotent: a second run in the same week finds last week closed and
this week formed."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.motivation.league_usecases import ForWeek, close_week, form_week, week_of

log = logging.getLogger(__name__)


class WeeklyLeagues:
    """Closes the last week and forms this one."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def run(self) -> tuple[int, int]:
        """(entries closed, entries formed) by this run."""
        now = self._clock.now()
        week = week_of(now.date())
        async with self._uow() as uow:
            closed = await close_week(uow, now, ForWeek(week - timedelta(days=7)))
            await uow.commit()
        async with self._uow() as uow:
            formed = await form_week(uow, now, ForWeek(week))
            await uow.commit()
        if closed or formed:
            log.info("leagues: %s entries closed, %s placed", closed, formed)
        return closed, formed

    def register(self, scheduler: Any) -> None:
        """Run every hour on the leading process (the week turns once)."""
        scheduler.add_job(
            self.run, "interval", minutes=60, id="weekly-leagues", max_instances=1, coalesce=True
        )
