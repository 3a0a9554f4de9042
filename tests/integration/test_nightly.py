"""The nightly run: yesterday's open sessions are missed, one proposal is prepared and one
morning message shows it — however often the job runs that night."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.domain import WEEKDAYS, PlanStatus, SessionStatus
from coach.plans.usecases import ActivatePlan, ForStudent, SaveProfile
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.notify_harness import RecordingChannel, notifying_coach
from tests.notify_support import profile_for

MONDAY = datetime(2027, 3, 1, 5, 0, tzinfo=UTC)  # 08:00 in Istanbul
NIGHT = datetime(2027, 3, 1, 23, 30, tzinfo=UTC)  # Tuesday 02:30 in Istanbul
MORNING = datetime(2027, 3, 2, 5, 5, tzinfo=UTC)  # Tuesday 08:05 in Istanbul


async def test_the_nightly_run_twice_makes_one_proposal_and_one_morning_message(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    clock = FixedClock(MONDAY)
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (container, jobs):
        plans = container.coach.plans
        async with container.uow() as uow:
            user = await uow.users.add(locale="en", timezone="Europe/Istanbul", now=MONDAY)
            await uow.users.add_identity(user.id, "web", "w-night", "w-night", MONDAY)
            free = dict.fromkeys(WEEKDAYS, 120)
            profile = profile_for(user.id, start_date=MONDAY.date(), availability=free)
            await plans.save_profile(uow, MONDAY, SaveProfile(profile))
            preview = await plans.preview(uow, MONDAY, ForStudent(user.id))
            assert preview.draft is not None
            await plans.activate(uow, MONDAY, ActivatePlan(user.id, preview.draft.id))
            await uow.commit()
        clock.set(NIGHT)
        first = await jobs.nightly()
        clock.set(NIGHT + timedelta(minutes=30))
        second = await jobs.nightly()
        clock.set(MORNING)
        await jobs.sweep()
        await jobs.dispatch()
        async with container.uow() as uow:
            plan = await uow.plans.active_for(user.id)
            assert plan is not None
            monday = await uow.plans.sessions(plan.id, MONDAY.date(), MONDAY.date())
            draft = await uow.plans.latest_draft_for(user.id)
    assert [s for s in monday if s.kind != "break"], "the plan had sessions on Monday"
    assert first.missed > 0 and first.proposals == 1 and first.messages == 1
    assert second.students == 0 and second.proposals == 0  # done for tonight already
    assert {s.status for s in monday if s.kind != "break"} == {SessionStatus.MISSED}
    assert draft is not None and draft.status is PlanStatus.DRAFT
    assert draft.summary["cause"] == "nightly"
    mornings = [d for d in channel.sent if d.reply.template == "notify/replan_morning"]
    assert len(mornings) == 1
    payloads = [c.payload for c in mornings[0].reply.flat_choices]
    assert payloads == [f"plan:accept:{draft.id}", f"plan:keep:{draft.id}"]
    # the cost as the proposal says it, not "move 679, add 54 and drop 59 session(s)"
    text = mornings[0].reply.text
    assert "Bedeli:" in text or "What it costs:" in text, text
    assert "oturumu çıkarırım" not in text and "session(s)" not in text, text
    assert mornings[0].local("Europe/Istanbul") == "Tue 08:05"
