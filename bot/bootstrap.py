"""Composition root: builds every part of the coach from settings, with nothing at import time.

`build(settings, ...)` returns a `Container` whose fields name every long-lived part. Each part
is built here from its own dependencies and handed those, never the container; tests replace a
part by passing it (a fixed clock, a stub conversation engine, notification settings).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, cast

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.discord_service import DiscordService
from bot.channels.telegram_service import TelegramService
from bot.channels.webchat import WebChatChannel
from bot.clock import SystemClock
from bot.community_discord import DiscordGroupPlaces
from bot.content_startup import import_configured_packs
from bot.forum_discord import DiscordForumMirror
from bot.forum_telegram import TelegramForumMirror, register_forum_handlers
from bot.jobs.boards import WeeklyBoards
from bot.jobs.cards import CardPictures, WeeklyCards
from bot.jobs.challenges import WeeklyChallenges
from bot.jobs.community import CommunityJobs, group_policy
from bot.jobs.leagues import WeeklyLeagues
from bot.jobs.liveqa import LiveQaPublisher
from bot.jobs.motivation import StreakRollover
from bot.jobs.notifications import NotificationJobs
from bot.jobs.notify_settings import NotifySettings
from bot.jobs.ratelimit import PlatformLimits
from bot.jobs.scheduler import SchedulerService
from bot.jobs.tutors import TutorTimeouts
from bot.liveqa_discord import DiscordQaEvents
from bot.llm import OpenAiCompatibleLlm, llm_from_settings
from bot.llm_tutor import LangChainTutorModel, ai_tutor_from_settings, tutor_model_from_settings
from bot.settings import Settings
from bot.tutor_rooms_telegram import TelegramTutorRooms, register_tutor_room_handlers
from bot.web.metrics import metrics_router
from bot.web.telegram_webhook import telegram_webhook_router
from bot.web.tutor_console import tutor_console_router
from bot.web.webchat import webchat_router
from coach.aitutor.tutor import SocraticTutor
from coach.core.channels import Channel
from coach.core.clock import Clock
from coach.core.llm import Llm
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.build import build_engine
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from coach.services import CoachServices, build_services
from coach.subscriptions import subscriptions
from coach.tutors.room_model import RoomPlace
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
    engine: AsyncEngine  # the database engine; the dialogue engine is `conversation`
    session_factory: async_sessionmaker[AsyncSession]
    uow: SqlUnitOfWorkFactory
    clock: Clock
    catalog: Catalog
    coach: CoachServices
    conversation: ConversationEngine
    notify_settings: NotifySettings
    web_channel: WebChatChannel
    channels: dict[str, Channel]  # every channel that can push, by name
    notification_jobs: NotificationJobs
    llm: OpenAiCompatibleLlm | Llm | None = None
    tutor_model: LangChainTutorModel | None = None  # the AI tutor's model (LangChain), if any
    liveqa: LiveQaPublisher | None = None  # live Q&A announcements in groups
    forum_discord: DiscordForumMirror | None = None  # forum questions in Discord forum channels
    forum_telegram: TelegramForumMirror | None = None  # ... and in a Telegram supergroup
    community: CommunityJobs | None = None  # study groups: matching and places
    rollover: StreakRollover | None = None  # the hourly streak rollover
    leagues: WeeklyLeagues | None = None  # weekly leagues: close last week, form this one
    cards: WeeklyCards | None = None  # the weekly progress card pushed on Sunday evening
    boards: WeeklyBoards | None = None  # the week's leaderboards posted in group places
    tutor_rooms: TelegramTutorRooms | None = None  # escalations' topics in a tutor supergroup
    challenges: WeeklyChallenges | None = None  # the week's challenge offered on Monday
    telegram: TelegramService | None = None
    discord: DiscordService | None = None
    scheduler: SchedulerService | None = None
    services: list[Service] = field(default_factory=list)  # started and stopped with the app
    routers: list[Callable[[], APIRouter]] = field(default_factory=list)

    async def prepare_database(self) -> None:
        """Bring the schema to the newest migration and import the configured content packs."""
        await upgrade_async(self.settings.database_url)
        await import_configured_packs(self.settings.content_packs, self.uow, self.clock)

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
        """Stop services in reverse order, then close the model client and the database."""
        for service in reversed(self.services):
            try:
                await service.stop()
            except Exception:
                log.exception("error while stopping %s", service.name)
        if isinstance(self.llm, OpenAiCompatibleLlm):
            await self.llm.close()
        if self.tutor_model is not None:
            await self.tutor_model.close()
        await self.engine.dispose()


def wired_engine(
    uow: SqlUnitOfWorkFactory,
    clock: Clock,
    catalog: Catalog,
    config: EngineConfig | None = None,
    *,
    llm: Llm | None = None,
    web_base_url: str | None = None,
    ai_tutor: SocraticTutor | None = None,
) -> ConversationEngine:
    """A dialogue engine on `uow`, whose units of work reach the coach's subscribers."""
    services = build_services(catalog, ai_tutor=ai_tutor)
    uow.bus = subscriptions(services)
    return build_engine(
        cast(UnitOfWorkFactory, uow),
        clock,
        services,
        config or EngineConfig(),
        web_base_url=web_base_url,
        llm=llm,
    )


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    catalog: Catalog | None = None,
    engine: AsyncEngine | None = None,
    conversation_engine: ConversationEngine | None = None,
    llm: Llm | None = None,
    notify_settings: NotifySettings | None = None,
    channel_limits: Mapping[str, PlatformLimits] | None = None,
    channels: Mapping[str, Channel] | None = None,
    ai_tutor: SocraticTutor | None = None,
) -> Container:
    """Assemble the coach; the keyword arguments replace parts (tests, embedding apps)."""
    database = engine or create_engine(settings.database_url, pool_size=settings.database_pool_size)
    session_factory = create_session_factory(database)
    clock = clock or SystemClock()
    catalog = catalog or Catalog.load(settings.content_packs)
    tutor_model = tutor_model_from_settings(settings) if ai_tutor is None else None
    coach = build_services(
        catalog,
        ai_tutor=ai_tutor or ai_tutor_from_settings(settings, tutor_model),
        day_start=settings.streak_day_start,
        group_policy=group_policy(settings.group_min_size, settings.group_max_size),
        tutor_room=_tutor_room(settings),
    )
    uow = SqlUnitOfWorkFactory(session_factory, subscriptions(coach))
    units = cast(UnitOfWorkFactory, uow)
    model = llm if llm is not None else llm_from_settings(settings)
    conversation = conversation_engine or build_engine(
        units,
        clock,
        coach,
        EngineConfig(settings.default_locale, settings.default_timezone, settings.streak_day_start),
        web_base_url=settings.web_base_url,
        llm=model,
    )
    notify = notify_settings or NotifySettings()
    web_channel = WebChatChannel(units, clock)
    pushing: dict[str, Channel] = {web_channel.name: web_channel, **(channels or {})}
    jobs = NotificationJobs(
        units, clock, pushing, notify, coach.planning, limits=channel_limits or {},
        pictures=CardPictures(units, catalog),
    )  # fmt: skip
    container = Container(
        settings=settings,
        engine=database,
        session_factory=session_factory,
        uow=uow,
        clock=clock,
        catalog=catalog,
        coach=coach,
        conversation=conversation,
        notify_settings=notify,
        web_channel=web_channel,
        channels=pushing,
        notification_jobs=jobs,
        llm=model,
        tutor_model=tutor_model,
    )
    if settings.scheduler_enabled:
        container.scheduler = SchedulerService(
            settings.database_url, notify.leader_check_s, [jobs.register]
        )
        container.services.append(container.scheduler)
    if settings.discord_token is not None:
        container.discord = DiscordService(settings, conversation, units, clock, notify)
        container.services.append(container.discord)
        pushing.setdefault("discord", container.discord.channel)
    container.routers.append(lambda: webchat_router(settings, conversation, units, clock))
    container.routers.append(lambda: metrics_router(units, clock))
    container.routers.append(
        lambda: tutor_console_router(units, clock, catalog, settings.public_url)
    )
    if settings.telegram_token is not None:
        _add_telegram(container, notify)
    events = DiscordQaEvents(container.discord.channel) if container.discord else None
    container.liveqa = LiveQaPublisher(units, clock, catalog, pushing, events)
    if container.scheduler is not None:
        container.scheduler.registrars.append(container.liveqa.register)
    if container.discord is not None and settings.forum_discord_channels:
        container.forum_discord = DiscordForumMirror(
            container.discord.channel, units, clock, catalog,
            forum_ids=settings.forum_discord_channels, locale=settings.default_locale,
        )  # fmt: skip
        if container.scheduler is not None:
            container.scheduler.registrars.append(container.forum_discord.register)
    container.community = _community_jobs(container)
    if container.scheduler is not None:
        container.scheduler.registrars.append(container.community.register)
        container.scheduler.registrars.append(TutorTimeouts(units, clock).register)
    _add_motivation_jobs(container)
    _add_forum_telegram(container)
    _add_tutor_rooms(container)
    return container


