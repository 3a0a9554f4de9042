"""The records of the notification engine: what to send, to whom, when, and under which rules.

Producers (pure functions in this package) turn a student's plan, profile and progress into
`Notification`s; the outer layer stores them in the outbox and a dispatcher delivers them. Every
notification carries a dedupe key that makes it unique for ever, so producing twice is harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from coach.domain import Profile, User, UserStatus


class NotificationKind(StrEnum):
    """What a push is about; also the names a student can opt out of (Profile.opt_outs)."""

    REMINDER = "reminder"
    CHECKIN = "checkin"
    MILESTONE = "milestone"
    SLUMP = "slump"
    RESOURCE = "resource"
    GROUP_INVITE = "group_invite"  # the groups and partners the student is in (welcome, links)
    GROUP_INVITATION = "group_invitation"  # an invitation to join a proposed study group
    WEEKLY_REVIEW = "weekly_review"
    PLAN_CHANGE = "plan_change"  # the nightly run's proposal, shown in the morning
    LIVE_QA = "live_qa"  # invitations to live Q&A sessions and reminders of them
    FORUM = "forum"  # an answer to the student's forum question
    TUTOR = "tutor"  # human tutoring: asks to tutors, relayed messages, hand-off notices
    CELEBRATION = "celebration"  # a badge, a level, a streak freeze used (coach.motivation)
    WEEKLY_CARD = "weekly_card"  # the weekly progress card, a picture (coach.motivation)
    CHALLENGE = "challenge"  # the week's challenge offered, a challenge completed


# The /settings switches whose stored name is not a kind's value: opting out of "nudge"
# silences both kinds of nudge, "weekly" the weekly review (the student's and their group's),
# "group" ("Study group invitations") the invitations, not the groups the student is in.
OPT_OUT_ALIASES: Mapping[str, frozenset[NotificationKind]] = {
    "nudge": frozenset({NotificationKind.MILESTONE, NotificationKind.SLUMP}),
    "weekly": frozenset({NotificationKind.WEEKLY_REVIEW}),
    "group": frozenset({NotificationKind.GROUP_INVITATION}),
}

# Lower sends first when the daily cap forces a choice: the check-in opens the day's
# conversation, the review closes the week, reminders serve the plan, the rest can wait.
PRIORITY: Mapping[NotificationKind, int] = {
    NotificationKind.CHECKIN: 0,
    NotificationKind.WEEKLY_REVIEW: 1,
    NotificationKind.PLAN_CHANGE: 1,
    NotificationKind.REMINDER: 2,
    NotificationKind.SLUMP: 3,
    NotificationKind.MILESTONE: 4,
    NotificationKind.RESOURCE: 5,
    NotificationKind.GROUP_INVITE: 6,
    NotificationKind.GROUP_INVITATION: 6,
    NotificationKind.LIVE_QA: 6,
    NotificationKind.FORUM: 6,
    NotificationKind.TUTOR: 0,  # solicited: a conversation the student is in
    NotificationKind.CELEBRATION: 5,
    NotificationKind.WEEKLY_CARD: 4,
    NotificationKind.CHALLENGE: 5,
}


class OutboxStatus(StrEnum):
    """The life of an outbox row."""

    QUEUED = "queued"  # waiting for its time (or for a retry)
    LEASED = "leased"  # claimed by a dispatcher until the lease expires
    SENT = "sent"  # delivered; the platform message id is stored
    FAILED = "failed"  # the platform refuses this recipient (blocked bot)
    DROPPED = "dropped"  # deliberately not sent: expired, quiet hours, cap, paused, superseded
    DEAD = "dead"  # retries exhausted; `last_error` says why


ACTIVE_STATUSES: tuple[OutboxStatus, ...] = (
    OutboxStatus.QUEUED,
    OutboxStatus.LEASED,
    OutboxStatus.SENT,
)


@dataclass(frozen=True, slots=True)
class ChoiceSpec:
    """A button: `label` is a template name rendered in the student's language at send time."""

    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class Address:
    """Where a push goes: a channel and the chat on it."""

    channel: str
    user_key: str
    chat_key: str
    is_group: bool = False


@dataclass(frozen=True, slots=True)
class Recipient:
    """A student the coach may write to, with the rules they chose and where to reach them."""

    user: User
    profile: Profile
    address: Address
    plan_id: int | None = None


