"""Chat latency and webhook throughput.

`python -m bench.chat` prints JSON:
- `p50_ms` / `p99_ms` (per backend): handling `/today` through the dialogue engine with 10,000
  students in the database, each with an active plan (no network; goal p99 <= 50 ms);
- `updates_per_s_sqlite` / `_postgres`: Telegram updates (/today from 1,000 students) per
  second through the webhook route of one `serve` process (real uvicorn, PTB, engine and
  database), replies sent to a fake Bot API in its own process; `updates_per_s` is the
  PostgreSQL figure, the setup webhook mode is meant for (goal >= 300);
- `serve_cpu_ms_per_update_sqlite` / `_postgres`: CPU milliseconds the serve process spent per
  update in that run (the load generator, fake Bot API and database share the machine's cores,
  so this is the process's own cost: 1000 / it is what one fully busy core could take);
- `done_p50_ms` / `done_p99_ms` (and `_without_motivation`, `done_cpu_p50_ms…`): tapping Done
  through the dialogue engine on SQLite (1,000 students), with and without the motivation
  subscribers (XP, streak, badges, challenges).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench._chat_seed import NOW, FixedClock, seed
from bench._databases import fresh_database, postgres_available
from bench._done_path import done_latency
from bench._webhook import webhook_throughput
from bot.bootstrap import wired_engine
from bot.server import freeze_startup_heap
from coach.core.channels import ChannelCapabilities
from coach.dialogue.engine import EngineConfig
from coach.messages import ChannelKind, ChannelRef, EventKind, InboundEvent
from coach.packs.catalog import Catalog
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory

STUDENTS = int(os.environ.get("BENCH_STUDENTS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
DONE_STUDENTS = int(os.environ.get("BENCH_DONE_STUDENTS", "1000"))


async def today_latency(url: str, students: int, requests: int) -> dict[str, float]:
    """p50/p99 of handling /today for random students."""
    database = create_engine(url)
    engine = wired_engine(
        SqlUnitOfWorkFactory(create_session_factory(database)),
        FixedClock(),
        Catalog.load(["yks"]),
        EngineConfig(),
    )
    rng = random.Random(7)
    capabilities = ChannelCapabilities(native_quiz=True)
    timings = []
    for index in range(requests + 50):
        if index == 50:
            freeze_startup_heap()  # as `serve` does once it is up
        user_key = str(10_000 + rng.randint(1, students))
        event = InboundEvent(
            ChannelRef(ChannelKind.TELEGRAM, user_key, user_key),
            EventKind.COMMAND,
            NOW,
            command="today",
            text="/today",
        )
        started = time.perf_counter()
        replies = await engine.handle(event, capabilities)
        elapsed = (time.perf_counter() - started) * 1000
        if not replies or replies[0].template != "daily/today":
            raise RuntimeError(f"unexpected reply {replies[:1]}")
        if index >= 50:  # warm-up: connection pool, template cache
            timings.append(elapsed)
    await database.dispose()
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 2),
    }


async def main() -> dict[str, Any]:
    """Run every measurement."""
    result: dict[str, Any] = {"students": STUDENTS, "requests": REQUESTS}
    backends = ["sqlite"] + (["postgres"] if await postgres_available() else [])
    for backend in backends:
        async with fresh_database(backend) as url:
            started = time.perf_counter()
            await seed(url, STUDENTS)
            seeded = time.perf_counter() - started
            latency = await today_latency(url, STUDENTS, REQUESTS)
        result[backend] = {**latency, "seed_s": round(seeded, 1)}
    if "postgres" not in backends:
        result["postgres"] = None
    worst = max(result[b]["p99_ms"] for b in backends)
    result["p50_ms"] = result["sqlite"]["p50_ms"]
    result["p99_ms"] = worst
    for backend in backends:
        rate, cpu_ms = await webhook_throughput(backend)
        result[f"updates_per_s_{backend}"] = rate
        result[f"serve_cpu_ms_per_update_{backend}"] = cpu_ms
    # Webhook mode is the scale-out setup (several web workers), which runs on PostgreSQL.
    result["updates_per_s"] = result[f"updates_per_s_{backends[-1]}"]
    # Done through the engine, with and without the motivation subscribers (issue 17's goal).
    result.update(await done_latency(DONE_STUDENTS, REQUESTS))
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    print(json.dumps(asyncio.run(main()), indent=2))
