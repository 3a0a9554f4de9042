"""Platform send ceilings, kept by reserving a time slot for every message before it is sent.

Telegram allows about 30 messages a second per bot, one a second per private chat and twenty a
minute per group; we aim below each (25/s, a little over 1 s, 3 s) so clock jitter between us
and the platform never trips a 429. A 429 pauses every send of the token for `retry_after`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from coach.community.posts import TOPIC_SEPARATOR


@dataclass(frozen=True, slots=True)
class PlatformLimits:
    """Ceilings of one bot token; None means the platform (or its library) limits itself."""

    per_second: float | None = None
    private_interval_s: float | None = None
    group_per_minute: float | None = None


TELEGRAM_LIMITS = PlatformLimits(per_second=25, private_interval_s=1.1, group_per_minute=20)
NO_LIMITS = PlatformLimits()


class RateLimiter:
    """Hands out send slots; one instance per bot token, used by one dispatcher."""

    def __init__(
        self, limits: PlatformLimits, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits
        self._monotonic = monotonic
        self._next_global = 0.0
        self._paused_until = 0.0
        self._next_chat: dict[str, float] = {}

    def _chat_interval(self, is_group: bool) -> float:
        if is_group:
            per_minute = self.limits.group_per_minute
            return 60.0 / per_minute if per_minute else 0.0
        return self.limits.private_interval_s or 0.0

    def reserve(self, chat_key: str, is_group: bool, max_wait: float) -> float | None:
        """Seconds to wait before sending to this chat, with the slot reserved; None if too long.

        A chat that cannot be served within `max_wait` gets no slot, so the caller can put its
        message back in the queue instead of holding a lease while it waits.
        """
        chat_key = chat_key.partition(TOPIC_SEPARATOR)[0]  # a forum topic shares its group's
        now = self._monotonic()
        start = max(now, self._next_global, self._paused_until, self._next_chat.get(chat_key, 0.0))
        if start - now > max_wait:
            return None
        if self.limits.per_second:
            self._next_global = start + 1.0 / self.limits.per_second
        interval = self._chat_interval(is_group)
        if interval:
            self._next_chat[chat_key] = start + interval
            if len(self._next_chat) > 50_000:
                self._forget_idle_chats(now)
        return start - now

    def next_free_in(self, chat_key: str) -> float:
        """Seconds until this chat (and the token) could be served again."""
        chat_key = chat_key.partition(TOPIC_SEPARATOR)[0]
        now = self._monotonic()
        start = max(now, self._next_global, self._paused_until, self._next_chat.get(chat_key, 0.0))
        return start - now

    def pause(self, seconds: float) -> None:
        """Hold every send of this token for `seconds` (the platform said 429)."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    def _forget_idle_chats(self, now: float) -> None:
        self._next_chat = {chat: at for chat, at in self._next_chat.items() if at > now}
