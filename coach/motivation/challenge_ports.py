"""Ports of weekly challenges: a student's challenge of a week, a group place's challenge and
the members who joined it (with what each contributed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from coach.motivation.challenges import ChallengeKind, ChallengeStatus, Goal


@dataclass(frozen=True, slots=True)
class Challenge:
    """A student's challenge of one week (Monday `week` in their zone)."""

    id: int
    user_id: int
    week: date
    pack_id: str | None
    goal: Goal
    status: ChallengeStatus
    progress: int = 0
    swaps: int = 0
    offered_at: datetime | None = None
    accepted_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class GroupChallenge:
    """A group place's challenge of one week: a shared number of sessions.

    `place_key` is the Discord server or the Telegram group; `chat_key` where it was started
    and where its completion is posted (a channel, a group, a forum topic "chat#thread");
    `timezone` the zone its week is counted in (the group's or the deployment's)."""

    id: int
    channel: str
    place_key: str
    chat_key: str
    week: date
    timezone: str
    locale: str
    target: int
    progress: int = 0
    completed_at: datetime | None = None
    kind: ChallengeKind = ChallengeKind.SESSIONS


@dataclass(frozen=True, slots=True)
class Contribution:
    """One joined member of a group challenge: display name, age band, what they did."""

    user_id: int
    name: str | None
    minor: bool
    count: int
    locale: str = "tr"  # the member's language (the group's posts speak the majority's)


@dataclass(frozen=True, slots=True)
class Counting:
    """A challenge an event of the student may move: their accepted one (`group` False) or
    a group's they joined (`timezone`: the zone its week is counted in)."""

    challenge_id: int
    group: bool
    week: date
    goal: Goal
    pack_id: str | None = None
    timezone: str | None = None


class ChallengeRepository(Protocol):
    """Weekly challenges of students and of group places."""

    async def of_week(self, user_id: int, week: date) -> Challenge | None:
        """A student's challenge of a week."""
        ...

    async def add(self, challenge: Challenge) -> Challenge | None:
        """Store a week's new challenge; None when the week has one already."""
        ...

    async def save(self, challenge: Challenge, *, expect_swaps: int | None = None) -> bool:
        """Write a challenge's goal, status, progress and swaps; with `expect_swaps`, only
        when it still has that many swaps (a second tap of an old button writes nothing)."""
        ...

    async def counting(self, user_id: int, since: date) -> Sequence[Counting]:
        """In one read (the Done path runs it): the student's accepted, not completed
        challenges and the not completed group challenges they joined, of weeks from `since`."""
        ...

    async def add_progress(
        self, challenge_id: int, amount: int, now: datetime
    ) -> tuple[int, bool] | None:
        """Count a step of an accepted challenge: (progress now, whether this step completed
        it); None when it is no longer counting."""
        ...

    async def group_of_week(
        self, channel: str, place_key: str, week: date
    ) -> GroupChallenge | None:
        """A place's challenge of a week."""
        ...

    async def group_by_id(self, challenge_id: int) -> GroupChallenge | None:
        """A place's challenge by its id."""
        ...

    async def add_group(
        self, challenge: GroupChallenge, now: datetime
    ) -> tuple[GroupChallenge, bool]:
        """Store a place's challenge of a week: (the one stored first when two race, whether
        this call stored it)."""
        ...

    async def groups_of_week(self, week: date) -> Sequence[GroupChallenge]:
        """Every place's challenge of a week (where to offer the next one)."""
        ...

    async def join(self, challenge_id: int, user_id: int, now: datetime) -> bool:
        """Add a member to a group challenge; False when they had joined."""
        ...

    async def leave(self, challenge_id: int, user_id: int) -> bool:
        """Remove a member from a not completed group challenge and take what they counted
        off its shared progress; False when they had not joined (or it is completed)."""
        ...

    async def set_group_target(self, challenge_id: int, target: int) -> None:
        """Raise a group challenge's shared target (members joined)."""
        ...

    async def contributions(self, challenge_id: int) -> Sequence[Contribution]:
        """The members who joined, with their display names and counts."""
        ...

    async def add_to_group(
        self, challenge_id: int, user_id: int, amount: int, now: datetime
    ) -> tuple[GroupChallenge, bool] | None:
        """Count a member's step: the challenge as it is now, and whether this step completed
        it (exactly one step does)."""
        ...
