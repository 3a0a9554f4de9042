"""The forum mirrored in a Telegram forum supergroup, on the fake Bot API: each question goes
into its subject's topic (created once, found again after a restart), a question with no topic
into General; a reply to the mirrored message comes back as an answer through the running bot
(taken once, the asker's thread gets it), a refused reply is explained, other messages pass."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.forum_telegram import TelegramForumMirror, place, register_forum_handlers
from coach.core.uow import UnitOfWorkFactory
from coach.forum.model import NewQuestion
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import StubEngine, polling_bot
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
SUPERGROUP = -1001987650000
HELPER = FakeUser(4201, "Deniz", "tr")


@pytest.fixture
async def bot(fake: FakeTelegramServer) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=2, connect_timeout=2)
    async with Bot(fake.token, base_url=fake.api_url, request=request) as bot:
        yield bot


def _mirror(bot: Bot, uow_factory: SqlUnitOfWorkFactory) -> TelegramForumMirror:
    units: UnitOfWorkFactory = uow_factory
    catalog = Catalog.load([str(MINI)])
    return TelegramForumMirror(
        bot, units, FixedClock(NOW), catalog, chat_id=SUPERGROUP, locale="tr"
    )


async def _ask(uow_factory: SqlUnitOfWorkFactory, questions: list[tuple[str | None, str]]) -> None:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
        for topic, text in questions:
            await uow.forum.add_question(NewQuestion(user.id, "mini", topic, text), NOW)
        await uow.commit()


async def test_questions_go_into_their_subject_topic(
    fake: FakeTelegramServer, bot: Bot, uow_factory: SqlUnitOfWorkFactory
) -> None:
    group = fake.add_supergroup(SUPERGROUP, "LearnConnect soru-cevap")
    await _ask(uow_factory, [("sayilar", "Asal sayılar nasıl bulunur?"),
                             ("problemler", "Yaş problemlerinde denklem nasıl kurulur?"),
                             ("paragraf", "Ana düşünce nerede olur?"),
                             (None, "Deneme sınavı ne zaman?")])  # fmt: skip
    mirror = _mirror(bot, uow_factory)
    assert await mirror.publish() == 4
    assert sorted(t["name"] for t in group.topics.values()) == ["Matematik", "Türkçe"]
    math = next(i for i, t in group.topics.items() if t["name"] == "Matematik")
    sent = fake.messages(SUPERGROUP)
    assert [m.get("message_thread_id") for m in sent[:2]] == [math, math]
    assert "Asal sayılar" in sent[0]["text"] and "yanıtla" in sent[0]["text"]
    assert "message_thread_id" not in sent[3]  # no topic: General
    assert await mirror.publish() == 0  # nothing twice

    await _ask(uow_factory, [("sayilar", "Bölünebilme kuralları?")])
    restarted = _mirror(bot, uow_factory)
    assert await restarted.publish() == 1
    assert len(group.topics) == 2  # the subject's topic found again, not created twice
    assert fake.messages(SUPERGROUP)[-1]["message_thread_id"] == math


async def test_replies_come_back_as_answers(
    fake: FakeTelegramServer, uow_factory: SqlUnitOfWorkFactory
) -> None:
    fake.add_supergroup(SUPERGROUP, "LearnConnect soru-cevap")
    await _ask(uow_factory, [("sayilar", "Asal sayılar nasıl bulunur?")])
    engine = StubEngine()
    async with polling_bot(fake, engine, uow_factory) as service:
        mirror = _mirror(service.application.bot, uow_factory)
        register_forum_handlers(service.application, mirror)
        assert await mirror.publish() == 1
        [question] = fake.messages(SUPERGROUP)
        text = "1 ve kendisinden başka böleni olmayan sayılar"
        update = await fake.reply_in_group(HELPER, SUPERGROUP, question, text)
        await fake.inject("message", update["message"])  # Telegram redelivers
        await fake.reply_in_group(HELPER, SUPERGROUP, question, "bana yaz: ali@example.com")
        # Updates of one chat are handled in order: the explanation comes after the answers.
        [_, refused] = await fake.wait_for_messages(SUPERGROUP, 2)
    assert "e-posta" in refused["text"]
    assert engine.events == []  # the replies never reached the engine
    async with uow_factory() as uow:
        key = f"{question['message_thread_id']}:{question['message_id']}"
        thread_id = await uow.forum.thread_at(place(SUPERGROUP), key)
        assert thread_id is not None
        thread = await uow.forum.thread(thread_id)
    assert thread is not None
    assert [(a.text, a.user_id, a.author) for a in thread.answers] == [(text, None, "Deniz")]
