"""The forum mirrored in a Discord forum channel (simcord): a question becomes a forum post
with its subject and topic as tags, a member's reply there comes back as an answer (once, and
the asker is told), and a reply with contact details is refused in the thread."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from sqlalchemy import select

from bot.channels.discord import DiscordChannel
from bot.channels.discord_service import build_bot
from bot.forum_discord import DiscordForumMirror
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.forum.usecases import AskQuestion, ShowThread, ask_question, show_thread
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import mini_engine, running
from tests.fakes import FixedClock
from tests.notify_support import add_student

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
QUESTION = "Yaş problemlerinde denklem nasıl kurulur? Baba oğlunun 3 katı yaşında."


async def _question(uow_factory: SqlUnitOfWorkFactory) -> tuple[int, int]:
    uow_factory.bus = subscriptions(build_services(Catalog.load([str(MINI)])))
    asker = await add_student(uow_factory, locale="tr", pack_id="mini")
    async with uow_factory() as uow:
        posted = await ask_question(
            cast(UnitOfWork, uow), NOW, AskQuestion(asker, "mini", "problemler", QUESTION)
        )
        await uow.commit()
    assert posted.post is not None
    return asker, posted.post.thread_id


async def test_a_question_is_posted_and_answers_come_back(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    asker, thread_id = await _question(uow_factory)
    channel = DiscordChannel()
    engine = mini_engine(uow_factory, clock)
    bot = build_bot(engine, channel, uow_factory, clock, default_locale="tr", message_content=True)
    async with running(bot) as env:
        guild = env.create_guild()
        forum = guild.create_forum_channel("sorular")
        mirror = DiscordForumMirror(
            bot.conversation.channel, cast(UnitOfWorkFactory, uow_factory), clock,
            Catalog.load([str(MINI)]), forum_ids=[str(forum.id)],
        )  # fmt: skip
        assert await mirror.publish() == 1
        assert await mirror.publish() == 0  # mirrored once
        [post] = forum.threads
        cached = bot.get_channel(forum.id)
        tags = {t.id: t.name for t in cached.available_tags}  # type: ignore[union-attr]
        thread = bot.get_channel(post.id)
        applied = {tags[t.id] for t in thread.applied_tags}  # type: ignore[union-attr]
        starter = post.history()[0]

        member = guild.add_member(env.create_user("deniz"), nick="Deniz")
        await member.send(post, "Bugünkü yaşlara x ve 3x de, sonra yılları ekle.")
        await member.send(post, "bana yaz: deniz@example.com")
        refusal = post.history()[-1]

    assert post.name == QUESTION.splitlines()[0][:100]
    assert applied == {"Matematik", "Problemler"}
    assert QUESTION in starter.content
    assert "e-posta" in refusal.content  # the refused reply is explained in the thread

    async with uow_factory() as uow:
        shown = await show_thread(cast(UnitOfWork, uow), NOW, ShowThread(thread_id))
        assert shown is not None
        assert [(a.text, a.author, a.source) for a in shown.answers] == [
            ("Bugünkü yaşlara x ve 3x de, sonra yılları ekle.", "Deniz", "discord")
        ]
        pushes = (await uow.session.scalars(select(OutboxRow))).all()
        assert [(p.user_id, p.template) for p in pushes] == [(asker, "notify/forum_answer")]
