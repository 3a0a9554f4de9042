"""Forum search benchmark: `python -m bench.forum` prints one JSON object.

- search_hit3_sqlite / search_hit3_postgres: of the fixture's 220 tr/en question pairs, the
  share whose rephrased question finds the original among the top three (goal >= 0.8);
- search_hit3_100k_sqlite / _postgres: the same with the originals hidden among 100,000 other
  questions (the harder, honest figure);
- search_p95_ms_sqlite / search_p95_ms_postgres: the 95th percentile wall time of one
  similar-question search (the repository call, re-rank included) over those 100,000 questions
  (goal <= 30); search_p95_cpu_ms_sqlite: the same in CPU time of this process (the machine
  is shared, and wall time also counts the time other programs hold the cores).

The other questions (`corpus` in the JSON) are made from the shipped packs' real questions:
each is a student's opening ("I can't do this one", "bu soruyu çözemedim"), maybe a topic's
name, and a run of 6 to 16 consecutive words from a real question stem of the packs (YKS in
Turkish, SAT in English), with a number or two. So the words, their frequencies and the
lengths are those of real exam questions, and common words (fonksiyon, value, denklem) are
as common as they are in the packs, not spread evenly over a few hundred fixture words.
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
from coach.forum.text import index_text
from content.loader import load_pack, shipped_pack_ids
from storage.db import create_engine, create_session_factory
from storage.models.forum import ForumPostRow, ForumThreadRow
from storage.uow import SqlUnitOfWorkFactory
from tests.forum_support import QuestionPair, question_pairs

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PACK = "bench"
BATCH = 5000


CORPUS = (
    "questions built from the shipped packs' real question stems and topic names "
    "(a student's opening + maybe a topic name + 6-16 consecutive words of a real stem)"
)
_OPENINGS = {
    "tr": ("", "bu soruyu çözemedim:", "yardım eder misiniz?", "şunu anlamadım", "hocam"),
    "en": ("", "I can't solve this:", "can someone help?", "I don't get this one", "stuck on"),
}


def _sources() -> list[tuple[str, list[str], str]]:
    """(language, stem words, topic name) of every question of the shipped packs."""
    sources = []
    for pack_id in shipped_pack_ids():
        pack = load_pack(pack_id)
        topics = pack.topics_by_id
        for question in pack.questions:
            topic = topics.get(question.topic)
            name = "" if topic is None else topic.name
            sources.append((question.language, question.stem.split(), name))
    return sources


def _others(count: int, rng: random.Random) -> list[str]:
    sources = _sources()
    texts = []
    for _ in range(count):
        language, stem_words, topic = rng.choice(sources)
        length = rng.randint(6, 16)
        start = rng.randint(0, max(0, len(stem_words) - length))
        parts = [rng.choice(_OPENINGS.get(language, _OPENINGS["en"]))]
        parts += [topic] if rng.random() < 0.4 else []
        parts += [" ".join(stem_words[start : start + length]), f"{rng.randint(1, 99)}?"]
        texts.append(" ".join(part for part in parts if part))
    return texts


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
            await _fill(units, user.id, _others(others, random.Random(seed)))
            if backend == "postgres":  # as autovacuum would after a bulk load: statistics,
                # and the GIN index's pending list merged (scanning it slows every search)
                async with engine.connect() as connection:
                    free = await connection.execution_options(isolation_level="AUTOCOMMIT")
                    await free.exec_driver_sql("VACUUM ANALYZE forum_posts")
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
    result: dict[str, Any] = {
        "questions": args.questions + len(question_pairs()),
        "corpus": CORPUS,
    }
    result.update(await run_backend("sqlite", args.questions, args.seed))
    if await postgres_available():
        result.update(await run_backend("postgres", args.questions, args.seed))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=100_000, help="Other questions.")
    parser.add_argument("--seed", type=int, default=7)
    emit(asyncio.run(main(parser.parse_args())))
