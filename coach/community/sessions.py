"""Group study sessions: the next time that fits every member's windows, and the pushes
that tell each member (a reminder shortly before, the group's welcome)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coach.community.events import GroupWeekSummarised
from coach.community.model import SLOT_MINUTES, WEEK_SLOTS, GroupView
from coach.community.policy import DEFAULT_GROUP_POLICY, GroupPolicy, reasons
from coach.domain import WEEKDAYS
from coach.notifications.controls import local_date, schedule
from coach.notifications.model import Notification, NotificationKind, Recipient

REMINDER_LEAD = timedelta(minutes=30)


def next_session(
    view: GroupView, now: datetime, policy: GroupPolicy = DEFAULT_GROUP_POLICY
) -> datetime | None:
    """The start of the next group session: the first run of shared free slots long enough,
    in the coming week, at least an hour from now. None when the members share no such run."""
    length = max(1, policy.session_minutes // SLOT_MINUTES)
    week_start = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    mask = view.group.shared_free
    starts = [
        start
        for start in range(WEEK_SLOTS - length + 1)
        if all(mask >> (start + k) & 1 for k in range(length))
    ]
    earliest = now + timedelta(hours=1)
    for week in range(2):
        for start in starts:
            at = week_start + timedelta(weeks=week, minutes=start * SLOT_MINUTES)
            if at >= earliest:
                return at
    return None


def _context(
    view: GroupView, starts_at: datetime | None, tz: str, names: Mapping[str, str], now: datetime
) -> dict[str, Any]:
    local = starts_at.astimezone(ZoneInfo(tz)) if starts_at else None
    return {
        "group": view.group.name,
        "members": [m.pseudonym or "?" for m in view.joined()],
        "day": WEEKDAYS[local.weekday()] if local else "",
        "date": local.date().isoformat() if local else "",
        "time": f"{local:%H:%M}" if local else "",
        **reasons(view.group, names, tz, now),
    }


def welcome(
    recipient: Recipient, view: GroupView, starts_at: datetime | None,
    names: Mapping[str, str], now: datetime,
) -> Notification:  # fmt: skip
    """Tell a member the group formed, who is in it (display names) and when it meets."""
    user = recipient.user
    tz = ZoneInfo(user.timezone)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITE,
        template="notify/community_formed",
        dedupe_key=f"community:formed:{view.group.id}:{user.id}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context=_context(view, starts_at, user.timezone, names, now),
        solicited=True,  # they just said yes
    )
    return schedule(item, recipient.profile, tz, now)


def session_reminder(
    recipient: Recipient, view: GroupView, starts_at: datetime,
    names: Mapping[str, str], now: datetime,
) -> Notification | None:  # fmt: skip
    """Remind a member of the group's session shortly before it starts."""
    if now >= starts_at:
        return None
    user = recipient.user
    tz = ZoneInfo(user.timezone)
    due = max(now, starts_at - REMINDER_LEAD)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITE,
        template="notify/community_session",
        dedupe_key=f"community:session:{view.group.id}:{starts_at:%Y%m%d%H%M}:{user.id}",
        due_at=due,
        local_date=local_date(due, tz),
        address=recipient.address,
        locale=user.locale,
        context=_context(view, starts_at, user.timezone, names, now),
        expires_at=starts_at,
        solicited=True,  # a member of a group asked to study at this time
    )
    return schedule(item, recipient.profile, tz, now)


def week_summary(recipient: Recipient, event: GroupWeekSummarised, now: datetime) -> Notification:
    """The group's week for one member: who kept their plan (by display name, only those who
    allow it), how many did, and the coming week's group goal."""
    user = recipient.user
    tz = ZoneInfo(user.timezone)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.WEEKLY_REVIEW,
        template="notify/community_week",
        dedupe_key=f"community:week:{event.view.group.id}:{event.week}:{user.id}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={
            "group": event.view.group.name,
            "kept": list(event.kept),
            "kept_count": event.kept_count,
            "members": len(event.view.joined()),
            "goal_minutes": event.goal_minutes,
            "sessions": event.sessions,
            "attended_named": [[name, n] for name, n in event.attendance if name],
        },
        expires_at=now + timedelta(days=3),
    )
    return schedule(item, recipient.profile, tz, now)
