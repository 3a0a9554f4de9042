"""Weekly challenges over Telegram (the real python-telegram-bot Application on the fake Bot
API): /challenge -> Swap -> the old button answered kindly -> Accept -> Done sessions move it
-> the completion is celebrated by a push; a Turkish student's /meydan; and a group's
challenge asked for in a forum topic is answered in that topic, with its Join button."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from bot.bootstrap import Container
from coach.motivation.challenge_usecases import student_week
from coach.motivation.challenges import STUDY_KINDS, ChallengeKind, Goal
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import NOW, Student, onboard, running_coach
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

SUPERGROUP = -1001234509877
WEEK = timedelta(days=7)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


def _says(words: str) -> Any:
    return lambda messages: any(words in m.get("text", "") for m in messages)


def _text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def _button(message: dict[str, Any], prefix: str) -> str:
    return next(data for _l, data in FakeTelegramServer.buttons(message) if prefix in data)


async def _short_goal(container: Container, telegram_id: int, target: int) -> None:
    """Two sessions, so that the day's plan completes it (the choice is the policy's test)."""
    async with container.uow() as uow:
        user = await uow.users.find_by_identity("telegram", str(telegram_id))
        assert user is not None
        challenge = await uow.challenges.of_week(user.id, student_week(NOW, user.timezone))
        assert challenge is not None
        goal = Goal(ChallengeKind.SESSIONS, target)
        await uow.challenges.save(dataclasses.replace(challenge, goal=goal))
        await uow.commit()


async def test_challenge_swap_accept_done_and_the_celebration(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7301, "Ada", "en"))
    async with running_coach(fake, url, webhook=False) as container:
        await onboard(student, "en")
        [offer] = await student.command("/challenge", Student.has_button("ch:ok:"))
        assert "Your challenge for the week" in offer["text"]
        labels = [label for label, _data in FakeTelegramServer.buttons(offer)]
        assert labels == ["✅ Accept", "🔄 Swap"]
        swapped = await student.press("ch:swap:", _says("another one"))
        assert offer["text"].splitlines()[0] not in _text(swapped)

        # the Accept of the first offer, pressed after the swap: kindly told, nothing changes
        await fake.press(student.user, offer, _button(offer, "ch:ok:"))
        stale = await student._after(_says("earlier offer"))
        assert any("Your challenge for the week" in m.get("text", "") for m in stale)

        await student.press("ch:ok:", _says("Challenge accepted"))
        await _short_goal(container, student.user.id, 2)
        first = await student.press("s:done", _says("Challenge: 1/2"))
        assert "XP" in _text(first)  # the Done path still speaks as before
        await student.command("/today", Student.has_button("s:done"))
        await student.press("s:done", _says("Challenge: 2/2 — done!"))

        await container.notification_jobs.dispatch()
        pushed = await student._after(_says("Challenge complete"))
        assert "2 planned sessions" in _text(pushed)
        await container.notification_jobs.dispatch()  # once
        assert not _says("Challenge complete")(student.new_messages())
    assert not fake.open_queries


async def test_a_turkish_student_uses_meydan(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7302, "Ayşe", "tr"))
    async with running_coach(fake, url, webhook=False):
        await onboard(student, "tr")
        [offer] = await student.command("/meydan", Student.has_button("ch:ok:"))
        assert "meydan okuman" in offer["text"]
        labels = [label for label, _data in FakeTelegramServer.buttons(offer)]
        assert labels == ["✅ Kabul et", "🔄 Değiştir"]
        accepted = await student.press("ch:ok:", _says("kabul edildi"))
        assert "Bitti" in _text(accepted)
        shown = await student.command("/meydan", _says("İlerleme: 0/"))
        assert not any(FakeTelegramServer.buttons(m) for m in shown)  # accepted: no buttons


async def _in_topic(
    fake: FakeTelegramServer, user: FakeUser, thread: int, text: str
) -> dict[str, Any]:
    """The user writes in a forum topic of the supergroup."""
    group = fake.supergroups[SUPERGROUP]
    command = len(text.split(maxsplit=1)[0])
    message: dict[str, Any] = {
        "message_id": fake.next_message_id(SUPERGROUP), "date": fake.now(),
        "chat": group.to_api(), "from": user.to_api(), "text": text,
        "message_thread_id": thread, "is_topic_message": True,
        "entities": [{"type": "bot_command", "offset": 0, "length": command}],
    }  # fmt: skip
    return await fake.inject("message", message)


async def test_a_groups_challenge_answers_in_its_forum_topic(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    forum = fake.add_supergroup(SUPERGROUP, "Study groups")
    thread = 1042
    forum.topics[thread] = {"message_thread_id": thread, "name": "Türev", "icon_color": 7322096}
    ada = Student(fake, FakeUser(7303, "Ada", "en"))
    async with running_coach(fake, url, webhook=False):
        await onboard(ada, "en")
        bot = fake.bot_username
        await _in_topic(fake, ada.user, thread, f"/challenge@{bot}")
        await fake.wait_for(lambda: _says("This group's challenge")(fake.messages(SUPERGROUP)))
        [post] = [m for m in fake.messages(SUPERGROUP) if "group's challenge" in m["text"]]
        assert post["message_thread_id"] == thread  # answered in the topic, not in General
        await fake.press(ada.user, post, _button(post, "ch:join:"))
        await fake.wait_for(lambda: _says("display name")(fake.messages(SUPERGROUP)))
        [ask] = [m for m in fake.messages(SUPERGROUP) if "display name" in m["text"]]
        assert ask["message_thread_id"] == thread  # the button's answer too
        await _in_topic(fake, ada.user, thread, f"/challenge@{bot} join Ada_K")
        await fake.wait_for(lambda: _says("You're in")(fake.messages(SUPERGROUP)))
        [joined] = [m for m in fake.messages(SUPERGROUP) if "You're in" in m["text"]]
        assert joined["message_thread_id"] == thread and "• Ada_K — 0" in joined["text"]
        assert str(ada.user.id) not in joined["text"]  # a display name, never an account

        await ada.press("s:done", _says("Group challenge: 1/6"))
    assert not fake.open_queries


def _group_posts(fake: FakeTelegramServer, words: str) -> list[dict[str, Any]]:
    return [m for m in fake.messages(SUPERGROUP) if words in m.get("text", "")]


async def test_a_member_leaves_a_groups_challenge_by_button_and_by_command(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    forum = fake.add_supergroup(SUPERGROUP, "Study groups")
    thread = 1043
    forum.topics[thread] = {"message_thread_id": thread, "name": "YKS", "icon_color": 7322096}
    ada = Student(fake, FakeUser(7304, "Ada", "en"))
    ayse = Student(fake, FakeUser(7305, "Ayşe", "tr"))
    async with running_coach(fake, url, webhook=False):
        await onboard(ada, "en")
        await onboard(ayse, "tr")
        bot = fake.bot_username
        await _in_topic(fake, ada.user, thread, f"/challenge@{bot} join Ada_K")
        await fake.wait_for(lambda: bool(_group_posts(fake, "You're in")))
        await _in_topic(fake, ayse.user, thread, f"/meydan@{bot} katıl Ayse")
        await fake.wait_for(lambda: bool(_group_posts(fake, "Katıldın")))
        [joined] = _group_posts(fake, "Katıldın")
        labels = [label for label, _data in FakeTelegramServer.buttons(joined)]
        assert labels == ["🚪 Ayrıl"]  # a member who joined is offered Leave, not Join
        assert "/meydan ayrıl" in joined["text"]
        await ada.press("s:done", _says("Group challenge: 1/6"))

        # Ada leaves by the button: her session leaves the shared progress with her
        await _in_topic(fake, ada.user, thread, f"/challenge@{bot}")
        await fake.wait_for(lambda: len(_group_posts(fake, "Progress: 1/6")) == 1)
        [shown] = _group_posts(fake, "Progress: 1/6")
        assert "• Ada_K — 1" in shown["text"] and "• Ayse — 0" in shown["text"]
        await fake.press(ada.user, shown, _button(shown, "ch:leave:"))
        await fake.wait_for(lambda: bool(_group_posts(fake, "You left")))
        [left] = _group_posts(fake, "You left")
        assert "Progress: 0/6" in left["text"]
        assert "Ada_K" not in left["text"] and "• Ayse — 0" in left["text"]
        assert [label for label, _d in FakeTelegramServer.buttons(left)] == ["👥 Join"]
        await ada.command("/today", Student.has_button("s:done"))
        after = await ada.press("s:done", _says("XP"))
        assert "Group challenge" not in _text(after)  # no longer counted for the group

        # Ayşe leaves by the Turkish command
        await _in_topic(fake, ayse.user, thread, f"/meydan@{bot} ayrıl")
        await fake.wait_for(lambda: bool(_group_posts(fake, "ayrıldın")))
        [gone] = _group_posts(fake, "ayrıldın")
        assert "Ayse" not in gone["text"].split("ayrıldın")[1]
        assert [label for label, _d in FakeTelegramServer.buttons(gone)] == ["👥 Katıl"]
    assert not fake.open_queries


async def _goal_and_week(container: Container, telegram_id: int) -> tuple[date, Goal]:
    """The stored challenge's week (this one or the next) and its goal."""
    async with container.uow() as uow:
        user = await uow.users.find_by_identity("telegram", str(telegram_id))
        assert user is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        for week in (student_week(NOW, user.timezone), student_week(NOW, user.timezone) + WEEK):
            found = await uow.challenges.of_week(user.id, week)
            if found is not None:
                return found.week, found.goal
    raise AssertionError("no challenge stored")


