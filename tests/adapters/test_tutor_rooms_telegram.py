"""The Telegram outbox router of escalation rooms, on the fake Bot API (SQLite and PostgreSQL):
rows without a room pass untouched; a pending room's first row makes the topic and goes into
it without buttons; a closing line with no open room and a packet after the end are dropped;
an escalation that ends while its topic is being made leaves no open topic behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, ForumTopic
from telegram.request import HTTPXRequest

from bot.tutor_rooms_telegram import TelegramTutorRooms
from coach.core.uow import UnitOfWorkFactory
from coach.notifications.model import (
    Address,
    ChoiceSpec,
    NotificationKind,
    OutboxItem,
    OutboxStatus,
)
from coach.packs.catalog import Catalog
from coach.tutors.model import EscalationState, NewEscalation
from coach.tutors.notices import TutorNotices
from coach.tutors.room_model import Room, RoomPlace, RoomStatus
from coach.tutors.rooms import TutorRooms
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
GROUP = -1009876543210
ADA = 8001
S = EscalationState


@pytest.fixture
async def bot(fake: FakeTelegramServer) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=2, connect_timeout=2)
    async with Bot(fake.token, base_url=fake.api_url, request=request) as bot:
        yield bot


def _router(bot: Bot, uow_factory: SqlUnitOfWorkFactory) -> TelegramTutorRooms:
    catalog = Catalog.load([str(MINI)])
    rooms = TutorRooms(catalog, TutorNotices(catalog, rooms=True), RoomPlace("telegram", "x"))
    units: UnitOfWorkFactory = uow_factory
    return TelegramTutorRooms(bot, units, FixedClock(NOW), rooms, chat_id=GROUP)


async def _room(uow_factory: SqlUnitOfWorkFactory) -> int:
    """An escalation assigned to Ada, with a pending room in the group."""
    async with uow_factory() as uow:
        student = await uow.users.add(locale="en", timezone="UTC", now=NOW, display_name="Deniz")
        ada = await uow.users.add(locale="en", timezone="UTC", now=NOW, display_name="Ada")
        await uow.users.add_identity(ada.id, "telegram", str(ADA), str(ADA), NOW)
        new = NewEscalation(
            student.id, "mini", "mat", "problemler", S.REQUESTED, "asked", False, "en"
        )
        escalation = await uow.tutors.open_escalation(new, NOW)
        await uow.tutors.move(escalation.id, S.REQUESTED, S.ASSIGNED, NOW, tutor_id=ada.id)
        room = Room(escalation.id, student.id, ada.id, "telegram", str(GROUP),
                    "Deniz · Problemler", RoomStatus.PENDING, NOW, NOW)  # fmt: skip
        await uow.tutor_rooms.add(room)
        await uow.commit()
    return escalation.id


def _row(template: str, **context: Any) -> OutboxItem:
    return OutboxItem(
        id=1, dedupe_key="k", user_id=2, kind=NotificationKind.TUTOR, template=template,
        locale="en", context=context, choices=((ChoiceSpec("buttons/tutor_start", "ht:start:1"),),),
        address=Address("telegram", str(ADA), str(ADA)), status=OutboxStatus.LEASED,
        due_at=NOW, local_date=NOW.date(),
    )  # fmt: skip


async def test_rows_go_into_the_topic_made_on_the_first(
    fake: FakeTelegramServer, bot: Bot, uow_factory: SqlUnitOfWorkFactory
) -> None:
    group = fake.add_supergroup(GROUP, "Tutors", members={ADA})
    router = _router(bot, uow_factory)
    escalation_id = await _room(uow_factory)
    plain = _row("tutors/ask")
    assert await router.route(plain) is plain  # no room named: untouched
    routed = await router.route(_row("tutors/room_packet", room=escalation_id, in_room=False))
    [thread] = group.topics
    assert group.topics[thread]["name"] == "Deniz · Problemler"
    assert routed is not None and routed.address == Address(
        "telegram", str(ADA), f"{GROUP}#{thread}", is_group=True
    )
    assert routed.choices == () and routed.context["in_room"] is True
    again = await router.route(_row("tutors/from_student", room=escalation_id))
    assert again is not None and again.address.chat_key == f"{GROUP}#{thread}"
    assert len(fake.calls_to("createForumTopic")) == 1  # made once


async def test_nothing_after_the_end_and_no_topic_left_open(
    fake: FakeTelegramServer, bot: Bot, uow_factory: SqlUnitOfWorkFactory
) -> None:
    group = fake.add_supergroup(GROUP, "Tutors", members={ADA})
    escalation_id = await _room(uow_factory)

    class EndsMeanwhile(Bot):
        """The student ends the conversation while Telegram makes the topic."""

        async def create_forum_topic(self, *args: Any, **kwargs: Any) -> ForumTopic:
            topic = await super().create_forum_topic(*args, **kwargs)
            async with uow_factory() as uow:
                await uow.tutor_rooms.set_status(escalation_id, RoomStatus.CLOSED, NOW)
                await uow.commit()
            return topic

    request = HTTPXRequest(read_timeout=2, connect_timeout=2)
    async with EndsMeanwhile(fake.token, base_url=fake.api_url, request=request) as racing:
        router = _router(racing, uow_factory)
        packet = _row("tutors/room_packet", room=escalation_id, in_room=False)
        assert await router.route(packet) is None  # a packet after the end says nothing
        [thread] = group.topics
        assert thread in group.closed_topics  # the topic made meanwhile is closed again
        closing = _row("tutors/room_closed", room=escalation_id, close_room=True)
        assert await router.route(closing) is None  # nothing to close any more
        late = _row("tutors/from_student", room=escalation_id)
        assert await router.route(late) is late  # a late message: the private chat
    async with uow_factory() as uow:
        room = await uow.tutor_rooms.room(escalation_id)
    assert room is not None and room.status is RoomStatus.CLOSED
