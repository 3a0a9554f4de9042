"""Ports of the group-place leaderboards: who belongs to a place and what they earned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RosterLine:
    """One person of a place's roster: a joined member of a study group that lives there.

    `name` is their display name (the only name other students see), `opted_in` their
    "allow boards" switch, `minor` true for minors and for students who did not say.
    """

    user_id: int
    name: str | None
    opted_in: bool
    minor: bool
    xp: int
    locale: str = "tr"  # the member's language (a post the place reads speaks the majority's)


@dataclass(frozen=True, slots=True)
class BoardPlace:
    """A group place where a board is posted: a Discord server's coach channel, or a Telegram
    supergroup registered for study groups."""

    channel: str
    place_key: str  # the Discord guild id, the Telegram supergroup's chat id
    chat_key: str  # where the post goes: the coach channel, the supergroup
    locale: str


class BoardRepository(Protocol):
    """Reads for boards; nothing of its own is stored (the posts are outbox rows)."""

    async def roster(
        self, channel: str, place_key: str, first: date, last: date
    ) -> Sequence[RosterLine]:
        """The joined members with an account on `channel` of the active study groups whose
        place is `place_key`, with their XP of the study days `first` to `last`."""
        ...

    async def places(self) -> Sequence[BoardPlace]:
        """Every place a weekly board is posted in."""
        ...
