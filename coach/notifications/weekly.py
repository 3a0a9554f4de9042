"""The weekly review on Sunday evening: the week against the plan, and what to change next week.

The review is built when it is due, from the week's real sessions, so it never shows stale
numbers. Its mastery snapshot is kept in the review's context so next week's review can show
what changed since. When it suggests a lighter or a stretch week, the sweep stores that week
as a re-plan proposal and `with_proposal` puts the proposal's own id on Accept / Keep, so the
buttons apply exactly the change the review describes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from coach.actions import PROPOSAL_ACCEPT, PROPOSAL_KEEP
from coach.domain import SessionStatus, StudySession
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

LIGHTER_BELOW = 0.6  # done share of planned minutes under which we propose a lighter week
MIN_MASTERY_CHANGE = 0.05


@dataclass(frozen=True, slots=True)
class ReviewSlot:
    """One weekly review: the Sunday it closes and the moment it is due."""

    review_day: date
    due_at: datetime

    @property
    def week_start(self) -> date:
        """The Monday of the reviewed week."""
        return self.review_day - timedelta(days=6)


def latest_review_slot(
    recipient: Recipient, now: datetime, policy: NotifyPolicy = DEFAULT_POLICY
) -> ReviewSlot:
    """The most recent weekly review moment at or before `now`, in the student's time zone."""
    tz = zone(recipient.user.timezone)
    today = local_date(now, tz)
    day = today - timedelta(days=(today.weekday() - policy.weekly_review_weekday) % 7)
    due = local_moment(day, policy.weekly_review_time, tz)
    if due > now:
        day -= timedelta(days=7)
        due = local_moment(day, policy.weekly_review_time, tz)
    return ReviewSlot(day, due)


def weekly_key(user_id: int, review_day: date) -> str:
    """The dedupe key of one week's review."""
    return f"weekly:{user_id}:{review_day.isoformat()}"


def _spent(session: StudySession) -> int:
    return session.minutes_spent if session.minutes_spent is not None else session.minutes


def suggestion(planned_minutes: int, done_minutes: int, all_done: bool) -> tuple[str, int] | None:
    """A change to propose for next week, with its size in percent, or None to keep the plan."""
    if planned_minutes <= 0:
        return None
    share = done_minutes / planned_minutes
    if share < LIGHTER_BELOW:
        return ("lighter", 20)
    if all_done and share >= 1.0:
        return ("stretch", 10)
    return None


def mastery_changes(
    before: Mapping[str, float], now: Mapping[str, float], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The three largest mastery changes since the last review, as percentages."""
    changes = [
        (topic, before.get(topic, 0.0), value)
        for topic, value in now.items()
        if abs(value - before.get(topic, 0.0)) >= MIN_MASTERY_CHANGE
    ]
    changes.sort(key=lambda change: (-abs(change[2] - change[1]), change[0]))
    return [
        {"topic": names.get(topic, topic), "before": round(old * 100), "after": round(new * 100)}
        for topic, old, new in changes[:3]
    ]


def next_focus(sessions: Sequence[StudySession], names: Mapping[str, str]) -> list[str]:
    """The three topics with the most planned minutes next week."""
    minutes: Counter[str] = Counter()
    for session in sessions:
        key = session.topic_id or session.subject_id
        if key and session.kind != "break":
            minutes[key] += session.minutes
    ranked = sorted(minutes.items(), key=lambda item: (-item[1], item[0]))
    return [names.get(key, key) for key, _ in ranked[:3]]


@dataclass(frozen=True, slots=True)
class WeekFacts:
    """What happened in the reviewed week and what the plan holds for the next one."""

    week_sessions: Sequence[StudySession]
    next_week_sessions: Sequence[StudySession]
    mastery_before: Mapping[str, float]
    mastery_now: Mapping[str, float]


def weekly_review(
    recipient: Recipient,
    slot: ReviewSlot,
    facts: WeekFacts,
    names: Mapping[str, str],
    now: datetime,
    *,
    policy: NotifyPolicy = DEFAULT_POLICY,
) -> Notification | None:
    """The review of the week ending on `slot.review_day`; None when there is nothing to say."""
    user, profile = recipient.user, recipient.profile
    week_sessions, next_week_sessions = facts.week_sessions, facts.next_week_sessions
    mastery_before, mastery_now = facts.mastery_before, facts.mastery_now
    if opted_out(profile, NotificationKind.WEEKLY_REVIEW) or is_paused(user, slot.review_day):
        return None
    studied = [s for s in week_sessions if s.kind != "break"]
    if not studied and not next_week_sessions:
        return None
    done = [s for s in studied if s.status is SessionStatus.DONE]
    planned_minutes = sum(s.minutes for s in studied)
    done_minutes = sum(s.minutes for s in done)
    proposal = suggestion(planned_minutes, done_minutes, len(done) == len(studied))
    context: dict[str, Any] = {
        "week_start": slot.week_start.isoformat(),
        "planned": len(studied),
        "done": len(done),
        "planned_minutes": planned_minutes,
        "minutes_spent": sum(_spent(s) for s in done),
        "completion": round(100 * done_minutes / planned_minutes) if planned_minutes else 0,
        "mastery_changes": mastery_changes(mastery_before, mastery_now, names),
        "focus": next_focus(next_week_sessions, names),
        "suggestion": proposal[0] if proposal else None,
        "suggestion_percent": proposal[1] if proposal else 0,
        "mastery_snapshot": {topic: round(value, 4) for topic, value in mastery_now.items()},
    }
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.WEEKLY_REVIEW,
        template="notify/weekly_review",
        dedupe_key=weekly_key(user.id, slot.review_day),
        due_at=slot.due_at,
        local_date=slot.review_day,
        address=recipient.address,
        locale=user.locale,
        context=context,
        expires_at=slot.due_at + timedelta(days=policy.weekly_review_grace_days),
    )
    return schedule(item, profile, zone(user.timezone), now)


def with_proposal(review: Notification, proposal_id: int | None) -> Notification:
    """The review with Accept / Keep for the stored proposal; without one, no suggestion."""
    if proposal_id is None:
        context = {**review.context, "suggestion": None, "suggestion_percent": 0}
        return dataclasses.replace(review, context=context, choices=())
    choices = (
        (
            ChoiceSpec("notify/buttons/plan_accept", PROPOSAL_ACCEPT.payload(proposal_id)),
            ChoiceSpec("notify/buttons/plan_keep", PROPOSAL_KEEP.payload(proposal_id)),
        ),
    )
    return dataclasses.replace(
        review, context={**review.context, "proposal_id": proposal_id}, choices=choices
    )
