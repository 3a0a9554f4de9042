"""Subscribers of the notifications feature: pushes that follow from domain events.

Each writes outbox rows inside the transaction of the change that caused it, so a rolled-back
change sends nothing and a committed one loses nothing; the dispatcher sends them later, under
the student's quiet hours, pause, opt-outs and daily cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from coach.core.uow import UnitOfWork
from coach.learning.events import ResourcesRecommended
from coach.notifications.controls import local_date, local_moment, zone
from coach.notifications.events import ResourceChoice, ResourceTrigger
from coach.notifications.model import DEFAULT_POLICY, NotifyPolicy
from coach.notifications.pushes import push_resources
from coach.packs.catalog import Catalog

PUSH_CHANNELS: tuple[str, ...] = ("telegram", "discord", "web")


class NotificationReactions:
    """Pushes caused by events (not by the clock: those are the sweep's)."""

    def __init__(
        self,
        catalog: Catalog,
        channels: Sequence[str] = PUSH_CHANNELS,
        policy: NotifyPolicy = DEFAULT_POLICY,
    ) -> None:
        self._catalog = catalog
        self._channels = tuple(channels)
        self._policy = policy

    async def on_resources(self, uow: UnitOfWork, event: ResourcesRecommended) -> None:
        """After a failed quiz, the other explanation comes back as a link the next afternoon
        (the chat showed it at once; the push is for when the student is ready to retry)."""
        if event.trigger != ResourceTrigger.FAILED_QUIZ.value:
            return
        links = [
            ResourceChoice(
                title=str(d.params.get("title", "")),
                url=str(d.params["url"]),
                minutes=int(d.params.get("minutes") or 10),
                kind=str(d.params.get("type", "article")),
            )
            for d in event.decisions
            if d.params.get("url")
        ]
        if not links:
            return
        user = await uow.users.get(event.user_id)
        if user is None:
            return
        tz = zone(user.timezone)
        next_day = local_date(event.at, tz) + timedelta(days=1)
        await push_resources(
            uow,
            event.user_id,
            channels=self._channels,
            trigger=ResourceTrigger.FAILED_QUIZ,
            ref=event.quiz_ref or event.at.isoformat(),
            topic=self._topic_name(event.pack_id, event.topic_id, user.locale),
            resources=links,
            now=event.at,
            due_at=local_moment(next_day, self._policy.nudge_time, tz),
        )

    def _topic_name(self, pack_id: str, topic_id: str, locale: str) -> str:
        pack = self._catalog.packs.get(pack_id)
        topic = pack.topics_by_id.get(topic_id) if pack else None
        if topic is None:
            return topic_id
        # Topic names are Turkish with an English translation, in every pack.
        return topic.name if locale == "tr" else (topic.name_en or topic.name)
