"""How fast one browser may talk to the web chat, and how many new students one address may start.

The web chat needs no account, so without limits a script could flood the coach with messages or
fill the database with made-up students (every cookie-less post starts one). Both limits are
moving windows kept in this process's memory by the `limits` library; 0 turns a limit off.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter


@dataclass(frozen=True, slots=True)
class Throttled:
    """A request refused for now, and how long to wait before the next one gets through."""

    retry_after_s: int


class WebChatLimits:
    """The web chat's two limits: messages per browser, new students per client address."""

    def __init__(self, messages_per_minute: int, new_students_per_hour: int) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._messages: RateLimitItem | None = None
        self._new: RateLimitItem | None = None
        if messages_per_minute:
            self._messages = RateLimitItemPerMinute(messages_per_minute)
        if new_students_per_hour:
            self._new = RateLimitItemPerHour(new_students_per_hour)

    async def check(self, browser_id: str, client: str, *, is_new: bool) -> Throttled | None:
        """None when the post may go ahead (it is counted); otherwise how long to wait.

        A new browser counts against its address's allowance of new students as well as
        its own message allowance.
        """
        if is_new and self._new is not None:
            refused = await self._refused(self._new, "new", client)
            if refused is not None:
                return refused
        if self._messages is not None:
            return await self._refused(self._messages, "messages", browser_id)
        return None

    async def _refused(self, item: RateLimitItem, *key: str) -> Throttled | None:
        if await self._limiter.hit(item, *key):
            return None
        stats = await self._limiter.get_window_stats(item, *key)
        return Throttled(max(1, math.ceil(stats.reset_time - time.time())))
