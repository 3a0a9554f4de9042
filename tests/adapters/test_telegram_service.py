"""The Telegram service: start-up checks, command menus, wiring, and no token in any log."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.bootstrap import build
from bot.channels.telegram_service import (
    TelegramConfigError,
    TelegramService,
    TelegramStartError,
    file_url_for,
)
from coach.dialogue.commands import (
    COMMANDS,
    GROUP,
    PRIVATE,
    command_name,
    description_context,
    description_template,
)
from coach.messages import Reply
from prompts import render
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import (
    NOW,
    StubEngine,
    polling_bot,
    sqlite_units,
    telegram_settings,
)
from tests.dbs import SqliteTemplate
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

ADA = FakeUser(4242, "Ada", "tr")
WRONG_TOKEN = "7000001:AAF-not_the_right_token_999999999"


class RecordingService:
    """Another service of the app, to see it keeps running."""

    name = "other"

    def __init__(self) -> None:
        self.started = self.stopped = False

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.stopped = True


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


@pytest.fixture
async def units(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    async with sqlite_units(sqlite_template, tmp_path) as factory:
        yield factory


@pytest.fixture
def sqlite_url(sqlite_template: SqliteTemplate, tmp_path: Path) -> str:
    return sqlite_template.clone(tmp_path / "service.db")


def _all_log_text(caplog: pytest.LogCaptureFixture) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), record.exc_text or "", repr(record.args)]
    return "\n".join(parts)


async def test_an_invalid_token_logs_one_clear_line_and_other_services_keep_running(
    fake: FakeTelegramServer, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = telegram_settings(fake, database_url=sqlite_url)
    settings.telegram_token = SecretStr(WRONG_TOKEN)
    container = build(settings, conversation_engine=StubEngine(), clock=FixedClock(NOW))
    other = RecordingService()
    container.services.insert(0, other)
    caplog.set_level(logging.DEBUG)
    await container.start()
    await container.stop()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [(e.name, e.getMessage()) for e in errors]
    assert "telegram" in errors[0].getMessage()
    assert "LEARNCONNECT_TELEGRAM_TOKEN" in errors[0].getMessage()
    assert WRONG_TOKEN not in _all_log_text(caplog)
    assert WRONG_TOKEN.split(":")[1] not in _all_log_text(caplog)
    assert other.started and other.stopped
    assert [s.name for s in container.services] == ["other"]


async def test_an_unreachable_api_is_one_line_too(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeTelegramServer() as gone:
        settings = telegram_settings(gone, database_url=sqlite_url)
    container = build(settings, conversation_engine=StubEngine())
    await container.start()
    await container.stop()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "cannot reach the Bot API" in errors[0], errors


async def test_command_menus_are_published_in_turkish_english_and_a_default(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    async with polling_bot(fake, StubEngine(), units):
        pass
    names = [spec.name for spec in COMMANDS if spec.menu]
    menus = {key: fake.commands[key] for key in fake.commands}
    scopes = {"default": PRIVATE, "all_group_chats": GROUP}  # private chats use the default
    assert set(menus) == {(scope, language) for scope in scopes for language in ("tr", "en", "")}
    for (scope, language), menu in menus.items():
        locale = language or "tr"
        where = description_context("telegram", scopes[scope])
        assert [c["command"] for c in menu] == [command_name(n, locale) for n in names]
        assert [c["description"] for c in menu] == [
            render(description_template(n), locale, **where) for n in names
        ]
    board = {key: {c["command"]: c["description"] for c in menu} for key, menu in menus.items()}
    assert board[("all_group_chats", "en")]["leaderboard"] == "This group's weekly leaderboard"
    assert "group's chat" in board[("default", "en")]["leaderboard"]  # a private chat's words
    assert board[("all_group_chats", "tr")]["liderlik"].startswith("Bu grubun")
    assert menus[("default", "tr")] != menus[("default", "en")]


async def test_the_token_never_appears_in_logs_even_at_debug(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram", "telegram.ext"):
        caplog.set_level(logging.DEBUG, logger=name)
    fake.fail("5xx", method="getUpdates", times=1)
    fake.fail("drop", method="getUpdates", after=1, times=1)
    fake.fail("429", method="sendMessage", retry_after=30, times=1)
    fake.fail("403", method="sendMessage", chat_id=5151, times=None)
    engine = StubEngine(lambda e: [Reply(text="hi")])
    async with polling_bot(fake, engine, units) as service:
        await fake.send_text(ADA, "/today")
        await fake.send_text(ADA, "/today")
        await fake.send_text(FakeUser(5151), "/today")
        await fake.wait_for_messages(ADA.id, 1)
        await service.application.bot.get_me()
    refused = telegram_settings(fake)
    refused.telegram_token = SecretStr(WRONG_TOKEN)  # PTB puts a refused token in its error
    with pytest.raises(TelegramStartError):
        await TelegramService(refused, engine, units, FixedClock(NOW)).start()
    logged = _all_log_text(caplog)
    assert "getUpdates" in logged  # PTB did log its requests, with the URL
    for token in (fake.token, WRONG_TOKEN):
        assert token.split(":")[1] not in logged


def test_the_api_url_must_end_in_bot(fake: FakeTelegramServer, units: SqlUnitOfWorkFactory) -> None:
    settings = telegram_settings(fake)
    settings.telegram_api_url = "http://127.0.0.1:9/api"
    with pytest.raises(TelegramConfigError, match=r"must be an http\(s\) URL ending in /bot"):
        TelegramService(settings, StubEngine(), units, FixedClock(NOW))
    assert file_url_for("http://127.0.0.1:9/bot") == "http://127.0.0.1:9/file/bot"


async def test_build_wires_the_service_and_only_in_webhook_mode_the_route(
    fake: FakeTelegramServer, sqlite_url: str
) -> None:
    polling = build(
        telegram_settings(fake, database_url=sqlite_url), conversation_engine=StubEngine()
    )
    webhook = build(
        telegram_settings(
            fake, database_url=sqlite_url, telegram_webhook_url="https://x.example/tg"
        ),
        conversation_engine=StubEngine(),
    )
    without = build(telegram_settings(fake, database_url=sqlite_url, telegram_token=None))
    try:
        assert [s.name for s in polling.services] == ["telegram"]
        assert polling.telegram is not None
        assert polling.channels["telegram"] is polling.telegram.channel
        # Other features add routers too (GET /metrics); only webhook mode adds Telegram's.
        assert len(webhook.routers) - len(polling.routers) == 1
        assert without.services == [] and without.telegram is None
    finally:
        for container in (polling, webhook, without):
            await container.engine.dispose()


async def test_a_refused_webhook_is_one_line_and_leaves_nothing_running(
    fake: FakeTelegramServer, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("400", method="setWebhook", description="bad webhook: HTTPS url must be provided")
    settings = telegram_settings(
        fake, database_url=sqlite_url, telegram_webhook_url="http://coach.example/tg"
    )
    container = build(settings, conversation_engine=StubEngine())
    service = container.telegram
    assert service is not None
    await container.start()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "https url must be provided" in errors[0].lower()
    assert container.services == [] and not service.application.running
    await container.stop()
