"""The real web app served over HTTP on a free loopback port, in a thread of this process.

The browser needs a real socket; the coach runs as `learnconnect serve` builds it (the real
packs, the real routes and lifespan) with a clock the test moves, on its own event loop in a
background thread so the synchronous Playwright API can drive it from the test's thread.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn

from bot.bootstrap import build
from bot.settings import Settings
from bot.web.app import create_app
from tests.e2e.test_serve import free_port
from tests.fakes import FixedClock


@dataclass
class ServedCoach:
    """A running coach: where it answers and the clock it reads."""

    base_url: str
    clock: FixedClock


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

    def run() -> None:
        try:
            asyncio.run(server.serve())
        except BaseException as error:  # reported to the test thread below
            failure.append(error)

    thread = threading.Thread(target=run, name="served-coach", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url, thread, failure)
        yield ServedCoach(base_url, clock)
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
