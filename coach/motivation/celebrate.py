"""Celebrations through the outbox: a badge earned, a level reached, a streak freeze used.

They reach the student as pushes, so they obey what every push obeys: quiet hours (a badge
earned at midnight waits for the morning), a pause, the student's daily cap of pushes, and the
"celebration" switch in /settings; on top, at most `CELEBRATIONS_PER_DAY` a day, so one busy
day does not become a stream of confetti. Each has a dedupe key, so a replay sends nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from coach.core.uow import UnitOfWork
from coach.motivation.badges import catalogue
from coach.motivation.events import (
    BadgeEarned,
    BadgesShown,
    LeagueClosed,
    StreakFreezeUsed,
    XpEarned,
)
from coach.notifications.controls import is_paused, local_date, opted_out, schedule, zone
from coach.notifications.model import Notification, NotificationKind
from coach.notifications.pushes import push
from coach.notifications.reactions import PUSH_CHANNELS

CELEBRATIONS_PER_DAY = 2
TTL = timedelta(hours=36)  # a celebration two days late is no celebration


def badge_key(user_id: int, badge_id: str) -> str:
    """The dedupe key of a badge's celebration (one per student and badge)."""
    return f"celebration:badge:{user_id}:{badge_id}"


class Celebrations:
    """Outbox rows for the motivation events worth a push."""

    def __init__(self, channels: Sequence[str] = PUSH_CHANNELS) -> None:
        self._channels = tuple(channels)

    async def on_badge(self, uow: UnitOfWork, event: BadgeEarned) -> None:
        """A new badge (not when the student is reading it in /badges right now)."""
        badge = next((b for b in catalogue().badges if b.id == event.badge_id), None)
        if badge is None or event.shown:
            return
        context = {
            "icon": badge.icon,
            "name_tr": badge.name.tr,
            "name_en": badge.name.en,
            "description_tr": badge.description.tr,
            "description_en": badge.description.en,
        }
        key = badge_key(event.user_id, badge.id)
        await self._push(
            uow, event.user_id, "motivation/celebrate_badge", key=key, context=context, at=event.at
        )

    async def on_badges_shown(self, uow: UnitOfWork, event: BadgesShown) -> None:
        """The student saw their badges in /badges: a celebration of one still queued (earned
        in the night, held for the morning) is not sent after it."""
        keys = [badge_key(event.user_id, badge_id) for badge_id in event.badge_ids]
        await uow.outbox.drop_pending("seen in /badges", user_id=event.user_id, dedupe_keys=keys)

    async def on_level(self, uow: UnitOfWork, event: XpEarned) -> None:
        """A level reached."""
        if event.level <= event.level_before:
            return
        key = f"celebration:level:{event.user_id}:{event.level}"
        context = {"level": event.level, "balance": event.balance}
        await self._push(
            uow, event.user_id, "motivation/celebrate_level", key=key, context=context, at=event.at
        )

    async def on_freeze(self, uow: UnitOfWork, event: StreakFreezeUsed) -> None:
        """A held freeze kept the streak over a missed planned day: say so."""
        key = f"celebration:freeze:{event.user_id}:{event.day.isoformat()}"
        context = {
            "weekday": event.day.weekday(),
            "streak": event.streak,
            "left": event.freezes_left,
        }
        await self._push(
            uow, event.user_id, "motivation/freeze_used", key=key, context=context, at=event.at
        )

    async def on_league(self, uow: UnitOfWork, event: LeagueClosed) -> None:
        """The week's league result, pushed when the week closes."""
        key = f"celebration:league:{event.user_id}:{event.week.isoformat()}"
        context = {
            "result": event.result,
            "rank": event.rank,
            "size": event.size,
            "xp": event.week_xp,
        }
        await self._push(
            uow, event.user_id, "motivation/league_result", key=key, context=context, at=event.at
        )

    async def _push(
        self,
        uow: UnitOfWork,
        user_id: int,
        template: str,
        *,
        key: str,
        context: Mapping[str, Any],
        at: datetime,
    ) -> None:
        recipient = await uow.audience.recipient(user_id, self._channels)
        if recipient is None:
            return
        user, profile = recipient.user, recipient.profile
        tz = zone(user.timezone)
        if is_paused(user, local_date(at, tz)) or opted_out(profile, NotificationKind.CELEBRATION):
            return
        item = schedule(
            Notification(
                user_id=user_id,
                kind=NotificationKind.CELEBRATION,
                template=template,
                dedupe_key=key,
                due_at=at,
                local_date=local_date(at, tz),
                address=recipient.address,
                locale=user.locale,
                context=dict(context),
                expires_at=at + TTL,
            ),
            profile,
            tz,
            at,
        )
        day = item.local_date
        rows = await uow.outbox.day_rows([user_id], day, day)
        if any(row.dedupe_key == key for row in rows):
            return
        if (
            sum(1 for row in rows if row.kind is NotificationKind.CELEBRATION)
            >= CELEBRATIONS_PER_DAY
        ):
            return
        await push(uow, item, at, profile.max_pushes_per_day)
