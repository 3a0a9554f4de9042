"""Data for the notification benchmark: scratch databases, students, plans and due pushes."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta

import asyncpg
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from coach.notifications import Address, Notification, NotificationKind
from storage.leader import asyncpg_dsn
from storage.migrate import upgrade
from storage.models import ChannelIdentityRow, ProfileRow, UserRow
from storage.uow import SqlUnitOfWorkFactory

CREATED = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = ("Europe/Istanbul", "Europe/Istanbul", "Europe/Berlin", "UTC", "America/New_York")


def postgres_admin_url() -> str:
    """The server the benchmark creates its scratch databases on."""
    return os.environ.get(
        "LEARNCONNECT_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    )


@asynccontextmanager
async def scratch_postgres() -> AsyncIterator[str]:
    """A fresh, migrated PostgreSQL database, dropped afterwards."""
    admin = postgres_admin_url()
    name = f"lc_bench_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(asyncpg_dsn(admin))
    await connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


def _profile_values(user_id: int) -> dict[str, object]:
    return {
        "user_id": user_id, "pack_id": "yks", "track": "SAY", "exam_date": date(2027, 6, 19),
        "start_date": date(2026, 1, 1), "availability": {}, "windows": {}, "blackout_dates": [],
        "break_days_per_week": 1, "session_min": 25, "session_max": 60,
        "reminder_lead_minutes": 15, "checkin_time": time(21, 0), "quiet_start": time(0, 0),
        "quiet_end": time(0, 0), "max_pushes_per_day": 6, "opt_outs": [], "updated_at": CREATED,
    }  # fmt: skip


async def add_students(units: SqlUnitOfWorkFactory, count: int, channel: str) -> list[int]:
    """Students with no quiet hours (so the benchmark runs at any hour), each on its own chat."""
    async with units() as uow:
        result = await uow.session.execute(
            insert(UserRow).returning(UserRow.id, sort_by_parameter_order=True),
            [{"locale": "tr", "timezone": "UTC", "status": "active", "role": "student",
              "created_at": CREATED} for _ in range(count)],
        )  # fmt: skip
        ids = list(result.scalars())
        await uow.session.execute(
            insert(ChannelIdentityRow),
            [{"user_id": i, "channel": channel, "external_id": str(10_000 + i),
              "chat_id": str(10_000 + i), "reachable": True, "created_at": CREATED} for i in ids],
        )  # fmt: skip
        await uow.session.execute(insert(ProfileRow), [_profile_values(i) for i in ids])
        await uow.commit()
    return ids


async def add_due_pushes(
    units: SqlUnitOfWorkFactory, students: list[int], per_student: int, channel: str
) -> int:
    """`per_student` due check-in pushes each, ordered so consecutive rows go to other chats."""
    now = datetime.now(UTC)
    items = [
        Notification(
            user_id=user, kind=NotificationKind.CHECKIN, template="notify/checkin",
            dedupe_key=f"bench:{user}:{k}", due_at=now - timedelta(minutes=10, seconds=-k),
            local_date=now.date(), address=Address(channel, str(10_000 + user), str(10_000 + user)),
            locale="tr", context={"rest_day": False, "student": "Ada"},
        )
        for k in range(per_student)
        for user in students
    ]  # fmt: skip
    async with units() as uow:
        await uow.outbox.enqueue(items, now)
        await uow.commit()
    return len(items)


async def add_planned_students(url: str, count: int, day: date) -> None:
    """`count` students with an active plan of three sessions on `day`, loaded with COPY."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    empty, ids = "{}", range(1, count + 1)
    try:
        await connection.copy_records_to_table(
            "users",
            columns=["id", "locale", "timezone", "status", "role", "created_at"],
            records=[(i, "tr", ZONES[i % len(ZONES)], "active", "student", CREATED) for i in ids],
        )
        await connection.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), $1)", count)
        await connection.copy_records_to_table(
            "channel_identities",
            columns=["user_id", "channel", "external_id", "chat_id", "reachable", "created_at"],
            records=[(i, "telegram", str(i), str(i), True, CREATED) for i in ids],
        )
        profile = _profile_values(0)
        columns = list(profile)
        records = []
        for i in ids:
            values = {**profile, "user_id": i, "quiet_start": time(23, 0), "quiet_end": time(8, 0)}
            values.update({k: json.dumps(values[k]) for k in
                           ("availability", "windows", "blackout_dates", "opt_outs")})  # fmt: skip
            records.append(tuple(values[c] for c in columns))
        await connection.copy_records_to_table("profiles", columns=columns, records=records)
        await connection.copy_records_to_table(
            "study_plans",
            columns=["id", "user_id", "pack_id", "track", "status", "start_date", "exam_date",
                     "created_at", "activated_at", "summary"],
            records=[(i, i, "yks", "SAY", "active", date(2026, 1, 1), date(2027, 6, 19), CREATED,
                      CREATED, empty) for i in ids],
        )  # fmt: skip
        starts = (time(16, 0), time(18, 0), time(20, 0))
        await connection.copy_records_to_table(
            "study_sessions",
            columns=["plan_id", "user_id", "key", "kind", "date", "start", "minutes",
                     "subject_id", "topic_id", "reason", "reason_data", "status", "pinned"],
            records=[(i, i, f"s{n}", "lesson", day, start, 45, "math", "limits", "", empty,
                      "scheduled", False) for i in ids for n, start in enumerate(starts)],
        )  # fmt: skip
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
