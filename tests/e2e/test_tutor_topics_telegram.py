"""Escalation rooms through the real python-telegram-bot Application and the fake Bot API: with
`LEARNCONNECT_TUTOR_SUPERGROUP_ID` set, a taken escalation gets its own forum topic in the
tutors' supergroup with the hand-off packet; the assigned tutor talks to the student from it
(text and photos both ways), nobody else's messages there reach the student, `/end` in the
topic closes it (closeForumTopic), the student rates, the note is in the record. When Telegram
refuses the topic, the tutor talks from their private chat as without rooms."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import Container, build
from tests.adapters.telegram_support import NOW, telegram_settings
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import MINI, Student
from tests.e2e.test_tutor_telegram import delivered, says, tutors_and_a_request
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

Messages = list[dict[str, Any]]
GROUP = -1009876543210
ADA, BORA, STRANGER = 8001, 8002, 9001


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


@asynccontextmanager
async def coach_with_rooms(fake: FakeTelegramServer, url: str) -> AsyncIterator[Container]:
    """The whole app with Telegram on the fake and the tutors' supergroup configured."""
    settings = telegram_settings(
        fake, database_url=url, content_packs=[str(MINI)], tutor_supergroup_id=GROUP
    )
    container = build(settings, clock=FixedClock(NOW))
    await container.start()
    try:
        yield container
    finally:
        await container.stop()


def in_topic(thread: int) -> Callable[[dict[str, Any]], bool]:
    """A condition on one group message: it is in this topic."""
    return lambda m: m.get("message_thread_id") == thread


async def group_gets(
    container: Container, fake: FakeTelegramServer, check: Callable[[Messages], bool]
) -> Messages:
    """Run the outbox dispatcher until the supergroup shows what `check` looks for."""
    for _ in range(100):
        await container.notification_jobs.dispatch()
        if check(fake.messages(GROUP)):
            return fake.messages(GROUP)
    raise AssertionError(f"not in the group: {fake.messages(GROUP)}")


@dataclass
class RoomInUse:
    """A taken escalation's topic in the tutor supergroup, where the tutor said hello."""

    container: Container
    group: Any
    thread: int
    student: Student
    tutor: Student


@asynccontextmanager
async def a_room_in_use(fake: FakeTelegramServer, url: str) -> AsyncIterator[RoomInUse]:
    """Deniz's request taken by Ada (Bora was asked too), its topic opened, Ada's hello
    relayed to Deniz."""
    group = fake.add_supergroup(GROUP, "LearnConnect tutors", members={ADA, BORA})
    student = Student(fake, FakeUser(7001, "Deniz", "en"))
    ada = Student(fake, FakeUser(ADA, "Ada", "en"))
    bora = Student(fake, FakeUser(BORA, "Bora", "en"))
    async with coach_with_rooms(fake, url) as container:
        await tutors_and_a_request(container, fake, student, [ada, bora])
        await ada.press("ht:take:", says("opening a topic"))
        await group_gets(container, fake, says("Last wrong answers"))
        [thread] = group.topics
        await fake.write_in_topic(ada.user, GROUP, thread, "Hello!")
        await delivered(container, student, says("Ada Hoca (tutor): Hello!"))
        yield RoomInUse(container, group, thread, student, ada)


