"""The weekly review's Accept applies exactly the proposal the review describes (through the
real Telegram Application and the fake Bot API), and leaves an older pending draft alone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import Container
from coach.domain import WEEKDAYS, PlanStatus
from coach.plans.usecases import ActivatePlan, ForStudent, ProposeReplan, SaveProfile
from tests.adapters.telegram_support import NOW
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import running_coach
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser
from tests.notify_support import profile_for

SUNDAY_EVENING = NOW + timedelta(days=6, hours=10, minutes=5)  # Sun 13 Dec, 19:05 in Istanbul
NEXT_WEEK = (date(2026, 12, 14), date(2026, 12, 20))
ADA = FakeUser(7301, "Ada", "en")
FREE = dict(zip(WEEKDAYS, (180, 180, 180, 180, 150, 360, 300), strict=True))


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


async def _student_with_a_plan(container: Container) -> tuple[int, int, int]:
    """A Telegram student with an active YKS plan and one unanswered (older) proposal."""
    plans = container.coach.plans
    now = container.clock.now()
    async with container.uow() as uow:
        user = await uow.users.add(locale="en", timezone="Europe/Istanbul", now=now)
        await uow.users.add_identity(user.id, "telegram", str(ADA.id), str(ADA.id), now)
        profile = profile_for(user.id, start_date=now.date(), availability=FREE)
        await plans.save_profile(uow, now, SaveProfile(profile))
        preview = await plans.preview(uow, now, ForStudent(user.id))
        assert preview.draft is not None
        await plans.activate(uow, now, ActivatePlan(user.id, preview.draft.id))
        away = await plans.propose(
            uow, now, ProposeReplan(user.id, cause="away", away=(now.date() + timedelta(1),))
        )
        assert away is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        await uow.commit()
    return user.id, plan.id, away.plan_id


async def test_weekly_accept_applies_the_review_proposal_and_no_other(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    async with running_coach(fake, url, webhook=False, packs=("yks",)) as container:
        user_id, plan_id, older_id = await _student_with_a_plan(container)
        async with container.uow() as uow:
            older = await uow.plans.get(older_id)
            older_sessions = await uow.plans.sessions(older_id)
            before = await uow.plans.sessions(plan_id, *NEXT_WEEK)
        assert isinstance(container.clock, FixedClock)
        container.clock.set(SUNDAY_EVENING)  # nothing done this week: the review says lighter
        await container.notification_jobs.sweep()
        await container.notification_jobs.dispatch()
        [review] = [m for m in fake.messages(ADA.id) if m.get("text", "").startswith("📅")]
        assert "about 20% lighter" in review["text"]
        [accept] = [data for _l, data in FakeTelegramServer.buttons(review) if "accept" in data]
        proposal_id = int(accept.rsplit(":", 1)[1])
        assert proposal_id != older_id
        sent = len(fake.messages(ADA.id))
        await fake.press(ADA, review, accept)
        await fake.wait_for(lambda: len(fake.messages(ADA.id)) > sent)
        answer = fake.messages(ADA.id)[-1]["text"]
        async with container.uow() as uow:
            after = await uow.plans.sessions(plan_id, *NEXT_WEEK)
            applied = await uow.plans.get(proposal_id)
            untouched = await uow.plans.get(older_id)
            untouched_sessions = await uow.plans.sessions(older_id)
            profile = await uow.profiles.get(user_id)
    assert "updated" in answer
    assert applied is not None and applied.status is PlanStatus.ARCHIVED
    assert applied.summary["cause"] == "weekly_lighter"
    per_day: dict[date, int] = {}
    for session in after:
        per_day[session.date] = per_day.get(session.date, 0) + session.minutes
    for day, minutes in per_day.items():
        assert minutes <= round(0.8 * FREE[WEEKDAYS[day.weekday()]]), day
    assert sum(per_day.values()) <= 0.85 * sum(s.minutes for s in before)
    assert profile is not None and set(profile.day_factors.values()) == {0.8}
    assert untouched is not None and older is not None
    assert untouched.status is PlanStatus.DRAFT and untouched.summary == older.summary
    assert [(s.key, s.date, s.minutes) for s in untouched_sessions] == [
        (s.key, s.date, s.minutes) for s in older_sessions
    ]
