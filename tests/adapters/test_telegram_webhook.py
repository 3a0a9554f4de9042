"""Webhook mode: the fake Bot API POSTs updates to the FastAPI route of the real app."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from bot.bootstrap import Container, build
from bot.web.app import create_app
from bot.web.telegram_webhook import SECRET_HEADER
from coach.messages import Choice, EventKind, InboundEvent, QuizSpec, Reply, ReplyKind
from tests.adapters.telegram_support import NOW, StubEngine, telegram_settings
from tests.dbs import SqliteTemplate
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

ADA = FakeUser(4242, "Ada", "en")
SECRET = "webhook-secret_0123456789"
HOOK_URL = "https://coach.example/telegram/hook"


def respond(event: InboundEvent) -> Sequence[Reply]:
    if event.command == "quiz":
        quiz = QuizSpec("sat:alg:q2", "If 3x = 12, x = ?", ("3", "4", "6"), 1)
        return [Reply(text="", kind=ReplyKind.QUIZ, quiz=quiz)]
    if event.kind is EventKind.COMMAND:
        return [Reply(text="Ready?", choices=((Choice("Go", "onb:go"),),))]
    return [Reply(text=f"{event.kind.value} {event.payload}")]


@asynccontextmanager
async def webhook_coach(
    fake: FakeTelegramServer, database_url: str, engine: StubEngine, *, start: bool = True
) -> AsyncIterator[tuple[Container, FastAPI]]:
    """The whole app in webhook mode, built by `bootstrap.build`, reached through ASGI."""
    settings = telegram_settings(
        fake,
        database_url=database_url,
        telegram_webhook_url=HOOK_URL,
        telegram_webhook_secret=SECRET,
    )
    container = build(settings, conversation_engine=engine, clock=FixedClock(NOW))
    app = create_app(container)
    fake.webhook_transport = httpx.ASGITransport(app=app)
    if start:
        await container.start()
    try:
        yield container, app
    finally:
        await container.stop()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


@pytest.fixture
def sqlite_url(sqlite_template: SqliteTemplate, tmp_path: Path) -> str:
    return sqlite_template.clone(tmp_path / "webhook.db")


async def test_webhook_mode_end_to_end(fake: FakeTelegramServer, database_url: str) -> None:
    engine = StubEngine(respond)
    async with webhook_coach(fake, database_url, engine) as (container, _app):
        assert [s.name for s in container.services] == ["telegram"]
        (hook,) = fake.calls_to("setWebhook")
        # The route handles each update before answering, so replies exist when inject returns.
        await fake.send_text(ADA, "/start")
        (question,) = fake.messages(ADA.id)
        await fake.press(ADA, question, fake.buttons(question)[0][1])
        await fake.send_text(ADA, "/quiz")
        poll = fake.messages(ADA.id)[-1]["poll"]
        await fake.answer_poll(ADA, poll["id"], [1])
    assert hook.params["url"] == HOOK_URL
    assert hook.params["secret_token"] == SECRET
    assert {"message", "callback_query", "poll_answer", "my_chat_member"} <= set(
        hook.params["allowed_updates"]
    )
    assert not fake.calls_to("getUpdates") and not fake.calls_to("deleteWebhook")
    assert fake.webhook_statuses == [200, 200, 200, 200]
    assert [(e.kind, e.payload) for e in engine.events] == [
        (EventKind.COMMAND, ""),
        (EventKind.CHOICE, "onb:go"),
        (EventKind.COMMAND, ""),
        (EventKind.POLL_ANSWER, "sat:alg:q2:1"),
    ]
    assert [m.get("text") for m in fake.messages(ADA.id)] == [
        "Ready?",
        "choice onb:go",
        None,
        "poll_answer sat:alg:q2:1",
    ]


async def test_a_missing_or_wrong_secret_is_refused(
    fake: FakeTelegramServer, sqlite_url: str
) -> None:
    engine = StubEngine(respond)
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1796000000,
            "chat": {"id": ADA.id, "type": "private"},
            "from": ADA.to_api(),
            "text": "hello",
        },
    }
    async with webhook_coach(fake, sqlite_url, engine) as (_container, app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://coach") as client:
            missing = await client.post("/telegram/hook", json=update)
            wrong = await client.post("/telegram/hook", json=update, headers={SECRET_HEADER: "x"})
            near = await client.post(
                "/telegram/hook", json=update, headers={SECRET_HEADER: SECRET[:-1] + "X"}
            )
            right = await client.post(
                "/telegram/hook", json=update, headers={SECRET_HEADER: SECRET}
            )
    assert (missing.status_code, wrong.status_code, near.status_code) == (401, 403, 403)
    assert right.status_code == 200
    assert [e.text for e in engine.events] == ["hello"]


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"update_id": "1"}',
        b'{"update_id": 7, "message": {"text": "no chat, no date"}}',
        b'{"update_id": 8, "callback_query": {"id": 5}}',
    ],
)
async def test_malformed_updates_are_400_never_500(
    fake: FakeTelegramServer, sqlite_url: str, body: bytes
) -> None:
    engine = StubEngine(respond)
    async with webhook_coach(fake, sqlite_url, engine) as (_container, app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://coach") as client:
            response = await client.post(
                "/telegram/hook", content=body, headers={SECRET_HEADER: SECRET}
            )
    assert response.status_code == 400
    assert engine.events == []


async def test_updates_wait_while_the_bot_is_not_running(
    fake: FakeTelegramServer, sqlite_url: str
) -> None:
    engine = StubEngine(respond)
    async with webhook_coach(fake, sqlite_url, engine, start=False) as (_container, app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://coach") as client:
            response = await client.post(
                "/telegram/hook", json={"update_id": 1}, headers={SECRET_HEADER: SECRET}
            )
    assert response.status_code == 503  # Telegram keeps the update and retries


async def test_webhook_over_real_http_with_uvicorn_on_loopback(
    fake: FakeTelegramServer, sqlite_url: str
) -> None:
    engine = StubEngine(respond)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    settings = telegram_settings(
        fake,
        database_url=sqlite_url,
        telegram_webhook_url=f"http://127.0.0.1:{port}/tg/{SECRET[:6]}",
        telegram_webhook_secret=SECRET,
    )
    container = build(settings, conversation_engine=engine, clock=FixedClock(NOW))
    config = uvicorn.Config(create_app(container), log_config=None, lifespan="on")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        await fake.wait_for(lambda: bool(fake.calls_to("setWebhook")))  # lifespan started it
        await fake.send_text(ADA, "/start")
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 10)
        listener.close()
    assert fake.webhook_statuses == [200]
    assert [m["text"] for m in fake.messages(ADA.id)] == ["Ready?"]
