"""Human-tutor benchmark: routing at a busy hour and the cost of relaying one message.

`python -m bench.tutors [--escalations 1000] [--tutors 200] [--messages 300]`

- `route_1000_s`: 1,000 escalations arriving at once over 200 tutors (random subjects,
  languages, capacities, minors permissions, ratings, availability), each routed to its first
  wave by the pure policy (`coach.tutors.policy.next_wave`) while loads and cooldowns change
  as tutors are asked and assigned — the work `route` does apart from its SQL. CPU seconds.
  `routed` counts those that got a first wave at once; in a burst the rest wait, because a
  tutor is asked at most once per cooldown (20 minutes) — the policy, not the speed.
- `route_1000_sql_s_<backend>` (and `_cpu_s_`, `routed_sql_`): the same burst through the real
  use case (`request_tutor`), one unit of work and commit per student, with the subscribers that
  queue the asks and tell the students who got nobody (bench/_tutor_routing.py). Wall seconds;
  this is the whole cost a burst puts on one process, not only the routing decision.
- `relay_p99_ms`: one student message relayed to the tutor through the real use case on a
  migrated SQLite file: find the active escalation, store the message, queue the outbox row
  for the tutor (the subscriber), commit — no network. The 99th percentile of the process's
  CPU milliseconds (the database thread included), like the other benchmarks: the machine is
  shared, and wall time there also counts other programs; `relay_p99_wall_ms` is given too.
Prints one JSON object; the goals are route_1000_s <= 1 and relay_p99_ms <= 50.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from bench._common import Stopwatch, emit, pin_to_one_core
from bench._databases import fresh_database
from bench._tutor_routing import route_sql
from coach.core.uow import UnitOfWorkFactory
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions
from coach.tutors.conversation import Relay, relay
from coach.tutors.model import EscalationState, Need, NewEscalation, TutorProfile
from coach.tutors.policy import next_wave
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
SUBJECTS = ("mat", "fiz", "kim", "bio", "tr", "tarih", "cog", "ing")
MINI = Path(__file__).parents[1] / "tests" / "fixtures" / "packs" / "mini"


def _tutors(count: int, rng: random.Random) -> list[TutorProfile]:
    tutors = []
    for user_id in range(1, count + 1):
        ratings = rng.randrange(0, 40)
        tutors.append(
            TutorProfile(
                user_id=user_id,
                name=f"T{user_id}",
                subjects=tuple(rng.sample(SUBJECTS, rng.randrange(1, 4))),
                languages=("tr", "en") if rng.random() < 0.3 else ("tr",),
                capacity=rng.randrange(1, 5),
                may_take_minors=rng.random() < 0.6,
                availability={} if rng.random() < 0.5 else {"wed": ("18:00-23:00",)},
                rating_sum=sum(rng.randrange(3, 6) for _ in range(ratings)),
                rating_count=ratings,
            )
        )
    return tutors


def route_many(escalations: int, tutor_count: int, seed: int = 7) -> dict[str, Any]:
    """Route a burst; returns CPU seconds and how many got a first wave."""
    rng = random.Random(seed)
    tutors = {t.user_id: t for t in _tutors(tutor_count, rng)}
    needs = [
        Need(rng.choice(SUBJECTS), "en" if rng.random() < 0.2 else "tr", rng.random() < 0.5)
        for _ in range(escalations)
    ]
    asked = 0
    with Stopwatch() as watch:
        for index, need in enumerate(needs):
            now = NOW + timedelta(milliseconds=index)
            wave = next_wave(tutors.values(), need, now)
            if not wave:
                continue
            asked += 1
            for tutor_id in wave:  # asked: the cooldown starts
                tutors[tutor_id] = dataclasses.replace(tutors[tutor_id], last_asked_at=now)
            winner = tutors[wave[0]]  # the first of the wave takes it: the load grows
            tutors[winner.user_id] = dataclasses.replace(
                winner, open_escalations=winner.open_escalations + 1
            )
    return {"route_1000_s": round(watch.cpu, 3), "routed": asked, "escalations": escalations}


async def _setup(units: UnitOfWorkFactory) -> int:
    async with units() as uow:
        student = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        tutor = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        await uow.users.add_identity(student.id, "telegram", "1001", "1001", NOW)
        await uow.users.add_identity(tutor.id, "telegram", "2001", "2001", NOW)
        await uow.tutors.save_tutor(TutorProfile(tutor.id, "Ada", ("mat",), ("tr",), 2, True), NOW)
        new = NewEscalation(
            student.id,
            "mini",
            "mat",
            "problemler",
            EscalationState.REQUESTED,
            "asked",
            False,
            "tr",
        )
        escalation = await uow.tutors.open_escalation(new, NOW)
        await uow.tutors.move(
            escalation.id,
            EscalationState.REQUESTED,
            EscalationState.ASSIGNED,
            NOW,
            tutor_id=tutor.id,
        )
        await uow.tutors.move(escalation.id, EscalationState.ASSIGNED, EscalationState.ACTIVE, NOW)
        await uow.commit()
        return student.id


async def relay_many(messages: int) -> dict[str, Any]:
    """Relay messages one unit of work each; returns the latency percentiles."""
    async with fresh_database("sqlite") as url:
        engine = create_engine(url)
        bus = subscriptions(build_services(Catalog.load([str(MINI)])))
        units = cast(UnitOfWorkFactory, SqlUnitOfWorkFactory(create_session_factory(engine), bus))
        student = await _setup(units)
        cpu: list[float] = []
        wall: list[float] = []
        for index in range(messages + 10):
            started, used = time.perf_counter(), time.process_time()
            async with units() as uow:
                command = Relay(student, f"soru {index}: x kaç?", display_name="Deniz")
                done = await relay(uow, NOW, command)
                await uow.commit()
            if index >= 10:  # the first few warm caches and connections
                cpu.append((time.process_time() - used) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            assert done.escalation is not None
        await engine.dispose()
    return {
        "relay_p99_ms": _p99(cpu),
        "relay_median_ms": round(statistics.median(cpu), 2),
        "relay_p99_wall_ms": _p99(wall),
        "messages": messages,
    }


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(len(ordered) * 0.99))], 2)


def main() -> None:
    """Parse the options, run both parts, print the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escalations", type=int, default=1000)
    parser.add_argument("--tutors", type=int, default=200)
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    pin_to_one_core()
    result = route_many(args.escalations, args.tutors)
    tutors = _tutors(args.tutors, random.Random(7))
    for backend in ("sqlite", "postgres"):
        result.update(asyncio.run(route_sql(backend, tutors, args.escalations, SUBJECTS)))
    result.update(asyncio.run(relay_many(args.messages)))
    result["tutors"] = args.tutors
    result["goals"] = {"route_1000_s": 1.0, "relay_p99_ms": 50.0}
    emit(result)


if __name__ == "__main__":
    main()
