"""Helpers for the Telegram adapter tests: a stub engine and a running bot on the fake API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.channels.telegram_service import TelegramService
from bot.settings import Settings
from coach.core.channels import ChannelCapabilities
from coach.messages import EventKind, InboundEvent, Reply
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.dbs import SqliteTemplate
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
Responder = Callable[[InboundEvent], Sequence[Reply]]


def echo(event: InboundEvent) -> Sequence[Reply]:
    """A reply naming what arrived, so tests can see the event made it through."""
    if event.kind is EventKind.COMMAND:
        return [Reply(text=f"/{event.command} {' '.join(event.args)}".strip())]
    if event.kind in (EventKind.CHOICE, EventKind.POLL_ANSWER):
        return [Reply(text=f"{event.kind.value} {event.payload}")]
    return [Reply(text=f"echo {event.text}")]


class StubEngine:
    """A `ConversationEngine` that records events and answers with `respond`."""

    def __init__(self, respond: Responder = echo) -> None:
        self.respond = respond
        self.events: list[InboundEvent] = []
        self.capabilities: list[ChannelCapabilities] = []

    async def handle(
        self, event: InboundEvent, capabilities: ChannelCapabilities
    ) -> Sequence[Reply]:
        """Record and answer."""
        self.events.append(event)
        self.capabilities.append(capabilities)
        return list(self.respond(event))


def telegram_settings(fake: FakeTelegramServer, **extra: Any) -> Settings:
    """Settings pointing at the fake server, ignoring any .env file."""
    values: dict[str, Any] = {
        "telegram_token": fake.token,
        "telegram_api_url": fake.api_url,
        "scheduler_enabled": False,
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def polling_bot(
    fake: FakeTelegramServer,
    engine: StubEngine,
    uow_factory: SqlUnitOfWorkFactory,
    *,
    typing_after: float | None = None,
) -> AsyncIterator[TelegramService]:
    """The real PTB Application, polling the fake server, for the duration of the block."""
    service = TelegramService(
        telegram_settings(fake),
        engine,
        uow_factory,
        FixedClock(NOW),
        poll_timeout=1,
        typing_after=typing_after,
    )
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


@asynccontextmanager
async def sqlite_units(
    template: SqliteTemplate, directory: Path
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """Units of work on a fresh migrated SQLite file (for tests that are not about storage)."""
    engine = create_engine(template.clone(directory / "telegram.db"))
    try:
        yield SqlUnitOfWorkFactory(create_session_factory(engine))
    finally:
        await engine.dispose()
