"""Ports of the peers feature."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from coach.peers.model import PeerProfile


class PeerProfileRepository(Protocol):
    """Peer profiles by student."""

    async def get(self, user_id: int) -> PeerProfile | None:
        """A student's peer profile, if they have one."""
        ...

    async def save(self, profile: PeerProfile) -> None:
        """Insert or replace a peer profile."""
        ...

    async def many(self, user_ids: Sequence[int]) -> Mapping[int, PeerProfile]:
        """The peer profiles of several students (those who have one)."""
        ...
