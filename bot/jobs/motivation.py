"""The streak rollover: once an hour on the leader, fold every student's streak for their own
study day and announce the freezes it used (through the outbox, see coach.motivation.celebrate).

The fold is a function of stored facts and each announcement is keyed by its day, so running
twice in an hour, or after a restart, changes nothing and says nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.motivation.usecases import ForStudent, MotivationUseCases

log = logging.getLogger(__name__)
BATCH = 50  # students per unit of work


@dataclass
class RolloverReport:
    """What one run did."""

    students: int = 0
    freezes_announced: int = 0


class StreakRollover:
    """Runs the rollover use case for every student."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, usecases: MotivationUseCases) -> None:
        self._uow = uow
        self._clock = clock
        self._usecases = usecases

    async def run(self) -> RolloverReport:
        """One pass over every student."""
        report = RolloverReport()
        async with self._uow() as uow:
            ids = list(await uow.audience.student_ids())
        for start in range(0, len(ids), BATCH):
            async with self._uow() as uow:
                now = self._clock.now()
                for user_id in ids[start : start + BATCH]:
                    outcome = await self._usecases.rollover(uow, now, ForStudent(user_id))
                    report.freezes_announced += len(outcome.announced)
                    report.students += 1
                await uow.commit()
        if report.freezes_announced:
            log.info("streak rollover: %s freezes announced", report.freezes_announced)
        return report

    def register(self, scheduler: Any) -> None:
        """Run every hour on the leading process (each student's day starts at their 04:00)."""
        scheduler.add_job(
            self.run, "interval", minutes=60, id="streak-rollover", max_instances=1, coalesce=True
        )
