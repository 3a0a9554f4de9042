"""Events of study groups. `user_id` is the student the event is about (0 for a matching run
started by the job, which no student is behind)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.community.model import GroupView
from coach.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class GroupProposed(DomainEvent):
    """The matcher proposed a group: each member is invited through the outbox."""

    view: GroupView


@dataclass(frozen=True, kw_only=True)
class GroupFormed(DomainEvent):
    """Enough members joined: the group gets its places (topic, thread, board)."""

    view: GroupView


@dataclass(frozen=True, kw_only=True)
class GroupMemberJoined(DomainEvent):
    """A student joined a group that had already formed: they are added to its places."""

    view: GroupView


@dataclass(frozen=True, kw_only=True)
class GroupMemberLeft(DomainEvent):
    """A student left a group: they are removed from its places."""

    view: GroupView


@dataclass(frozen=True, kw_only=True)
class GroupSessionPlanned(DomainEvent):
    """The group's next session was found in its members' shared free time: reminders follow
    (once per session, by their dedupe keys)."""

    view: GroupView
    starts_at: datetime


@dataclass(frozen=True, kw_only=True)
class GroupWeekSummarised(DomainEvent):
    """A group's week in short: who kept their plan (display names of members who allow
    boards only) and the coming week's group goal in minutes from the members' plans."""

    view: GroupView
    week: str  # ISO year-week, e.g. 2026-W50
    kept: tuple[str, ...]
    kept_count: int
    goal_minutes: int
    # The week's group sessions and how many each member attended: (display name, count) for
    # members who allow boards, (None, count) for the others, who are never named.
    sessions: int = 0
    attendance: tuple[tuple[str | None, int], ...] = ()
