"""Pure rules of study groups around the matcher: who a candidate is, when a group forms,
the reasons of a suggestion in words (as template context), and the invitation push."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coach.actions import GROUP_JOIN, GROUP_NOT_NOW, GROUP_OTHERS
from coach.community.model import Candidate, GroupStatus, GroupView, MemberStatus, StudyGroup
from coach.community.ports import CandidateFacts
from coach.community.windows import local_mask, spans_in, utc_mask
from coach.notifications.controls import local_date, opted_out, schedule
from coach.notifications.model import ChoiceSpec, Notification, NotificationKind, Recipient


@dataclass(frozen=True, slots=True)
class GroupPolicy:
    """House rules of study groups around matching."""

    weak_below: float = 0.5
    strong_from: float = 0.8
    invite_ttl: timedelta = timedelta(hours=48)
    session_minutes: int = 60  # a group study session


DEFAULT_GROUP_POLICY = GroupPolicy()


def candidate_of(
    facts: CandidateFacts, now: datetime, policy: GroupPolicy = DEFAULT_GROUP_POLICY
) -> Candidate:
    """The matcher's view of a student: free time in UTC slots, weak and strong topics."""
    free = utc_mask(local_mask(facts.windows, facts.availability), facts.timezone, now)
    weak = frozenset(t for t, m in facts.mastery.items() if m < policy.weak_below)
    strong = frozenset(t for t, m in facts.mastery.items() if m >= policy.strong_from)
    return Candidate(
        user_id=facts.user_id,
        pack_id=facts.pack_id,
        track=facts.track,
        locale=facts.locale,
        minor=facts.minor,
        free=free,
        weak=weak,
        strong=strong,
        focus=facts.focus,
        avoid=facts.avoid,
    )


def enough_joined(view: GroupView, min_size: int) -> bool:
    """A proposed group forms when `min_size` of its members said yes."""
    return len(view.joined()) >= min_size


def still_possible(view: GroupView, min_size: int, now: datetime) -> bool:
    """Whether enough members are joined or still have an open invitation."""
    return sum(1 for m in view.members if m.is_open(now)) >= min_size


def reasons(group: StudyGroup, names: Mapping[str, str], tz: str, now: datetime) -> dict[str, Any]:
    """Why this group, as template context: the topics and the shared free time in the
    reader's own zone ("you all focus on Türev and İntegral; free Tue and Thu 19:00-21:00")."""
    spans = spans_in(group.shared_free, tz, now)
    return {
        "focus": group.focus.value,
        "topics": [names.get(t, t) for t in group.topics],
        "spans": [{"day": s.weekday, "start": s.start, "end": s.end} for s in spans[:4]],
        "more_spans": max(0, len(spans) - 4),
    }


def invitation(
    recipient: Recipient,
    view: GroupView,
    names: Mapping[str, str],
    now: datetime,
    policy: GroupPolicy = DEFAULT_GROUP_POLICY,
) -> Notification | None:
    """One member's invitation with Join / Not now / Show me others; None when they opted out
    of group invitations. Quiet hours are respected; it expires with the invitation."""
    user, profile = recipient.user, recipient.profile
    member = next((m for m in view.members if m.user_id == user.id), None)
    if member is None or member.status is not MemberStatus.INVITED:
        return None
    if opted_out(profile, NotificationKind.GROUP_INVITATION):
        return None
    tz = ZoneInfo(user.timezone)
    group = view.group
    others = [m.pseudonym or "?" for m in view.members if m.user_id != user.id]
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITATION,
        template="notify/community_invite",
        dedupe_key=f"community:invite:{group.id}:{user.id}",  # once per group and student
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={
            "group": group.name,
            "members": len(view.members),
            "others": others,
            **reasons(group, names, user.timezone, now),
        },
        choices=(
            (
                ChoiceSpec("notify/buttons/group_join", GROUP_JOIN.payload(group.id)),
                ChoiceSpec("notify/buttons/group_decline", GROUP_NOT_NOW.payload(group.id)),
            ),
            (ChoiceSpec("notify/buttons/group_others", GROUP_OTHERS.payload(group.id)),),
        ),
        expires_at=member.expires_at,
    )
    return schedule(item, profile, tz, now)


def group_name(topics: tuple[str, ...], names: Mapping[str, str], number: int) -> str:
    """A plain name for a group: its first shared topic and a number (no student's name)."""
    first = names.get(topics[0], topics[0]) if topics else ""
    return f"{first} #{number}".strip() if first else f"#{number}"


def may_enter(view: GroupView | None, user_id: int) -> bool:
    """Only a member who joined an active group is let into its place."""
    if view is None or view.group.status is not GroupStatus.ACTIVE:
        return False
    return any(m.user_id == user_id for m in view.joined())


def place_link(
    recipient: Recipient, view: GroupView, channel: str, link: str, now: datetime
) -> Notification:
    """A member's personal way into the group's place, sent to them alone."""
    user = recipient.user
    tz = ZoneInfo(user.timezone)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITE,
        template="notify/community_link",
        dedupe_key=f"community:link:{channel}:{view.group.id}:{user.id}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={"group": view.group.name, "link": link, "channel": channel},
        solicited=True,  # they joined the group and wait for the way in
    )
    return schedule(item, recipient.profile, tz, now)