async def test_a_topic_per_escalation_in_the_tutor_supergroup(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    group = fake.add_supergroup(GROUP, "LearnConnect tutors", members={ADA, BORA, STRANGER})
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7001, "Deniz Yılmaz", "en"))
    ada = Student(fake, FakeUser(ADA, "Ada", "en"))
    bora = Student(fake, FakeUser(BORA, "Bora", "en"))
    stranger = FakeUser(STRANGER, "Cem", "en")
    async with coach_with_rooms(fake, url) as container:
        await tutors_and_a_request(container, fake, student, [ada, bora])
        taken = await ada.press("ht:take:", says("opening a topic for this student"))
        assert not Student.has_button("ht:start:")(taken)  # the packet goes to the topic
        await bora.press("ht:take:", says("Another tutor was faster"))
        await delivered(container, student, says("Ada Hoca accepted"))

        # the topic, named with the student's first name only, holds the packet
        messages = await group_gets(container, fake, says("Last wrong answers"))
        [created] = fake.calls_to("createForumTopic")
        assert created.params["chat_id"] == GROUP
        [thread] = group.topics
        name = group.topics[thread]["name"]
        assert name.startswith("Deniz · ") and "Yılmaz" not in name and "7001" not in name
        packet = messages[-1]
        assert packet["message_thread_id"] == thread
        assert "This topic is your room with Deniz" in packet["text"]
        assert "7001" not in packet["text"]
        assert "reply_markup" not in packet  # no buttons in a topic
        assert not says("Last wrong answers")(ada.new_messages())  # not in the private chat

        # the tutor's first message in the topic joins the student's chat
        await fake.write_in_topic(ada.user, GROUP, thread, "Hi Deniz, show me your working.")
        joined = await delivered(
            container, student, says("🧑‍🏫 Ada Hoca (tutor): Hi Deniz, show me")
        )
        assert says("Ada Hoca is here now")(joined)

        # the student's text and photo go into the topic, marked with who speaks
        await fake.send_text(student.user, "I get 12 but the answer says 15")
        seen = len(fake.messages(GROUP))
        got = await group_gets(container, fake, lambda ms: says("🧑‍🎓 Deniz: I get 12")(ms[seen:]))
        assert in_topic(thread)(got[-1])
        assert not student.new_messages()  # the coach kept quiet
        await fake.send_photo(student.user, b"\x89PNG my working", caption="my working")
        got = await group_gets(container, fake, lambda ms: any("photo" in m for m in ms))
        photo = next(m for m in got if "photo" in m)
        assert in_topic(thread)(photo) and "Deniz" in photo["caption"]
        assert fake.files[photo["photo"][-1]["file_id"]] == b"\x89PNG my working"

        # the tutor's photo from the topic reaches the student's chat
        await fake.write_in_topic(
            ada.user, GROUP, thread, "see the arrows", photo=b"\x89PNG ada's drawing"
        )
        sent = await delivered(container, student, lambda ms: any("photo" in m for m in ms))
        picture = next(m for m in sent if "photo" in m)
        assert fake.files[picture["photo"][-1]["file_id"]] == b"\x89PNG ada's drawing"
        assert "Ada Hoca (tutor)" in picture["caption"] and "see the arrows" in picture["caption"]

        # others in the group are not passed on: a member, and a tutor who is not assigned
        before = len(fake.messages(student.user.id))
        for someone in (stranger, bora.user):
            seen = len(fake.messages(GROUP))
            await fake.write_in_topic(someone, GROUP, thread, "Deniz, call me on 0555 123 45 67")
            await fake.wait_for(lambda seen=seen: len(fake.messages(GROUP)) > seen)
            answer = fake.messages(GROUP)[-1]
            assert in_topic(thread)(answer) and "Only the tutor assigned" in answer["text"]
        for _ in range(3):
            await container.notification_jobs.dispatch()
        assert len(fake.messages(student.user.id)) == before
        assert not any("0555" in (m.get("text") or "") for m in fake.messages(student.user.id))

        # /end in the topic: the student rates, the topic is closed, the note goes in the record
        await fake.write_in_topic(ada.user, GROUP, thread, "/end")
        await delivered(container, student, Student.has_button("ht:rate:"))
        await group_gets(container, fake, says("is closed — you ended it"))
        await fake.wait_for(lambda: thread in group.closed_topics)
        await delivered(container, ada, says("short note"))
        await student.press(":5", says("Thank you"))
        await fake.send_text(ada.user, "Works well with diagrams; practise speed problems.")
        await ada._after(says("Saved in the student's record"))
        await student.command("/why", says("note from your tutor Ada Hoca"))

        # after the end, an admin's message in the closed topic passes nothing on
        group.admins.add(ADA)
        seen = len(fake.messages(GROUP))
        await fake.write_in_topic(ada.user, GROUP, thread, "one more thing")
        await fake.wait_for(lambda: len(fake.messages(GROUP)) > seen)
        assert "conversation is over" in fake.messages(GROUP)[-1]["text"]

        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", "7001")
            assert user is not None
            [escalation] = await uow.tutors.student_escalations(user.id)
            relayed = await uow.tutors.messages(escalation.id)
            room = await uow.tutor_rooms.room(escalation.id)
    assert escalation.rating == 5 and escalation.note.startswith("Works well")
    speakers = [m.speaker.value for m in relayed]
    assert speakers == ["tutor", "student", "student", "tutor"]
    assert relayed[3].photo is not None and all("0555" not in m.text for m in relayed)
    assert room is not None and room.status.value == "closed" and room.thread_key == str(thread)


