"""Ports of the accounts feature: students, their channel identities, conversation state,
link codes, group settings and everything stored about one person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from coach.domain import ChannelIdentity, DialogueState, GroupSettings, LinkCode, User


@dataclass(frozen=True, slots=True)
class KnownAccount:
    """A channel account the coach knows, with what every turn needs of its student."""

    user: User
    state: DialogueState | None
    has_profile: bool
    chat_id: str
    reachable: bool
    pack_id: str | None = None  # the exam of the student's profile, once there is one
    # Whether the student has an open booked tutor session; True when unknown, so that a
    # repository that does not tell makes /today look the bookings up as before.
    has_bookings: bool = True
    # Whether an accepted challenge or a joined group challenge may count the student's work
    # (True when unknown, as above): Done skips the challenges read without one.
    has_challenges: bool = True


class UserRepository(Protocol):
    """Students and their channel identities."""

    async def get(self, user_id: int) -> User | None:
        """The user with this id, if any."""
        ...

    async def add(
        self, *, locale: str, timezone: str, now: datetime, display_name: str | None = None
    ) -> User:
        """Create a user."""
        ...

    async def update(self, user: User) -> None:
        """Save changed user fields."""
        ...

    async def delete(self, user_id: int) -> None:
        """Delete a user and everything that belongs to them."""
        ...

    async def find_by_identity(self, channel: str, external_id: str) -> User | None:
        """The user who owns this channel account."""
        ...

    async def find_with_dialogue(self, channel: str, external_id: str) -> KnownAccount | None:
        """The user of a channel account, their dialogue state, whether a profile exists, and
        where the account can be reached (one query: every inbound event needs all of it)."""
        ...

    async def get_identity(self, channel: str, external_id: str) -> ChannelIdentity | None:
        """The identity row of a channel account."""
        ...

    async def add_identity(
        self, user_id: int, channel: str, external_id: str, chat_id: str, now: datetime
    ) -> ChannelIdentity:
        """Attach a channel account to a user."""
        ...

    async def identities(self, user_id: int) -> Sequence[ChannelIdentity]:
        """Every channel account of a user."""
        ...

    async def set_reachable(
        self, channel: str, external_id: str, reachable: bool, reason: str | None = None
    ) -> None:
        """Record that the coach can (or cannot) message this account."""
        ...

    async def set_chat_id(self, channel: str, external_id: str, chat_id: str) -> None:
        """Change where private messages to this account go (e.g. a Discord DM channel)."""
        ...


class DialogueRepository(Protocol):
    """Conversation state, one row per user."""

    async def get(self, user_id: int) -> DialogueState | None:
        """The user's current conversation state."""
        ...

    async def save(self, state: DialogueState) -> DialogueState:
        """Save with optimistic locking; raises ConcurrentUpdateError on a stale version."""
        ...

    async def clear(self, user_id: int) -> None:
        """Forget the conversation state."""
        ...


class LinkCodeRepository(Protocol):
    """One-time codes that join channel accounts into one student (stored hashed)."""

    async def add(
        self, user_id: int, code_hash: str, now: datetime, expires_at: datetime
    ) -> LinkCode:
        """Store a new code for a user; the user's earlier unused codes stop working."""
        ...

    async def find(self, code_hash: str) -> LinkCode | None:
        """The code with this hash, if any."""
        ...

    async def get(self, code_id: int) -> LinkCode | None:
        """A code by id."""
        ...

    async def claim(self, code_id: int, user_id: int | None) -> None:
        """Remember (or, with None, forget) the account that must confirm this code."""
        ...

    async def use(self, code_id: int, now: datetime) -> bool:
        """Mark the code used; False when it was already used (it works once)."""
        ...

    async def move_identities(self, from_user_id: int, to_user_id: int) -> int:
        """Give every channel account of one user to another; returns how many moved."""
        ...


class GroupSettingsRepository(Protocol):
    """Settings of groups (Discord servers) that use the coach."""

    async def get(self, channel: str, group_id: str) -> GroupSettings | None:
        """A group's settings, if it was set up."""
        ...

    async def save(self, settings: GroupSettings) -> None:
        """Insert or replace a group's settings."""


class PersonalDataRepository(Protocol):
    """Everything stored about one person, for export and deletion."""

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user, table by table, as JSON-ready values."""
        ...

    async def delete(self, user_id: int) -> None:
        """Delete the user and everything that belongs to them."""
        ...
