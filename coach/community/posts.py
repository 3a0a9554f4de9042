"""Posts in a study group's own place (its Telegram forum topic, its Discord channel): the
weekly summary goes there once, as an outbox row addressed to the group chat, so the
dispatcher's per-group ceilings (Telegram: 20 messages a minute per group) hold for it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from coach.community.events import GroupWeekSummarised
from coach.community.ports import GroupPlace
from coach.notifications.model import Address, Notification, NotificationKind

TOPIC_SEPARATOR = "#"  # "chat#thread": a Telegram forum topic; the chat part keys the limits


def place_address(place: GroupPlace) -> Address | None:
    """The group chat of a place: the Telegram supergroup's topic, or the Discord channel."""
    if place.channel == "telegram":
        chat = place.place_key
        key = f"{chat}{TOPIC_SEPARATOR}{place.thread_id}" if place.thread_id else chat
        return Address("telegram", chat, key, is_group=True)
    if place.channel == "discord" and place.thread_id:
        return Address("discord", place.thread_id, place.thread_id, is_group=True)
    return None


def week_posts(event: GroupWeekSummarised, places: Sequence[GroupPlace]) -> list[Notification]:
    """The week's summary for each place of the group, in the group's language. The row
    belongs to the first member (the outbox is per student; it leaves with the group's
    week), it is not a private push, so no student's daily cap counts it."""
    view = event.view
    joined = view.joined()
    if not joined:
        return []
    posts = []
    for place in places:
        address = place_address(place)
        if address is None:
            continue
        posts.append(
            Notification(
                user_id=joined[0].user_id,
                kind=NotificationKind.WEEKLY_REVIEW,
                template="notify/community_week",
                dedupe_key=f"community:week:{view.group.id}:{event.week}:{place.channel}",
                due_at=event.at,
                local_date=event.at.date(),
                address=address,
                locale=view.group.locale,
                context={
                    "group": view.group.name,
                    "kept": list(event.kept),  # only members who allow being named
                    "kept_count": event.kept_count,
                    "members": len(joined),
                    "goal_minutes": event.goal_minutes,
                    "sessions": event.sessions,
                    "attended_named": [[name, n] for name, n in event.attendance if name],
                },
                expires_at=event.at + timedelta(days=3),
            )
        )
    return posts


def posted_channels(places: Sequence[GroupPlace]) -> frozenset[str]:
    """Channels on which the group has a place (its members there read the post)."""
    return frozenset(p.channel for p in places if place_address(p) is not None)
