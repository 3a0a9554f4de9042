"""The routing part of bench.tutors through the real use case and its SQL.

`route_sql`: 200 tutors and 1,000 students on a migrated database; every student asks for a
tutor at the same moment, each in their own unit of work as the chat runs it: `request_tutor`
opens the escalation, reads the tutors with their loads and the student's blocks, asks the
first wave, records the event (whose subscriber queues the tutors' asks in the outbox) and
commits. What the pure policy costs is `route_1000_s`; this is the whole of it.
"""

from __future__ import annotations

import dataclasses
import random
import time
from datetime import UTC, datetime
from typing import Any, cast

from bench._databases import fresh_database
from coach.core.uow import UnitOfWorkFactory
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions
from coach.tutors.model import TutorProfile
from coach.tutors.usecases import RequestTutor, request_tutor
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)


async def _seed(units: UnitOfWorkFactory, tutors: list[TutorProfile], students: int) -> list[int]:
    async with units() as uow:
        for profile in tutors:
            user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
            await uow.users.add_identity(user.id, "telegram", f"t{user.id}", f"t{user.id}", NOW)
            await uow.tutors.save_tutor(dataclasses.replace(profile, user_id=user.id), NOW)
        ids = []
        for index in range(students):
            user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
            await uow.users.add_identity(user.id, "telegram", f"s{index}", f"s{index}", NOW)
            ids.append(user.id)
        await uow.commit()
    return ids


async def route_sql(
    backend: str, tutors: list[TutorProfile], students: int, subjects: tuple[str, ...]
) -> dict[str, Any]:
    """Wall and CPU seconds for `students` simultaneous requests, and how many got a wave."""
    async with fresh_database(backend) as url:
        engine = create_engine(url)
        bus = subscriptions(build_services(Catalog.load(["yks"])))
        units = cast(UnitOfWorkFactory, SqlUnitOfWorkFactory(create_session_factory(engine), bus))
        ids = await _seed(units, tutors, students)
        rng = random.Random(11)
        routed = 0
        started, used = time.perf_counter(), time.process_time()
        for student in ids:
            command = RequestTutor(
                student, "yks", rng.choice(subjects), "problemler", rng.random() < 0.5, "tr"
            )
            async with units() as uow:
                escalation = await request_tutor(uow, NOW, command)
                await uow.commit()
            routed += escalation.wave > 0
        wall, cpu = time.perf_counter() - started, time.process_time() - used
        await engine.dispose()
    return {
        f"route_1000_sql_s_{backend}": round(wall, 3),
        f"route_1000_sql_cpu_s_{backend}": round(cpu, 3),
        f"routed_sql_{backend}": routed,
    }
