"""The student's controls over pushes: quiet hours, pause, opt-outs and the daily cap.

All times are aware datetimes; local times are computed with `zoneinfo`, so a daylight saving
change moves the UTC instant and keeps the local time the student chose.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coach.domain import Profile, User, UserStatus
from coach.notifications.model import (
    OPT_OUT_ALIASES,
    Notification,
    NotificationKind,
    StudentRules,
)

FALLBACK_TIMEZONE = "Europe/Istanbul"


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The time zone called `name`; an unknown name falls back to Istanbul instead of failing."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_TIMEZONE)


def local_moment(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of local `day` at `at`.

    A wall time that does not exist (skipped by a spring-forward change) lands just after the gap,
    and one that happens twice (autumn) is the first occurrence, which is what people mean.
    """
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The student's calendar day at an instant."""
    return moment.astimezone(tz).date()


def in_quiet_hours(local_time: time, start: time, end: time) -> bool:
    """Whether a local wall time falls in the quiet window (which may cross midnight)."""
    if start == end:
        return False
    if start < end:
        return start <= local_time < end
    return local_time >= start or local_time < end


def next_allowed(moment: datetime, tz: ZoneInfo, start: time, end: time) -> datetime:
    """`moment` itself, or the end of the quiet hours it falls in."""
    if start == end:
        return moment  # no quiet hours
    local = moment.astimezone(tz)
    wall = local.time().replace(tzinfo=None)
    if not in_quiet_hours(wall, start, end):
        return moment
    day = local.date()
    if start > end and wall >= start:
        day += timedelta(days=1)  # evening part of a window that ends tomorrow morning
    return local_moment(day, end, tz)


def is_paused(user: User | StudentRules, today: date) -> bool:
    """Whether the student paused pushes; `paused_until` is the day they resume."""
    if user.status is not UserStatus.PAUSED:
        return False
    return user.paused_until is None or today < user.paused_until


def opted_out(profile: Profile | StudentRules, kind: NotificationKind) -> bool:
    """Whether the student turned this kind of push off."""
    choices = set(profile.opt_outs)
    if kind.value in choices:
        return True
    return any(kind in OPT_OUT_ALIASES.get(choice, frozenset()) for choice in choices)


def schedule(
    notification: Notification, profile: Profile, tz: ZoneInfo, now: datetime
) -> Notification:
    """Apply quiet hours and expiry to a freshly produced notification.

    A push due in the quiet hours waits for their end; if that is too late (its session has
    started, the check-in window closed) it is recorded as dropped instead of sent.
    """
    if notification.drop_reason or notification.solicited:
        return notification
    due = next_allowed(notification.due_at, tz, profile.quiet_start, profile.quiet_end)
    expires = notification.expires_at
    if expires is not None and now >= expires:
        return replace(notification, due_at=due, drop_reason=expiry_reason(notification.kind))
    if expires is not None and due >= expires:
        return replace(notification, due_at=due, drop_reason="quiet hours")
    return notification if due == notification.due_at else replace(notification, due_at=due)


def expiry_reason(kind: NotificationKind) -> str:
    """Why an expired push was not sent, in words an operator understands."""
    if kind is NotificationKind.REMINDER:
        return "session already started"
    return "expired"


def apply_daily_cap(
    notifications: Iterable[Notification],
    active_keys: Mapping[tuple[int, date], Iterable[str]],
    caps: Mapping[int, int],
) -> list[Notification]:
    """Keep at most the student's cap of pushes per local day; the rest are recorded as dropped.

    `active_keys` holds, per (student, day), the dedupe keys already queued or sent: they keep
    their place, and a notification with one of those keys is only a refresh. New ones fill the
    remaining places by priority, then by time. Solicited pushes are never capped.
    """
    groups: dict[tuple[int, date], list[Notification]] = defaultdict(list)
    kept: list[Notification] = []
    for item in notifications:
        if item.user_id is None:
            kept.append(item)  # a post in a group chat: no student's cap holds it
            continue
        groups[(item.user_id, item.local_date)].append(item)
    for day_key, items in groups.items():
        taken = set(active_keys.get(day_key, ()))
        cap = caps.get(day_key[0], 6)
        for item in sorted(items, key=lambda n: (n.priority, n.due_at, n.dedupe_key)):
            if item.drop_reason or item.solicited or item.dedupe_key in taken:
                kept.append(item)
            elif len(taken) < cap:
                taken.add(item.dedupe_key)
                kept.append(item)
            else:
                kept.append(replace(item, drop_reason="daily cap"))
    return kept


@dataclass(frozen=True, slots=True)
class Send:
    """Deliver now."""


@dataclass(frozen=True, slots=True)
class Defer:
    """Not now: try again at `until` (the end of the quiet hours)."""

    until: datetime


@dataclass(frozen=True, slots=True)
class Drop:
    """Do not deliver; record why."""

    reason: str


Decision = Send | Defer | Drop


@dataclass(frozen=True, slots=True)
class PendingPush:
    """What the dispatcher knows of a claimed row when it re-checks the rules."""

    kind: NotificationKind
    solicited: bool
    expires_at: datetime | None


def delivery_decision(
    push: PendingPush, rules: StudentRules | None, sent_today: int, now: datetime
) -> Decision:
    """Re-check the rules just before sending, since time passed and settings may have changed.

    This catches a dispatcher that comes back after downtime into the quiet hours, a student who
    paused or opted out after the push was queued, and the cap when pushes were deferred.
    """
    if push.expires_at is not None and now >= push.expires_at:
        return Drop(expiry_reason(push.kind))
    if rules is None:
        return Send() if push.solicited else Drop("recipient gone")
    tz = zone(rules.timezone)
    if is_paused(rules, local_date(now, tz)):
        return Drop("paused")
    if push.solicited:  # asked for (resources after /stuck): no switch holds it back
        return Send()
    if opted_out(rules, push.kind):
        return Drop("opted out")
    allowed = next_allowed(now, tz, rules.quiet_start, rules.quiet_end)
    if allowed > now:
        if push.expires_at is not None and allowed >= push.expires_at:
            return Drop("quiet hours")
        return Defer(allowed)
    if sent_today >= rules.max_pushes_per_day:
        return Drop("daily cap")
    return Send()
