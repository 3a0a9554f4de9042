"""The rules of weekly challenges: chosen from the plan's week, a swap gives another one,
only completed sessions and recorded mocks count, completion happens once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.domain import StudySession
from coach.motivation.challenge_ports import Contribution
from coach.motivation.challenge_usecases import shown_members
from coach.motivation.challenges import (
    ChallengeKind,
    Goal,
    Step,
    WeekFocus,
    advance,
    candidates,
    days_left,
    gain,
    group_target,
    in_week,
    offered_week,
    pick,
    step_of_mock,
    step_of_session,
    still_ahead,
    swap,
)

MONDAY = date(2026, 12, 7)


def _session(n: int, topic: str | None, kind: str = "lesson", minutes: int = 40) -> StudySession:
    return StudySession(
        id=n, plan_id=1, user_id=1, key=f"k{n}", kind=kind, date=MONDAY + timedelta(days=n % 7),
        minutes=minutes, subject_id="mat" if topic else None, topic_id=topic,
    )  # fmt: skip


def _week(*topics: str | None, mock: bool = False, exam_in: int | None = 200) -> WeekFocus:
    sessions = [_session(i, t) for i, t in enumerate(topics)]
    if mock:
        sessions.append(_session(99, None, "mock_exam", 180))
    return WeekFocus(tuple(sessions), exam_in)


def test_the_plans_focus_topic_comes_first() -> None:
    focus = _week("turev", "turev", "turev", "turev", "limit", "limit", "olasilik")
    goal = pick(focus)
    assert goal == Goal(ChallengeKind.TOPIC_SESSIONS, 3, "turev", "mat")
    topics = [g.topic_id for g in candidates(focus) if g.kind is ChallengeKind.TOPIC_SESSIONS]
    assert topics == ["turev", "limit"]  # a topic planned once is no challenge


def test_a_topic_planned_twice_asks_for_two() -> None:
    assert pick(_week("limit", "limit", "olasilik")) == Goal(
        ChallengeKind.TOPIC_SESSIONS, 2, "limit", "mat"
    )


def test_a_planned_mock_or_a_near_exam_offers_one_full_mock() -> None:
    assert pick(_week("turev", "turev", mock=True)).kind is ChallengeKind.MOCK
    assert pick(_week("turev", "turev", exam_in=30)) == Goal(ChallengeKind.MOCK, 1)
    assert pick(_week("turev", "turev", exam_in=120)).kind is ChallengeKind.TOPIC_SESSIONS


def test_sessions_and_minutes_come_from_the_weeks_plan() -> None:
    goals = candidates(_week("a", "b", "c", "d", "e"))
    assert Goal(ChallengeKind.SESSIONS, 4) in goals  # 80% of five
    assert Goal(ChallengeKind.MINUTES, 150) in goals  # 70% of 200 min, in 30-minute steps


def test_an_empty_week_still_has_a_small_goal() -> None:
    assert candidates(WeekFocus(())) == (Goal(ChallengeKind.SESSIONS, 3),)
    assert candidates(WeekFocus((), 10)) == (Goal(ChallengeKind.MOCK, 1),
                                              Goal(ChallengeKind.SESSIONS, 3))  # fmt: skip


@given(
    topics=st.lists(st.sampled_from(["a", "b", "c", None]), max_size=12),
    mock=st.booleans(),
    exam=st.one_of(st.none(), st.integers(-5, 400)),
    swaps=st.integers(1, 8),
)
def test_a_swap_never_gives_the_same_challenge(
    topics: list[str | None], mock: bool, exam: int | None, swaps: int
) -> None:
    focus = _week(*topics, mock=mock, exam_in=exam)
    current = pick(focus)
    for n in range(1, swaps + 1):
        swapped = swap(focus, current, n)
        assert swapped != current
        assert swapped.target > 0
        current = swapped


def test_swaps_go_round_the_candidates() -> None:
    focus = _week("turev", "turev", "limit", "limit", "x")
    first = pick(focus)
    second = swap(focus, first, 1)
    third = swap(focus, second, 2)
    assert len({first, second, third}) == 3


def test_only_learning_counts() -> None:
    topic = Goal(ChallengeKind.TOPIC_SESSIONS, 3, "turev")
    done_turev = step_of_session("lesson", "turev", 40)
    assert gain(topic, done_turev) == 1
    assert gain(topic, step_of_session("review", "limit", 40)) == 0
    assert gain(Goal(ChallengeKind.SESSIONS, 4), done_turev) == 1
    assert gain(Goal(ChallengeKind.MINUTES, 150), done_turev) == 40
    assert gain(Goal(ChallengeKind.MOCK, 1), done_turev) == 0
    assert gain(Goal(ChallengeKind.MOCK, 1), step_of_mock()) == 1
    assert step_of_session("mock_exam", None, 180) == Step()  # counted when results come in
    assert step_of_session("break", None, 0) == Step()


@given(steps=st.lists(st.integers(0, 3), max_size=20), target=st.integers(1, 10))
def test_completion_happens_exactly_once(steps: list[int], target: int) -> None:
    progress, completions = 0, 0
    for added in steps:
        progress, done = advance(progress, target, added)
        completions += done
    assert completions == (1 if sum(steps) >= target else 0)
    assert progress == sum(steps)


@pytest.mark.parametrize(("day", "inside"), [(MONDAY, True), (MONDAY + timedelta(6), True),
                                             (MONDAY + timedelta(7), False),
                                             (MONDAY - timedelta(1), False)])  # fmt: skip
def test_the_week_is_monday_to_sunday(day: date, inside: bool) -> None:
    assert in_week(MONDAY, day) is inside


def test_a_groups_goal_grows_with_its_members() -> None:
    assert group_target(0) == group_target(1) == 6
    assert group_target(4) == 12


def test_group_progress_shows_display_names_and_minors_only_among_minors() -> None:
    adult = Contribution(1, "Ada", False, 3)
    minor = Contribution(2, "Can", True, 5)
    nameless = Contribution(3, None, False, 9)
    assert [m.name for m in shown_members([adult, minor, nameless])] == ["Ada"]
    assert [m.name for m in shown_members([minor, Contribution(4, "Ece", True, 1)])] == [
        "Can",
        "Ece",
    ]


def test_late_in_the_week_the_goal_comes_from_the_sessions_still_ahead() -> None:
    week = [_session(i, None) for i in range(7)]  # one session a day, Monday to Sunday
    saturday = MONDAY + timedelta(days=5)
    ahead = still_ahead(week, saturday)
    assert [s.date.weekday() for s in ahead] == [5, 6]
    assert days_left(MONDAY, saturday) == 2 and days_left(MONDAY, MONDAY) == 7
    goals = candidates(WeekFocus(ahead, 200))
    sessions = next(g for g in goals if g.kind is ChallengeKind.SESSIONS)
    minutes = next(g for g in goals if g.kind is ChallengeKind.MINUTES)
    assert sessions.target <= 2 and minutes.target <= 80  # reachable in the two days left
    one = candidates(WeekFocus(still_ahead(week, MONDAY + timedelta(days=6)), 200))
    assert all(g.target <= 1 for g in one if g.kind is ChallengeKind.SESSIONS)


def test_on_the_last_day_or_with_nothing_left_the_offer_is_next_weeks() -> None:
    week = [_session(i, None) for i in range(5)]  # Monday to Friday
    next_monday = MONDAY + timedelta(days=7)
    assert offered_week(MONDAY, MONDAY, week) == MONDAY
    friday, saturday = MONDAY + timedelta(days=4), MONDAY + timedelta(days=5)
    assert offered_week(MONDAY, friday, still_ahead(week, friday)) == MONDAY
    assert offered_week(MONDAY, saturday, still_ahead(week, saturday)) == next_monday
    sunday = MONDAY + timedelta(days=6)
    assert offered_week(MONDAY, sunday, [_session(6, None)]) == next_monday
