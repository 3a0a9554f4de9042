"""Run the fake Telegram Bot API (from tests/) as its own process for benchmarks.

Prints its base URL on the first line of stdout, then serves until stdin closes or it is killed.
"""

from __future__ import annotations

import asyncio
import sys

from tests.fakes.telegram_api import FakeTelegramServer


async def serve() -> None:
    """Start, announce the URL, and wait for stdin to close."""
    async with FakeTelegramServer() as fake:
        print(fake.api_url, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(serve())
