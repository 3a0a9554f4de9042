"""The students bench.chat, bench.gamification and the webhook run seed: each with a profile,
an active plan and two weeks of sessions (three a day) around a fixed day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from storage.db import create_engine
from storage.models import (
    ChannelIdentityRow,
    ProfileRow,
    StudyPlanRow,
    StudySessionRow,
    UserRow,
)

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
TODAY = date(2026, 12, 7)
DAYS = 14
PER_DAY = 3


class FixedClock:
    """The benches' clock: always NOW (Monday 7 December 2026, 18:00 in Istanbul)."""

    def now(self) -> datetime:
        """NOW."""
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
