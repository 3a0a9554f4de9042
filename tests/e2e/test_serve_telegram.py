"""`learnconnect serve` with a Telegram token and a Bot API URL: polls any compatible server,
and on an empty database creates the schema and imports the shipped packs by itself."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import create_engine
from tests.e2e.test_serve import free_port
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

LEARNCONNECT = str(Path(sys.executable).with_name("learnconnect"))


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


async def test_serve_polls_a_bot_api_server_and_prepares_an_empty_database(
    fake: FakeTelegramServer, tmp_path: Path
) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path}/empty.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNCONNECT_")}
    env.update(
        LEARNCONNECT_TELEGRAM_TOKEN=fake.token,
        LEARNCONNECT_TELEGRAM_API_URL=fake.api_url,
        LEARNCONNECT_DATABASE_URL=database,
        LEARNCONNECT_WEB_PORT=str(free_port()),
    )
    process = await asyncio.create_subprocess_exec(
        LEARNCONNECT,
        "serve",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await fake.wait_for(lambda: bool(fake.calls_to("getUpdates")), within=90)
        student = FakeUser(8001, "Deniz", "tr")
        await fake.send_text(student, "/start")
        replies = await fake.wait_for_messages(student.id, 2, within=30)
        assert "LearnConnect" in replies[0]["text"]
        assert fake.calls_to("setMyCommands")
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 60)
    log = output.decode()
    assert process.returncode == 0, log
    assert fake.token not in log
    engine = create_engine(database)
    async with engine.connect() as connection:
        packs = (await connection.execute(text("SELECT id FROM content_packs ORDER BY id"))).all()
        topics = (await connection.execute(text("SELECT count(*) FROM topics"))).scalar_one()
    await engine.dispose()
    assert [row[0] for row in packs] == ["sat", "yks"]
    assert topics > 200
