"""What every `learnconnect` sub-command shares: settings (or a clear exit) and units of work
on the configured database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import typer

from bot.logging_setup import configure_logging
from bot.settings import Settings, SettingsError, load_settings
from coach.events import EventBus
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory


def settings_or_exit() -> Settings:
    """Load settings and configure logging; a bad setting stops with one clear line (exit 2)."""
    try:
        settings = load_settings()
    except SettingsError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    configure_logging(settings)
    return settings


@asynccontextmanager
async def database_units(
    database_url: str, bus: EventBus | None = None
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """Units of work on a database (whose events reach `bus`), the engine disposed afterwards."""
    engine = create_engine(database_url)
    try:
        yield SqlUnitOfWorkFactory(create_session_factory(engine), bus)
    finally:
        await engine.dispose()