@dataclass(frozen=True, slots=True)
class Notification:
    """One push to one student, before it is stored.

    `due_at` already respects quiet hours. `expires_at` is when sending makes no more sense
    (a reminder after its session started). `drop_reason`, when set, means "record it, do not
    send it" — e.g. a reminder that quiet hours pushed past its session. `local_date` is the
    student's day the push belongs to, for the daily cap. `solicited` pushes answer something
    the student just asked for (/stuck), so quiet hours and the cap do not hold them back.
    """

    user_id: int | None  # None: a post in a group chat (a board), no one student's push
    kind: NotificationKind
    template: str
    dedupe_key: str
    due_at: datetime
    local_date: date
    address: Address
    locale: str
    context: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[tuple[ChoiceSpec, ...], ...] = ()
    expires_at: datetime | None = None
    drop_reason: str | None = None
    solicited: bool = False

    @property
    def priority(self) -> int:
        """Rank under the daily cap; lower is kept first."""
        return PRIORITY[self.kind]


@dataclass(frozen=True, slots=True)
class NotifyPolicy:
    """House rules that are not per-student settings."""

    weekly_review_weekday: int = 6  # Sunday (Monday is 0)
    weekly_review_time: time = time(19, 0)
    nudge_time: time = time(17, 0)  # after school, before the evening study block
    checkin_grace_hours: int = 3  # a late check-in still makes sense for this long
    weekly_review_grace_days: int = 6  # a late review is still sent until the next one
    catchup_hours: int = 24  # past-due pushes older than this are not even recorded
    mastered_threshold: float = 0.85
    resource_ttl_hours: int = 6
    morning_time: time = time(8, 0)  # when the nightly run's proposal is shown
    plan_change_ttl_hours: int = 16
    invite_ttl_hours: int = 48


DEFAULT_POLICY = NotifyPolicy()


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A stored push as the dispatcher sees it after claiming it."""

    id: int
    dedupe_key: str
    user_id: int | None
    kind: NotificationKind
    template: str
    locale: str
    context: Mapping[str, Any]
    choices: tuple[tuple[ChoiceSpec, ...], ...]
    address: Address
    status: OutboxStatus
    due_at: datetime
    local_date: date
    attempts: int = 0
    expires_at: datetime | None = None
    solicited: bool = False
    lease_token: str | None = None
    lease_expires_at: datetime | None = None
    last_error: str | None = None
    platform_message_id: str | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Ack:
    """A delivered push: which row, under which lease, and the platform's message id."""

    id: int
    lease_token: str
    platform_message_id: str | None
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class Retry:
    """Put a claimed row back in the queue until `at`; `error` is kept when it failed."""

    id: int
    lease_token: str
    at: datetime
    error: str | None = None
    count_attempt: bool = True


@dataclass(frozen=True, slots=True)
class Settle:
    """Close a claimed row for good: dead-lettered, failed (unreachable) or dropped, with why."""

    id: int
    lease_token: str
    status: OutboxStatus
    reason: str


@dataclass(frozen=True, slots=True)
class ExistingPush:
    """A stored push of a student's day, as the sweep sees it when reconciling."""

    id: int
    user_id: int
    kind: NotificationKind
    local_date: date
    dedupe_key: str
    status: OutboxStatus
    due_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxStats:
    """How the outbox is doing: rows per status, how late the oldest due row is, and throughput."""

    by_status: Mapping[str, int]
    due_now: int
    lag_seconds: float
    sent_last_hour: int
    oldest_due_at: datetime | None = None

    def count(self, status: OutboxStatus) -> int:
        """Rows in one status."""
        return self.by_status.get(status.value, 0)


@dataclass(frozen=True, slots=True)
class AudiencePage:
    """One page of students for a sweep: those who can be reached, and every id looked at."""

    recipients: tuple[Recipient, ...]
    user_ids: tuple[int, ...]
    plan_starts: Mapping[int, date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StudentRules:
    """The slice of a student's settings the last check before sending needs."""

    timezone: str
    status: UserStatus
    paused_until: date | None
    quiet_start: time
    quiet_end: time
    opt_outs: tuple[str, ...]
    max_pushes_per_day: int

    @classmethod
    def of(cls, user: User, profile: Profile) -> StudentRules:
        """The rules of a user with this profile."""
        return cls(
            user.timezone,
            user.status,
            user.paused_until,
            profile.quiet_start,
            profile.quiet_end,
            tuple(profile.opt_outs),
            profile.max_pushes_per_day,
        )


@dataclass(frozen=True, slots=True)
class QuizScore:
    """One finished quiz: its id, when, the share answered right (0..1) and its topic."""

    ref: str
    taken_at: datetime
    score: float
    topic_id: str | None = None


@dataclass(frozen=True, slots=True)
class MockScore:
    """One mock exam (deneme): its id, when, and its net or score."""

    ref: str
    taken_at: datetime
    score: float