async def test_late_in_the_week_the_goal_fits_the_days_left_or_is_next_weeks(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    ada = Student(fake, FakeUser(7306, "Ada", "en"))
    ayse = Student(fake, FakeUser(7307, "Ayşe", "tr"))
    async with running_coach(fake, url, webhook=False) as container:
        await onboard(ada, "en")
        await onboard(ayse, "tr")
        clock = cast(FixedClock, container.clock)
        clock.set(datetime(2026, 12, 12, 18, 0, tzinfo=UTC))  # Saturday 21:00 in Istanbul
        [offer] = await ada.command("/challenge", Student.has_button("ch:ok:"))
        assert "With 2 days left this week" in offer["text"]
        assert "everything you do from now counts" in offer["text"]
        week, goal = await _goal_and_week(container, ada.user.id)
        assert week == date(2026, 12, 7)
        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", str(ada.user.id))
            assert user is not None
            plan = await uow.plans.active_for(user.id)
            assert plan is not None
            ahead = [s for s in await uow.plans.sessions(plan.id, date(2026, 12, 12),
                                                         date(2026, 12, 13))
                     if s.kind in STUDY_KINDS]  # fmt: skip
        assert goal.kind is not ChallengeKind.SESSIONS or goal.target <= len(ahead)
        assert goal.kind is not ChallengeKind.MINUTES or goal.target <= sum(
            s.minutes for s in ahead
        )

        clock.set(datetime(2026, 12, 13, 19, 0, tzinfo=UTC))  # Sunday 22:00 in Istanbul
        [offer] = await ayse.command("/meydan", Student.has_button("ch:ok:"))
        assert "14 Aralık haftası" in offer["text"]  # next week's, and said so
        assert "gelecek haftanın meydan okuması" in offer["text"]
        assert "pazartesiden itibaren yaptığın her şey" in offer["text"]
        accepted = await ayse.press("ch:ok:", _says("kabul edildi"))
        assert "gelecek hafta (pazartesiden itibaren)" in _text(accepted)
        week, _goal = await _goal_and_week(container, ayse.user.id)
        assert week == date(2026, 12, 14)


async def test_a_groups_completion_is_posted_in_its_members_language(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    forum = fake.add_supergroup(SUPERGROUP, "Çalışma grupları")
    thread = 1044
    forum.topics[thread] = {"message_thread_id": thread, "name": "YKS", "icon_color": 7322096}
    ada = Student(fake, FakeUser(7308, "Ada", "en"))
    ayse = Student(fake, FakeUser(7309, "Ayşe", "tr"))
    elif_ = Student(fake, FakeUser(7310, "Elif", "tr"))
    async with running_coach(fake, url, webhook=False) as container:
        for student, locale in ((ada, "en"), (ayse, "tr"), (elif_, "tr")):
            await onboard(student, locale)
        bot = fake.bot_username
        # started by the English speaker: the group's challenge was stored in English
        await _in_topic(fake, ada.user, thread, f"/challenge@{bot} join Ada_K")
        await fake.wait_for(lambda: bool(_group_posts(fake, "You're in")))
        await _in_topic(fake, ayse.user, thread, f"/meydan@{bot} katıl Ayse")
        await fake.wait_for(lambda: len(_group_posts(fake, "Katıldın")) == 1)
        await _in_topic(fake, elif_.user, thread, f"/meydan@{bot} katıl Elif")
        await fake.wait_for(lambda: len(_group_posts(fake, "Katıldın")) == 2)
        async with container.uow() as uow:
            group = await uow.challenges.group_of_week(
                "telegram", str(SUPERGROUP), date(2026, 12, 7)
            )
            assert group is not None and group.locale == "en"
            await uow.challenges.set_group_target(group.id, 2)
            await uow.commit()
        await ayse.press("s:done", _says("Grup meydan okuması: 1/2"))
        await elif_.press("s:done", _says("Grup meydan okuması: 2/2"))
        await container.notification_jobs.dispatch()
        await fake.wait_for(lambda: bool(_group_posts(fake, "🏁")))
        [done] = _group_posts(fake, "🏁")
        assert "Grup meydan okuması tamamlandı" in done["text"]  # most members read Turkish
        assert "Teşekkürler Ayse, Elif, Ada_K." in done["text"], done["text"]
