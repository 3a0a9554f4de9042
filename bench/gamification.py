"""Gamification benchmark: `python -m bench.gamification` prints one JSON object.

- league_100k_s_postgres: forming one week's leagues for `--students` (100,000) opted-in
  students on PostgreSQL — reading every candidate with their tier and four weeks of XP pace,
  placing them, writing every entry — in seconds (goal <= 30);
- card_ms: rendering one weekly progress card PNG, the median of `--cards` renders in
  milliseconds (goal <= 150);
- done_p99_ms / done_p99_ms_without_motivation: the Done button through the dialogue engine on
  SQLite with and without the motivation subscribers (goal: at most 10% worse);
  done_cpu_p50_ms / done_cpu_p50_ms_without_motivation: the same requests' median CPU time
  of this process, steadier than the wall clock on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, text, update

from bench._done_path import done_latency
from bench._notify_data import CREATED, add_students, scratch_postgres
from coach.motivation.card import CardData
from coach.motivation.card_png import render_card
from coach.motivation.league_usecases import ForWeek, form_week
from storage.db import create_engine, create_session_factory
from storage.models import PeerProfileRow, UserRow
from storage.models.motivation import XpLedgerRow
from storage.uow import SqlUnitOfWorkFactory

WEEK = date(2026, 12, 7)
SEED_CHUNK = 10_000


async def _seed(units: SqlUnitOfWorkFactory, count: int) -> None:
    """Opted-in students of two exams, a third of them under 18, each with some XP."""
    rng = random.Random(7)
    ids: list[int] = []
    for start in range(0, count, SEED_CHUNK):
        ids += await add_students(units, min(SEED_CHUNK, count - start), "telegram")
    async with units() as uow:
        for start in range(0, len(ids), SEED_CHUNK):
            chunk = ids[start : start + SEED_CHUNK]
            await uow.session.execute(
                insert(PeerProfileRow),
                [{"user_id": i, "pseudonym": f"s{i}", "opted_in": ["leagues"],
                  "updated_at": CREATED} for i in chunk],
            )  # fmt: skip
            await uow.session.execute(
                insert(XpLedgerRow),
                [{"user_id": i, "key": f"seed:{i}", "reason": "session", "requested": xp,
                  "amount": xp, "minutes": 0, "study_day": WEEK - timedelta(days=3),
                  "local_hour": 18, "created_at": CREATED}
                 for i in chunk for xp in (rng.randint(0, 900),)],
            )  # fmt: skip
        await uow.session.execute(
            update(UserRow).where(UserRow.id % 3 == 0).values(age_band="under_18")
        )
        await uow.session.execute(
            update(UserRow).where(UserRow.id % 3 != 0).values(age_band="adult")
        )
        await uow.commit()


async def league_bench(students: int) -> dict[str, Any]:
    async with scratch_postgres() as url:
        engine = create_engine(url)
        units = SqlUnitOfWorkFactory(create_session_factory(engine))
        try:
            await _seed(units, students)
            async with units() as uow:  # a live database has statistics; a fresh one not yet
                await uow.session.execute(text("ANALYZE"))
            started = time.perf_counter()
            async with units() as uow:
                placed = await form_week(uow, CREATED, ForWeek(WEEK))
                await uow.commit()
            seconds = time.perf_counter() - started
        finally:
            await engine.dispose()
    return {"seconds": round(seconds, 2), "placed": placed}


def card_bench(count: int) -> float:
    card = CardData(
        title="Haftalık ilerleme · Pzt 07.12 – Paz 13.12",
        level="Seviye 4 · İstikrarlı · 720 XP",
        xp_share=0.3,
        streak="Seri: 12 gün · dondurma 1/2",
        hours="Bu hafta çalışma: planlanan 9 sa içinden 7 sa 40 dk",
        hours_share=0.85,
        subjects=tuple((f"Ders {n} ğüşıöç", n / 7, f"%{n * 14}") for n in range(1, 7)),
        badge="Haftanın rozeti: 7 günlük seri",
    )
    render_card(card)  # the fonts are loaded once per process
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        render_card(card)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"card_ms": card_bench(args.cards)}
    if args.done_requests:
        result.update(await done_latency(args.done_students, args.done_requests))
    if args.students:  # 0 skips the league formation
        league = await league_bench(args.students)
        result["league_100k_s_postgres"] = league["seconds"]
        result["league_details"] = {"students": args.students, "placed": league["placed"]}
    return result


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--done-students", type=int, default=2000)
    parser.add_argument("--done-requests", type=int, default=400)  # 0 skips the Done path
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(asyncio.run(main(args))))


if __name__ == "__main__":
    cli()
