"""Forum search benchmark: `python -m bench.forum` prints one JSON object.

- search_hit3_sqlite / search_hit3_postgres: of the fixture's 220 tr/en question pairs, the
  share whose rephrased question finds the original among the top three (goal >= 0.8);
- search_hit3_100k_sqlite / _postgres: the same with the originals hidden among 100,000 other
  questions (the harder, honest figure);
- search_p95_ms_sqlite / search_p95_ms_postgres: the 95th percentile wall time of one
  similar-question search (the repository call, re-rank included) over those 100,000 questions
  (goal <= 30); search_p95_cpu_ms_sqlite: the same in CPU time of this process (the machine
  is shared, and wall time also counts the time other programs hold the cores).

The other questions are made from the fixture's own vocabulary (random words and numbers), so
they share terms with the real ones and the full-text match has real work to do.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from bench._common import emit
from bench._databases import fresh_database, postgres_available
from coach.forum.model import NewQuestion
from coach.forum.text import index_text, words
from storage.db import create_engine, create_session_factory
from storage.models.forum import ForumPostRow, ForumThreadRow
from storage.uow import SqlUnitOfWorkFactory
from tests.forum_support import QuestionPair, question_pairs

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PACK = "bench"
BATCH = 5000


def _others(pairs: list[QuestionPair], count: int, rng: random.Random) -> list[str]:
    vocabulary = sorted({w for p in pairs for w in words(p.question) if len(w) > 2})
    return [
        " ".join(rng.choices(vocabulary, k=rng.randint(5, 11))) + f" {rng.randint(1, 99)}?"
        for _ in range(count)
    ]


async def _fill(units: SqlUnitOfWorkFactory, user_id: int, texts: list[str]) -> None:
    for start in range(0, len(texts), BATCH):
        chunk = texts[start : start + BATCH]
        async with units() as uow:
            session = uow.session
            threads = (
                await session.execute(
                    insert(ForumThreadRow).returning(ForumThreadRow.id),
                    [{"pack_id": PACK, "topic_id": None, "created_at": NOW} for _ in chunk],
                )
            ).scalars()
            await session.execute(
                insert(ForumPostRow),
                [
                    {"thread_id": thread_id, "user_id": user_id, "kind": "question",
                     "pack_id": PACK, "topic_id": None, "text": text,
                     "search_text": index_text(text), "status": "visible", "source": "chat",
                     "created_at": NOW}
                    for thread_id, text in zip(threads, chunk, strict=True)
                ],
            )  # fmt: skip
            await uow.commit()


async def _hits(
    units: SqlUnitOfWorkFactory, pairs: list[QuestionPair], ids: list[int]
) -> tuple[float, list[tuple[float, float]]]:
    hits, times = 0, []
    async with units() as uow:
        for pair, question_id in zip(pairs, ids, strict=True):
            wall, cpu = time.perf_counter(), time.process_time()
            found = await uow.forum.similar(PACK, pair.asked_again, 3)
            times.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
            hits += question_id in [p.id for p in found]
    return hits / len(pairs), times


async def run_backend(backend: str, others: int, seed: int) -> dict[str, Any]:
    """The figures of one backend."""
    pairs = question_pairs()
    async with fresh_database(backend) as url:
        engine = create_engine(url)
        try:
            units = SqlUnitOfWorkFactory(create_session_factory(engine))
            async with units() as uow:
                user = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
                ids = [
                    (
                        await uow.forum.add_question(
                            NewQuestion(user.id, PACK, None, p.question), NOW
                        )
                    ).id
                    for p in pairs
                ]
                await uow.commit()
            hit3, _ = await _hits(units, pairs, ids)
            await _fill(units, user.id, _others(pairs, others, random.Random(seed)))
            if backend == "postgres":
                async with engine.begin() as connection:
                    await connection.exec_driver_sql("ANALYZE forum_posts")
            await _hits(units, pairs[:20], ids[:20])  # warm the caches
            hit3_big, times = await _hits(units, pairs, ids)
        finally:
            await engine.dispose()
    figures = {
        f"search_hit3_{backend}": round(hit3, 3),
        f"search_hit3_100k_{backend}": round(hit3_big, 3),
        f"search_p95_ms_{backend}": round(_p95([wall for wall, _ in times]), 2),
    }
    if backend == "sqlite":  # SQLite works in this process, so its CPU time is all of it
        figures["search_p95_cpu_ms_sqlite"] = round(_p95([cpu for _, cpu in times]), 2)
    return figures


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Every backend's figures (PostgreSQL only when its server answers)."""
    result: dict[str, Any] = {"questions": args.questions + len(question_pairs())}
    result.update(await run_backend("sqlite", args.questions, args.seed))
    if await postgres_available():
        result.update(await run_backend("postgres", args.questions, args.seed))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=100_000, help="Other questions.")
    parser.add_argument("--seed", type=int, default=7)
    emit(asyncio.run(main(parser.parse_args())))
