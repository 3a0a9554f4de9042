"""Composition root: builds every part of the coach from settings, with nothing at import time.

`build(settings, **overrides)` returns a `Container`; tests pass overrides (a fixed clock, a fake
channel) instead of patching modules.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import SystemClock
from bot.content_startup import content_import_hook
from bot.llm import llm_from_settings
from bot.settings import Settings
from coach.core.clock import Clock
from coach.dialogue.build import build_engine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)


class Service(Protocol):
    """Something started with the app and stopped with it (a channel, the scheduler)."""

    name: str

    async def start(self) -> None:
        """Begin work; must return promptly (long-running work goes into a task)."""
        ...

    async def stop(self) -> None:
        """Finish work and release resources."""
        ...


@dataclass
class Container:
    """Every long-lived object of one running coach."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    uow: SqlUnitOfWorkFactory
    clock: Clock
    services: list[Service] = field(default_factory=list)
    # Filled in `build`, the one place where features are wired in.
    router_factories: list[Callable[[Container], Any]] = field(default_factory=list)
    job_registrars: list[Callable[[Container, Any], None]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    startup_hooks: list[Callable[[Container], Awaitable[None]]] = field(default_factory=list)

    async def prepare_database(self) -> None:
        """Bring the schema to the newest migration and run the start-up hooks (pack import)."""
        await upgrade_async(self.settings.database_url)
        for hook in self.startup_hooks:
            await hook(self)

    async def database_ready(self) -> bool:
        """Whether the database answers a trivial query."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not ready"; the reason goes to the log
            log.warning("database not ready", exc_info=True)
            return False
        return True

    async def start(self) -> None:
        """Start every service; a service that fails to start is logged and left out."""
        for service in list(self.services):
            try:
                await service.start()
                log.info("started %s", service.name)
            except Exception as error:
                log.error("could not start %s: %s", service.name, error)
                self.services.remove(service)

    async def stop(self) -> None:
        """Stop services in reverse order, then close the database."""
        for service in reversed(self.services):
            try:
                await service.stop()
            except Exception:
                log.exception("error while stopping %s", service.name)
        llm = self.extras.get("llm")
        if llm is not None and hasattr(llm, "close"):
            await llm.close()
        await self.engine.dispose()


def build(settings: Settings, **overrides: Any) -> Container:
    """Assemble the coach. Keyword overrides replace parts by name (e.g. `clock=FixedClock()`)."""
    engine = overrides.pop("engine", None) or create_engine(
        settings.database_url, pool_size=settings.database_pool_size
    )
    session_factory = create_session_factory(engine)
    container = Container(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        uow=SqlUnitOfWorkFactory(session_factory),
        clock=overrides.pop("clock", None) or SystemClock(),
    )
    from bot.jobs.scheduler import SchedulerService  # noqa: PLC0415  (keeps import cheap)

    catalog = overrides.pop("catalog", None) or Catalog.load(settings.content_packs)
    container.extras["catalog"] = catalog
    # `engine=` names the database engine; the dialogue engine is `conversation_engine=`.
    container.extras["engine"] = overrides.pop("conversation_engine", None) or build_engine(
        container.uow,
        container.clock,
        catalog,
        EngineConfig(settings.default_locale, settings.default_timezone),
        dashboard_url=settings.web_base_url,
        llm=_keep(container, "llm", overrides.pop("llm", None) or llm_from_settings(settings)),
    )
    if settings.scheduler_enabled:
        container.services.append(SchedulerService(container))
    if settings.discord_token is not None:
        from bot.channels.discord_service import DiscordService  # noqa: PLC0415

        discord_service = DiscordService(container)
        container.services.append(discord_service)
        container.extras.setdefault("channels", {})["discord"] = discord_service.channel
        container.extras["discord_channel"] = discord_service.channel
        container.extras["discord_admin"] = discord_service.guild_admin
    container.startup_hooks.append(content_import_hook())
    from bot.jobs.notifications import install as install_notifications  # noqa: PLC0415

    install_notifications(container)
    container.extras.update(overrides)
    _add_web_chat(container)
    if settings.telegram_token is not None:
        _add_telegram(container)
    return container


def _keep(container: Container, name: str, part: Any) -> Any:
    """Remember a part in the container's extras (so `stop` can close it) and return it."""
    if part is not None:
        container.extras[name] = part
    return part


def _add_web_chat(container: Container) -> None:
    """The web chat at `/` and its channel for pushes (always on: it needs no token)."""
    from bot.channels.webchat import WebChatChannel  # noqa: PLC0415  (keeps import cheap)
    from bot.web.webchat import webchat_router  # noqa: PLC0415

    container.extras["web_channel"] = WebChatChannel(container.uow, container.clock)
    container.extras.setdefault("channels", {}).setdefault("web", container.extras["web_channel"])
    container.router_factories.append(webchat_router)


def _add_telegram(container: Container) -> None:
    """Telegram service (polling or webhook) and, in webhook mode, its web route."""
    from bot.channels.telegram_service import TelegramService  # noqa: PLC0415
    from bot.jobs.notifications import notify_settings  # noqa: PLC0415
    from bot.web.telegram_webhook import telegram_webhook_router  # noqa: PLC0415

    engine = container.extras["engine"]
    service = TelegramService(
        container.settings,
        engine,
        container.uow,
        container.clock,
        leader_check_s=notify_settings(container).leader_check_s,
    )
    container.services.append(service)
    container.extras["telegram_service"] = service
    container.extras["telegram_channel"] = service.channel
    container.extras.setdefault("channels", {}).setdefault("telegram", service.channel)
    if service.webhook_url:
        container.router_factories.append(lambda _container: telegram_webhook_router(service))
