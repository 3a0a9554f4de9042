"""What the other side hears: subscribers that turn tutoring events into outbox rows (asks to
tutors, "taken by another tutor", the tutor joining, relayed messages, time-outs).

They run inside the transaction of the change, so a rolled-back take tells no one. Every row
is `solicited`: it answers something a person in the conversation just did, so quiet hours and
the daily cap do not hold it back. Tutors see the student's first name only, never an address.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from coach.actions import TUTOR_BOOK, TUTOR_PASS, TUTOR_RATE, TUTOR_START, TUTOR_TAKE
from coach.core.uow import UnitOfWork
from coach.dialogue.present import subject_name, topic_name
from coach.domain import ChannelIdentity
from coach.notifications.model import Address, ChoiceSpec, Notification, NotificationKind
from coach.packs.catalog import Catalog
from coach.tutors.events import EscalationMoved, MessageRelayed, TutorsAsked, TutorsReleased
from coach.tutors.model import Escalation, EscalationState, Speaker
from coach.tutors.policy import DEFAULT_TUTOR_POLICY, TutorPolicy
from coach.tutors.room_model import ROOM_KEY, RoomStatus

S = EscalationState
PRIVATE_CHANNELS = ("telegram", "discord", "web", "console")
RATINGS = (1, 2, 3, 4, 5)


def best_address(identities: Sequence[ChannelIdentity]) -> Address | None:
    """The first reachable private chat, Telegram before Discord before the web."""
    rank = {name: i for i, name in enumerate(PRIVATE_CHANNELS)}
    usable = [i for i in identities if i.reachable and i.channel in rank]
    if not usable:
        return None
    best = min(usable, key=lambda i: rank[i.channel])
    return Address(best.channel, best.external_id, best.chat_id)


def rating_choices(escalation_id: int) -> tuple[tuple[ChoiceSpec, ...], ...]:
    """One row of 1-5 buttons."""
    return (
        tuple(
            ChoiceSpec(f"buttons/tutor_rate_{n}", TUTOR_RATE.payload(escalation_id, n))
            for n in RATINGS
        ),
    )


class TutorNotices:
    """The subscribers of the tutoring events that reach the outside."""

    def __init__(
        self, catalog: Catalog, policy: TutorPolicy = DEFAULT_TUTOR_POLICY, *, rooms: bool = False
    ) -> None:
        self._catalog = catalog
        self._policy = policy
        self._rooms = rooms  # a tutor supergroup is configured: student messages may go there

    def names(self, escalation: Escalation, locale: str) -> dict[str, str]:
        """The subject and topic in a language."""
        pack = self._catalog.packs.get(escalation.pack_id)
        if pack is None:
            return {"topic": escalation.topic_id, "subject": escalation.subject_id}
        return {
            "topic": topic_name(pack, escalation.topic_id, locale),
            "subject": subject_name(pack, escalation.subject_id, locale),
        }

    async def send(
        self,
        uow: UnitOfWork,
        user_id: int,
        template: str,
        key: str,
        now: datetime,
        *,
        escalation: Escalation,
        choices: tuple[tuple[ChoiceSpec, ...], ...] = (),
        address: Address | None = None,
        **context: Any,
    ) -> bool:
        """Queue one message for a person at their best private chat (or at `address`);
        False when unreachable."""
        user = await uow.users.get(user_id)
        if user is not None and address is None:
            address = best_address(await uow.users.identities(user_id))
        if user is None or address is None:
            return False
        values: Mapping[str, Any] = {**self.names(escalation, user.locale), **context}
        await uow.outbox.enqueue(
            [
                Notification(
                    user_id=user_id,
                    kind=NotificationKind.TUTOR,
                    template=template,
                    dedupe_key=f"tutor:{escalation.id}:{key}:{user_id}",
                    due_at=now,
                    local_date=now.date(),
                    address=address,
                    locale=user.locale,
                    context=dict(values),
                    choices=choices,
                    solicited=True,
                )
            ],
            now,
        )
        return True

    async def _tutor_name(self, uow: UnitOfWork, escalation: Escalation) -> str:
        tutor = await uow.tutors.tutor(escalation.tutor_id or 0)
        return tutor.name if tutor else ""

    # ------------------------------------------------------------------ subscribers
    async def on_asked(self, uow: UnitOfWork, event: TutorsAsked) -> None:
        """Each tutor of the wave gets the request, with Take and Pass."""
        item = event.escalation
        choices = (
            (
                ChoiceSpec("buttons/tutor_take", TUTOR_TAKE.payload(item.id)),
                ChoiceSpec("buttons/tutor_pass", TUTOR_PASS.payload(item.id)),
            ),
        )
        for tutor_id in event.tutor_ids:
            await self.send(
                uow,
                tutor_id,
                "tutors/ask",
                f"ask{item.wave}",
                event.at,
                escalation=item,
                choices=choices,
                minor=item.minor,
                reason=item.reason,
                language=item.locale,
                minutes=self._policy.wave_minutes,
            )

    async def on_released(self, uow: UnitOfWork, event: TutorsReleased) -> None:
        """Tutors asked earlier hear that it was taken, or is no longer open."""
        for tutor_id in event.tutor_ids:
            await self.send(
                uow,
                tutor_id,
                f"tutors/released_{event.why}",
                f"rel{event.escalation.wave}",
                event.at,
                escalation=event.escalation,
            )

    async def on_moved(self, uow: UnitOfWork, event: EscalationMoved) -> None:
        """The student hears what tutors did; the tutor hears what the student did."""
        item, state, now = event.escalation, event.escalation.state, event.at
        student = item.student_id
        if state is S.ASSIGNED and item.reason == "booked":
            return  # the student booked it in their own chat and was told there
        if state is S.ASSIGNED:
            name = await self._tutor_name(uow, item)
            await self.send(
                uow, student, "tutors/assigned", "assigned", now, escalation=item, tutor=name
            )
        elif state is S.ACTIVE:
            name = await self._tutor_name(uow, item)
            await self.send(
                uow, student, "tutors/joined", "joined", now, escalation=item, tutor=name
            )
        elif state is S.EXPIRED and event.previous is S.REQUESTED:
            minutes = self._policy.wave_minutes * self._policy.waves
            await self.send(
                uow,
                student,
                "tutors/expired",
                "expired",
                now,
                escalation=item,
                minutes=minutes,
                choices=((ChoiceSpec("buttons/tutor_book", TUTOR_BOOK.payload(item.id)),),),
            )
        elif state is S.RESOLVED and event.by is Speaker.TUTOR:
            name = await self._tutor_name(uow, item)
            await self.send(
                uow,
                student,
                "tutors/ended_by_tutor",
                "ended",
                now,
                escalation=item,
                choices=rating_choices(item.id),
                tutor=name,
            )
        elif state is S.RESOLVED and item.tutor_id is not None:
            await self.send(
                uow, item.tutor_id, "tutors/ended_by_student", "ended", now, escalation=item
            )
        elif state is S.CANCELLED and item.tutor_id is not None:
            await self.send(
                uow, item.tutor_id, "tutors/cancelled", "cancelled", now, escalation=item
            )

    async def on_relayed(self, uow: UnitOfWork, event: MessageRelayed) -> None:
        """The other side reads the message, marked with who speaks."""
        message = event.message
        template = (
            "tutors/from_student" if message.speaker is Speaker.STUDENT else "tutors/from_tutor"
        )
        extra: dict[str, Any] = {}
        if self._rooms and message.speaker is Speaker.STUDENT:
            room = await uow.tutor_rooms.room(event.escalation.id)
            if room is not None and room.status in (RoomStatus.PENDING, RoomStatus.OPEN):
                extra[ROOM_KEY] = room.escalation_id  # the router sends it into the topic
        await self.send(
            uow,
            event.to_user_id,
            template,
            f"m{uuid.uuid4().hex[:12]}",
            event.at,
            escalation=event.escalation,
            who=event.sender_name,
            text=message.text,
            photo=message.photo or "",
            **extra,
        )


def start_choice(escalation_id: int) -> ChoiceSpec:
    """The packet card's button that joins the student's chat."""
    return ChoiceSpec("buttons/tutor_start", TUTOR_START.payload(escalation_id))
