"""The Telegram service: builds the PTB Application, registers handlers and runs it.

Polling by default; webhook mode when `LEARNCONNECT_TELEGRAM_WEBHOOK_URL` is set (the FastAPI
route in `bot.web.telegram_webhook` feeds updates in). No persistence, JobQueue,
ConversationHandler or user_data: conversation state lives in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeAllGroupChats, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_callbacks import CallbackSigner
from bot.channels.telegram_request import AiohttpRequest
from bot.channels.telegram_updates import PerChatUpdateProcessor
from bot.community_telegram import TelegramGroupPlaces, register_community_handlers
from bot.handlers.conversation import TYPING_AFTER_S, ConversationRunner
from bot.handlers.telegram import TelegramHandlers, register_telegram_handlers
from bot.jobs.leader import TELEGRAM_POLLING_LOCK, Leadership
from bot.logging_setup import RedactSecrets
from bot.settings import Settings
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.commands import (
    COMMANDS,
    GROUP,
    PRIVATE,
    command_name,
    description_context,
    description_template,
)
from coach.dialogue.contract import ConversationEngine
from coach.messages import ChannelKind
from prompts import LOCALES, render

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
ALLOWED_UPDATES = (
    "message",
    "callback_query",
    "poll_answer",
    "my_chat_member",
    "chat_join_request",  # study groups: members come into the forum supergroup by request
)
# Loggers that print Bot API URLs, which carry the token (httpx at INFO, PTB's Bot at DEBUG).
_URL_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "telegram",
    "telegram.Bot",
    "telegram.BaseRequest",
    "telegram.HTTPXRequest",
    "telegram.ext",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",
    "telegram.ext.Updater",
)


class TelegramConfigError(ValueError):
    """A Telegram setting is unusable; the message names it."""


class TelegramStartError(RuntimeError):
    """Telegram could not start; the message is one clear line without the token."""


class _TokenRedaction(RedactSecrets):
    """Redacts one bot token; remembers which, so installing twice adds no second filter."""

    def __init__(self, token: str) -> None:
        super().__init__([token])
        self.token = token


def protect_token_in_logs(token: str) -> None:
    """Redact the token in records of loggers that print request URLs, at the source.

    The root handler's filter (bot.logging_setup) covers normal output; this also covers
    handlers added elsewhere (pytest's caplog, an embedding application's own handlers).
    """
    for name in _URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(getattr(existing, "token", None) == token for existing in logger.filters):
            logger.addFilter(_TokenRedaction(token))


def file_url_for(api_url: str) -> str:
    """The file download base for a Bot API base URL (`.../bot` -> `.../file/bot`)."""
    return api_url.removesuffix("/bot") + "/file/bot"


def derived_webhook_secret(token: str) -> str:
    """A webhook secret derived from the token, for when none is configured; every worker
    computes the same one."""
    return hmac.new(token.encode(), b"learnconnect/telegram/webhook", hashlib.sha256).hexdigest()


class TelegramService:
    """Runs the Telegram bot with the app; `channel` sends replies and pushes."""

    name = "telegram"

    def __init__(
        self,
        settings: Settings,
        engine: ConversationEngine,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        poll_timeout: float = 10.0,
        typing_after: float | None = TYPING_AFTER_S,
        leader_check_s: float = 5.0,
    ) -> None:
        if settings.telegram_token is None:
            raise TelegramConfigError("LEARNCONNECT_TELEGRAM_TOKEN is not set")
        token = settings.telegram_token.get_secret_value()
        protect_token_in_logs(token)
        api_url = (settings.telegram_api_url or DEFAULT_API_URL).rstrip("/")
        if not api_url.endswith("/bot") or urlsplit(api_url).scheme not in ("http", "https"):
            raise TelegramConfigError(
                "LEARNCONNECT_TELEGRAM_API_URL must be an http(s) URL ending in /bot"
            )
        self.api_url = api_url
        self.default_locale = settings.default_locale
        self.poll_timeout = poll_timeout
        self.database_url = settings.database_url
        self.leader_check_s = leader_check_s
        self._polling: Leadership | None = None
        self.webhook_url = settings.telegram_webhook_url
        secret = settings.telegram_webhook_secret
        self.webhook_secret = secret.get_secret_value() if secret else derived_webhook_secret(token)
        self.webhook_path = (
            urlsplit(self.webhook_url).path if self.webhook_url else ""
        ) or DEFAULT_WEBHOOK_PATH
        # Kept so they can be closed even when start-up fails half-way (PTB only shuts down
        # what it initialised, and an unclosed aiohttp session is an error at exit).
        self._requests = (AiohttpRequest(), AiohttpRequest(connections=1))
        builder = (
            ApplicationBuilder()
            .token(token)
            .base_url(api_url)
            .base_file_url(file_url_for(api_url))
            .job_queue(None)
            .concurrent_updates(PerChatUpdateProcessor())
            .request(self._requests[0])
            .get_updates_request(self._requests[1])
        )
        if self.webhook_url:
            builder = builder.updater(None)
        self.application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        signer = CallbackSigner(token)
        self.channel = TelegramChannel(self.application.bot, signer, uow_factory, clock)
        self.runner = ConversationRunner(
            engine, self.channel, uow_factory, typing_after=typing_after
        )
        handlers = TelegramHandlers(self.runner, signer, uow_factory, clock)
        register_telegram_handlers(self.application, handlers)
        # study groups: /setup in a forum supergroup, join requests, topics and links
        self.group_places = TelegramGroupPlaces(self.application.bot, uow_factory, clock)
        register_community_handlers(self.application, self.group_places)

    @property
    def accepting_updates(self) -> bool:
        """Whether updates can be processed now (started and not stopping)."""
        return self.application.running

    async def start(self) -> None:
        """Check the token, publish the command menus, then poll or register the webhook."""
        try:
            await self.application.initialize()
        except InvalidToken:
            await self._close_requests()
            raise TelegramStartError(
                "the Bot API refused LEARNCONNECT_TELEGRAM_TOKEN; Telegram stays off"
            ) from None
        except TelegramError as error:
            await self._close_requests()
            raise TelegramStartError(
                f"cannot reach the Bot API ({type(error).__name__}); Telegram stays off"
            ) from None
        try:
            await self._publish_commands()
            if self.webhook_url:
                await self.application.bot.set_webhook(
                    self.webhook_url,
                    secret_token=self.webhook_secret,
                    allowed_updates=list(ALLOWED_UPDATES),
                )
            await self.application.start()
        except TelegramError as error:
            await self.stop()
            raise TelegramStartError(
                f"Telegram could not start ({type(error).__name__}: {error.message})"
            ) from None
        if self.webhook_url or self.application.updater is None:
            log.info("Telegram bot @%s is on a webhook", self.application.bot.username)
            return
        # Two processes polling one token would each get (and answer) the same updates.
        self._polling = Leadership(
            self.database_url,
            TELEGRAM_POLLING_LOCK,
            self.leader_check_s,
            on_elected=self._start_polling,
            on_deposed=self._stop_polling,
        )
        await self._polling.start()
        if not self._polling.is_leader:
            log.info(
                "Telegram: another process polls @%s; standing by", self.application.bot.username
            )

    async def _start_polling(self) -> None:
        assert self.application.updater is not None  # noqa: S101  (checked by the caller)
        await self.application.updater.start_polling(
            timeout=int(self.poll_timeout), allowed_updates=list(ALLOWED_UPDATES)
        )
        log.info("Telegram bot @%s is polling", self.application.bot.username)

    async def _stop_polling(self) -> None:
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()

    async def _close_requests(self) -> None:
        await self.application.bot.shutdown()
        for request in self._requests:
            await request.shutdown()

    async def stop(self) -> None:
        """Stop polling, finish the update in hand, close connections (reverse of start)."""
        if self._polling is not None:
            await self._polling.stop()
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        for request in self._requests:
            await request.shutdown()

    async def _publish_commands(self) -> None:
        """Command menus in each language, plus the default for other client languages: the
        default scope for private chats, and group chats' own (their descriptions say "this
        group's", a private chat's none)."""
        try:
            for place, scope in ((PRIVATE, None), (GROUP, BotCommandScopeAllGroupChats())):
                for locale in LOCALES:
                    await self.application.bot.set_my_commands(
                        self.command_menu(locale, place), scope=scope, language_code=locale
                    )
                await self.application.bot.set_my_commands(
                    self.command_menu(self.default_locale, place), scope=scope
                )
        except TelegramError as error:  # a missing menu is cosmetic; the bot still works
            log.warning("could not publish the command menu: %s", error.message)

    @staticmethod
    def command_menu(locale: str, place: str = PRIVATE) -> list[BotCommand]:
        """The commands shown in Telegram's menu of a private chat or a group (`place`),
        described in `locale`."""
        where = description_context(ChannelKind.TELEGRAM.value, place)
        return [
            BotCommand(
                command_name(spec.name, locale),
                render(description_template(spec.name), locale, **where)[:256],
            )
            for spec in COMMANDS
            if spec.menu
        ]

    def parse_update(self, data: object) -> Update | None:
        """An `Update` from webhook JSON, or None when it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        try:
            return Update.de_json(data, self.application.bot)
        except Exception:  # any malformed field: the caller answers 400
            log.info("malformed Telegram update refused")
            return None

    async def process_update(self, update: Update) -> None:
        """Handle one webhook update to completion; errors are logged, never raised."""
        try:
            await self.application.process_update(update)
        except Exception:
            log.exception("error while processing a webhook update")
