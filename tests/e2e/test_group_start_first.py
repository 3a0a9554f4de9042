"""Consent first in groups: someone the coach has not taken on (no /start and consent in a
private chat) who writes a bot command in a Telegram group or supergroup, or in a Discord
server, gets one friendly line pointing to the private chat, in their language, naming the
bot — and nothing is stored for them. In a Discord server only /leaderboard, /challenge and
the challenge's Join button are answered; anything else points to the direct messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import ChannelIdentityRow, DialogueStateRow, UserRow
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import Student as DiscordStudent
from tests.adapters.discord_support import (
    coach_bot,
    message_text,
    mini_engine,
    running,
    server_member,
)
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import running_coach
from tests.e2e.test_challenges_discord import _onboarded
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeChat, FakeUser

SUPERGROUP = -1001234509999
GROUP = -4242
LINE = {"tr": "Önce benimle özel sohbette başla", "en": "Start with me in a private chat first"}
SERVER = {"tr": "Sunucuda /liderlik ve /meydan", "en": "Here in the server I answer"}


async def _rows(units: SqlUnitOfWorkFactory) -> tuple[int, ...]:
    """How many users, channel identities and dialogue rows are stored."""
    async with units() as uow:
        return tuple(
            [
                await uow.session.scalar(select(func.count()).select_from(table)) or 0
                for table in (UserRow, ChannelIdentityRow, DialogueStateRow)
            ]
        )


@pytest.fixture
async def fake() -> object:
    async with FakeTelegramServer() as server:
        yield server


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_a_newcomer_in_a_telegram_group_is_sent_to_the_private_chat(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path, locale: str
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    fake.add_supergroup(SUPERGROUP, "Study groups")
    basic = FakeChat(GROUP, "group", title="Class 12")
    newcomer = FakeUser(7401, "Deniz", locale)
    bot = fake.bot_username
    async with running_coach(fake, url, webhook=False) as container:
        before = await _rows(container.uow)  # type: ignore[arg-type]
        supergroup = fake.supergroups[SUPERGROUP]
        for chat, command in ((supergroup, "leaderboard"), (basic, "today")):
            await fake.send_text(newcomer, f"/{command}@{bot}", chat)  # type: ignore[arg-type]
            await fake.wait_for(lambda chat=chat: bool(fake.messages(chat.id)))
            [line] = fake.messages(chat.id)
            text = line["text"]
            assert text.startswith(f"👋 {LINE[locale]}"), text
            assert f"@{bot}" in text and f"https://t.me/{bot}" in text
            assert "/start" in text and "{" not in text
        assert fake.messages(newcomer.id) == []  # nothing written to them privately
        assert await _rows(container.uow) == before  # no account, no row  # type: ignore[arg-type]


async def test_a_newcomer_in_a_discord_server_is_sent_to_the_dms(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    """(simcord's interactions are all en-US: the Turkish line is read in the Telegram test.)"""
    locale = "en"
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        newcomer, user = server_member(env, "deniz")
        before = await _rows(uow_factory)
        for command in ("leaderboard", "challenge", "start"):
            answers = await newcomer.slash(command)
            text = "\n".join(message_text(m) for m in answers)
            assert LINE[locale] in text, text
            assert "https://discord.com/users/" in text and "{" not in text
            assert newcomer.results[-1].ephemeral
        assert await _rows(uow_factory) == before

        # Once taken on in the DMs: the server answers the group's commands, nothing else.
        await _onboarded(DiscordStudent(env, user))
        await newcomer.slash("leaderboard")
        assert LINE[locale] not in newcomer.text() and SERVER[locale] not in newcomer.text()
        for command in ("today", "settings"):
            await newcomer.slash(command)
            assert SERVER[locale] in newcomer.text(), newcomer.text()
