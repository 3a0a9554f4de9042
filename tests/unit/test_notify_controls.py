"""The student's controls: quiet hours, DST, pause, opt-outs, the cap, the last check."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from coach.domain import User, UserStatus
from coach.notifications import (
    Decision,
    Defer,
    Drop,
    NotificationKind,
    PendingPush,
    Send,
    StudentRules,
    apply_daily_cap,
    delivery_decision,
    local_moment,
    next_allowed,
)
from coach.notifications.controls import in_quiet_hours, is_paused, opted_out, zone
from tests.notify_support import profile_for, push

BERLIN = ZoneInfo("Europe/Berlin")
USER = User(
    id=1, locale="en", timezone="Europe/Berlin", created_at=datetime(2026, 1, 1, tzinfo=UTC)
)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


def test_quiet_hours_across_midnight_and_within_a_day() -> None:
    night = (time(23, 0), time(8, 0))
    assert in_quiet_hours(time(23, 0), *night)
    assert in_quiet_hours(time(7, 59), *night)
    assert not in_quiet_hours(time(8, 0), *night)
    assert not in_quiet_hours(time(22, 59), *night)
    assert in_quiet_hours(time(13, 30), time(13, 0), time(15, 0))
    assert not in_quiet_hours(time(3, 0), time(0, 0), time(0, 0))  # equal ends: no quiet hours


def test_a_push_in_the_quiet_hours_waits_for_their_end() -> None:
    day = date(2027, 1, 12)
    quiet = (time(23, 0), time(8, 0))
    assert next_allowed(berlin(day, 23, 30), BERLIN, *quiet) == berlin(day + timedelta(days=1), 8)
    assert next_allowed(berlin(day, 6, 0), BERLIN, *quiet) == berlin(day, 8)
    assert next_allowed(berlin(day, 12, 0), BERLIN, *quiet) == berlin(day, 12)


def test_quiet_hours_end_at_local_eight_on_both_sides_of_the_spring_change() -> None:
    saturday_night = berlin(date(2027, 3, 27), 23, 30)
    morning = next_allowed(saturday_night, BERLIN, time(23, 0), time(8, 0))
    assert morning.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M %Z") == "2027-03-28 08:00 CEST"
    assert morning - saturday_night == timedelta(hours=7, minutes=30)  # one hour less that night


def test_a_wall_time_in_the_spring_gap_lands_after_it() -> None:
    moment = local_moment(date(2027, 3, 28), time(2, 30), BERLIN)
    assert moment.astimezone(BERLIN).strftime("%H:%M") == "03:30"


@given(
    moment=st.datetimes(  # hypothesis takes naive bounds and attaches `timezones`
        min_value=datetime(2026, 1, 1),  # noqa: DTZ001
        max_value=datetime(2028, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    start=st.times(),
    end=st.times(),
    tz=st.sampled_from(["Europe/Berlin", "Europe/Istanbul", "America/New_York", "UTC"]),
)
def test_next_allowed_is_never_earlier_nor_quiet(
    moment: datetime, start: time, end: time, tz: str
) -> None:
    zone_info = ZoneInfo(tz)
    allowed = next_allowed(moment, zone_info, start, end)
    assert allowed >= moment
    assert allowed - moment <= timedelta(hours=25)
    wall = allowed.astimezone(zone_info).time().replace(tzinfo=None)
    # the end of the window itself may be skipped only when it does not exist (a DST gap)
    assert not in_quiet_hours(wall, start, end) or allowed == moment


def test_pause_and_resume_day() -> None:
    paused = dataclasses.replace(USER, status=UserStatus.PAUSED, paused_until=date(2027, 1, 15))
    assert is_paused(paused, date(2027, 1, 14))
    assert not is_paused(paused, date(2027, 1, 15))  # the day they come back
    assert is_paused(dataclasses.replace(paused, paused_until=None), date(2030, 1, 1))
    assert not is_paused(USER, date(2027, 1, 14))


def test_opt_outs_by_kind_and_by_the_nudge_alias() -> None:
    profile = profile_for(1, opt_outs=("reminder", "nudge"))
    assert opted_out(profile, NotificationKind.REMINDER)
    assert opted_out(profile, NotificationKind.MILESTONE)
    assert opted_out(profile, NotificationKind.SLUMP)
    assert not opted_out(profile, NotificationKind.CHECKIN)


def test_unknown_time_zone_falls_back_instead_of_failing() -> None:
    assert zone("Mars/Olympus_Mons") == ZoneInfo("Europe/Istanbul")


def test_the_daily_cap_keeps_the_most_important_and_records_the_rest() -> None:
    now = datetime(2027, 1, 12, 6, 0, tzinfo=UTC)
    day = now.date()
    items = [push(1, f"reminder:{n}", now + timedelta(hours=n), kind=NotificationKind.REMINDER)
             for n in range(6)]  # fmt: skip
    items.append(push(1, "checkin", now + timedelta(hours=12)))
    kept = apply_daily_cap(items, {}, {1: 6})
    dropped = [n.dedupe_key for n in kept if n.drop_reason == "daily cap"]
    assert dropped == ["reminder:5"]  # the check-in outranks the last reminder of the day
    # A row already queued keeps its place and is only refreshed.
    kept = apply_daily_cap(items, {(1, day): {"reminder:5"}}, {1: 6})
    assert [n.dedupe_key for n in kept if n.drop_reason] == ["reminder:4"]


@given(
    counts=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=4),
    cap=st.integers(min_value=0, max_value=8),
    already=st.integers(min_value=0, max_value=8),
)
def test_the_cap_is_never_exceeded(counts: list[int], cap: int, already: int) -> None:
    now = datetime(2027, 1, 12, 6, 0, tzinfo=UTC)
    items = [
        push(user, f"{user}:{n}", now + timedelta(minutes=n))
        for user, count in enumerate(counts, start=1)
        for n in range(count)
    ]
    active = {(user, now.date()): {f"old:{k}" for k in range(already)} for user in range(1, 5)}
    kept = apply_daily_cap(items, active, dict.fromkeys(range(1, 5), cap))
    for user in range(1, len(counts) + 1):
        sending = [n for n in kept if n.user_id == user and not n.drop_reason]
        assert len(sending) == min(counts[user - 1], max(cap - already, 0))


def _decide(push_: PendingPush, now: datetime, sent_today: int = 0, **changes: object) -> Decision:
    rules = StudentRules.of(USER, profile_for(1, **changes))
    return delivery_decision(push_, rules, sent_today, now)


def test_the_last_check_before_sending() -> None:
    day = date(2027, 1, 12)
    checkin = PendingPush(NotificationKind.CHECKIN, False, berlin(day, 21) + timedelta(hours=3))
    assert _decide(checkin, berlin(day, 21, 30)) == Send()
    # back from downtime into the quiet hours: the window closes before they end
    assert _decide(checkin, berlin(day, 23, 30)) == Drop("quiet hours")
    assert _decide(checkin, berlin(day, 21, 30), sent_today=6) == Drop("daily cap")
    assert _decide(checkin, berlin(day, 21, 30), opt_outs=("checkin",)) == Drop("opted out")
    review = PendingPush(NotificationKind.WEEKLY_REVIEW, False, berlin(day, 19) + timedelta(days=6))
    assert _decide(review, berlin(day, 23, 30)) == Defer(berlin(day + timedelta(days=1), 8))
    reminder = PendingPush(NotificationKind.REMINDER, False, berlin(day, 18))
    assert _decide(reminder, berlin(day, 18, 5)) == Drop("session already started")
    stuck = PendingPush(NotificationKind.RESOURCE, True, None)
    assert _decide(stuck, berlin(day, 23, 30), sent_today=9) == Send()  # the student just asked
    paused = StudentRules.of(dataclasses.replace(USER, status=UserStatus.PAUSED), profile_for(1))
    assert delivery_decision(checkin, paused, 0, berlin(day, 21)) == Drop("paused")
    assert delivery_decision(checkin, None, 0, berlin(day, 21)) == Drop("recipient gone")
