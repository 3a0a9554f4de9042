"""The real web app served over HTTP on a free loopback port, in a thread of this process.

The browser needs a real socket; the coach runs as `learnconnect serve` builds it (the real
packs, the real routes and lifespan) with a clock the test moves, on its own event loop in a
background thread so the synchronous Playwright API can drive it from the test's thread.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn

from bot.bootstrap import Container, build
from bot.settings import Settings
from bot.web.app import create_app
from tests.e2e.test_serve import free_port
from tests.fakes import FixedClock


@dataclass
class ServedCoach:
    """A running coach: where it answers, the clock it reads, and its loop."""

    base_url: str
    clock: FixedClock
    container: Container
    loop: asyncio.AbstractEventLoop

    def call(self, work: Callable[[], Awaitable[Any]]) -> Any:
        """Run a coroutine of the coach (a scheduler job) on the coach's own event loop."""
        return asyncio.run_coroutine_threadsafe(_awaited(work), self.loop).result(timeout=60)

    def push_due_notifications(self) -> None:
        """What the scheduler does when a push is due: sweep, then deliver."""
        jobs = self.container.notification_jobs
        self.call(jobs.sweep)
        self.call(jobs.dispatch)


async def _awaited(work: Callable[[], Awaitable[Any]]) -> Any:
    return await work()


@contextmanager
def served_coach(database_url: str, clock: FixedClock) -> Iterator[ServedCoach]:
    """Serve a fresh coach on `database_url` until the block ends."""
    port = free_port()
    settings = Settings(database_url=database_url, scheduler_enabled=False, web_port=port)
    container = build(settings, clock=clock)
    config = uvicorn.Config(
        create_app(container), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    failure: list[BaseException] = []
    loops: list[asyncio.AbstractEventLoop] = []

    async def serve() -> None:
        loops.append(asyncio.get_running_loop())
        await server.serve()

    def run() -> None:
        try:
            asyncio.run(serve())
        except BaseException as error:  # reported to the test thread below
            failure.append(error)

    thread = threading.Thread(target=run, name="served-coach", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url, thread, failure)
        yield ServedCoach(base_url, clock, container, loops[0])
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    if failure:
        raise failure[0]


def _wait_until_ready(
    base_url: str, thread: threading.Thread, failure: list[BaseException]
) -> None:
    """Poll /ready until the app (and its database) answers."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError(f"the coach did not start: {failure[:1]}")
        try:
            if httpx.get(f"{base_url}/ready", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base_url} did not answer within 60 s")
