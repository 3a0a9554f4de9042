"""Rooms: where an escalation's assigned tutor talks when the operator set up a tutor
supergroup — one forum topic per escalation — and the port storage offers for them.

A room is asked for when a tutor takes an escalation (`pending`), becomes `open` once the
platform made the topic, `closed` with the escalation, or `failed` when the platform refused
(the tutor then talks from their private chat, as without rooms).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

ROOM_KEY = "room"  # the outbox context key naming the escalation whose room a row goes to
CLOSE_KEY = "close_room"  # ... and the row after which the room's topic is closed
IN_ROOM_KEY = "in_room"  # set by the router when the row is shown in the topic


class RoomStatus(StrEnum):
    """The life of a room."""

    PENDING = "pending"  # asked for; the topic is made when the first message goes there
    OPEN = "open"
    CLOSED = "closed"
    FAILED = "failed"  # the platform refused; the tutor's private chat is used instead


@dataclass(frozen=True, slots=True)
class RoomPlace:
    """The operator's tutor supergroup: the channel and its chat."""

    channel: str
    chat_key: str


@dataclass(frozen=True, slots=True)
class Room:
    """The room of one escalation."""

    escalation_id: int
    student_id: int
    tutor_id: int | None
    channel: str
    chat_key: str
    name: str
    status: RoomStatus
    created_at: datetime
    updated_at: datetime
    thread_key: str | None = None
    error: str = ""


class RoomRepository(Protocol):
    """Rooms by escalation and by place."""

    async def add(self, room: Room) -> bool:
        """Store a new room; False when the escalation has one already."""
        ...

    async def room(self, escalation_id: int) -> Room | None:
        """The room of an escalation."""
        ...

    async def at(self, channel: str, chat_key: str, thread_key: str) -> Room | None:
        """The room of a topic, if the topic is one."""
        ...

    async def opened(self, escalation_id: int, thread_key: str, now: datetime) -> bool:
        """A pending room got its topic; False when it was not pending any more."""
        ...

    async def set_status(
        self, escalation_id: int, status: RoomStatus, now: datetime, error: str = ""
    ) -> bool:
        """Close a room or mark it failed (with the platform's reason); False when unknown."""
        ...
