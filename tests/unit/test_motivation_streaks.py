"""Must-show 1: streaks under DST changes (America/New_York, Europe/London; Istanbul has none),
a time-zone change while travelling, rest and break days, illness, freezes earned and used, and
the rollover run twice — always the same as a plain day-by-day count under the rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.core.clock import study_day
from coach.domain import StudySession
from coach.motivation.ledger import day_facts
from coach.motivation.ports import StudyDayRecord
from coach.motivation.streaks import MAX_FREEZES, Mark, fold

ZONES = (
    "America/New_York",
    "Europe/London",
    "Europe/Istanbul",
    "Asia/Tokyo",
    "America/Los_Angeles",
)
# Windows that hold a DST change: US spring (8 Mar), EU spring (29 Mar), EU autumn (25 Oct),
# US autumn (1 Nov) 2026.
STARTS = (date(2026, 3, 1), date(2026, 3, 20), date(2026, 10, 18), date(2026, 10, 26))


@dataclass(frozen=True)
class Day:
    """One day of the student's life, as the rules speak of it."""

    plan: str  # rest | break | study
    did: str  # nothing | session | much | little  (a session done; partly done minutes)
    ill: bool
    hour: int  # local hour of the study, 4..27 (24+ is after midnight, before the day's end)
    minute: int


days_st = st.builds(
    Day,
    plan=st.sampled_from(["rest", "break", "study", "study", "study"]),
    did=st.sampled_from(["nothing", "session", "session", "much", "little"]),
    ill=st.booleans(),
    hour=st.integers(min_value=4, max_value=27),
    minute=st.integers(min_value=0, max_value=59),
)


def plain_count(days: list[Day]) -> tuple[int, int, list[str]]:
    """The rules, read literally, day by day: (streak, freezes held, what happened each day)."""
    streak = freezes = kept_in_a_row_for_freeze = 0
    story: list[str] = []
    for index, day in enumerate(days):
        is_today = index == len(days) - 1
        planned_minutes = 60 if day.plan == "study" else 0
        did_minutes = {"nothing": 0, "session": 45, "much": 40, "little": 10}[day.did]
        kept = day.did == "session" or (planned_minutes > 0 and did_minutes * 2 >= planned_minutes)
        if kept:
            streak += 1
            kept_in_a_row_for_freeze += 1
            if kept_in_a_row_for_freeze == 7:
                kept_in_a_row_for_freeze = 0
                if freezes < MAX_FREEZES:
                    freezes += 1
            story.append("kept")
        elif is_today:
            story.append("open")
        elif day.ill:
            story.append("ill")
        elif day.plan != "study":
            story.append("rest")
        elif freezes:
            freezes -= 1
            story.append("frozen")
        else:
            streak = 0
            kept_in_a_row_for_freeze = 0
            story.append("missed")
    return streak, freezes, story


