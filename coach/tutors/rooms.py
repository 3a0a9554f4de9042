"""Rooms: a forum topic per escalation in the operator's tutor supergroup, when one is
configured. The assigned tutor reads the hand-off packet there and talks to the student from
it; the student stays in their own chat.

`TutorRooms.on_moved` (subscriber `tutors.room`) asks for the room when a tutor takes an
escalation — a `pending` row and the packet as an outbox row naming the room — and, when the
escalation ends, queues the line that closes the topic. The channel's outbox router makes the
topic on the first row that goes there (or falls back to the tutor's private chat when the
platform refuses) and closes it after the last. `room_message` is what a message written in a
room's topic does: only the assigned tutor's messages reach the student.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from coach.core.uow import UnitOfWork
from coach.domain import ChannelIdentity
from coach.notifications.model import Address
from coach.packs.catalog import Catalog
from coach.tutors.conversation import Relay, pass_on
from coach.tutors.events import EscalationMoved
from coach.tutors.model import FINAL_STATES, Escalation, EscalationState, Speaker
from coach.tutors.notices import TutorNotices, start_choice
from coach.tutors.packet import build_packet
from coach.tutors.room_model import (
    CLOSE_KEY,
    IN_ROOM_KEY,
    ROOM_KEY,
    Room,
    RoomPlace,
    RoomStatus,
)
from coach.tutors.usecases import TutorAnswer, move_escalation, start

S = EscalationState
TOPIC_NAME_LIMIT = 128  # Telegram's limit for a forum topic's name
LIVE = (RoomStatus.PENDING, RoomStatus.OPEN)


@dataclass(frozen=True, slots=True)
class RoomMessage:
    """Something written in a topic of the tutor supergroup."""

    channel: str
    chat_key: str
    thread_key: str
    sender_key: str  # the writer's platform account
    text: str = ""
    photo: str | None = None  # "<channel>:<file id>"
    end: bool = False  # `/end`


class RoomAnswer(StrEnum):
    """What became of a message written in a topic."""

    NONE = "none"  # the topic is not a room: someone else's business
    NOT_YOURS = "not_yours"  # not the assigned tutor: not passed on
    OVER = "over"  # the conversation is over
    RELAYED = "relayed"
    ENDED = "ended"


def topic_title(student_name: str | None, topic: str) -> str:
    """The topic's name: the student's first name and the topic — a display name only."""
    first = ((student_name or "").split() or ["?"])[0][:32]
    return f"{first} · {topic}"[:TOPIC_NAME_LIMIT]


def account_on(identities: Sequence[ChannelIdentity], channel: str) -> Address | None:
    """A person's reachable private chat on one channel."""
    for identity in identities:
        if identity.channel == channel and identity.reachable:
            return Address(identity.channel, identity.external_id, identity.chat_id)
    return None


async def room_of(uow: UnitOfWork, now: datetime, escalation_id: int) -> Room | None:
    """The room of an escalation, if it has one."""
    return await uow.tutor_rooms.room(escalation_id)


