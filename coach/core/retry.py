"""Running a unit of work again after a database blip."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from coach.core.errors import StorageUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")


async def retrying(
    work: Callable[[], Awaitable[T]], *, attempts: int = 3, base_delay: float = 0.05
) -> T:
    """Run `work` (which opens its own unit of work) again when the database was unavailable.

    The unit of work reports a dropped connection, an unreachable server or a lock as
    `StorageUnavailable` and keeps nothing of the failed attempt, so running it again is safe.
    """
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except StorageUnavailable as error:
            if attempt == attempts:
                raise
            log.warning("database blip, retrying (%s/%s): %s", attempt, attempts, error)
            await asyncio.sleep(base_delay * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