def _tutor_room(settings: Settings) -> RoomPlace | None:
    """The tutor supergroup escalations get their topics in, when Telegram runs."""
    if settings.telegram_token is None or settings.tutor_supergroup_id is None:
        return None
    return RoomPlace("telegram", str(settings.tutor_supergroup_id))


def _add_tutor_rooms(container: Container) -> None:
    """Escalation rooms: the topics' updates, and the dispatcher sending rows into them."""
    settings, telegram = container.settings, container.telegram
    if telegram is None or settings.tutor_supergroup_id is None:
        return
    container.tutor_rooms = TelegramTutorRooms(
        telegram.application.bot, cast(UnitOfWorkFactory, container.uow), container.clock,
        container.coach.tutor_rooms, chat_id=settings.tutor_supergroup_id,
    )  # fmt: skip
    register_tutor_room_handlers(telegram.application, container.tutor_rooms)
    container.notification_jobs.add_router("telegram", container.tutor_rooms)


def _add_motivation_jobs(container: Container) -> None:
    """The streak rollover, the weekly leagues, the weekly card, the group boards and the
    weekly challenge."""
    units, clock = cast(UnitOfWorkFactory, container.uow), container.clock
    container.rollover = StreakRollover(units, clock, container.coach.motivation.usecases)
    container.leagues = WeeklyLeagues(units, clock)
    container.cards = WeeklyCards(units, clock, container.notification_jobs.push_channels())
    container.boards = WeeklyBoards(units, clock, container.settings.default_timezone)
    container.challenges = WeeklyChallenges(
        units, clock, container.catalog, container.notification_jobs.push_channels(),
        group_timezone=container.settings.default_timezone,
    )  # fmt: skip
    if container.scheduler is not None:
        for job in (container.rollover, container.leagues, container.cards, container.boards,
                    container.challenges):  # fmt: skip
            container.scheduler.registrars.append(job.register)


