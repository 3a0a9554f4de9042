"""Regression tests: a day's reviews and quizzes do not strand time a lesson could use, and a
scarce calendar counts the quizzes and first reviews each chosen topic brings along."""

from __future__ import annotations

from datetime import date, timedelta

from planner import Topic, build_plan
from planner.builder import _Builder
from planner.packing import pack_day
from planner.plan import SessionKind
from planner.selection import select_lessons
from tests.unit.planner_support import check_plan, profile, request
from tests.unit.test_planner_rules import START, curriculum, lessons_of

EVERY_DAY_45 = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 45)


def test_a_quiz_waits_a_day_rather_than_strand_the_time_of_a_lesson() -> None:
    # Day 1: topic a's only lesson. Day 2: a review of k (known from the start) and a's
    # quiz are due; taking both (25 minutes) would leave 20 of the 45, too little for any
    # lesson part. So day 2 holds a lesson and the review, and the quiz comes on day 3.
    topics = [
        Topic("a", "tr", "t_tr", 6.0),
        Topic("b", "mat", "t_mat", 3.0),
        Topic("k", "tr", "t_tr", 2.0),
    ]
    lessons = lessons_of("a", 1, 30) + lessons_of("b", 12, 30)
    study = profile(
        exam=START + timedelta(days=30), availability=EVERY_DAY_45, break_days_per_week=0
    )
    plan_request = request(curriculum(topics, lessons), study, mastery={"k": 0.6})
    plan = build_plan(plan_request)
    check_plan(plan, plan_request)

    def on(day: date) -> list[tuple[SessionKind, str | None]]:
        return [(s.kind, s.topic_id) for s in plan.sessions if s.date == day]

    second, third = START + timedelta(days=1), START + timedelta(days=2)
    assert on(START) == [(SessionKind.LESSON, "a")]
    assert on(second) == [(SessionKind.LESSON, "b"), (SessionKind.REVIEW, "k")]
    assert sum(s.minutes for s in plan.sessions if s.date == second) == 45
    assert (SessionKind.QUIZ, "a") in on(third)


def test_the_most_urgent_items_that_leave_room_for_a_lesson() -> None:
    def lesson_fits(rest: int) -> bool:
        return rest >= 30

    # A 25-minute quiz strands 20 of 45 minutes; put off, it leaves room for a lesson.
    assert pack_day(45, [25], [False], lesson_fits) == []
    # Once put off it is required, and the day keeps it though 20 minutes go unused.
    assert pack_day(45, [25], [True], lesson_fits) is None
    # Of the choices that leave room for a lesson, the one with most minutes of items; on a
    # tie the more urgent items (the first ones).
    assert pack_day(60, [15, 15, 25], [False, False, False], lesson_fits) == [0, 1]
    assert pack_day(60, [15, 15, 15], [False, False, False], lesson_fits) == [0, 1]
    assert pack_day(45, [15, 15, 25], [True, False, False], lesson_fits) == [0]
    # A day the items fill exactly, or whose rest a lesson can use, keeps them all; so does a
    # day where no choice would leave room for a lesson.
    assert pack_day(40, [15, 25], [False, False], lesson_fits) is None
    assert pack_day(90, [15, 25], [False, False], lesson_fits) is None
    assert pack_day(30, [15, 15, 10], [False, False, False], lambda rest: rest >= 45) is None


def test_a_crowded_calendar_prefers_one_long_topic_to_many_small_ones() -> None:
    # Four one-lesson topics win a little more per lesson minute than one four-lesson topic,
    # but each brings its own quiz (10) and first review (15): 4 x 55 = 220 minutes against
    # 120 + one 25-minute quiz + one review = 160. In 160 minutes of calendar only the long
    # topic fits whole; counting lesson minutes alone would pick the small ones.
    topics = [Topic("long", "mat", "t_mat", 4.0)] + [
        Topic(f"s{i}", "mat", "t_mat", 1.1) for i in range(4)
    ]
    lessons = lessons_of("long", 4, 30) + [
        lesson for i in range(4) for lesson in lessons_of(f"s{i}", 1, 30)
    ]
    builder = _Builder(
        request(curriculum(topics, lessons), profile()),
        fixed=(),
        frozen_until=None,
        urgent=(),
        parts_done={},
    )
    leaders = dict(builder.priorities.leaders)
    small = {f"s{i}_0" for i in range(4)}
    assert select_lessons(builder.progress, leaders, 120) == small
    assert select_lessons(builder.progress, leaders, 160, 15) == {f"long_{i}" for i in range(4)}
