"""What the producers make: reminders, check-ins, weekly reviews, nudges, resources."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.domain import SessionStatus, User, UserStatus
from coach.notifications import Address, NotificationKind, Recipient
from coach.notifications.events import ResourceChoice, ResourceTrigger, resource_links
from coach.notifications.model import MockScore, QuizScore
from coach.notifications.nudges import NudgeSlot, ProgressSignals, missed_run, nudge, streak
from coach.notifications.schedule import SweepWindow, checkins, reminders
from coach.notifications.weekly import (
    ReviewSlot,
    WeekFacts,
    latest_review_slot,
    mastery_changes,
    suggestion,
    weekly_review,
    with_proposal,
)
from tests.notify_support import profile_for, session

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = date(2027, 1, 12)


def recipient(**profile: object) -> Recipient:
    user = User(1, "en", "Europe/Berlin", datetime(2026, 1, 1, tzinfo=UTC), "Ada")
    return Recipient(user, profile_for(1, **profile), Address("telegram", "7", "7"))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


def local(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%a %H:%M")


def test_reminders_come_lead_minutes_before_scheduled_sessions_only() -> None:
    sessions = [
        dataclasses.replace(session(1, TUESDAY, time(18, 0)), id=1),
        dataclasses.replace(session(1, TUESDAY, time(16, 0), status=SessionStatus.DONE), id=2),
        dataclasses.replace(session(1, TUESDAY, None), id=3),  # no start time: nothing to remind
        dataclasses.replace(session(1, TUESDAY, time(10, 0), kind="break"), id=4),
        dataclasses.replace(session(1, TUESDAY + timedelta(days=5), time(9, 0)), id=5),  # outside
    ]
    window = SweepWindow(at(TUESDAY, 9))
    made = reminders(recipient(reminder_lead_minutes=30), sessions, window, {"limits": "Limits"})
    [only] = made
    assert (only.dedupe_key, local(only.due_at), only.expires_at) == (
        "reminder:1:2027-01-12",
        "Tue 17:30",
        at(TUESDAY, 18),
    )
    assert only.context["topic"] == "Limits"
    assert only.context["lead"] == 30
    assert reminders(recipient(opt_outs=("reminder",)), sessions, window) == []


def test_a_reminder_after_its_session_started_is_recorded_as_dropped() -> None:
    sessions = [dataclasses.replace(session(1, TUESDAY, time(8, 0)), id=1)]
    [late] = reminders(recipient(), sessions, SweepWindow(at(TUESDAY, 9)))
    assert late.drop_reason == "session already started"
    [quiet] = reminders(recipient(), [dataclasses.replace(sessions[0], start=time(7, 30))],
                        SweepWindow(at(TUESDAY - timedelta(days=1), 12)))  # fmt: skip
    assert quiet.drop_reason == "quiet hours"


def _days(first: date, count: int, **changes: object) -> list:  # type: ignore[type-arg]
    start = changes.pop("start", time(18, 0))
    return [session(1, first + timedelta(days=n), start, **changes) for n in range(count)]  # type: ignore[arg-type]


def test_checkins_carry_the_start_button_and_a_three_hour_window() -> None:
    plan = _days(TUESDAY - timedelta(days=1), 3, kind="break", minutes=0, start=None)
    made = checkins(recipient(checkin_time=time(20, 30)), plan, SweepWindow(at(TUESDAY, 9)))
    late = checkins(recipient(checkin_time=time(20, 30)), plan, SweepWindow(at(TUESDAY, 23)))
    assert [local(n.due_at) for n in late] == ["Tue 20:30", "Wed 20:30"]  # within three hours
    # yesterday's is long past its three hours: too late to ask, so not even produced
    assert [local(n.due_at) for n in made] == ["Tue 20:30", "Wed 20:30"]
    tuesday = made[0]
    assert tuesday.expires_at == tuesday.due_at + timedelta(hours=3)
    assert [c.payload for row in tuesday.choices for c in row] == ["checkin:start"]
    assert tuesday.context == {"rest_day": True, "student": "Ada"}
    paused = dataclasses.replace(
        recipient(), user=dataclasses.replace(recipient().user, status=UserStatus.PAUSED)
    )
    assert checkins(paused, plan, SweepWindow(at(TUESDAY, 9))) == []


def test_no_checkin_once_every_session_of_the_day_is_settled() -> None:
    done = _days(TUESDAY, 1, status=SessionStatus.DONE)
    skipped = dataclasses.replace(done[0], key="b", status=SessionStatus.SKIPPED)
    window = SweepWindow(at(TUESDAY, 9))
    assert checkins(recipient(), [*done, skipped], window, days=[TUESDAY]) == []
    still_open = dataclasses.replace(done[0], key="c", status=SessionStatus.SCHEDULED)
    [made] = checkins(recipient(), [*done, still_open], window, days=[TUESDAY])
    assert made.context["rest_day"] is False


def test_the_rest_wording_only_on_a_planned_break_day_not_before_the_plan_starts() -> None:
    # "No rest day", the plan starts on Wednesday: Tuesday has no row of the plan at all
    plan = _days(TUESDAY + timedelta(days=1), 1)
    window = SweepWindow(at(TUESDAY, 9))
    made = checkins(recipient(), plan, window, days=[TUESDAY, TUESDAY + timedelta(days=1)])
    assert [(n.local_date, n.context["rest_day"]) for n in made] == [
        (TUESDAY + timedelta(days=1), False)
    ]
    rest = _days(TUESDAY, 1, kind="break", minutes=0, start=None)
    [on_break] = checkins(recipient(), rest, window, days=[TUESDAY])
    assert on_break.context["rest_day"] is True


def test_the_weekly_review_slot_is_sunday_evening_local() -> None:
    slot = latest_review_slot(recipient(), at(TUESDAY, 9))
    assert slot.review_day == date(2027, 1, 10)
    assert local(slot.due_at) == "Sun 19:00"
    assert slot.week_start == date(2027, 1, 4)
    assert latest_review_slot(recipient(), at(date(2027, 1, 17), 19)).review_day == date(
        2027, 1, 17
    )


def test_weekly_review_content_and_buttons() -> None:
    sunday = date(2027, 1, 17)
    week = [
        session(1, sunday - timedelta(days=n), time(18, 0), topic_id=f"t{n}",
                status=SessionStatus.DONE if n < 3 else SessionStatus.SCHEDULED, minutes_spent=50)
        for n in range(6)
    ]  # fmt: skip
    upcoming = [session(1, sunday + timedelta(days=1), time(18, 0), minutes=90, topic_id="derivs")]
    facts = WeekFacts(week, upcoming, {"limits": 0.4}, {"limits": 0.7, "sets": 0.52})
    slot = ReviewSlot(sunday, at(sunday, 19))
    review = weekly_review(recipient(), slot, facts, {"limits": "Limits", "derivs": "Derivatives"},
                           at(sunday, 19))  # fmt: skip
    assert review is not None
    assert review.context["planned"] == 6
    assert review.context["done"] == 3
    assert review.context["minutes_spent"] == 150
    assert review.context["completion"] == 50
    assert review.context["suggestion"] == "lighter"
    assert review.context["focus"] == ["Derivatives"]
    assert review.context["mastery_changes"][0] == {"topic": "sets", "before": 0, "after": 52}
    assert review.choices == ()  # the buttons name a stored proposal (see with_proposal)
    assert review.expires_at == slot.due_at + timedelta(days=6)
    offered = with_proposal(review, 42)
    assert [c.payload for row in offered.choices for c in row] == ["plan:accept:42", "plan:keep:42"]
    unchanged = with_proposal(review, None)  # the plan would not change: nothing to offer
    assert unchanged.choices == () and unchanged.context["suggestion"] is None


def test_weekly_suggestions() -> None:
    assert suggestion(300, 100, all_done=False) == ("lighter", 20)
    assert suggestion(300, 300, all_done=True) == ("stretch", 10)
    assert suggestion(300, 240, all_done=False) is None
    assert suggestion(0, 0, all_done=True) is None
    assert mastery_changes({"a": 0.5}, {"a": 0.52}, {}) == []  # too small to mention


def _history(pattern: str, today: date) -> list:  # type: ignore[type-arg]
    """One session per day before `today`, oldest first: d = done, m = missed, . = rest day."""
    made = []
    for offset, mark in enumerate(reversed(pattern), start=1):
        if mark == ".":
            continue
        status = SessionStatus.DONE if mark == "d" else SessionStatus.MISSED
        made.append(session(1, today - timedelta(days=offset), time(18, 0), status=status))
    return made


def test_streaks_skip_rest_days_and_missed_runs_count_planned_days() -> None:
    today = date(2027, 1, 20)
    assert streak(_history("mddd.ddd", today), today) == (6, today - timedelta(days=7))
    assert streak([*_history("ddddddd", today), session(1, today, time(18, 0))], today)[0] == 7
    assert missed_run(_history("ddm.m", today), today) == (2, today - timedelta(days=3))


def _nudge(signals: ProgressSignals, day: date, **profile: object):  # type: ignore[no-untyped-def]
    return nudge(recipient(**profile), signals, NudgeSlot(day, at(day, 17)), {"limits": "Limits"})


def test_one_nudge_a_day_the_most_helpful_first() -> None:
    today = date(2027, 1, 20)
    upcoming = [session(1, today, time(18, 0))]
    slump = _nudge(ProgressSignals(_history("ddddddddmm", today) + upcoming), today)
    assert slump is not None
    assert (slump.kind, slump.template) == (NotificationKind.SLUMP, "notify/slump_missed_days")
    assert slump.context == {"days": 2, "topic": "Limits", "minutes": 10}
    assert slump.dedupe_key == "slump:missed:1:2027-01-18"
    cheer = _nudge(ProgressSignals(_history("ddddddd", today) + upcoming), today)
    assert cheer is not None
    assert cheer.template == "notify/milestone_streak"
    assert cheer.context["days"] == 7
    already = nudge(recipient(), ProgressSignals(_history("ddddddd", today)), NudgeSlot(today,
                    at(today, 17)), {}, sent_keys=frozenset({cheer.dedupe_key}))  # fmt: skip
    assert already is None
    assert (
        _nudge(ProgressSignals(_history("ddddddddmm", today)), today, opt_outs=("nudge",)) is None
    )


def test_quiz_mock_mastery_and_first_week_rules() -> None:
    today = date(2027, 1, 20)
    due = at(today, 17)
    quizzes = [QuizScore(f"q{n}", due - timedelta(hours=n), score, "limits")
               for n, score in ((3, 0.8), (2, 0.6), (1, 0.4))]  # fmt: skip
    falling = _nudge(ProgressSignals(quiz_scores=quizzes), today)
    assert falling is not None
    assert (falling.template, falling.context["score"]) == ("notify/slump_quiz_scores", 40)
    mocks = [
        MockScore("m1", due - timedelta(days=9), 61.5),
        MockScore("m2", due - timedelta(hours=5), 68.0),
    ]
    better = _nudge(ProgressSignals(mock_scores=mocks), today)
    assert better is not None
    assert (better.template, better.context["gain"]) == ("notify/milestone_mock_improved", 6.5)
    fresh = ProgressSignals(
        mastery={"limits": 0.9}, mastery_updated={"limits": due - timedelta(hours=2)}
    )
    mastered = _nudge(fresh, today)
    assert mastered is not None
    assert mastered.dedupe_key == "milestone:mastered:1:limits"
    start = today - timedelta(days=7)
    first_week = [session(1, start + timedelta(days=1), time(18, 0), status=SessionStatus.DONE)]
    week = _nudge(ProgressSignals(first_week, plan_start=start), today)
    assert week is not None
    assert week.template == "notify/milestone_first_week"


def test_resource_links_after_stuck_ignore_quiet_hours_and_the_cap() -> None:
    night = at(TUESDAY, 23, 30)
    picks = [ResourceChoice("Limits in 10 minutes", "https://example.org/limits", 10, "video")]
    stuck = resource_links(recipient(), trigger=ResourceTrigger.STUCK, ref="r1", topic="Limits",
                           resources=picks, now=night)  # fmt: skip
    assert stuck is not None
    assert (stuck.solicited, stuck.due_at, stuck.drop_reason) == (True, night, None)
    failed = resource_links(recipient(), trigger=ResourceTrigger.FAILED_QUIZ, ref="q9",
                            topic="Limits", resources=picks, now=night)  # fmt: skip
    assert failed is not None
    assert local(failed.due_at) == "Wed 08:00"  # an unasked push waits for the morning
    assert failed.dedupe_key == "resource:failed_quiz:1:q9"
    none = resource_links(recipient(), trigger=ResourceTrigger.STUCK, ref="r2", topic="Limits",
                          resources=[], now=night)  # fmt: skip
    assert none is None


def test_a_checkin_in_the_quiet_hours_is_told_once_before_they_start() -> None:
    silenced = recipient(checkin_time=time(23, 45), quiet_start=time(20, 0))
    plan = _days(TUESDAY, 3)
    made = checkins(
        silenced, plan, SweepWindow(at(TUESDAY, 9)), days=[TUESDAY, TUESDAY + timedelta(days=1)]
    )
    dropped = [n for n in made if n.template == "notify/checkin"]
    assert [n.drop_reason for n in dropped] == ["quiet hours", "quiet hours"]
    [told] = [n for n in made if n.template == "notify/checkin_silenced"]
    assert (local(told.due_at), told.expires_at, told.drop_reason) == (
        "Tue 19:30",
        at(TUESDAY, 20),
        None,
    )
    assert told.dedupe_key == "checkin_silenced:1:2345-2000-0800"  # the same clash: told once
    assert told.context == {"checkin": "23:45", "quiet_start": "20:00", "quiet_end": "08:00"}
    assert [c.payload for row in told.choices for c in row] == ["checkin:start", "m:settings"]
    # past this evening's moment, the next day's check-in tells it (same key)
    [later] = [n for n in checkins(silenced, plan, SweepWindow(at(TUESDAY, 21)))
               if n.template == "notify/checkin_silenced"]  # fmt: skip
    assert local(later.due_at) == "Wed 19:30" and later.dedupe_key == told.dedupe_key
    assert not [n for n in checkins(recipient(), plan, SweepWindow(at(TUESDAY, 9)))
                if n.template == "notify/checkin_silenced"]  # fmt: skip
