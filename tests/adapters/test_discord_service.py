"""The Discord service beside the rest: registered as a channel when a token is set, retries
when Discord cannot be reached, gives up in one line on a rejected token, stops promptly."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator

import discord
import pytest
from aiohttp import web

from bot.bootstrap import build
from bot.channels.discord import DiscordChannel
from bot.channels.discord_guild import DiscordGuildAdmin
from bot.channels.discord_service import DiscordService, coach_intents
from bot.settings import Settings
from tests.adapters.discord_support import MINI

TOKEN = "MTIz.fake.token-value-for-tests"


@pytest.fixture(autouse=True)
def restore_api_base() -> Iterator[None]:
    base = discord.http.Route.BASE
    yield
    discord.http.Route.BASE = base


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def settings(database_url: str, api_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        discord_token=TOKEN,  # type: ignore[arg-type]
        discord_api_url=api_url,
        scheduler_enabled=False,
        content_packs=[str(MINI)],
    )


def test_intents_are_minimal_and_not_privileged() -> None:
    intents = coach_intents()
    assert intents.guilds and intents.dm_messages and intents.guild_messages
    assert not intents.message_content and not intents.members and not intents.presences


async def test_the_channel_is_registered_only_with_a_token(database_url: str) -> None:
    container = build(settings(database_url, "http://127.0.0.1:1"))
    assert isinstance(container.channels["discord"], DiscordChannel)
    assert isinstance(container.discord.guild_admin, DiscordGuildAdmin)
    assert any(service.name == "discord" for service in container.services)
    await container.engine.dispose()
    plain = build(Settings(database_url=database_url, content_packs=[str(MINI)]))
    assert "discord" not in plain.channels
    await plain.engine.dispose()


async def test_unreachable_discord_is_retried_and_stop_is_prompt(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    container = build(settings(database_url, f"http://127.0.0.1:{closed_port()}"))
    service = next(s for s in container.services if isinstance(s, DiscordService))
    service.first_retry_s = 0.05
    caplog.set_level(logging.INFO)
    await service.start()
    for _ in range(200):
        retries = [r for r in caplog.records if "cannot reach Discord" in r.getMessage()]
        if len(retries) >= 2:
            break
        await asyncio.sleep(0.05)
    assert len(retries) >= 2  # tried again after the first failure
    await asyncio.wait_for(service.stop(), timeout=5)
    assert TOKEN not in caplog.text
    await container.engine.dispose()


async def test_a_rejected_token_is_not_retried(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    async def unauthorized(request: web.Request) -> web.Response:
        calls.append(request.path)
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    container = build(settings(database_url, f"http://127.0.0.1:{port}"))
    service = next(s for s in container.services if isinstance(s, DiscordService))
    service.first_retry_s = 0.01
    try:
        await service.start()
        assert service._task is not None
        await asyncio.wait_for(service._task, timeout=10)  # ends by itself: no retry
        assert calls == ["/api/v10/users/@me"]  # once, no retry
        errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert [r.getMessage() for r in errors if "discord" in r.name] == [
            "Discord: the token in LEARNCONNECT_DISCORD_TOKEN was rejected; "
            "the Discord channel is off, everything else keeps running"
        ]
    finally:
        await service.stop()
        await runner.cleanup()
        await container.engine.dispose()
