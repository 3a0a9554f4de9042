"""The streak rollover: a missed planned day uses a held freeze by itself and the student is
told once through the outbox (run twice, announced once); celebrations obey the off switch."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

from bot.bootstrap import wired_engine
from bot.jobs.motivation import StreakRollover
from coach.dialogue.engine import EngineConfig
from coach.domain import StudySession
from coach.motivation.reactions import MotivationReactions
from coach.motivation.streaks import Mark
from coach.motivation.usecases import ForStudent
from coach.notifications.model import NotificationKind
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock
from tests.integration.test_motivation_chat import _onboarded

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
MONDAY = date(2026, 12, 7)


async def _student_with_seven_kept_days(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> tuple[int, MotivationReactions]:
    catalog = Catalog.load([str(MINI)])
    engine = wired_engine(uow_factory, clock, catalog, EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await _onboarded(chat)
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity(chat.channel.value, chat.user_key)
        assert user is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        # a lesson planned on Monday the 14th (the mini pack's plan is short)
        extra = StudySession(
            0, plan.id, user.id, "extra-14", "lesson", MONDAY + timedelta(days=7), 30
        )
        await uow.plans.replace_future(plan.id, MONDAY + timedelta(days=7), [extra])
        for offset in range(7):  # the first week kept, every day
            await uow.motivation.add_study(
                user.id, MONDAY + timedelta(days=offset), sessions=1, minutes=30
            )
        await uow.commit()
    return user.id, MotivationReactions(catalog)


async def test_a_missed_day_uses_a_freeze_and_says_so_once(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    user_id, reactions = await _student_with_seven_kept_days(uow_factory, clock)
    # Tuesday the 15th, 10:00 in Istanbul: Monday the 14th was planned and missed
    clock.set(clock.now() + timedelta(days=8, hours=1))
    rollover = StreakRollover(uow_factory, clock, reactions.usecases)  # type: ignore[arg-type]
    first = await rollover.run()
    second = await rollover.run()
    assert first.freezes_announced == 1
    assert second.freezes_announced == 0
    async with uow_factory() as uow:
        outcome = await reactions.usecases.streak(uow, clock.now(), ForStudent(user_id))
        today = outcome.today
        rows = await uow.outbox.day_rows([user_id], today, today + timedelta(days=1))
    assert outcome.streak.marks[MONDAY + timedelta(days=7)] is Mark.FROZEN
    assert outcome.streak.count == 7 and outcome.streak.freezes == 0
    freezes = [r for r in rows if r.dedupe_key.startswith("celebration:freeze:")]
    assert len(freezes) == 1 and freezes[0].kind is NotificationKind.CELEBRATION


async def test_celebrations_can_be_turned_off(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    user_id, reactions = await _student_with_seven_kept_days(uow_factory, clock)
    async with uow_factory() as uow:
        profile = await uow.profiles.get(user_id)
        assert profile is not None
        await uow.profiles.save(dataclasses.replace(profile, opt_outs=("celebration",)))
        await uow.commit()
    clock.set(clock.now() + timedelta(days=8, hours=1))
    report = await StreakRollover(uow_factory, clock, reactions.usecases).run()  # type: ignore[arg-type]
    assert report.freezes_announced == 1  # the freeze is used all the same
    async with uow_factory() as uow:
        day = clock.now().date()
        rows = await uow.outbox.day_rows(
            [user_id], day - timedelta(days=1), day + timedelta(days=1)
        )
    assert not [r for r in rows if r.kind is NotificationKind.CELEBRATION]
