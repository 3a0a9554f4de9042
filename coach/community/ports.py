"""Ports of the community feature: what storage implements for study groups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from coach.community.comparison import PeerRecord
from coach.community.model import FocusMode, GroupStatus, GroupView, MemberStatus, Suggestion
from coach.community.partners import Pair, PartnerCandidate


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """What storage knows of an opted-in student who is in no open group or invitation."""

    user_id: int
    pack_id: str
    track: str
    locale: str
    timezone: str
    minor: bool
    windows: Mapping[str, tuple[str, ...]]
    availability: Mapping[str, int]
    mastery: Mapping[str, float] = field(default_factory=dict)
    focus: FocusMode = FocusMode.SIMILAR
    avoid: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Preferences:
    """A student's own community choices beyond the peer profile."""

    user_id: int
    focus: FocusMode = FocusMode.SIMILAR
    avoid: frozenset[int] = frozenset()  # students from groups they asked to see others than


@dataclass(frozen=True, slots=True)
class Place:
    """A platform place the operator registered for groups (a forum supergroup, a server)."""

    channel: str
    place_key: str  # the supergroup's chat id, the Discord guild id
    locale: str


@dataclass(frozen=True, slots=True)
class GroupPlace:
    """Where one study group lives on one channel (a forum topic, a private thread)."""

    group_id: int
    channel: str
    place_key: str
    thread_id: str | None = None
    role_id: str | None = None


class CommunityRepository(Protocol):
    """Study groups, their members, preferences and places."""

    async def candidates(self, now: datetime) -> Sequence[CandidateFacts]:
        """Students opted in to groups, with a display name, in no open group or invitation."""
        ...

    async def add_group(
        self, suggestion: Suggestion, name: str, now: datetime, expires_at: datetime
    ) -> GroupView:
        """Store a proposed group and invite its members."""
        ...

    async def active_groups(self) -> Sequence[int]:
        """Ids of the groups that formed and are not closed."""
        ...

    async def group(self, group_id: int) -> GroupView | None:
        """A group with its members (and their display names)."""
        ...

    async def groups_of(self, user_id: int) -> Sequence[GroupView]:
        """The groups a student was invited to or is in, newest first."""
        ...

    async def set_member(
        self, group_id: int, user_id: int, status: MemberStatus, now: datetime
    ) -> None:
        """A member's new status."""
        ...

    async def set_status(self, group_id: int, status: GroupStatus, now: datetime) -> None:
        """A group's new status."""
        ...

    async def expired_invitations(self, now: datetime) -> Sequence[tuple[int, int]]:
        """(group, user) of invitations past their expiry still marked invited."""
        ...

    async def preferences(self, user_id: int) -> Preferences:
        """A student's preferences (the defaults when never set)."""
        ...

    async def save_preferences(self, preferences: Preferences, now: datetime) -> None:
        """Insert or replace a student's preferences."""
        ...

    async def register_place(self, place: Place, now: datetime) -> None:
        """Register (or re-register) a platform place for groups."""
        ...

    async def places(self, channel: str) -> Sequence[Place]:
        """Registered places of a channel."""
        ...

    async def group_places(self, group_id: int) -> Sequence[GroupPlace]:
        """The places one group has."""
        ...

    async def save_group_place(self, place: GroupPlace) -> None:
        """Insert or replace where a group lives on a channel."""
        ...

    async def group_of_thread(self, channel: str, place_key: str) -> Mapping[str, int]:
        """Every thread id of a place and the group it belongs to."""
        ...

    async def user_of_account(self, channel: str, external_id: str) -> int | None:
        """The student behind a platform account."""
        ...

    async def save_link(
        self, group_id: int, user_id: int, channel: str, link: str, now: datetime
    ) -> None:
        """Keep a member's personal invite link."""
        ...

    async def links(self, group_id: int, channel: str) -> Mapping[int, str]:
        """The members' personal links of a group on a channel, by student."""
        ...

    async def link_owner(self, channel: str, link: str) -> tuple[int, int] | None:
        """(group, student) a personal link was made for."""
        ...

    async def approved(self, channel: str, link: str, now: datetime) -> None:
        """Note that the owner of a link was let in."""
        ...

    async def drop_link(self, group_id: int, user_id: int, channel: str) -> None:
        """Forget a member's way into a place (they left)."""
        ...

    async def accounts(self, user_ids: Sequence[int], channel: str) -> Mapping[int, str]:
        """The platform account ids of students on a channel."""
        ...


class PartnerRepository(Protocol):
    """Accountability partnerships."""

    async def candidates(self) -> Sequence[PartnerCandidate]:
        """Students opted in to a partner, with a display name, not paired now."""
        ...

    async def add(self, user_id: int, partner_id: int, now: datetime) -> None:
        """Pair two students (a row for each side)."""
        ...

    async def active(self) -> Sequence[Pair]:
        """Every active pair, once from each side, with the partner's display name."""
        ...

    async def of(self, user_id: int) -> Pair | None:
        """A student's active partnership."""
        ...

    async def end(self, user_id: int, partner_id: int, now: datetime) -> None:
        """End a partnership for both sides."""
        ...


class ComparisonRepository(Protocol):
    """The figures of the opt-in peer comparison."""

    async def records(self, pack_id: str, now: datetime) -> Sequence[PeerRecord]:
        """Every student of the pack who opted in to comparisons."""
        ...
