"""Pushes triggered by something that happened: resource links after a failed quiz or /stuck,
and the morning message with the nightly run's re-plan proposal.

Other parts of the coach decide *what* to offer (the adaptive engine picks resources); these
producers turn that choice into a push.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from coach.actions import PROPOSAL_ACCEPT, PROPOSAL_KEEP
from coach.notifications.controls import (
    is_paused,
    local_date,
    local_moment,
    opted_out,
    schedule,
    zone,
)
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
    due_at: datetime | None = None,
    policy: NotifyPolicy = DEFAULT_POLICY,
) -> Notification | None:
    """Links to study after a failed quiz or /stuck; `ref` names the quiz or the request.

    After /stuck the student is waiting for an answer, so the push is solicited: quiet hours and
    the daily cap do not hold it back. `due_at` defers it (a failed quiz's links come back the
    next afternoon, when the student may want to try again).
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
        due_at=due_at or now,
        local_date=local_date(due_at or now, tz),
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
        expires_at=(due_at or now) + timedelta(hours=policy.resource_ttl_hours),
        solicited=trigger is ResourceTrigger.STUCK,
    )
    return schedule(item, profile, tz, now)


@dataclass(frozen=True, slots=True)
class PlanChange:
    """A proposal waiting for the student's answer, and what it would change."""

    proposal_id: int
    added: int
    moved: int
    removed: int
    missed: int  # sessions the night found unsettled
    # What it costs (`coach.plans.proposal_summary`), said as the proposal itself says it.
    cost: Mapping[str, Any] | None = None


def replan_morning(
    recipient: Recipient,
    change: PlanChange,
    now: datetime,
    *,
    policy: NotifyPolicy = DEFAULT_POLICY,
) -> Notification | None:
    """The morning message of the nightly run: what was missed, the proposal, Accept / Keep."""
    user, profile = recipient.user, recipient.profile
    tz = zone(user.timezone)
    today = local_date(now, tz)
    if is_paused(user, today) or opted_out(profile, NotificationKind.PLAN_CHANGE):
        return None
    due = max(now, local_moment(today, policy.morning_time, tz))
    accept = PROPOSAL_ACCEPT.payload(change.proposal_id)
    keep = PROPOSAL_KEEP.payload(change.proposal_id)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.PLAN_CHANGE,
        template="notify/replan_morning",
        dedupe_key=f"plan_change:{user.id}:{change.proposal_id}",
        due_at=due,
        local_date=local_date(due, tz),
        address=recipient.address,
        locale=user.locale,
        context={
            "missed": change.missed,
            "added": change.added,
            "moved": change.moved,
            "removed": change.removed,
            "cost": dict(change.cost or {}),
        },
        choices=(
            (
                ChoiceSpec("notify/buttons/plan_accept", accept),
                ChoiceSpec("notify/buttons/plan_keep", keep),
            ),
        ),
        expires_at=due + timedelta(hours=policy.plan_change_ttl_hours),
    )
    return schedule(item, profile, tz, now)
