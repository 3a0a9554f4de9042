"""A week of one student under a frozen clock: exactly the expected pushes, at the expected
local times, with quiet hours and the daily cap respected — the same in a week with a daylight
saving change (Europe/Berlin, last Sunday of March 2027) as in a week without one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from coach.domain import SessionStatus
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.notify_harness import RecordingChannel, notifying_coach, run_until
from tests.notify_support import add_plan, add_student, session

BERLIN = ZoneInfo("Europe/Berlin")

# (local time, template) for Tuesday to Monday; Sunday is the day the clocks change in March.
EXPECTED = [
    ("Tue 17:00", "notify/milestone_streak"),  # seven days in a row in the first week
    ("Tue 17:45", "notify/reminder"),
    ("Tue 21:00", "notify/checkin"),
    ("Wed 08:00", "notify/reminder"),  # 07:55 falls in the quiet hours: waits for 08:00
    ("Wed 17:00", "notify/milestone_first_week"),
    ("Wed 17:45", "notify/reminder"),
    ("Wed 21:00", "notify/checkin"),
    ("Thu 09:45", "notify/reminder"),  # six sessions: the daily cap of six keeps the check-in
    ("Thu 11:45", "notify/reminder"),  # and the first five reminders
    ("Thu 13:45", "notify/reminder"),
    ("Thu 15:45", "notify/reminder"),
    ("Thu 17:45", "notify/reminder"),
    ("Thu 21:00", "notify/checkin"),
    ("Fri 17:00", "notify/slump_missed_days"),  # held back by Thursday's cap, sent next day
    ("Fri 17:45", "notify/reminder"),
    ("Fri 21:00", "notify/checkin"),
    ("Sat 17:45", "notify/reminder"),
    ("Sat 21:00", "notify/checkin"),
    ("Sun 17:45", "notify/reminder"),
    ("Sun 19:00", "notify/weekly_review"),
    ("Sun 21:00", "notify/checkin"),
    ("Mon 17:45", "notify/reminder"),
    ("Mon 21:00", "notify/checkin"),
]


def _sessions(user_id: int, tuesday: date) -> list:  # type: ignore[type-arg]
    history = [
        session(user_id, tuesday - timedelta(days=n), time(18, 0), status=SessionStatus.DONE)
        for n in range(1, 8)
    ]
    week = [session(user_id, tuesday + timedelta(days=n), time(18, 0)) for n in range(7)]
    wednesday, thursday = tuesday + timedelta(days=1), tuesday + timedelta(days=2)
    extra = [
        session(user_id, wednesday, time(7, 30), key="early"),  # its reminder is in quiet hours
        session(user_id, wednesday, time(8, 10), key="morning"),
        *(session(user_id, thursday, time(h, 0), key=f"thu-{h}") for h in (10, 12, 14, 16, 20)),
    ]
    return history + week + extra


@pytest.mark.parametrize(
    "tuesday",
    [
        pytest.param(date(2027, 3, 23), id="dst-week"),
        pytest.param(date(2027, 1, 12), id="winter-week"),
    ],
)
async def test_a_week_of_pushes(
    database_url: str, uow_factory: SqlUnitOfWorkFactory, tuesday: date
) -> None:
    # The web chat has no platform ceilings, so no real-time waits slow the simulated week.
    user = await add_student(uow_factory, timezone="Europe/Berlin", locale="en", channel="web")
    await add_plan(uow_factory, user, _sessions(user, tuesday), start=tuesday - timedelta(days=7))
    start = datetime.combine(tuesday, time(0, 0), tzinfo=BERLIN).astimezone(UTC)
    clock = FixedClock(start)
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        # The dispatcher ticks every quarter hour, the sweep every hour (on the hour).
        await run_until(jobs, clock, start + timedelta(days=7), timedelta(minutes=15), 4)

    got = [(d.local("Europe/Berlin"), d.reply.template) for d in channel.sent]
    assert got == EXPECTED
    assert len({d.reply.meta["dedupe_key"] for d in channel.sent}) == len(channel.sent)

    review = next(d.reply for d in channel.sent if d.reply.template == "notify/weekly_review")
    accept, keep = [c.payload for c in review.flat_choices]
    proposal_id = int(accept.removeprefix("plan:accept:"))
    assert keep == f"plan:keep:{proposal_id}"  # both name the proposal the review describes
    assert "lighter" in review.text
    async with uow_factory() as uow:
        proposal = await uow.plans.get(proposal_id)
    assert proposal is not None and proposal.summary["cause"] == "weekly_lighter"
    checkin = next(d.reply for d in channel.sent if d.reply.template == "notify/checkin")
    assert [c.payload for c in checkin.flat_choices] == ["checkin:start"]

    async with uow_factory() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow.dedupe_key, OutboxRow.last_error).where(
                    OutboxRow.status == "dropped"
                )
            )
        ).all()
    reasons = {reason for _, reason in rows}
    assert "quiet hours" in reasons  # the 07:30 session's reminder
    assert "daily cap" in reasons  # Thursday's 19:45 reminder
    assert all(not key.startswith("slump:") for key, _ in rows)  # the slump nudge was revived


async def test_the_dst_change_keeps_local_times_and_moves_utc(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    user = await add_student(uow_factory, timezone="Europe/Berlin", channel="web")
    saturday, sunday = date(2027, 3, 27), date(2027, 3, 28)
    await add_plan(uow_factory, user, [session(user, d, time(18, 0)) for d in (saturday, sunday)])
    start = datetime.combine(saturday, time(12, 0), tzinfo=BERLIN).astimezone(UTC)
    clock = FixedClock(start)
    channel = RecordingChannel(clock, name="web")
    async with notifying_coach(database_url, clock, channel) as (_, jobs):
        await run_until(jobs, clock, start + timedelta(days=1, hours=6), timedelta(minutes=15), 4)
    reminders = [d.at for d in channel.sent if d.reply.template == "notify/reminder"]
    assert [r.astimezone(BERLIN).strftime("%H:%M") for r in reminders] == ["17:45", "17:45"]
    assert reminders[1] - reminders[0] == timedelta(hours=23)  # the night had one hour less
