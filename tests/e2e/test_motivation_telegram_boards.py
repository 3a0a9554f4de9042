"""Must-show 4 over Telegram, the group-place leaderboards: the whole app on the fake Bot API,
a forum supergroup registered with /setup where a study group of three lives, two of whom
allow boards. Monday 09:00 the job posts last week's board in the supergroup once, listing
only those two by display name (no first names, usernames or ids); `/liderlik` and
`/leaderboard` asked in the supergroup show this week so far, the same people; in a basic
group with no study group the answer is a kind "no one yet"; in a private chat the command
never lists other students; a personal command (/kart, /export ...) given in a group, where
everyone reads the answer, gets only a pointer to the private chat."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import cast

import pytest

from bot.bootstrap import Container
from coach.community.usecases import (
    Answer,
    AnswerInvitation,
    RunMatching,
    answer_invitation,
    run_matching,
)
from coach.core.uow import UnitOfWork
from coach.domain import AgeBand
from coach.motivation.xp import LedgerEntry
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, SetPseudonym, set_feature, set_pseudonym
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import NOW, running_coach
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeChat, FakeUser
from tests.notify_support import add_student

SUPERGROUP = -1001234509877
BASIC_GROUP = -4005001
BOT = "@LearnConnectTestBot"
ADMIN = FakeUser(9201, "Operatör", "tr")
# (Telegram user, the name the coach knows, the display name others see, allows boards)
PEOPLE = (
    (FakeUser(7401, "Ada", "tr", username="ada_real"), "Ada Yılmaz", "Kuzey", True),
    (FakeUser(7402, "Bora", "tr", username="bora_tel"), "Bora Demir", "Poyraz", True),
    (FakeUser(7403, "Cem", "tr", username="cem_private"), "Cem Kaya", "Lodos", False),
)
OUTSIDER = FakeUser(7409, "Dan", "en", username="dan_en")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


async def _study_group(container: Container) -> list[int]:
    """Three adult students (tr) with Telegram accounts in one active study group; the first
    two allow boards. Returns their user ids."""
    ids = []
    for user, name, shown, _allows in PEOPLE:
        user_id = await add_student(
            container.uow, locale="tr", timezone="Europe/Istanbul", channel="telegram",
            chat=str(user.id), name=name, windows={"tue": ("19:00-21:00",),
            "thu": ("19:00-21:00",)}, availability={"tue": 120, "thu": 120},
        )  # fmt: skip
        async with container.uow() as uow:
            work = cast(UnitOfWork, uow)
            account = await uow.users.get(user_id)
            assert account is not None
            await uow.users.update(dataclasses.replace(account, age_band=AgeBand.ADULT))
            await set_pseudonym(work, NOW, SetPseudonym(user_id, shown))
            await set_feature(work, NOW, SetFeature(user_id, PeerFeature.GROUPS, True))
            await uow.commit()
        ids.append(user_id)
    async with container.uow() as uow:
        work = cast(UnitOfWork, uow)
        [view] = (await run_matching(work, NOW, RunMatching({}))).proposed
        for user_id in ids:
            joining = AnswerInvitation(view.group.id, user_id, Answer.JOIN)
            await answer_invitation(work, NOW, joining)
        for user_id, person in zip(ids, PEOPLE, strict=True):
            if person[3]:
                await set_feature(work, NOW, SetFeature(user_id, PeerFeature.LEADERBOARDS, True))
        await uow.commit()
    return ids


async def _xp(container: Container, user_id: int, day: date, amount: int) -> None:
    async with container.uow() as uow:
        entry = LedgerEntry(f"session:{user_id}:{day}", "session", amount, amount, day, 30)
        await uow.motivation.append(user_id, entry, NOW)
        await uow.commit()


def _texts(fake: FakeTelegramServer, chat_id: int, words: str) -> list[str]:
    return [m.get("text", "") for m in fake.messages(chat_id) if words in m.get("text", "")]


def _private_data_absent(text: str) -> None:
    """Only display names: no first names the coach knows, usernames, ids or phone numbers."""
    for user, name, _shown, _allows in PEOPLE:
        assert name not in text and user.first_name not in text
        assert str(user.username) not in text and str(user.id) not in text
    assert "+90" not in text and "@" not in text


async def _answer_in(fake: FakeTelegramServer, chat_id: int, before: int) -> str:
    await fake.wait_for(lambda: len(fake.messages(chat_id)) > before, within=15)
    [answer] = fake.messages(chat_id)[before:]
    return str(answer.get("text", ""))


async def test_boards_in_a_telegram_supergroup_a_basic_group_and_a_private_chat(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    forum = fake.add_supergroup(SUPERGROUP, "YKS çalışma grupları", admins={ADMIN.id})
    fake.add_group(BASIC_GROUP, "Study friends", {PEOPLE[0][0].id, OUTSIDER.id})
    async with running_coach(fake, url, webhook=False) as container:
        assert container.community is not None and container.boards is not None
        await fake.send_text(ADMIN, "/setup", FakeChat(SUPERGROUP, "supergroup", title="G"))
        await fake.wait_for_messages(SUPERGROUP, 1)
        ids = await _study_group(container)
        await container.community.places()  # the group's forum topic in the supergroup
        forum.members.update(person[0].id for person in PEOPLE)  # they came in by their links
        monday = NOW.date()
        for user_id, xp in zip(ids, (120, 80, 400), strict=True):
            await _xp(container, user_id, monday - timedelta(days=6), xp)  # last week
            await _xp(container, user_id, monday - timedelta(days=4), xp // 2)
            await _xp(container, user_id, monday, xp // 4)  # this week

        # Monday 09:00 in Istanbul: last week's board, posted once in the supergroup
        assert await container.boards.run() == 1
        await container.notification_jobs.dispatch()
        assert await container.boards.run() == 0  # the next hour's run: the week is recorded
        await container.notification_jobs.dispatch()
        [post] = _texts(fake, SUPERGROUP, "Haftanın liderlik tablosu")
        assert "1. Kuzey — 180 XP" in post and "2. Poyraz — 120 XP" in post
        assert "Lodos" not in post and "600" not in post  # Cem does not allow boards
        assert "/gruplar" in post and "/kart" in post  # the tr commands in a tr place
        _private_data_absent(post)
        [call] = [c for c in fake.calls_to("sendMessage") if "Haftanın liderlik" in c.params.get(
            "text", "")]  # fmt: skip
        assert "message_thread_id" not in call.params  # the General topic, for everyone

        # on demand in the supergroup: this week so far, the same two, by display name
        for person, command in ((PEOPLE[0], "/liderlik"), (PEOPLE[2], "/leaderboard")):
            before = len(fake.messages(SUPERGROUP))
            await fake.say_in_group(person[0], SUPERGROUP, command + BOT)
            board = await _answer_in(fake, SUPERGROUP, before)
            assert "Bu haftanın liderlik tablosu" in board
            assert "1. Kuzey — 30 XP" in board and "2. Poyraz — 20 XP" in board
            assert "Lodos" not in board  # not even when Cem asks himself
            _private_data_absent(board)
        # asked in the study group's own forum topic: answered in that topic, same board
        [topic] = forum.topics
        before = len(fake.messages(SUPERGROUP))
        await fake.say_in_group(PEOPLE[1][0], SUPERGROUP, "/liderlik" + BOT, thread=topic)
        await fake.wait_for(lambda: len(fake.messages(SUPERGROUP)) > before, within=15)
        [in_topic] = fake.messages(SUPERGROUP)[before:]
        assert in_topic.get("message_thread_id") == topic
        assert "1. Kuzey — 30 XP" in in_topic["text"] and "Lodos" not in in_topic["text"]

        # a command not addressed to the bot is someone else's: only the addressed one after
        # it (updates of one chat are handled in order) gets an answer
        before = len(fake.messages(SUPERGROUP))
        await fake.say_in_group(PEOPLE[0][0], SUPERGROUP, "/liderlik")
        await fake.say_in_group(PEOPLE[1][0], SUPERGROUP, "/liderlik" + BOT)
        assert "1. Kuzey — 30 XP" in await _answer_in(fake, SUPERGROUP, before)

        # a personal command in the group (a tap on /kart in the board, /export typed there):
        # the whole group would read the answer, so it only points to the private chat
        for command in ("/kart", "/export", "/settings", "/rozetler", "/start"):
            before = len(fake.messages(SUPERGROUP))
            await fake.say_in_group(PEOPLE[0][0], SUPERGROUP, command + BOT)
            answer = await _answer_in(fake, SUPERGROUP, before)
            assert "bana özelden yaz" in answer and "/liderlik" in answer
        assert not [m for m in fake.messages(SUPERGROUP) if "photo" in m or "document" in m]

        # a basic group where no study group lives: a kind "no one yet"
        await fake.say_in_group(PEOPLE[0][0], BASIC_GROUP, "/liderlik" + BOT)
        empty = await _answer_in(fake, BASIC_GROUP, 0)
        assert "Bu haftanın tablosunda henüz kimse yok" in empty
        _private_data_absent(empty)
        # Dan, whom the coach has not taken on: one line to the private chat, in English,
        # for any command, and nothing stored about him
        for shown, command in enumerate(("/leaderboard", "/streak"), start=1):
            await fake.say_in_group(OUTSIDER, BASIC_GROUP, command + BOT)
            line = await _answer_in(fake, BASIC_GROUP, shown)
            assert line.startswith("👋 Start with me in a private chat first"), line
            assert f"https://t.me/{fake.bot_username}" in line
        async with container.uow() as uow:
            assert await uow.users.find_by_identity("telegram", str(OUTSIDER.id)) is None

        # in a private chat: never other students
        for user, command, words in ((PEOPLE[0][0], "/liderlik", "sadece sen ve ben"),
                                     (OUTSIDER, "/leaderboard", "just you and me")):  # fmt: skip
            before = len(fake.messages(user.id))
            await fake.send_text(user, command)
            private = await _answer_in(fake, user.id, before)
            assert words in private
            assert not any(shown in private for _u, _n, shown, _a in PEOPLE)

        # removed from the basic group: the my_chat_member update is taken quietly and the
        # private chat still answers (the update of a group is not a blocked student)
        await fake.remove_bot(BASIC_GROUP, OUTSIDER)
        before = len(fake.messages(OUTSIDER.id))
        await fake.send_text(OUTSIDER, "/leaderboard")
        await fake.wait_for(lambda: len(fake.messages(OUTSIDER.id)) > before, within=15)
        assert len(fake.messages(BASIC_GROUP)) == 3  # the board and Dan's two lines
    assert not fake.open_queries
