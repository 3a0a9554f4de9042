"""A browser without JavaScript's limits: talks to the web chat's JSON API like chat.js does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI

from bot.bootstrap import Container, build
from bot.settings import Settings
from bot.web.app import create_app
from tests.e2e.chat_scenario import MINI
from tests.fakes import FixedClock

BASE_URL = "http://127.0.0.1:8000"
SAME_ORIGIN = {"Origin": BASE_URL}
MONDAY_MORNING = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


def web_settings(database_url: str, **extra: Any) -> Settings:
    """Settings of a test coach: the mini pack, no scheduler."""
    return Settings(
        database_url=database_url, scheduler_enabled=False, content_packs=[str(MINI)], **extra
    )


@asynccontextmanager
async def web_app(
    database_url: str, clock: FixedClock | None = None, **extra: Any
) -> AsyncIterator[tuple[FastAPI, Container]]:
    """A fresh coach (as a new process would build it) on an existing database."""
    container = build(
        web_settings(database_url, **extra), clock=clock or FixedClock(MONDAY_MORNING)
    )
    try:
        yield create_app(container), container
    finally:
        await container.engine.dispose()


def browser(app: FastAPI, cookies: httpx.Cookies | None = None) -> httpx.AsyncClient:
    """An HTTP client talking to the app in-process, sending our page's Origin."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=BASE_URL,
        headers=SAME_ORIGIN,
        cookies=cookies,
    )


class WebStudent:
    """Drives the chat through POST /chat/api/send and remembers the last replies."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.last: list[dict[str, Any]] = []
        self.responses: list[dict[str, Any]] = []

    async def send(self, **body: str) -> dict[str, Any]:
        """Send `{"text": ...}` or `{"payload": ...}`; fails the test on a non-200 answer."""
        response = await self.client.post("/chat/api/send", json=body)
        assert response.status_code == 200, response.text
        assert "<" not in response.text and ">" not in response.text  # escaped in the JSON bytes
        data: dict[str, Any] = response.json()
        self.last = data["replies"]
        self.responses.append(data)
        return data

    async def say(self, text: str) -> None:
        """Type text or a /command."""
        await self.send(text=text)

    async def press(self, fragment: str) -> None:
        """Press a button of the last replies by payload prefix (or label text)."""
        await self.send(payload=self.find(fragment)["payload"])

    def buttons(self) -> list[dict[str, str]]:
        """Every button of the last replies."""
        return [c for reply in self.last for row in reply["choices"] for c in row]

    def find(self, fragment: str) -> dict[str, str]:
        """A button of the last replies by payload prefix, else by label."""
        buttons = self.buttons()
        for button in buttons:
            if button["payload"].startswith(fragment):
                return button
        for button in buttons:
            if fragment.lower() in button["label"].lower():
                return button
        raise AssertionError(f"no button {fragment!r} among {buttons}")

    def templates(self) -> list[str]:
        """Templates of the last replies."""
        return [reply["template"] for reply in self.last]

    def text(self) -> str:
        """All text of the last replies."""
        return "\n".join(reply["text"] for reply in self.last)

    def payloads(self) -> list[str]:
        """Payloads of the last replies' buttons."""
        return [button["payload"] for button in self.buttons()]