def _add_forum_telegram(container: Container) -> None:
    """The forum mirrored in a Telegram supergroup, when one is configured."""
    settings, telegram = container.settings, container.telegram
    if telegram is None or settings.forum_telegram_chat is None:
        return
    container.forum_telegram = TelegramForumMirror(
        telegram.application.bot, cast(UnitOfWorkFactory, container.uow), container.clock,
        container.catalog, chat_id=settings.forum_telegram_chat, locale=settings.default_locale,
    )  # fmt: skip
    register_forum_handlers(telegram.application, container.forum_telegram)
    if container.scheduler is not None:
        container.scheduler.registrars.append(container.forum_telegram.register)


def _community_jobs(container: Container) -> CommunityJobs:
    """Study groups' jobs; the platform places are found when the services exist."""
    units = cast(UnitOfWorkFactory, container.uow)
    discord = container.discord
    discord_places = (
        DiscordGroupPlaces(discord.guild_admin, units, container.clock) if discord else None
    )
    telegram = container.telegram
    return CommunityJobs(
        units,
        container.clock,
        container.catalog,
        telegram=lambda: telegram.group_places if telegram else None,
        discord=lambda: discord_places,
        policy=group_policy(container.settings.group_min_size, container.settings.group_max_size),
    )


def _add_telegram(container: Container, notify: NotifySettings) -> None:
    """Telegram service (polling or webhook) and, in webhook mode, its web route."""
    service = TelegramService(
        container.settings,
        container.conversation,
        cast(UnitOfWorkFactory, container.uow),
        container.clock,
        leader_check_s=notify.leader_check_s,
    )
    container.telegram = service
    container.services.append(service)
    container.channels.setdefault("telegram", service.channel)
    if service.webhook_url:
        # First: every update of the webhook tries the routes before it, one match each.
        container.routers.insert(0, lambda: telegram_webhook_router(service))