async def test_the_student_ends_it_and_the_topic_closes(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    async with a_room_in_use(fake, sqlite_template.clone(tmp_path / "coach.db")) as room:
        container, group, thread = room.container, room.group, room.thread
        student, ada = room.student, room.tutor
        await student.command("/end", Student.has_button("ht:rate:"))
        await delivered(container, ada, says("The student closed the conversation"))
        await group_gets(container, fake, says("the student ended it"))
        await fake.wait_for(lambda: thread in group.closed_topics)
        [close] = fake.calls_to("closeForumTopic")
        assert close.params == {"chat_id": GROUP, "message_thread_id": thread}


async def test_a_topic_that_is_gone_sends_the_tutor_messages_privately(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    async with a_room_in_use(fake, sqlite_template.clone(tmp_path / "coach.db")) as room:
        container, group, thread = room.container, room.group, room.thread
        student, ada = room.student, room.tutor
        del group.topics[thread]  # an admin deleted the topic
        await fake.send_text(student.user, "are you there?")
        await delivered(container, ada, says("🧑‍🎓 Deniz: are you there?"))
        refused = [c for c in fake.calls_to("sendMessage") if c.status == 400]
        assert refused and refused[-1].params["message_thread_id"] == thread
        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", "7001")
            assert user is not None
            [escalation] = await uow.tutors.student_escalations(user.id)
            stored = await uow.tutor_rooms.room(escalation.id)
        assert stored is not None and stored.status.value == "failed"
        assert "thread not found" in stored.error
        # the tutor answers from the private chat now
        await fake.send_text(ada.user, "Yes, here.")
        await delivered(container, student, says("Ada Hoca (tutor): Yes, here."))


@pytest.mark.parametrize("trouble", ["not_a_forum", "no_right", "tutor_not_in_group"])
async def test_a_refused_topic_falls_back_to_the_private_chat(
    fake: FakeTelegramServer,
    sqlite_template: SqliteTemplate,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    trouble: str,
) -> None:
    options: dict[str, Any] = {"members": {ADA, BORA}}
    if trouble == "not_a_forum":
        options["is_forum"] = False
    elif trouble == "no_right":
        options["bot_rights"] = {"can_invite_users"}
    else:
        options["members"] = {BORA}
    group = fake.add_supergroup(GROUP, "LearnConnect tutors", **options)
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7001, "Deniz", "en"))
    ada = Student(fake, FakeUser(ADA, "Ada", "en"))
    bora = Student(fake, FakeUser(BORA, "Bora", "en"))
    caplog.set_level(logging.WARNING, logger="bot.tutor_rooms_telegram")
    async with coach_with_rooms(fake, url) as container:
        await tutors_and_a_request(container, fake, student, [ada, bora])
        await ada.press("ht:take:", says("opening a topic"))
        packet = await delivered(container, ada, Student.has_button("ht:start:"))
        assert says("I could not open a topic in the tutor group")(packet)
        assert says("Last wrong answers")(packet)
        assert not group.topics and fake.messages(GROUP) == []
        warning = " ".join(r.getMessage() for r in caplog.records)
        assert "refused the topic" in warning and fake.token not in warning

        # the private-chat relay, as without rooms
        await ada.press("ht:start:", says("You're in"))
        await delivered(container, student, says("Ada Hoca is here now"))
        await fake.send_text(student.user, "why 15?")
        await delivered(container, ada, says("🧑‍🎓 Deniz: why 15?"))
        await fake.send_text(ada.user, "Because the speeds add up.")
        await delivered(container, student, says("Ada Hoca (tutor): Because the speeds add up."))
        await fake.send_text(ada.user, "/end")
        await ada._after(says("short note"))
        await delivered(container, student, Student.has_button("ht:rate:"))
        assert fake.messages(GROUP) == [] and not fake.calls_to("closeForumTopic")
        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", "7001")
            assert user is not None
            [escalation] = await uow.tutors.student_escalations(user.id)
            room = await uow.tutor_rooms.room(escalation.id)
    assert room is not None and room.status.value == "failed" and room.error


async def test_bitir_in_the_topic_closes_it_as_end_does(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    group = fake.add_supergroup(GROUP, "LearnConnect tutors", members={ADA, BORA})
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7002, "Deniz Yılmaz", "en"))
    ada = Student(fake, FakeUser(ADA, "Ada", "en"))
    bora = Student(fake, FakeUser(BORA, "Bora", "en"))
    async with coach_with_rooms(fake, url) as container:
        await tutors_and_a_request(container, fake, student, [ada, bora])
        await ada.press("ht:take:", says("opening a topic for this student"))
        await group_gets(container, fake, says("Last wrong answers"))
        [thread] = group.topics
        await fake.write_in_topic(ada.user, GROUP, thread, "Merhaba Deniz.")
        await delivered(container, student, says("Ada Hoca is here now"))
        # the Turkish name of /end, typed in the topic
        await fake.write_in_topic(ada.user, GROUP, thread, "/bitir")
        await delivered(container, student, Student.has_button("ht:rate:"))
        await group_gets(container, fake, says("is closed — you ended it"))
        await fake.wait_for(lambda: thread in group.closed_topics)
        relayed = [m.get("text") or "" for m in fake.messages(student.user.id)]
        assert not any("/bitir" in text for text in relayed)  # a command, not a message
