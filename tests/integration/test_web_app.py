"""The web app: health and readiness."""

from __future__ import annotations

import httpx

from bot.bootstrap import build
from bot.settings import Settings
from bot.web.app import create_app


async def test_health_and_ready(database_url: str) -> None:
    container = build(Settings(database_url=database_url, scheduler_enabled=False))
    app = create_app(container)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/health")).json() == {"status": "ok"}
        ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}
    await container.engine.dispose()


async def test_ready_reports_an_unreachable_database() -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1:1/none"
    container = build(Settings(database_url=url, scheduler_enabled=False))
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/health")).status_code == 200
        ready = await client.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    await container.engine.dispose()
