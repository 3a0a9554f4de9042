"""Pushes triggered by something that happened: resource links and study-group invitations.

Other parts of the coach decide *what* to offer (the adaptive engine picks resources, the
community feature forms groups); these producers turn that choice into a push.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from coach.notifications.controls import is_paused, local_date, opted_out, schedule, zone
from coach.notifications.model import (
    DEFAULT_POLICY,
    ChoiceSpec,
    Notification,
    NotificationKind,
    NotifyPolicy,
    Recipient,
)


class ResourceTrigger(StrEnum):
    """Why resources are offered."""

    FAILED_QUIZ = "failed_quiz"
    STUCK = "stuck"


@dataclass(frozen=True, slots=True)
class ResourceChoice:
    """A resource the adaptive engine picked: a link or a summary we ship."""

    title: str
    url: str | None = None
    minutes: int = 10
    kind: str = "article"  # video | article | summary | practice


def resource_links(
    recipient: Recipient,
    *,
    trigger: ResourceTrigger,
    ref: str,
    topic: str,
    resources: Sequence[ResourceChoice],
    now: datetime,
    policy: NotifyPolicy = DEFAULT_POLICY,
) -> Notification | None:
    """Links to study after a failed quiz or /stuck; `ref` names the quiz or the request.

    After /stuck the student is waiting for an answer, so the push is solicited: quiet hours and
    the daily cap do not hold it back.
    """
    user, profile = recipient.user, recipient.profile
    tz = zone(user.timezone)
    if not resources or is_paused(user, local_date(now, tz)):
        return None
    if opted_out(profile, NotificationKind.RESOURCE) and trigger is not ResourceTrigger.STUCK:
        return None
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.RESOURCE,
        template="notify/resource_links",
        dedupe_key=f"resource:{trigger.value}:{user.id}:{ref}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={
            "trigger": trigger.value,
            "topic": topic,
            "resources": [
                {"title": r.title, "url": r.url or "", "minutes": r.minutes, "kind": r.kind}
                for r in resources[:3]
            ],
        },
        expires_at=now + timedelta(hours=policy.resource_ttl_hours),
        solicited=trigger is ResourceTrigger.STUCK,
    )
    return schedule(item, profile, tz, now)


@dataclass(frozen=True, slots=True)
class GroupInvite:
    """A study group that would suit a student."""

    group_id: str
    name: str
    members: int
    topic: str = ""
    meets: str = ""  # when the group meets, already in the student's words


class GroupInviteSource(Protocol):
    """Where invitations come from (the community feature implements this)."""

    async def pending_invitations(self, now: datetime) -> Sequence[tuple[int, GroupInvite]]:
        """(user id, invitation) pairs to send; each is sent once thanks to its dedupe key."""
        ...


def group_invitation(
    recipient: Recipient,
    invite: GroupInvite,
    now: datetime,
    *,
    policy: NotifyPolicy = DEFAULT_POLICY,
) -> Notification | None:
    """An invitation to join a study group, with Join and Not now buttons."""
    user, profile = recipient.user, recipient.profile
    tz = zone(user.timezone)
    if opted_out(profile, NotificationKind.GROUP_INVITE) or is_paused(user, local_date(now, tz)):
        return None
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.GROUP_INVITE,
        template="notify/group_invite",
        dedupe_key=f"group_invite:{user.id}:{invite.group_id}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={
            "group": invite.name,
            "members": invite.members,
            "topic": invite.topic,
            "meets": invite.meets,
        },
        choices=(
            (
                ChoiceSpec("notify/buttons/group_join", f"group:join:{invite.group_id}"),
                ChoiceSpec("notify/buttons/group_decline", f"group:decline:{invite.group_id}"),
            ),
        ),
        expires_at=now + timedelta(hours=policy.invite_ttl_hours),
    )
    return schedule(item, profile, tz, now)
