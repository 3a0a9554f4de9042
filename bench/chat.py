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
  so this is the process's own cost: 1000 / it is what one fully busy core could take).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from bench._databases import fresh_database, postgres_available
from bench._webhook import webhook_throughput
from bot.bootstrap import wired_engine
from coach.core.channels import ChannelCapabilities
from coach.dialogue.engine import EngineConfig
from coach.messages import ChannelKind, ChannelRef, EventKind, InboundEvent
from coach.packs.catalog import Catalog
from storage.db import create_engine, create_session_factory
from storage.models import (
    ChannelIdentityRow,
    ProfileRow,
    StudyPlanRow,
    StudySessionRow,
    UserRow,
)
from storage.uow import SqlUnitOfWorkFactory

STUDENTS = int(os.environ.get("BENCH_STUDENTS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
TODAY = date(2026, 12, 7)
DAYS = 14
PER_DAY = 3


class _Clock:
    def now(self) -> datetime:
        return NOW


async def seed(url: str, students: int, today: date = TODAY) -> None:
    """Students with a profile, an active plan and two weeks of sessions around `today`."""
    engine = create_engine(url)
    async with engine.begin() as connection:
        for start in range(1, students + 1, 1000):
            ids = range(start, min(start + 1000, students + 1))
            await connection.execute(
                UserRow.__table__.insert(),
                [
                    {
                        "id": i,
                        "locale": "tr",
                        "timezone": "Europe/Istanbul",
                        "status": "active",
                        "role": "student",
                        "age_band": "adult",
                        "created_at": NOW,
                    }
                    for i in ids
                ],
            )
            await connection.execute(
                ChannelIdentityRow.__table__.insert(),
                [
                    {
                        "id": i,
                        "user_id": i,
                        "channel": "telegram",
                        "external_id": str(10_000 + i),
                        "chat_id": str(10_000 + i),
                        "reachable": True,
                        "created_at": NOW,
                    }
                    for i in ids
                ],
            )
            await connection.execute(
                ProfileRow.__table__.insert(), [_profile(i, today) for i in ids]
            )
            await connection.execute(
                StudyPlanRow.__table__.insert(),
                [
                    {
                        "id": i,
                        "user_id": i,
                        "pack_id": "yks",
                        "track": "SAY",
                        "status": "active",
                        "start_date": today - timedelta(days=7),
                        "exam_date": date(2027, 6, 19),
                        "created_at": NOW,
                        "activated_at": NOW,
                        "summary": {},
                    }
                    for i in ids
                ],
            )
            await connection.execute(
                StudySessionRow.__table__.insert(),
                [s for i in ids for s in _sessions(i, today)],
            )
    await engine.dispose()


def _profile(user_id: int, today: date) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "pack_id": "yks",
        "track": "SAY",
        "exam_date": date(2027, 6, 19),
        "start_date": today - timedelta(days=7),
        "availability": {"mon": 120, "sat": 240},
        "windows": {},
        "blackout_dates": [],
        "break_days_per_week": 1,
        "session_min": 25,
        "session_max": 60,
        "reminder_lead_minutes": 15,
        "checkin_time": clock_time(21),
        "quiet_start": clock_time(23),
        "quiet_end": clock_time(8),
        "max_pushes_per_day": 6,
        "opt_outs": [],
        "updated_at": NOW,
    }


def _sessions(user_id: int, today: date) -> list[dict[str, Any]]:
    rows = []
    for offset in range(-7, DAYS - 7):
        for slot in range(PER_DAY):
            rows.append(
                {
                    "plan_id": user_id,
                    "user_id": user_id,
                    "key": f"s{offset}_{slot}",
                    "kind": "lesson",
                    "date": today + timedelta(days=offset),
                    "start": clock_time(18 + slot),
                    "minutes": 45,
                    "subject_id": "tyt_matematik",
                    "topic_id": "problemler",
                    "lesson_id": None,
                    "reason": "weak topic",
                    "reason_data": {},
                    "status": "scheduled",
                    "pinned": False,
                }
            )
    return rows


async def today_latency(url: str, students: int, requests: int) -> dict[str, float]:
    """p50/p99 of handling /today for random students."""
    database = create_engine(url)
    engine = wired_engine(
        SqlUnitOfWorkFactory(create_session_factory(database)),
        _Clock(),
        Catalog.load(["yks"]),
        EngineConfig(),
    )
    rng = random.Random(7)
    capabilities = ChannelCapabilities(native_quiz=True)
    timings = []
    for index in range(requests + 50):
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
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    print(json.dumps(asyncio.run(main()), indent=2))
