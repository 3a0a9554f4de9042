"""Event-driven pushes through the ports: resource links after a failed quiz.

Called by the subscribers of `coach.notifications.reactions`, inside the unit of work of the
change that caused them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.notifications.controls import apply_daily_cap
from coach.notifications.events import ResourceChoice, ResourceTrigger, resource_links
from coach.notifications.model import Notification


async def push(
    uow: UnitOfWork, notification: Notification, now: datetime, cap: int
) -> Notification:
    """Store one event-driven push under the student's daily cap; returns what was stored."""
    day, user_id = notification.local_date, notification.user_id
    if user_id is None:  # a post in a group chat: no student's cap
        await uow.outbox.enqueue([notification], now)
        return notification
    rows = await uow.outbox.day_rows([user_id], day, day)
    active = {(user_id, day): {row.dedupe_key for row in rows}}
    [stored] = apply_daily_cap([notification], active, {user_id: cap})
    await uow.outbox.enqueue([stored], now)
    return stored


async def push_resources(
    uow: UnitOfWork,
    user_id: int,
    *,
    channels: Sequence[str],
    trigger: ResourceTrigger,
    ref: str,
    topic: str,
    resources: Sequence[ResourceChoice],
    now: datetime,
    due_at: datetime | None = None,
) -> Notification | None:
    """Queue resource links for a student (the caller commits); None when nothing is sent."""
    recipient = await uow.audience.recipient(user_id, channels)
    if recipient is None:
        return None
    item = resource_links(
        recipient,
        trigger=trigger,
        ref=ref,
        topic=topic,
        resources=resources,
        now=now,
        due_at=due_at,
    )
    if item is None:
        return None
    return await push(uow, item, now, recipient.profile.max_pushes_per_day)
