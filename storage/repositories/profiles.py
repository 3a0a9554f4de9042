"""Profiles: exam goal, free time and notification preferences."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import Profile
from storage.models import ProfileRow
from storage.repositories._upsert import upsert


def _profile(row: ProfileRow) -> Profile:
    return Profile(
        user_id=row.user_id,
        pack_id=row.pack_id,
        track=row.track,
        exam_date=row.exam_date,
        start_date=row.start_date,
        availability=dict(row.availability),
        windows={day: tuple(spans) for day, spans in row.windows.items()},
        blackout_dates=tuple(date.fromisoformat(value) for value in row.blackout_dates),
        break_days_per_week=row.break_days_per_week,
        break_weekday=row.break_weekday,
        session_min=row.session_min,
        session_max=row.session_max,
        target_kind=row.target_kind,
        target_value=row.target_value,
        reminder_lead_minutes=row.reminder_lead_minutes,
        checkin_time=row.checkin_time,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        max_pushes_per_day=row.max_pushes_per_day,
        opt_outs=tuple(row.opt_outs),
        day_factors={date.fromisoformat(d): float(f) for d, f in (row.day_factors or {}).items()},
    )


class SqlProfileRepository:
    """Profiles in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> Profile | None:
        """The profile of a user, if onboarding reached it."""
        row = await self._session.get(ProfileRow, user_id, populate_existing=True)
        return _profile(row) if row else None

    async def save(self, profile: Profile) -> None:
        """Insert or replace a user's profile."""
        values = {
            "user_id": profile.user_id,
            "pack_id": profile.pack_id,
            "track": profile.track,
            "exam_date": profile.exam_date,
            "start_date": profile.start_date,
            "availability": dict(profile.availability),
            "windows": {day: list(spans) for day, spans in profile.windows.items()},
            "blackout_dates": [value.isoformat() for value in profile.blackout_dates],
            "break_days_per_week": profile.break_days_per_week,
            "break_weekday": profile.break_weekday,
            "session_min": profile.session_min,
            "session_max": profile.session_max,
            "target_kind": profile.target_kind,
            "target_value": profile.target_value,
            "reminder_lead_minutes": profile.reminder_lead_minutes,
            "checkin_time": profile.checkin_time,
            "quiet_start": profile.quiet_start,
            "quiet_end": profile.quiet_end,
            "max_pushes_per_day": profile.max_pushes_per_day,
            "opt_outs": list(profile.opt_outs),
            "day_factors": {d.isoformat(): f for d, f in profile.day_factors.items()},
            "updated_at": datetime.now(UTC),
        }
        await upsert(self._session, ProfileRow, [values], ["user_id"])
