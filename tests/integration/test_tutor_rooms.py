"""Escalation rooms in storage and their use case (SQLite and PostgreSQL): one room per
escalation, found by its topic; only the assigned tutor's messages in the topic reach the
student; export and delete cover `escalation_rooms`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.packs.catalog import Catalog
from coach.tutors.model import EscalationState, NewEscalation, Speaker
from coach.tutors.notices import TutorNotices
from coach.tutors.room_model import Room, RoomPlace, RoomStatus
from coach.tutors.rooms import RoomAnswer, RoomMessage, TutorRooms, topic_title
from storage.uow import SqlUnitOfWorkFactory

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
S = EscalationState
GROUP = "-1009876543210"


@pytest.fixture
def rooms() -> TutorRooms:
    catalog = Catalog.load([str(MINI)])
    return TutorRooms(catalog, TutorNotices(catalog, rooms=True), RoomPlace("telegram", GROUP))


async def _people(uow_factory: SqlUnitOfWorkFactory) -> tuple[int, int, int, int]:
    """A student with an escalation assigned to Ada; Bora, another tutor; Cem, a member."""
    async with uow_factory() as uow:
        ids = []
        for key, name in (("7001", "Deniz Yılmaz"), ("8001", "Ada"), ("8002", "Bora"),
                          ("9001", "Cem")):  # fmt: skip
            user = await uow.users.add(locale="en", timezone="UTC", now=NOW, display_name=name)
            await uow.users.add_identity(user.id, "telegram", key, key, NOW)
            ids.append(user.id)
        student, ada = ids[0], ids[1]
        new = NewEscalation(student, "mini", "mat", "problemler", S.REQUESTED, "asked", False, "en")
        escalation = await uow.tutors.open_escalation(new, NOW)
        assert await uow.tutors.move(escalation.id, S.REQUESTED, S.ASSIGNED, NOW, tutor_id=ada)
        name = topic_title("Deniz Yılmaz", "Problemler")
        room = Room(
            escalation.id, student, ada, "telegram", GROUP, name, RoomStatus.PENDING, NOW, NOW
        )
        assert await uow.tutor_rooms.add(room)
        assert not await uow.tutor_rooms.add(room)  # one room per escalation
        await uow.commit()
    return escalation.id, student, ids[2], ids[3]


def _in_topic(sender: str, text: str = "", *, end: bool = False) -> RoomMessage:
    return RoomMessage("telegram", GROUP, "1001", sender, text, end=end)


async def test_a_room_is_found_by_its_topic_once_open(uow_factory: SqlUnitOfWorkFactory) -> None:
    escalation_id, student, _bora, _cem = await _people(uow_factory)
    async with uow_factory() as uow:
        room = await uow.tutor_rooms.room(escalation_id)
        assert room is not None and room.status is RoomStatus.PENDING
        assert room.name == "Deniz · Problemler" and room.student_id == student
        assert await uow.tutor_rooms.at("telegram", GROUP, "1001") is None
        assert await uow.tutor_rooms.opened(escalation_id, "1001", NOW)
        assert not await uow.tutor_rooms.opened(escalation_id, "1002", NOW)  # opened once
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.tutor_rooms.at("telegram", GROUP, "1001")
        assert found is not None and found.escalation_id == escalation_id
        assert found.status is RoomStatus.OPEN and found.thread_key == "1001"
        assert await uow.tutor_rooms.at("telegram", GROUP, "1002") is None
        assert await uow.tutor_rooms.set_status(escalation_id, RoomStatus.FAILED, NOW, "x" * 300)
        await uow.commit()
    async with uow_factory() as uow:
        failed = await uow.tutor_rooms.room(escalation_id)
    assert failed is not None and failed.status is RoomStatus.FAILED and len(failed.error) == 200


async def test_only_the_assigned_tutor_speaks_from_the_room(
    uow_factory: SqlUnitOfWorkFactory, rooms: TutorRooms
) -> None:
    escalation_id, _student, _bora, _cem = await _people(uow_factory)

    async def said(message: RoomMessage) -> RoomAnswer:
        async with uow_factory() as uow:
            answer = await rooms.room_message(uow, NOW, message)
            await uow.commit()
        return answer

    assert await said(_in_topic("8001", "hello")) is RoomAnswer.NONE  # no topic yet
    async with uow_factory() as uow:
        await uow.tutor_rooms.opened(escalation_id, "1001", NOW)
        await uow.commit()
    assert await said(_in_topic("9001", "call me")) is RoomAnswer.NOT_YOURS  # a member
    assert await said(_in_topic("8002", "I can help")) is RoomAnswer.NOT_YOURS  # another tutor
    assert await said(_in_topic("5555", "hi")) is RoomAnswer.NOT_YOURS  # no account at all
    assert await said(_in_topic("9001", end=True)) is RoomAnswer.NOT_YOURS  # nor their /end
    assert await said(_in_topic("8001", "Show me your working.")) is RoomAnswer.RELAYED
    async with uow_factory() as uow:
        escalation = await uow.tutors.escalation(escalation_id)
        messages = await uow.tutors.messages(escalation_id)
    assert escalation is not None and escalation.state is S.ACTIVE  # the first message joined
    assert [(m.speaker, m.text) for m in messages] == [(Speaker.TUTOR, "Show me your working.")]
    assert await said(_in_topic("8001", end=True)) is RoomAnswer.ENDED
    assert await said(_in_topic("8001", "one more")) is RoomAnswer.OVER
    async with uow_factory() as uow:
        escalation = await uow.tutors.escalation(escalation_id)
        assert len(await uow.tutors.messages(escalation_id)) == 1
    assert escalation is not None and escalation.state is S.RESOLVED


async def test_export_and_delete_cover_the_rooms(uow_factory: SqlUnitOfWorkFactory) -> None:
    escalation_id, student, bora, _cem = await _people(uow_factory)
    async with uow_factory() as uow:
        exported = await uow.personal_data.export(student)
        others = await uow.personal_data.export(bora)
    [row] = exported["escalation_rooms"]
    assert row["escalation_id"] == escalation_id and row["name"] == "Deniz · Problemler"
    assert not others.get("escalation_rooms")
    async with uow_factory() as uow:
        await uow.personal_data.delete(student)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.tutor_rooms.room(escalation_id) is None
