"""Helpers shared by the notification tests: students, plans and pushes in a few lines."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from coach.domain import PlanStatus, Profile, SessionStatus, StudyPlan, StudySession
from coach.notifications import Address, ChoiceSpec, Notification, NotificationKind
from storage.uow import SqlUnitOfWorkFactory

CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def profile_for(user_id: int, **changes: Any) -> Profile:
    """A complete profile with the notification defaults, changed where asked."""
    values: dict[str, Any] = {
        "user_id": user_id,
        "pack_id": "yks",
        "track": "SAY",
        "exam_date": date(2027, 6, 19),
        "start_date": date(2026, 1, 1),
    }
    values.update(changes)
    return Profile(**values)


async def add_student(
    uow_factory: SqlUnitOfWorkFactory,
    *,
    timezone: str = "Europe/Berlin",
    locale: str = "en",
    channel: str = "telegram",
    chat: str | None = None,
    name: str | None = "Ada",
    **profile: Any,
) -> int:
    """A student with a profile and one reachable channel identity, who gave consent (as
    after /start in a private chat); returns the user id."""
    async with uow_factory() as uow:
        user = await uow.users.add(locale=locale, timezone=timezone, now=CREATED, display_name=name)
        user = dataclasses.replace(user, consent_at=CREATED)
        await uow.users.update(user)
        key = chat or str(100_000 + user.id)
        await uow.users.add_identity(user.id, channel, key, key, CREATED)
        await uow.profiles.save(profile_for(user.id, **profile))
        await uow.commit()
    return user.id


def session(
    user_id: int, day: date, start: time | None, minutes: int = 45, **changes: Any
) -> StudySession:
    """A scheduled lesson session (ids are assigned by the repository)."""
    values: dict[str, Any] = {
        "id": 0,
        "plan_id": 0,
        "user_id": user_id,
        "key": f"{day.isoformat()}-{start}",
        "kind": "lesson",
        "date": day,
        "minutes": minutes,
        "start": start,
        "topic_id": "limits",
        "subject_id": "math",
    }
    values.update(changes)
    return StudySession(**values)


async def add_plan(
    uow_factory: SqlUnitOfWorkFactory,
    user_id: int,
    sessions: Iterable[StudySession],
    start: date = date(2026, 1, 1),
) -> int:
    """An active plan holding `sessions`; returns the plan id."""
    async with uow_factory() as uow:
        plan = await uow.plans.add(
            StudyPlan(
                id=0,
                user_id=user_id,
                pack_id="yks",
                track="SAY",
                status=PlanStatus.ACTIVE,
                start_date=start,
                exam_date=date(2027, 6, 19),
                created_at=CREATED,
                activated_at=CREATED,
            ),
            list(sessions),
        )
        await uow.commit()
    return plan.id


def push(
    user_id: int | None,
    key: str,
    due: datetime,
    *,
    kind: NotificationKind = NotificationKind.CHECKIN,
    channel: str = "telegram",
    chat: str = "1001",
    expires: datetime | None = None,
    context: dict[str, Any] | None = None,
    drop_reason: str | None = None,
    local_day: date | None = None,
) -> Notification:
    """A notification ready to enqueue."""
    return Notification(
        user_id=user_id or 0,
        kind=kind,
        template="notify/checkin",
        dedupe_key=key,
        due_at=due,
        local_date=local_day or due.date(),
        address=Address(channel, chat, chat),
        locale="en",
        context=context if context is not None else {"rest_day": False, "student": "Ada"},
        choices=((ChoiceSpec("notify/buttons/checkin_start", "checkin:start"),),)
        if kind is NotificationKind.CHECKIN
        else (),
        expires_at=expires,
        drop_reason=drop_reason,
    )


def mark_sessions(sessions: Sequence[StudySession], status: SessionStatus) -> list[StudySession]:
    """Copies of sessions with another status."""
    from dataclasses import replace

    return [replace(s, status=status) for s in sessions]


def days(start: date, count: int) -> list[date]:
    """`count` consecutive days from `start`."""
    return [start + timedelta(days=n) for n in range(count)]


async def seed_students(uow_factory: SqlUnitOfWorkFactory, count: int) -> list[int]:
    """`count` students in bulk (UTC, no quiet hours), each reachable on Telegram chat 10000+i."""
    from sqlalchemy import insert

    from storage.models import ChannelIdentityRow, ProfileRow, UserRow

    async with uow_factory() as uow:
        result = await uow.session.execute(
            insert(UserRow).returning(UserRow.id, sort_by_parameter_order=True),
            [
                {"locale": "en", "timezone": "UTC", "status": "active", "role": "student",
                 "created_at": CREATED}
                for _ in range(count)
            ],
        )  # fmt: skip
        ids = list(result.scalars())
        await uow.session.execute(
            insert(ChannelIdentityRow),
            [
                {"user_id": i, "channel": "telegram", "external_id": str(10_000 + i),
                 "chat_id": str(10_000 + i), "reachable": True, "created_at": CREATED}
                for i in ids
            ],
        )  # fmt: skip
        await uow.session.execute(
            insert(ProfileRow),
            [
                {"user_id": i, "pack_id": "yks", "track": "SAY", "exam_date": date(2027, 6, 19),
                 "start_date": date(2026, 1, 1), "availability": {}, "windows": {},
                 "blackout_dates": [], "checkin_time": time(21, 0), "quiet_start": time(0, 0),
                 "quiet_end": time(0, 0), "opt_outs": [], "updated_at": CREATED}
                for i in ids
            ],
        )  # fmt: skip
        await uow.commit()
    return ids
