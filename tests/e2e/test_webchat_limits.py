"""The web chat's limits: a browser that sends too fast and an address that starts too many
students get a polite 429 in their language, and nothing they sent reaches the coach."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.bootstrap import Container
from bot.web.webchat_guard import COOKIE_NAME
from storage.models import ChannelIdentityRow, WebChatMessageRow
from tests.e2e.web_student import BASE_URL, SAME_ORIGIN, WebStudent, browser, web_app


def browser_from(app: FastAPI, address: str) -> httpx.AsyncClient:
    """A browser at another client address (the limit on new students is per address)."""
    transport = httpx.ASGITransport(app=app, client=(address, 50_000))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=SAME_ORIGIN)


async def count(container: Container, query: Any) -> int:
    """One count from the test database."""
    async with container.session_factory() as session:
        return int(await session.scalar(query) or 0)


async def test_a_browser_sending_too_fast_is_asked_to_slow_down(database_url: str) -> None:
    async with web_app(database_url, web_messages_per_minute=3) as (app, container):
        async with browser(app) as client:
            student = WebStudent(client)
            await student.say("/start")
            await student.send(payload="ob:lang:en")
            await student.say("/help")
            refused = await client.post("/chat/api/send", json={"text": "/today"})
            refused_form = await client.post("/chat/send", data={"text": "/today"})
        stored = await count(
            container,
            select(func.count()).where(WebChatMessageRow.role == "student"),
        )
    body = refused.json()
    assert refused.status_code == 429 and body["error"] == "slow_down"
    assert 1 <= body["retry_after"] <= 60
    assert refused.headers["Retry-After"] == str(body["retry_after"])
    assert body["notice"].startswith("You're sending messages very fast")  # chose English
    assert refused_form.status_code == 429 and "very fast" in refused_form.text
    assert stored == 3  # the refused messages never reached the coach


async def test_one_address_cannot_start_endless_students(database_url: str) -> None:
    async with web_app(database_url, web_new_students_per_hour=2) as (app, container):
        async with browser_from(app, "203.0.113.7") as first:
            await WebStudent(first).say("/start")
        async with browser_from(app, "203.0.113.7") as second:
            await WebStudent(second).say("/start")
        async with browser_from(app, "203.0.113.7") as third:
            third.headers["Accept-Language"] = "tr-TR,tr;q=0.9"
            refused = await third.post("/chat/api/send", json={"text": "/start"})
        async with browser_from(app, "198.51.100.20") as elsewhere:
            await WebStudent(elsewhere).say("/start")
        # a student who already has a cookie is not a new student: they carry on
        cookies = httpx.Cookies({COOKIE_NAME: first.cookies[COOKIE_NAME]})
        async with browser_from(app, "203.0.113.7") as returning:
            returning.cookies = cookies
            await WebStudent(returning).send(payload="ob:lang:en")
        students = await count(
            container,
            select(func.count()).where(ChannelIdentityRow.channel == "web"),
        )
    assert refused.status_code == 429
    assert refused.json()["notice"].startswith("Çok hızlı yazıyorsun")
    assert students == 3  # two from the busy address, one from elsewhere


async def test_limits_can_be_turned_off(database_url: str) -> None:
    async with (
        web_app(database_url, web_messages_per_minute=0) as (app, _container),
        browser(app) as client,
    ):
        student = WebStudent(client)
        for _ in range(70):  # more than the default limit of 60 a minute
            await student.say("/help")
    assert student.responses[-1]["replies"]
