"""Webhook throughput: updates per second one `serve` process handles through its route."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import httpx

from bench._chat_seed import seed
from bench._databases import fresh_database
from tests.fakes.telegram_api import DEFAULT_TOKEN

UPDATES = int(os.environ.get("BENCH_WEBHOOK_UPDATES", "3000"))
CONCURRENCY = 32
STUDENTS = 1000
SECRET = "bench-webhook-secret-1234"
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _update(update_id: int, user_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1796000000,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "S", "language_code": "tr"},
            "text": "/today",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError("serve exited during start-up")
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("serve did not start")


async def webhook_throughput(backend: str = "sqlite") -> tuple[float, float | None]:
    """Start a fake Bot API and `learnconnect serve` in webhook mode on `backend` ("sqlite" or
    "postgres"); post updates; measure updates per second and the CPU milliseconds the serve
    process spent per update (None where /proc is missing)."""
    fake = subprocess.Popen(
        [sys.executable, "-m", "bench._fake_bot_api"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert fake.stdout is not None
    api_url = fake.stdout.readline().decode().strip()
    with tempfile.TemporaryDirectory() as directory:
        async with fresh_database(backend) as database:
            return await _serve_and_post(fake, api_url, directory, database)


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, from /proc (Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _serve_and_post(
    fake: subprocess.Popen[bytes], api_url: str, directory: str, database: str
) -> tuple[float, float | None]:
    """Seed the database, run `serve` on it in webhook mode, post the updates."""
    # `serve` runs on the real clock, so the plans are built around today's date
    await seed(database, STUDENTS, datetime.now(UTC).date())
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNCONNECT_")}
    env.update(
        LEARNCONNECT_DATABASE_URL=database,
        LEARNCONNECT_WEB_PORT=str(port),
        LEARNCONNECT_TELEGRAM_TOKEN=DEFAULT_TOKEN,
        LEARNCONNECT_TELEGRAM_API_URL=api_url,
        LEARNCONNECT_TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/hook",
        LEARNCONNECT_TELEGRAM_WEBHOOK_SECRET=SECRET,
        LEARNCONNECT_SCHEDULER_ENABLED="false",
        LEARNCONNECT_CONTENT_PACKS="yks",
        LEARNCONNECT_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("learnconnect")), "serve"],
        cwd=directory,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await _wait_healthy(f"http://127.0.0.1:{port}/health", server)
        hook = f"http://127.0.0.1:{port}/telegram/hook"
        # Warm-up (connections, caches, prepared queries), with update ids of its own.
        await _post_updates(hook, UPDATES // 10, first_id=UPDATES + 1)
        before = _cpu_seconds(server.pid)
        rate = await _post_updates(hook, UPDATES)
        after = _cpu_seconds(server.pid)
        cpu_ms = None
        if before is not None and after is not None:
            cpu_ms = round((after - before) * 1000 / UPDATES, 2)
    finally:
        server.terminate()
        server.wait(30)
        fake.stdin.close()  # type: ignore[union-attr]
        fake.wait(30)
    return rate, cpu_ms


async def _post_updates(url: str, updates: int, first_id: int = 1) -> float:
    """Post `updates` /today updates from CONCURRENCY connections; updates per second.

    The load generator shares the machine with the process it measures, so it uses aiohttp's
    C-accelerated client and encodes the bodies before the clock starts: httpx cost this
    process about 1 ms of CPU per update, CPU the serve process then did not get.
    """
    bodies = [
        json.dumps(_update(update_id, 10_000 + 1 + update_id % STUDENTS)).encode()
        for update_id in range(first_id, first_id + updates)
    ]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    failures = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal failures
        while bodies:
            async with session.post(url, data=bodies.pop(), headers=headers) as response:
                await response.read()
                failures += response.status != 200

    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{failures} webhook calls failed")
    return round(updates / elapsed, 1)
