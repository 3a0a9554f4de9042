"""Must-show 1 through the real python-telegram-bot Application and the fake Bot API: a
student fails a topic's quizzes -> the offer -> accepts -> two tutors are asked, one takes it,
the other is told -> the packet -> text and a photo pass both ways -> /end -> a rating -> the
tutor's note is in the student's record. Tutors joined with `/tutor CODE` from Telegram.
The same across platforms: the student in Discord DMs (simcord), the tutors on Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import Container
from bot.channels.discord import DiscordChannel
from bot.channels.discord_service import build_bot
from tests.adapters.discord_support import Student as DiscordStudent
from tests.adapters.discord_support import message_text, running
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import Student, onboard, running_coach
from tests.e2e.test_discord_flow import ONBOARDING, assess
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser
from tests.tutor_support import invite

Messages = list[dict[str, Any]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


def says(words: str) -> Callable[[Messages], bool]:
    """A condition: a new message contains `words` (text or caption)."""
    return lambda ms: any(words in (m.get("text") or m.get("caption") or "") for m in ms)


async def delivered(
    container: Container, person: Student, check: Callable[[Messages], bool]
) -> Messages:
    """Run the outbox dispatcher until `person` received what `check` looks for."""
    for _ in range(100):
        await container.notification_jobs.dispatch()
        try:
            await person.fake.wait_for(lambda: check(person.new_messages()), within=0.1)
        except TimeoutError:
            continue
        messages = person.new_messages()
        person.seen = len(person.fake.messages(person.user.id))
        return messages
    raise AssertionError(f"not delivered: {person.new_messages()}")


async def fail_quiz(student: Student, clock: FixedClock) -> Messages:
    """Take a quiz on `problemler` answering every poll wrong; returns what the coach said."""
    fake = student.fake
    poll_or_result = lambda ms: any("poll" in m for m in ms) or says(" right.")(ms)  # noqa: E731
    messages = await student.command("/quiz problemler", poll_or_result)
    seen = list(messages)
    for _ in range(10):
        if says(" right.")(messages):
            return seen
        poll = next(m for m in reversed(messages) if "poll" in m)["poll"]
        correct = fake.polls[poll["id"]]["correct_option_ids"]
        wrong = next(i for i in range(len(poll["options"])) if i not in correct)
        clock.advance(seconds=40)
        await fake.answer_poll(student.user, poll["id"], [wrong])
        messages = await student._after(poll_or_result)
        seen += messages
    raise AssertionError("the quiz did not end")


async def tutors_and_a_request(
    container: Container, fake: FakeTelegramServer, student: Student, tutors: list[Student]
) -> None:
    """Two tutors join by code; the student fails quizzes until the offer and accepts it."""
    clock = container.clock
    assert isinstance(clock, FixedClock)
    for tutor, name in zip(tutors, ("Ada Hoca", "Bora Hoca"), strict=True):
        code = await invite(container.uow, clock.now(), name)
        await tutor.command(f"/tutor {code}", says("You are a LearnConnect tutor now"))
    await onboard(student, "en")
    offered: Messages = []
    for _ in range(10):  # failed quizzes, a day apart, until the third strike's offer
        clock.advance(days=1)
        offered = await fail_quiz(student, clock)
        if says("Shall I find one?")(offered):
            break
    assert says("Shall I find one?")(offered)
    await student.press("ht:yes:", says("I'm asking the tutors"))
    for tutor in tutors:
        await delivered(container, tutor, Student.has_button("ht:take:"))


async def test_struggle_to_tutor_and_back_over_telegram(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7001, "Deniz", "en"))
    ada = Student(fake, FakeUser(8001, "Ada", "en"))
    bora = Student(fake, FakeUser(8002, "Bora", "en"))
    async with running_coach(fake, url, webhook=False) as container:
        clock = container.clock
        assert isinstance(clock, FixedClock)
        # both tutors are asked; Ada takes it first, Bora is told
        await tutors_and_a_request(container, fake, student, [ada, bora])
        packet = await ada.press("ht:take:", Student.has_button("ht:start:"))
        card = packet[-1]["text"]
        assert "Deniz" in card and "Last wrong answers" in card and "7001" not in card
        await bora.press("ht:take:", says("Another tutor was faster"))
        await delivered(container, bora, says("Another tutor took the request"))
        await delivered(container, student, says("Ada Hoca accepted"))
        await ada.press("ht:start:", says("You're in"))
        await delivered(container, student, says("Ada Hoca is here now"))

        # text and a photo pass both ways, each marked with who speaks
        await fake.send_text(student.user, "I get 12 but the answer says 15")
        got = await delivered(container, ada, says("🧑‍🎓 Deniz: I get 12"))
        assert not student.new_messages()  # the coach kept quiet
        await fake.send_photo(student.user, b"\x89PNG my working", caption="my working")
        photo = await delivered(container, ada, lambda ms: any("photo" in m for m in ms))
        sent = next(m for m in photo if "photo" in m)
        assert fake.files[sent["photo"][-1]["file_id"]] == b"\x89PNG my working"
        assert "Deniz" in sent["caption"] and "my working" in sent["caption"]
        await fake.send_text(ada.user, "Check the second step: 3x, not 2x.")
        await delivered(container, student, says("🧑‍🏫 Ada Hoca (tutor): Check the second step"))
        assert got

        # /end, the rating, the note in the record
        await student.command("/end", Student.has_button("ht:rate:"))
        await delivered(container, ada, says("The student closed the conversation"))
        await student.press(":5", says("Thank you"))
        await fake.send_text(ada.user, "Works well with diagrams; practise speed problems.")
        await ada._after(says("Saved in the student's record"))
        await student.command("/why", says("note from your tutor Ada Hoca"))

        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", "7001")
            assert user is not None
            [escalation] = await uow.tutors.student_escalations(user.id)
            messages = await uow.tutors.messages(escalation.id)
        assert escalation.rating == 5 and escalation.note.startswith("Works well")
        assert [m.speaker.value for m in messages] == ["student", "student", "tutor"]
        assert messages[1].photo is not None


async def test_a_discord_student_and_a_telegram_tutor(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:

    url = sqlite_template.clone(tmp_path / "coach.db")
    ada = Student(fake, FakeUser(8001, "Ada", "en"))
    bora = Student(fake, FakeUser(8002, "Bora", "en"))
    async with running_coach(fake, url, webhook=False) as container:
        clock = container.clock
        assert isinstance(clock, FixedClock)
        discord_channel = DiscordChannel()
        bot = build_bot(
            container.conversation, discord_channel, container.uow, clock, default_locale="en"
        )
        container.channels["discord"] = discord_channel  # the dispatcher pushes there too
        for tutor, name in ((ada, "Ada Hoca"), (bora, "Bora Hoca")):
            code = await invite(container.uow, clock.now(), name)
            await tutor.command(f"/tutor {code}", says("You are a LearnConnect tutor now"))
        async with running(bot) as env:
            user = env.create_user("deniz")
            deniz = DiscordStudent(env, user)
            await deniz.dm("hello")
            await deniz.press("ob:lang:en")
            for payload in ONBOARDING:
                await deniz.press(payload)
            await assess(deniz)
            await deniz.press("pv:activate:")

            def dm_says(words: str) -> Callable[[], bool]:
                return lambda: any(
                    words in message_text(m) for m in user.dm_channel.history() if m.author.bot
                )

            async def to_discord(words: str) -> None:
                for _ in range(100):
                    await container.notification_jobs.dispatch()
                    if dm_says(words)():
                        return
                raise AssertionError(f"not in the DM: {words}")

            await deniz.dm("I need a teacher")
            assert "asking the tutors" in deniz.text()
            await delivered(container, ada, Student.has_button("ht:take:"))
            await delivered(container, bora, Student.has_button("ht:take:"))
            await ada.press("ht:take:", Student.has_button("ht:start:"))
            await bora.press("ht:take:", says("Another tutor was faster"))
            await ada.press("ht:start:", says("You're in"))
            await to_discord("Ada Hoca is here now")
            await deniz.dm("why is 3x wrong?")
            assert deniz.last == []  # the coach kept quiet
            await delivered(container, ada, says("why is 3x wrong?"))
            await fake.send_text(ada.user, "Because the speeds add up.")
            await to_discord("Ada Hoca (tutor): Because the speeds add up.")
            # a picture attached in the DM reaches the Telegram tutor as a photo (by its URL)
            url = "https://cdn.discordapp.com/attachments/1/2/working.png?ex=1&is=2&hm=3"
            fake.web[url] = b"\x89PNG deniz's working"
            picture = {"id": 7, "filename": "working.png", "size": 22, "url": url}
            await deniz.actor.send_dm("my working", attachments=[{**picture, "proxy_url": url}])
            photo = await delivered(container, ada, lambda ms: any("photo" in m for m in ms))
            sent = next(m for m in photo if "photo" in m)
            assert fake.files[sent["photo"][-1]["file_id"]] == b"\x89PNG deniz's working"
            assert "my working" in sent["caption"]
            # a Telegram photo reaches the Discord student as an attachment (getFile, download)
            await fake.send_photo(ada.user, b"\x89PNG ada's drawing", caption="see the arrows")
            await to_discord("Ada Hoca (tutor): [photo] see the arrows")
            attached = [m for m in user.dm_channel.history() if m.author.bot and m.attachments][-1]
            assert attached.attachments[0].filename == "photo.jpg"
            assert attached.attachments[0].description == "A photo sent with this message"
            assert attached.attachments[0].size == len(b"\x89PNG ada's drawing")
            await fake.send_text(ada.user, "/end")
            await ada._after(says("short note"))
            await to_discord("How much did it help?")
