"""/help fits where it is read: in the web chat, a private Telegram chat or a Discord DM no
command is described as "this server's or group's" — there is no server or group there."""

from __future__ import annotations

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.messages import ChannelKind
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.e2e.test_onboarding_flow import MINI
from tests.fakes import FixedClock

PLACE_WORDS = ("server or group", "this server", "this group", "sunucunun ya da grubun",
               "bu sunucu", "bu grub")  # fmt: skip


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


@pytest.mark.parametrize("channel", [ChannelKind.WEB, ChannelKind.TELEGRAM, ChannelKind.DISCORD])
@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_help_in_a_private_chat_describes_no_server_or_group(
    engine: DialogueEngine, clock: FixedClock, channel: ChannelKind, locale: str
) -> None:
    chat = Conversation(engine, clock, channel=channel, locale_hint=locale)
    await chat.command("start")
    await chat.press(f"ob:lang:{locale}")
    await chat.command("help")
    text = chat.text()
    lines = {line.split(" — ")[0]: line for line in text.splitlines() if " — " in line}
    board = lines["/leaderboard" if locale == "en" else "/liderlik"]
    assert not [w for w in PLACE_WORDS if w in text.casefold()], text
    if locale == "en":
        assert "Your study group's weekly leaderboard" in board
        assert "accept or swap" in lines["/challenge"] and "group" not in lines["/challenge"]
    else:
        assert "Çalışma grubunun haftalık liderlik tablosu" in board
    server = ("server" if locale == "en" else "sunucu") in text
    assert server == (channel is ChannelKind.DISCORD)  # Telegram and the web have no servers