class TutorRooms:
    """The subscriber and the use cases of escalation rooms in one tutor supergroup."""

    def __init__(
        self, catalog: Catalog, notices: TutorNotices, place: RoomPlace | None = None
    ) -> None:
        self._catalog = catalog
        self._notices = notices
        self.place = place  # None: no tutor supergroup, tutors talk from their private chat

    # ------------------------------------------------------------------ the subscriber
    async def on_moved(self, uow: UnitOfWork, event: EscalationMoved) -> None:
        """A taken escalation asks for its room; an ended one closes it."""
        item, place = event.escalation, self.place
        if place is None:
            return
        if item.state is S.ASSIGNED and item.reason != "booked" and item.tutor_id is not None:
            await self._ask_for_room(uow, place, item, item.tutor_id, event.at)
        elif item.state in FINAL_STATES:
            await self._close(uow, item, event.at, event.by)

    async def _ask_for_room(
        self, uow: UnitOfWork, place: RoomPlace, item: Escalation, tutor_id: int, now: datetime
    ) -> None:
        tutor = await uow.users.get(tutor_id)
        address = account_on(await uow.users.identities(tutor_id), place.channel)
        if tutor is None or address is None:
            return  # the tutor is not on the room's platform: their own chat, as always
        student = await uow.users.get(item.student_id)
        names = self._notices.names(item, tutor.locale)
        room = Room(
            escalation_id=item.id,
            student_id=item.student_id,
            tutor_id=tutor_id,
            channel=place.channel,
            chat_key=place.chat_key,
            name=topic_title(student.display_name if student else None, names["topic"]),
            status=RoomStatus.PENDING,
            created_at=now,
            updated_at=now,
        )
        if not await uow.tutor_rooms.add(room):
            return
        packet = await build_packet(uow, self._catalog, item, now, tutor.locale)
        # The Start button is for the private chat (when the topic cannot be made); in the
        # topic the router drops it and the tutor's first message there starts the talk.
        await self._notices.send(
            uow, tutor_id, "tutors/room_packet", "room_packet", now, escalation=item,
            choices=((start_choice(item.id),),), address=address,
            p=asdict(packet), **{ROOM_KEY: item.id, IN_ROOM_KEY: False},
        )  # fmt: skip

    async def _close(
        self, uow: UnitOfWork, item: Escalation, now: datetime, by: Speaker | None
    ) -> None:
        room = await uow.tutor_rooms.room(item.id)
        if room is None or room.status not in LIVE:
            return
        if room.status is RoomStatus.PENDING or room.tutor_id is None:
            await uow.tutor_rooms.set_status(item.id, RoomStatus.CLOSED, now)  # no topic yet
            return
        # The closing line only ever goes into the topic (the router drops it otherwise), so
        # a tutor whose private chat is gone still gets their topic closed.
        address = account_on(await uow.users.identities(room.tutor_id), room.channel)
        address = address or Address(room.channel, "", room.chat_key, is_group=True)
        marks: dict[str, Any] = {ROOM_KEY: item.id, CLOSE_KEY: True}
        await self._notices.send(
            uow, room.tutor_id, "tutors/room_closed", "room_closed", now, escalation=item,
            address=address, by=by.value if by else "", state=item.state.value, **marks,
        )  # fmt: skip

    # ------------------------------------------------------------------ in the topic
    async def room_message(
        self, uow: UnitOfWork, now: datetime, command: RoomMessage
    ) -> RoomAnswer:
        """A message in a topic: the assigned tutor's reaches the student (their first one
        starts the conversation), `/end` closes it; anyone else's stays in the group."""
        room = await uow.tutor_rooms.at(command.channel, command.chat_key, command.thread_key)
        if room is None:
            return RoomAnswer.NONE
        sender = await uow.users.find_by_identity(command.channel, command.sender_key)
        # The assigned tutor only: the read carries the sender's id (another tutor's or a
        # student's escalation is simply not found).
        escalation = (
            await uow.tutors.tutor_escalation(room.escalation_id, sender.id) if sender else None
        )
        if sender is None or escalation is None:
            return RoomAnswer.NOT_YOURS
        if room.status is not RoomStatus.OPEN or escalation.state not in (S.ASSIGNED, S.ACTIVE):
            return RoomAnswer.OVER
        if command.end:
            ended = await move_escalation(uow, now, escalation, S.RESOLVED, by=Speaker.TUTOR)
            if ended is None:
                return RoomAnswer.OVER
            # The note is written in the tutor's private chat (the topic is closed now).
            await self._notices.send(
                uow, sender.id, "tutors/write_note", "note_ask", now, escalation=ended
            )
            return RoomAnswer.ENDED
        if escalation.state is S.ASSIGNED:
            escalation = await start(uow, now, TutorAnswer(escalation.id, sender.id)) or escalation
        if escalation.state is not S.ACTIVE:
            return RoomAnswer.OVER
        relay = Relay(sender.id, command.text, command.photo)
        await pass_on(uow, now, escalation, Speaker.TUTOR, relay)
        return RoomAnswer.RELAYED
