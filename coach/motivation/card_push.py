"""The weekly progress card pushed at the end of the student's week.

Sunday 20:00 in the student's time zone (an hour after the weekly review, so the two do not
arrive together) the card of their Monday–Sunday goes out through the outbox as kind
`weekly_card`: quiet hours, a pause, the daily push cap and its /settings switch apply as to
every push. The row stores no picture, only which week it shows (`picture`, `as_of`); the
dispatcher draws the card when it sends it (`card_picture`, the same drawing as `/card`), so
the outbox stays small and the card shows the figures of that week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from coach.core.uow import UnitOfWork
from coach.messages import DocumentSpec
from coach.motivation.card import card_alt, weekly_card
from coach.motivation.card_png import render_card
from coach.notifications.controls import is_paused, local_date, local_moment, opted_out, schedule
from coach.notifications.controls import zone as zone_of
from coach.notifications.model import Notification, NotificationKind, OutboxItem, Recipient
from coach.notifications.pushes import push
from coach.packs.catalog import Catalog

CARD_WEEKDAY = 6  # Sunday (Monday is 0): the last day of the student's week
CARD_TIME = time(20, 0)
CARD_GRACE = timedelta(days=1)  # after downtime a card up to a day late is still produced
CARD_TTL = timedelta(hours=36)  # Tuesday morning's card of last week is no card
PICTURE = "weekly_card"  # the context's `picture`: which drawing the dispatcher attaches


@dataclass(frozen=True, slots=True)
class CardSlot:
    """One week's card: the Sunday it closes and the moment it is due."""

    sunday: date
    due_at: datetime


def latest_card_slot(timezone: str, now: datetime) -> CardSlot:
    """The most recent card moment at or before `now`, in the student's time zone."""
    tz = zone_of(timezone)
    today = local_date(now, tz)
    day = today - timedelta(days=(today.weekday() - CARD_WEEKDAY) % 7)
    due = local_moment(day, CARD_TIME, tz)
    if due > now:
        day -= timedelta(days=7)
        due = local_moment(day, CARD_TIME, tz)
    return CardSlot(day, due)


def card_key(user_id: int, sunday: date) -> str:
    """The dedupe key of one week's card."""
    return f"card:{user_id}:{sunday.isoformat()}"


def card_notification(recipient: Recipient, slot: CardSlot, now: datetime) -> Notification:
    """The push of one week's card (quiet hours applied), not stored yet."""
    user, profile = recipient.user, recipient.profile
    tz = zone_of(user.timezone)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.WEEKLY_CARD,
        template="motivation/card_push",
        dedupe_key=card_key(user.id, slot.sunday),
        due_at=slot.due_at,
        local_date=slot.sunday,
        address=recipient.address,
        locale=user.locale,
        context={"picture": PICTURE, "as_of": slot.due_at.isoformat()},
        expires_at=slot.due_at + CARD_TTL,
    )
    return schedule(item, profile, tz, now)


@dataclass(frozen=True, slots=True)
class PushCards:
    """The students to look at (a page of the job's run)."""

    user_ids: Sequence[int]
    channels: Sequence[str]


async def push_weekly_cards(uow: UnitOfWork, now: datetime, command: PushCards) -> int:
    """Queue this week's card for each student whose Sunday evening came in the last day and
    who has a plan; returns how many were queued (a second run finds them queued)."""
    page = await uow.audience.recipients(command.user_ids, command.channels)
    queued = 0
    for recipient in page.recipients:
        if recipient.plan_id is None:
            continue  # no plan, no week to show
        user, profile = recipient.user, recipient.profile
        slot = latest_card_slot(user.timezone, now)
        if now - slot.due_at > CARD_GRACE:
            continue
        tz = zone_of(user.timezone)
        if is_paused(user, local_date(now, tz)) or opted_out(profile, NotificationKind.WEEKLY_CARD):
            continue
        key = card_key(user.id, slot.sunday)
        rows = await uow.outbox.day_rows([user.id], slot.sunday, slot.sunday + timedelta(days=2))
        if any(row.dedupe_key == key for row in rows):
            continue
        stored = await push(uow, card_notification(recipient, slot, now), now,
                            profile.max_pushes_per_day)  # fmt: skip
        queued += 0 if stored.drop_reason else 1
    return queued


async def card_picture(
    uow: UnitOfWork, item: OutboxItem, catalog: Catalog
) -> tuple[DocumentSpec, str] | None:
    """The card a stored push shows, drawn now for the week it names (as `/card` draws it),
    with its one-line description for text-only places; None when there is nothing to show."""
    if item.user_id is None or item.context.get("picture") != PICTURE:
        return None
    as_of = datetime.fromisoformat(str(item.context.get("as_of")))
    data = await weekly_card(uow, as_of, item.user_id, catalog)
    if data is None:
        return None
    alt = card_alt(data, item.locale)
    return DocumentSpec("progress.png", render_card(data), "image/png"), alt
