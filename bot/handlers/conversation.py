"""What every channel's handlers do after parsing: run the engine, show typing, deliver replies.

Channel-neutral: it talks to the `ConversationEngine` and to a `Channel`, so Telegram, Discord
and the web chat deliver the same way. Replies go out in order; a recipient who blocked the bot
is marked unreachable; nothing raised here reaches the framework.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from coach.core.channels import Channel, RateLimited, RecipientUnreachable, TransientDeliveryError
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.contract import ConversationEngine
from coach.messages import ChannelRef, InboundEvent, Reply, ReplyKind
from prompts import normalize_locale, render

log = logging.getLogger(__name__)

ERROR_TEMPLATE = "common/error"
TYPING_AFTER_S = 1.0  # a step slower than this shows "typing…"
TYPING_REPEAT_S = 4.5  # Telegram shows the indicator for about five seconds
MAX_INLINE_WAIT_S = 3.0  # a longer 429 wait is not worth holding a conversation for

Sleep = Callable[[float], Awaitable[None]]


class ConversationRunner:
    """Runs one inbound event through the engine and delivers the replies on one channel."""

    def __init__(
        self,
        engine: ConversationEngine,
        channel: Channel,
        uow_factory: UnitOfWorkFactory,
        *,
        typing_after: float | None = TYPING_AFTER_S,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.engine = engine
        self.channel = channel
        self._uow_factory = uow_factory
        self._typing_after = typing_after
        self._sleep = sleep

    async def run(self, event: InboundEvent) -> None:
        """Answer the event and deliver the replies; never raises."""
        await self.deliver(event.ref, await self.answer(event), event.locale_hint)

    async def answer(self, event: InboundEvent) -> Sequence[Reply]:
        """The engine's replies to one event, "typing…" shown while a slow step runs; a failure
        is logged and answered politely. Channels that answer in place (a web request, a Discord
        interaction) call this and render the replies themselves."""
        typing = None
        if self._typing_after is not None:
            typing = _TypingIndicator(lambda: self._typing(event.ref), self._typing_after)
        try:
            return await self.engine.handle(event, self.channel.capabilities)
        except Exception:
            log.exception("the engine failed on a %s event", event.kind.value)
            return [error_reply(event.locale_hint)]
        finally:
            if typing is not None:
                await typing.stop()

    async def deliver(
        self, to: ChannelRef, replies: Sequence[Reply], locale_hint: str | None = None
    ) -> None:
        """Send replies in order; stop at the first one that cannot be delivered."""
        for reply in replies:
            if not await self._send(to, reply, locale_hint):
                return

    async def _send(self, to: ChannelRef, reply: Reply, locale_hint: str | None) -> bool:
        for attempt in (1, 2):
            try:
                await self.channel.send(to, reply)
                return True
            except RecipientUnreachable:
                await self.set_reachable(to, reachable=False, reason="blocked")
                return False
            except RateLimited as error:
                if attempt == 2 or error.retry_after > MAX_INLINE_WAIT_S:
                    log.warning("rate limited for %.1fs; dropping the rest", error.retry_after)
                    return False
                await self._sleep(error.retry_after)
            except TransientDeliveryError as error:
                if attempt == 2:
                    log.warning("could not deliver a reply: %s", error)
                    return False
                await self._sleep(0.5)
            except Exception:  # a refused request or a rendering bug: tell the student once
                log.exception("could not deliver reply %r", reply.template or reply.kind.value)
                if reply.template != ERROR_TEMPLATE:
                    with contextlib.suppress(Exception):
                        await self.channel.send(to, error_reply(locale_hint))
                return False
        return False

    async def set_reachable(self, to: ChannelRef, *, reachable: bool, reason: str) -> None:
        """Record whether the person behind `to` can be messaged (private chats only)."""
        if to.is_group:
            return
        try:
            async with self._uow_factory() as uow:
                await uow.users.set_reachable(to.channel.value, to.user_key, reachable, reason)
                await uow.commit()
        except Exception:
            log.exception("could not record reachability of a %s account", to.channel.value)

    async def _typing(self, to: ChannelRef) -> None:
        """Show "typing…" while a slow step runs; delivery problems here do not matter."""
        while True:
            try:
                await self.channel.send(to, Reply(text="", kind=ReplyKind.TYPING))
            except Exception as error:
                log.debug("typing indicator not shown: %s", type(error).__name__)
                return
            await self._sleep(TYPING_REPEAT_S)


class _TypingIndicator:
    """Runs `show` once a step has taken longer than `after` seconds, until stopped.

    A timer rather than a task per event: most steps finish well before `after`, and then
    nothing but the timer was ever created.
    """

    def __init__(self, show: Callable[[], Coroutine[Any, Any, None]], after: float) -> None:
        self._show = show
        self._task: asyncio.Task[None] | None = None
        self._timer = asyncio.get_running_loop().call_later(after, self._begin)

    def _begin(self) -> None:
        self._task = asyncio.create_task(self._show())

    async def stop(self) -> None:
        """Cancel the timer, or the indicator if it is already showing."""
        self._timer.cancel()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def error_reply(locale_hint: str | None) -> Reply:
    """The polite "something went wrong" reply in the student's language."""
    return Reply(
        text=render(ERROR_TEMPLATE, normalize_locale(locale_hint)), template=ERROR_TEMPLATE
    )
