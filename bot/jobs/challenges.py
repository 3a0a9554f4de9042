"""The weekly challenge on the leader: every hour, offer the week's challenge to each student
whose Monday morning came in their own zone, and, once Monday morning came in the deployment's
zone, the next group challenge to each place that had one last week
(`coach.motivation.challenge_offers`); the challenge rows and the dedupe keys make it once
per student, place and week."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.motivation.challenge_offers import (
    OfferChallenges,
    offer_group_challenges,
    offer_weekly_challenges,
)
from coach.notifications.reactions import PUSH_CHANNELS
from coach.packs.catalog import Catalog

log = logging.getLogger(__name__)
BATCH = 200  # students per unit of work


class WeeklyChallenges:
    """Offers the week's challenges."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        channels: Sequence[str] = PUSH_CHANNELS,
        *,
        group_timezone: str = "Europe/Istanbul",
    ) -> None:
        self._uow = uow
        self._group_timezone = group_timezone  # the deployment's zone: a place has none
        self._clock = clock
        self._catalog = catalog
        self._channels = tuple(channels)

    async def run(self) -> int:
        """One pass over every student, then the group places; returns the offers queued."""
        async with self._uow() as uow:
            ids = list(await uow.audience.student_ids())
        pushed = 0
        for start in range(0, len(ids), BATCH):
            async with self._uow() as uow:
                page = OfferChallenges(ids[start : start + BATCH], self._channels)
                now = self._clock.now()
                pushed += await offer_weekly_challenges(uow, now, page, self._catalog)
                await uow.commit()
        async with self._uow() as uow:
            pushed += await offer_group_challenges(uow, self._clock.now(), self._group_timezone)
            await uow.commit()
        if pushed:
            log.info("weekly challenges: %s offered", pushed)
        return pushed

    def register(self, scheduler: Any) -> None:
        """Every hour on the leading process (each student's Monday morning is their own)."""
        scheduler.add_job(
            self.run, "interval", minutes=60, id="weekly-challenges", max_instances=1,
            coalesce=True,
        )  # fmt: skip
