"""The sweep on both backends: reconciling moved and deleted sessions, pause, opt-outs, a new
time zone, downtime catch-up, and the event-driven pushes (resources, invitations)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from coach.domain import UserStatus
from coach.learning.records import MockResult, QuizAttempt
from coach.notifications.events import ResourceChoice, ResourceTrigger
from coach.notifications.pushes import push_resources
from storage.models import OutboxRow, StudySessionRow
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.notify_harness import RecordingChannel, notifying_coach, run_until
from tests.notify_support import add_plan, add_student, profile_for, session

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = date(2027, 1, 12)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


async def rows(uow_factory: SqlUnitOfWorkFactory) -> dict[str, SimpleNamespace]:
    async with uow_factory() as uow:
        result = await uow.session.execute(select(*OutboxRow.__table__.c))
        return {r["dedupe_key"]: SimpleNamespace(**r) for r in result.mappings()}


async def test_a_moved_session_moves_its_reminder_and_a_deleted_one_drops_it(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    user = await add_student(uow_factory, channel="web")
    planned = [
        session(user, TUESDAY, time(18, 0), key="a"),
        session(user, TUESDAY, time(20, 0), key="b"),
    ]
    plan = await add_plan(uow_factory, user, planned)
    clock = FixedClock(at(TUESDAY, 9))
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        await jobs.sweep()
        async with uow_factory() as uow:  # re-planning moves one session and removes the other
            moved, removed = await uow.plans.sessions(plan)
            await uow.plans.update_session(dataclasses.replace(moved, start=time(19, 0)))
            await uow.session.execute(
                delete(StudySessionRow).where(StudySessionRow.id == removed.id)
            )
            await uow.commit()
        clock.advance(minutes=5)
        report = await jobs.sweep()
    stored = await rows(uow_factory)
    refreshed = stored[f"reminder:{moved.id}:{TUESDAY}"]
    assert (refreshed.status, refreshed.due_at) == ("queued", at(TUESDAY, 18, 45))
    gone = stored[f"reminder:{removed.id}:{TUESDAY}"]
    assert (gone.status, gone.last_error) == ("dropped", "superseded")
    assert report.superseded == 1


async def test_pause_opt_out_and_a_new_time_zone_are_honoured_by_the_next_sweep(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    user = await add_student(uow_factory, channel="web")
    thursday = session(user, TUESDAY + timedelta(days=2), None)  # a check-in needs a plan day
    await add_plan(uow_factory, user, [session(user, TUESDAY, time(18, 0)), thursday])
    clock = FixedClock(at(TUESDAY, 9))
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        await jobs.sweep()
        async with uow_factory() as uow:  # the student moves to Istanbul (UTC+3, no DST)
            student = await uow.users.get(user)
            assert student is not None
            await uow.users.update(dataclasses.replace(student, timezone="Europe/Istanbul"))
            await uow.commit()
        await jobs.sweep()
        reminder = next(r for k, r in (await rows(uow_factory)).items() if k.startswith("reminder"))
        assert reminder.due_at == datetime(2027, 1, 12, 14, 45, tzinfo=UTC)  # 17:45 in Istanbul

        async with uow_factory() as uow:  # then turns reminders off and pauses everything
            await uow.profiles.save(profile_for(user, opt_outs=("reminder",)))
            await uow.commit()
        await jobs.sweep()
        assert (await rows(uow_factory))[reminder.dedupe_key].last_error == "superseded"
        async with uow_factory() as uow:
            student = await uow.users.get(user)
            assert student is not None
            await uow.users.update(dataclasses.replace(student, status=UserStatus.PAUSED))
            await uow.commit()
        await run_until(jobs, clock, at(TUESDAY + timedelta(days=1), 23), timedelta(minutes=30))
        assert channel.sent == []  # paused: nothing at all

        async with uow_factory() as uow:  # back again: the check-ins return
            student = await uow.users.get(user)
            assert student is not None
            await uow.users.update(dataclasses.replace(student, status=UserStatus.ACTIVE))
            await uow.commit()
        await run_until(jobs, clock, at(TUESDAY + timedelta(days=2), 22), timedelta(minutes=30))
    assert [(d.local("Europe/Istanbul"), d.reply.template) for d in channel.sent] == [
        ("Thu 21:00", "notify/checkin")
    ]


async def test_after_downtime_past_reminders_are_recorded_and_late_pushes_still_go(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    sunday = TUESDAY + timedelta(days=5)
    user = await add_student(uow_factory, channel="web")
    await add_plan(uow_factory, user, [session(user, sunday, time(18, 0))])
    clock = FixedClock(at(sunday, 12))
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        await jobs.sweep()
        await jobs.dispatch()
        clock.set(at(sunday, 22, 30))  # down from noon until 22:30
        await jobs.sweep()
        await jobs.dispatch()
        assert [(d.local("Europe/Berlin"), d.reply.template) for d in channel.sent] == [
            ("Sun 22:30", "notify/weekly_review"),  # still sent
            ("Sun 22:30", "notify/checkin"),  # still within three hours of 21:00
        ]
        stored = await rows(uow_factory)
        reminder = next(r for k, r in stored.items() if k.startswith("reminder"))
        assert (reminder.status, reminder.last_error) == ("dropped", "session already started")

        clock.set(at(sunday + timedelta(days=1), 9))  # again down overnight
        await jobs.sweep()
        await jobs.dispatch()
        await jobs.sweep()
        await jobs.dispatch()
    assert len(channel.sent) == 2  # nothing twice, nothing new at night
    assert len({d.reply.meta["dedupe_key"] for d in channel.sent}) == 2


async def test_a_review_missed_by_downtime_waits_for_the_morning_if_it_is_night(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    sunday = TUESDAY + timedelta(days=5)
    user = await add_student(uow_factory, channel="web")
    await add_plan(
        uow_factory,
        user,
        [session(user, sunday - timedelta(days=1), time(18, 0)), session(user, sunday, None)],
    )
    clock = FixedClock(at(sunday, 12))
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        await jobs.sweep()
        clock.set(at(sunday, 23, 30))  # back after the check-in window, in the quiet hours
        await run_until(jobs, clock, at(sunday + timedelta(days=1), 9), timedelta(minutes=30))
    got = [(d.local("Europe/Berlin"), d.reply.template) for d in channel.sent]
    assert got == [("Mon 08:00", "notify/weekly_review")]
    stored = await rows(uow_factory)
    assert stored[f"checkin:{user}:{sunday}"].last_error == "quiet hours"


async def test_stuck_resources_go_out_at_night(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    user = await add_student(uow_factory, channel="web")
    clock = FixedClock(at(TUESDAY, 23, 30))
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        async with uow_factory() as uow:
            stored = await push_resources(
                uow, user, channels=("web",), trigger=ResourceTrigger.STUCK, ref="s1",
                topic="Limits", resources=[ResourceChoice("Limits, gently", "https://x.org", 7)],
                now=clock.now(),
            )  # fmt: skip
            await uow.commit()
        assert stored is not None
        await run_until(jobs, clock, at(TUESDAY + timedelta(days=1), 8, 30), timedelta(minutes=30))
    got = [(d.local("Europe/Berlin"), d.reply.template) for d in channel.sent]
    assert got == [("Tue 23:30", "notify/resource_links")]  # asked for: quiet hours let it by


async def test_stored_quiz_and_mock_results_drive_the_score_nudges(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    # one nudge per student and day: one student slips in quizzes, another beats their mock
    slipping = await add_student(uow_factory, channel="web")
    improving = await add_student(uow_factory, channel="web")
    for user in (slipping, improving):
        await add_plan(uow_factory, user, [session(user, TUESDAY, time(18, 0))])
    async with uow_factory() as uow:
        attempts = []
        for quiz, right in enumerate((3, 2, 1)):  # three quizzes, each worse than the last
            for question in range(3):
                answered = at(TUESDAY - timedelta(days=3 - quiz), 16, question)
                attempts.append(
                    QuizAttempt(
                        slipping,
                        "yks",
                        "problemler",
                        f"q{quiz}",
                        "ondemand",
                        f"x{question}",
                        3,
                        question < right,
                        False,
                        20_000,
                        0.5,
                        0.5,
                        answered,
                    )
                )
        await uow.learning.add_attempts(attempts)
        for days_ago, net in ((10, 40.0), (1, 52.5)):
            await uow.learning.add_mock(
                MockResult(improving, "yks", at(TUESDAY - timedelta(days=days_ago), 12), (), net)
            )
        await uow.commit()
    clock = FixedClock(at(TUESDAY, 17, 5))  # nudges are decided at 17:00 local time
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        await jobs.sweep()
    by_user = {(row.user_id, row.template) for row in (await rows(uow_factory)).values()}
    assert (slipping, "notify/slump_quiz_scores") in by_user
    assert (improving, "notify/milestone_mock_improved") in by_user


async def test_a_checkin_already_done_drops_the_evening_push(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    user = await add_student(uow_factory, channel="web", opt_outs=("reminder",))
    await add_plan(uow_factory, user, [session(user, TUESDAY, time(18, 0))])
    clock = FixedClock(at(TUESDAY, 9))
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        await jobs.sweep()
        queued = (await rows(uow_factory))[f"checkin:{user}:{TUESDAY}"]
        assert queued.status == "queued"
        async with uow_factory() as uow:  # /checkin at 19:00 settled the day's only session
            await uow.session.execute(
                StudySessionRow.__table__.update().values(status="done")  # type: ignore[attr-defined]
            )
            await uow.commit()
        await run_until(jobs, clock, at(TUESDAY, 22), timedelta(minutes=30))
    assert [d.reply.template for d in channel.sent] == []
    assert (await rows(uow_factory))[f"checkin:{user}:{TUESDAY}"].last_error == "superseded"
