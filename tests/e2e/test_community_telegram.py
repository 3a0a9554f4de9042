"""Must-show 2 of the community issue with the whole running app on the fake Bot API: three
students opt in through /groups, the community job invites them, each presses the real Join
button, the job's places run creates one forum topic and sends each member a personal link,
only the members' join requests are approved by the running bot, the group session
reminder reaches each member, and the group's week is posted in its topic (not privately)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.bootstrap import Container
from storage.models.notify import OutboxRow
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import NOW, Student, onboard, running_coach
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeChat, FakeUser

SUPERGROUP = -1001234509876
ADMIN = FakeUser(9101, "Operator", "en")
OUTSIDER = FakeUser(9199, "Eve", "en")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


def _says(words: str) -> Any:
    return lambda messages: any(words in m.get("text", "") for m in messages)


async def _first_reminder(container: Container) -> datetime | None:
    """When the first group session reminder is due (read from the outbox)."""
    async with container.uow() as uow:
        found = await uow.session.execute(
            select(func.min(OutboxRow.due_at)).where(
                OutboxRow.dedupe_key.like("community:session:%")
            )
        )
        due = found.scalar_one_or_none()
    return due.replace(tzinfo=UTC) if due is not None and due.tzinfo is None else due


def _link(messages: list[dict[str, Any]]) -> str:
    words = [w for m in messages for w in str(m.get("text", "")).split()]
    return next(w for w in words if w.startswith("https://t.me/+"))


async def test_three_students_join_a_group_with_a_forum_topic(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    forum = fake.add_supergroup(SUPERGROUP, "Study groups", admins={ADMIN.id})
    names = ("Ada", "Bora", "Cem")
    students = [Student(fake, FakeUser(7201 + i, name, "en")) for i, name in enumerate(names)]
    async with running_coach(fake, url, webhook=False) as container:
        assert container.community is not None
        clock = container.clock
        assert isinstance(clock, FixedClock)
        await fake.send_text(ADMIN, "/setup", FakeChat(SUPERGROUP, "supergroup", title="Groups"))
        await fake.wait_for_messages(SUPERGROUP, 1)
        for student in students:
            await onboard(student, "en")
            await student.command("/groups", Student.has_button("cm:tog:groups"))
            await student.press("cm:tog:groups", _says("choose the name"))
            await student.command(f"{student.user.first_name}_S", _says("Other students will see"))

        clock.set(NOW + timedelta(hours=5))  # daytime for everyone: invitations go out now
        assert await container.community.match() == 1
        await container.notification_jobs.dispatch()
        for student in students:
            invite = await student._after(Student.has_button("group:join:"))
            assert any("study group fits you" in m.get("text", "") for m in invite)
        answers = []
        for student in students:  # the real Join button, pressed through the fake
            pressed = await student.press("group:join:", _says("“"))
            answers.append(" ".join(m.get("text", "") for m in pressed))
        assert "You joined" in answers[0] and "You joined" in answers[1]
        assert "has started" in answers[2]  # the third yes forms the group

        await container.community.places()
        [topic] = forum.topics.values()
        [hello] = fake.messages(SUPERGROUP)[-1:]
        assert all(f"{name}_S" in hello["text"] for name in names)  # display names only
        assert hello["message_thread_id"] == topic["message_thread_id"]
        await container.notification_jobs.dispatch()
        links = {}
        for student in students:
            messages = await student._after(_says("https://t.me/+"))
            links[student.user.id] = _link(messages)
        assert len(set(links.values())) == 3  # a personal link each

        await fake.request_join(OUTSIDER, links[students[0].user.id])  # a passed-on link
        await fake.wait_for(lambda: bool(fake.calls_to("declineChatJoinRequest")))
        for student in students:
            await fake.request_join(student.user, links[student.user.id])
        await fake.wait_for(lambda: len(fake.calls_to("approveChatJoinRequest")) == 3)
        assert forum.members == {s.user.id for s in students}
        assert OUTSIDER.id not in forum.members

        await container.community.match()  # plans the group sessions (their reminders)
        due = await _first_reminder(container)
        assert due is not None
        clock.set(due)  # 30 minutes before the group session
        await container.notification_jobs.dispatch()
        for student in students:
            reminder = await student._after(_says("Group session"))
            assert any("Group session" in m.get("text", "") for m in reminder)
        # the group's week went to its topic, not to each member
        [week] = [m for m in fake.messages(SUPERGROUP) if "kept their plan" in m.get("text", "")]
        assert week["message_thread_id"] == topic["message_thread_id"]
        for student in students:
            assert not _says("kept their plan")(fake.messages(student.user.id))
