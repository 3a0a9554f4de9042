"""The Done path's latency with and without the motivation subscribers (bench.gamification).

Students seeded as bench.chat does (an active plan, three sessions a day); each request taps
Done on a different scheduled session of today through the dialogue engine, so the XP ledger,
the study day, the badge check and any celebration run in the same unit of work.
"""

from __future__ import annotations

import random
import statistics
import time

from sqlalchemy import select

from bench._chat_seed import NOW, TODAY, FixedClock, seed
from bench._databases import fresh_database
from bot.bootstrap import wired_engine
from bot.server import freeze_startup_heap
from coach.actions import SESSION_DONE
from coach.core.channels import ChannelCapabilities
from coach.dialogue.engine import EngineConfig
from coach.messages import ChannelKind, ChannelRef, EventKind, InboundEvent
from coach.packs.catalog import Catalog
from storage.db import create_engine, create_session_factory
from storage.models import StudySessionRow
from storage.uow import SqlUnitOfWorkFactory

WARM_UP = 30


async def _run(
    units: SqlUnitOfWorkFactory, sessions: list[tuple[int, int]], *, motivation: bool
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each Done after the warm-up, each sorted."""
    engine = wired_engine(units, FixedClock(), Catalog.load(["yks"]), EngineConfig())
    if not motivation:
        units.bus.subscriptions = [
            s for s in units.bus.subscriptions if not s.name.startswith("motivation.")
        ]
    timings = []
    cpu = []  # this process's CPU time: steadier than the wall clock on a shared machine
    for index, (session_id, user_id) in enumerate(sessions):
        if index == WARM_UP:
            freeze_startup_heap()  # as `serve` does once it is up
        key = str(10_000 + user_id)
        event = InboundEvent(
            ChannelRef(ChannelKind.TELEGRAM, key, key),
            EventKind.CHOICE,
            NOW,
            payload=SESSION_DONE.payload(session_id),
        )
        started, started_cpu = time.perf_counter(), time.process_time()
        replies = await engine.handle(event, ChannelCapabilities(native_quiz=True))
        elapsed = (time.perf_counter() - started) * 1000
        elapsed_cpu = (time.process_time() - started_cpu) * 1000
        templates = [reply.template for reply in replies]
        if "sessions/done" not in templates:
            raise RuntimeError(f"unexpected replies {templates}")
        if motivation and "motivation/xp_earned" not in templates:
            raise RuntimeError("no XP line after Done")
        if index >= WARM_UP:
            timings.append(elapsed)
            cpu.append(elapsed_cpu)
    return sorted(timings), sorted(cpu)


def _p99(timings: list[float]) -> float:
    return round(timings[int(len(timings) * 0.99) - 1], 2)


async def done_latency(students: int, requests: int) -> dict[str, float]:
    """p50/p99 of Done without and with the motivation subscribers (SQLite), and the p50 of
    the CPU time it took (what the code costs, whatever else runs on the machine)."""
    async with fresh_database("sqlite") as url:
        await seed(url, students)
        database = create_engine(url)
        units = SqlUnitOfWorkFactory(create_session_factory(database))
        async with units() as uow:
            rows = await uow.session.execute(
                select(StudySessionRow.id, StudySessionRow.user_id).where(
                    StudySessionRow.date == TODAY
                )
            )
            sessions = [(int(a), int(b)) for a, b in rows]
        random.Random(7).shuffle(sessions)
        per_run = requests + WARM_UP
        without, without_cpu = await _run(units, sessions[:per_run], motivation=False)
        with_, with_cpu = await _run(
            SqlUnitOfWorkFactory(create_session_factory(database)),
            sessions[per_run : 2 * per_run],
            motivation=True,
        )
        await database.dispose()
    return {
        "done_p50_ms_without_motivation": round(statistics.median(without), 2),
        "done_p99_ms_without_motivation": _p99(without),
        "done_p50_ms": round(statistics.median(with_), 2),
        "done_p99_ms": _p99(with_),
        "done_cpu_p50_ms_without_motivation": round(statistics.median(without_cpu), 2),
        "done_cpu_p50_ms": round(statistics.median(with_cpu), 2),
    }
