"""The weekly progress card on the leader: every hour, queue the card of each student whose
Sunday evening came (`coach.motivation.card_push`), and draw a queued card when the
dispatcher sends it (`CardPictures`, handed to every dispatcher)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.messages import DocumentSpec
from coach.motivation.card_push import PushCards, card_picture, push_weekly_cards
from coach.notifications.model import OutboxItem
from coach.notifications.reactions import PUSH_CHANNELS
from coach.packs.catalog import Catalog

log = logging.getLogger(__name__)
BATCH = 200  # students per unit of work


class CardPictures:
    """Draws the card an outbox row names, in its own unit of work."""

    def __init__(self, uow: UnitOfWorkFactory, catalog: Catalog) -> None:
        self._uow = uow
        self._catalog = catalog

    async def __call__(self, item: OutboxItem) -> tuple[DocumentSpec, str] | None:
        """The picture and its description, or None when there is nothing to show."""
        async with self._uow() as uow:
            return await card_picture(uow, item, self._catalog)


class WeeklyCards:
    """Queues the week's cards."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, channels: Sequence[str] = PUSH_CHANNELS
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._channels = tuple(channels)

    async def run(self) -> int:
        """One pass over every student; returns how many cards were queued."""
        async with self._uow() as uow:
            ids = list(await uow.audience.student_ids())
        queued = 0
        for start in range(0, len(ids), BATCH):
            async with self._uow() as uow:
                page = PushCards(ids[start : start + BATCH], self._channels)
                queued += await push_weekly_cards(uow, self._clock.now(), page)
                await uow.commit()
        if queued:
            log.info("weekly cards: %s queued", queued)
        return queued

    def register(self, scheduler: Any) -> None:
        """Every hour on the leading process (each student's Sunday evening is their own)."""
        scheduler.add_job(
            self.run, "interval", minutes=60, id="weekly-cards", max_instances=1, coalesce=True
        )
