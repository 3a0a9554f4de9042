"""The job of human tutoring: time-outs. A wave of asked tutors that had its minutes makes way
for the next wave (or, with none left, the student is told honestly that no one was free), and
an offer nobody answered lapses. Each run is one unit of work, so the notices it causes go
out through the outbox like any other."""

from __future__ import annotations

import logging
from typing import Any

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.tutors.usecases import advance

log = logging.getLogger(__name__)


class TutorTimeouts:
    """Moves waiting escalations on."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def run(self) -> int:
        """One pass; returns how many escalations moved on."""
        async with self._uow() as uow:
            moved = await advance(uow, self._clock.now())
            await uow.commit()
        if moved:
            log.info("tutor escalations moved on: %d", moved)
        return moved

    def register(self, scheduler: Any) -> None:
        """Run every 30 seconds on the leading process."""
        scheduler.add_job(
            self.run, "interval", seconds=30, id="tutor-timeouts", max_instances=1, coalesce=True
        )
