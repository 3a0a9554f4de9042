"""Accountability partners: two opted-in students with similar plans (same exam, track,
language and age band, weekly study minutes within 30%) are paired. Each evening each hears
whether the other did today's plan — yes or no, nothing more — and may send one of a few fixed
encouragements; a partner who goes quiet for a week is unpaired with a kind word."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.actions import PARTNER_CHEER
from coach.domain import SessionStatus, StudySession
from coach.notifications.controls import local_date, schedule
from coach.notifications.model import ChoiceSpec, Notification, NotificationKind, Recipient

CHEERS = ("keep_going", "proud", "together")  # the only things a partner can send
EVENING = time(21, 0)  # the report goes out from this local time on
QUIET_DAYS = 7
SIMILAR = 0.7  # the smaller weekly plan is at least 70% of the larger


@dataclass(frozen=True, slots=True)
class PartnerCandidate:
    """An opted-in student without a partner."""

    user_id: int
    pack_id: str
    track: str
    locale: str
    minor: bool
    weekly_minutes: int


@dataclass(frozen=True, slots=True)
class Pair:
    """An active partnership, seen from `user_id`."""

    user_id: int
    partner_id: int
    created_at: datetime
    partner_name: str | None = None


def pair(candidates: Iterable[PartnerCandidate]) -> tuple[tuple[int, int], ...]:
    """Pairs of similar students; never a minor with an adult. Neighbours by weekly minutes
    are paired when their plans are within 30% of each other."""
    buckets: dict[tuple[str, str, str, bool], list[PartnerCandidate]] = defaultdict(list)
    for c in candidates:
        buckets[(c.pack_id, c.track, c.locale, c.minor)].append(c)
    pairs: list[tuple[int, int]] = []
    for key in sorted(buckets):
        pool = sorted(buckets[key], key=lambda c: (c.weekly_minutes, c.user_id))
        i = 0
        while i + 1 < len(pool):
            a, b = pool[i], pool[i + 1]
            if a.weekly_minutes > 0 and a.weekly_minutes >= SIMILAR * b.weekly_minutes:
                pairs.append((a.user_id, b.user_id))
                i += 2
            else:
                i += 1
    return tuple(pairs)


def did_today(sessions: Sequence[StudySession]) -> bool:
    """Whether a student did today's plan: every session of the day is done (a rest day
    counts as done — there was nothing to do)."""
    return all(s.status is SessionStatus.DONE for s in sessions)


def went_quiet(sessions: Sequence[StudySession], since: datetime, now: datetime) -> bool:
    """No session done in the last week (and the pair is at least that old)."""
    if now - since < timedelta(days=QUIET_DAYS):
        return False
    recent = now - timedelta(days=QUIET_DAYS)
    return not any(s.completed_at is not None and s.completed_at >= recent for s in sessions)


def evening_due(now: datetime, tz: str) -> date | None:
    """The local day whose evening report is due now, or None before the evening."""
    local = now.astimezone(ZoneInfo(tz))
    return local.date() if local.time() >= EVENING else None


def evening_report(
    recipient: Recipient, pair_: Pair, done: bool, day: date, now: datetime
) -> Notification:
    """Tell a student whether their partner did today's plan, with the encouragements."""
    user = recipient.user
    tz = ZoneInfo(user.timezone)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITE,
        template="notify/partner_evening",
        dedupe_key=f"partner:evening:{user.id}:{day.isoformat()}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={"partner": pair_.partner_name or "?", "done": done},
        choices=tuple(
            (ChoiceSpec(f"notify/buttons/cheer_{c}", PARTNER_CHEER.payload(pair_.partner_id, c)),)
            for c in CHEERS
        ),
        expires_at=now + timedelta(hours=12),
    )
    return schedule(item, recipient.profile, tz, now)


def cheer(recipient: Recipient, sender: str, code: str, now: datetime) -> Notification:
    """A fixed encouragement from a partner (at most one a day from each)."""
    user = recipient.user
    tz = ZoneInfo(user.timezone)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITE,
        template="notify/partner_cheer",
        dedupe_key=f"partner:cheer:{user.id}:{local_date(now, tz).isoformat()}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={"partner": sender, "cheer": code},
    )
    return schedule(item, recipient.profile, tz, now)


def unpaired(recipient: Recipient, name: str, now: datetime) -> Notification:
    """The kind word to a student whose partner went quiet."""
    user = recipient.user
    tz = ZoneInfo(user.timezone)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITE,
        template="notify/partner_unpaired",
        dedupe_key=f"partner:unpaired:{user.id}:{now:%Y%m%d%H%M}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={"partner": name},
    )
    return schedule(item, recipient.profile, tz, now)
