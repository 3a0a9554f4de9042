"""The weekly leaderboards on the leader: every hour, once Monday morning came in the
deployment's zone, last week's board is queued for each group place (a Discord server's coach
channel, a Telegram supergroup); the dedupe key makes it once per place and week."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.motivation.boards import PostBoards, post_weekly_boards
from coach.motivation.league_usecases import week_of

log = logging.getLogger(__name__)


class WeeklyBoards:
    """Queues last week's boards."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, timezone: str) -> None:
        self._uow = uow
        self._clock = clock
        self._timezone = timezone

    async def run(self) -> int:
        """Boards queued by this run (0 outside Monday's posting day, or when queued already)."""
        now = self._clock.now()
        week = week_of(now.date()) - timedelta(days=7)
        async with self._uow() as uow:
            queued = await post_weekly_boards(uow, now, PostBoards(week, self._timezone))
            await uow.commit()
        if queued:
            log.info("leaderboards: %s queued for the week of %s", queued, week)
        return queued

    def register(self, scheduler: Any) -> None:
        """Every hour on the leading process."""
        scheduler.add_job(
            self.run, "interval", minutes=60, id="weekly-boards", max_instances=1, coalesce=True
        )