def _local(day: date, hour: int, minute: int, zone: str) -> datetime:
    """The UTC instant of a local wall time on a study day (hours 24..27 are after midnight)."""
    wall = datetime.combine(day, time(hour % 24, minute)) + timedelta(days=hour // 24)
    return wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def production(
    days: list[Day], start: date, zones: list[str], now_hour: int
) -> tuple[list[StudySession], list[StudyDayRecord], date]:
    """What the coach stores: the plan's sessions, and study days recorded with the zone the
    student was in at that moment; and today as the coach computes it from the clock."""
    sessions: list[StudySession] = []
    records: dict[date, dict[str, int]] = defaultdict(
        lambda: {"sessions": 0, "minutes": 0, "ill": 0}
    )
    for index, day in enumerate(days):
        on = start + timedelta(days=index)
        if day.plan != "rest":
            kind = "lesson" if day.plan == "study" else "break"
            sessions.append(
                StudySession(index + 1, 1, 1, f"k{index}", kind, on, 60 if kind == "lesson" else 0)
            )
        if day.ill:
            records[on]["ill"] = 1  # Skip → ill names the session's own day
        if day.did != "nothing":
            recorded_on = study_day(_local(on, day.hour, day.minute, zones[index]), zones[index])
            assert recorded_on == on  # the student's own day, whatever the zone or DST
            sessions_done = 1 if day.did == "session" else 0
            minutes = {"session": 45, "much": 40, "little": 10}[day.did]
            records[recorded_on]["sessions"] += sessions_done
            records[recorded_on]["minutes"] += minutes
    last = start + timedelta(days=len(days) - 1)
    now = _local(last, now_hour, 0, zones[-1])
    today = study_day(now, zones[-1])
    stored = [
        StudyDayRecord(d, r["sessions"], r["minutes"], bool(r["ill"])) for d, r in records.items()
    ]
    return sessions, stored, today


@st.composite
def lives(draw: st.DrawFn) -> tuple[list[Day], date, list[str], int]:
    days = draw(st.lists(days_st, min_size=1, max_size=45))
    start = draw(st.sampled_from(STARTS))
    home = draw(st.sampled_from(ZONES))
    zones = [home] * len(days)
    if draw(st.booleans()) and len(days) > 1:  # one trip: a new zone from some day on
        leave = draw(st.integers(min_value=1, max_value=len(days) - 1))
        away = draw(st.sampled_from(ZONES))
        zones = [home] * leave + [away] * (len(days) - leave)
    now_hour = draw(st.integers(min_value=4, max_value=27))
    return days, start, zones, now_hour


@settings(max_examples=300, deadline=None)
@given(lives())
def test_the_streak_is_the_plain_day_by_day_count(
    life: tuple[list[Day], date, list[str], int],
) -> None:
    days, start, zones, now_hour = life
    sessions, records, today = production(days, start, zones, now_hour)
    assert today == start + timedelta(days=len(days) - 1)  # travel never skips or repeats a day
    streak = fold(day_facts(sessions, records), start, today)
    count, freezes, story = plain_count(days)
    assert (streak.count, streak.freezes) == (count, freezes)
    assert [streak.marks[start + timedelta(days=i)].value for i in range(len(days))] == story
    # the rollover is a fold of stored facts: running it again changes nothing
    again = fold(day_facts(sessions, records), start, today)
    assert again == streak
    assert 0 <= streak.freezes <= MAX_FREEZES


def test_a_session_at_one_thirty_belongs_to_the_evening_before() -> None:
    late = datetime(2026, 3, 8, 5, 30, tzinfo=UTC)  # 01:30 in New York, the night DST starts
    assert study_day(late, "America/New_York") == date(2026, 3, 7)
    assert study_day(datetime(2026, 3, 8, 9, 0, tzinfo=UTC), "America/New_York") == date(2026, 3, 8)


def test_the_london_autumn_change_keeps_the_day() -> None:
    # 01:30 happens twice on 25 Oct 2026 in London; both belong to Saturday's study day
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert (
        study_day(first, "Europe/London")
        == study_day(second, "Europe/London")
        == date(2026, 10, 24)
    )


def test_a_freeze_is_used_by_itself_and_a_second_miss_breaks() -> None:
    start = date(2026, 12, 7)
    sessions = [
        StudySession(i, 1, 1, f"k{i}", "lesson", start + timedelta(days=i), 30) for i in range(10)
    ]
    done = [StudyDayRecord(start + timedelta(days=i), 1, 30) for i in range(7)]
    streak = fold(day_facts(sessions, done), start, start + timedelta(days=9))
    assert streak.marks[start + timedelta(days=7)] is Mark.FROZEN
    assert streak.marks[start + timedelta(days=8)] is Mark.MISSED
    assert streak.count == 0 and streak.best == 7 and streak.freezes == 0


def test_the_30_day_view_starts_at_the_streaks_first_day() -> None:
    """Days before the student began are not shown as rest days they were excused from."""
    today = date(2026, 12, 7)
    streak = fold({}, today - timedelta(days=2), today)
    shown = streak.last_days(today, 30)
    assert [day for day, _mark in shown] == [today - timedelta(days=n) for n in (2, 1, 0)]
    assert shown[-1][1] is Mark.OPEN
    long_ago = fold({}, today - timedelta(days=60), today)
    assert len(long_ago.last_days(today, 30)) == 30
