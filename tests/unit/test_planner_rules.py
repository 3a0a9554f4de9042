"""Unit tests of the planner's individual rules on small hand-made curricula."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from planner import (
    Curriculum,
    ExamPart,
    Lesson,
    PlannerSettings,
    PlanRequest,
    Reason,
    SessionKind,
    Subject,
    TimeWindow,
    Topic,
    build_plan,
)
from planner.calendar import break_weekdays, default_window, windows_for
from planner.practice import module_ends
from planner.progress import part_minutes
from planner.reviews import ReviewTracker
from tests.unit.planner_support import AVAILABILITY, check_plan, profile, request

START = date(2026, 12, 1)


def curriculum(
    topics: list[Topic],
    lessons: list[Lesson],
    *,
    subjects: tuple[Subject, ...] = (Subject("mat", "t_mat", True), Subject("tr", "t_tr", False)),
    weights: dict[str, float] | None = None,
    parts: tuple[ExamPart, ...] = (ExamPart("main", 120, ("t_mat", "t_tr")),),
) -> Curriculum:
    return Curriculum(
        pack_id="test",
        track="T",
        subjects=subjects,
        topics=tuple(topics),
        lessons=tuple(lessons),
        test_weights=weights or {"t_mat": 0.5, "t_tr": 0.5},
        exam_parts=parts,
    )


def lessons_of(topic_id: str, count: int, minutes: int = 30) -> list[Lesson]:
    return [Lesson(f"{topic_id}_{i}", topic_id, minutes, i) for i in range(count)]


def lesson_sessions(plan, topic_id: str | None = None):  # type: ignore[no-untyped-def]
    return [
        s
        for s in plan.sessions
        if s.kind is SessionKind.LESSON and (topic_id is None or s.topic_id == topic_id)
    ]


def test_lessons_are_ordered_by_exam_gain_per_minute() -> None:
    topics = [
        Topic("small", "mat", "t_mat", 1.0),
        Topic("big", "mat", "t_mat", 10.0),
        Topic("known", "tr", "t_tr", 10.0),
    ]
    lessons = lessons_of("small", 2) + lessons_of("big", 2) + lessons_of("known", 2)
    plan_request = request(curriculum(topics, lessons), profile(), mastery={"known": 0.7})
    plan = build_plan(plan_request)
    first = [s.topic_id for s in lesson_sessions(plan)]
    assert first.index("big") < first.index("small")
    big = lesson_sessions(plan, "big")[0]
    assert big.reason_code == Reason.WEAK_TOPIC
    assert big.reason_params["expected_questions"] == 10.0
    check_plan(plan, plan_request)


def test_when_time_is_short_the_least_valuable_lessons_are_left_out_with_a_reason() -> None:
    topics = [Topic(f"t{i}", "mat", "t_mat", float(i + 1)) for i in range(6)]
    lessons = [lesson for i in range(6) for lesson in lessons_of(f"t{i}", 3, 45)]
    tight = profile(exam=START + timedelta(days=12), availability=dict.fromkeys(AVAILABILITY, 60))
    plan_request = request(curriculum(topics, lessons), tight)
    plan = build_plan(plan_request)
    scheduled = {s.topic_id for s in lesson_sessions(plan)}
    left_out = {item.topic_id for item in plan.unscheduled}
    assert "t5" in scheduled and "t0" in left_out
    assert all(item.reason_code == Reason.NOT_ENOUGH_TIME for item in plan.unscheduled)
    assert plan.summary.expected_gain > 0
    check_plan(plan, plan_request)


def test_prerequisites_come_first_unless_already_mastered() -> None:
    topics = [
        Topic("base", "mat", "t_mat", 0.5),
        Topic("advanced", "mat", "t_mat", 12.0, prerequisites=("base",)),
    ]
    lessons = lessons_of("base", 2) + lessons_of("advanced", 2)
    plain = request(curriculum(topics, lessons), profile())
    plan = build_plan(plain)
    base_end = max((s.date, s.end_minute) for s in lesson_sessions(plan, "base"))
    advanced_start = min((s.date, s.start_minute) for s in lesson_sessions(plan, "advanced"))
    assert base_end <= advanced_start
    assert lesson_sessions(plan, "base")[0].reason_code == Reason.PREREQUISITE
    assert lesson_sessions(plan, "base")[0].reason_params["for_topic_id"] == "advanced"
    known = build_plan(request(curriculum(topics, lessons), profile(), mastery={"base": 0.65}))
    assert lesson_sessions(known)[0].topic_id == "advanced"


def test_only_topics_that_count_for_the_track_are_planned() -> None:
    topics = [Topic("m", "mat", "t_mat", 5.0), Topic("t", "tr", "t_tr", 5.0)]
    lessons = lessons_of("m", 2) + lessons_of("t", 2)
    plan = build_plan(request(curriculum(topics, lessons, weights={"t_mat": 1.0}), profile()))
    assert {s.topic_id for s in plan.sessions if s.topic_id} == {"m"}


def test_long_lessons_are_split_into_parts_within_session_max() -> None:
    topics = [Topic("long", "mat", "t_mat", 5.0)]
    lessons = [Lesson("long_0", "long", 130, 0)]
    plan_request = request(curriculum(topics, lessons), profile(session_max=45))
    parts = lesson_sessions(build_plan(plan_request), "long")
    assert sum(s.minutes for s in parts) == 130
    assert all(s.minutes <= 45 for s in parts)
    assert [s.part for s in parts] == list(range(1, len(parts) + 1))
    assert {s.parts for s in parts} == {len(parts)}


def test_part_sizes() -> None:
    assert part_minutes(40, 60, 45, 25) == 40
    assert part_minutes(50, 200, 45, 25) == 25
    assert part_minutes(90, 200, 45, 25) == 45
    assert part_minutes(40, 30, 45, 25) == 30
    assert part_minutes(40, 20, 45, 25) is None


def test_quantitative_and_verbal_work_alternate_within_a_day() -> None:
    topics = [Topic(f"m{i}", "mat", "t_mat", 5.0) for i in range(4)] + [
        Topic(f"v{i}", "tr", "t_tr", 4.0) for i in range(4)
    ]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 2)]
    plan = build_plan(
        request(curriculum(topics, lessons), profile(availability=dict.fromkeys(AVAILABILITY, 120)))
    )
    by_day = defaultdict(list)
    for session in lesson_sessions(plan):
        by_day[session.date].append(session.subject_id)
    first_day = by_day[min(by_day)]
    assert len(first_day) >= 3
    assert all(a != b for a, b in pairwise(first_day))


def test_single_subject_tracks_interleave_topics() -> None:
    subjects = (Subject("mat", "t_mat", True),)
    topics = [Topic(f"m{i}", "mat", "t_mat", 5.0 - i) for i in range(4)]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 4, 20)]
    plan_request = request(
        curriculum(topics, lessons, subjects=subjects, weights={"t_mat": 1.0}), profile()
    )
    plan = build_plan(plan_request)
    check_plan(plan, plan_request)
    per_day = Counter(s.date for s in plan.sessions if s.kind is not SessionKind.BREAK)
    assert max(per_day.values()) > 2  # more than two sessions a day despite one subject


def test_desired_retention_rises_towards_the_exam() -> None:
    study = profile()
    tracker = ReviewTracker(study, PlannerSettings())
    assert tracker.target_retention(study.start_date) == 0.85
    assert abs(tracker.target_retention(study.exam_date) - 0.95) < 1e-9
    early, late = ReviewTracker(study, PlannerSettings()), ReviewTracker(study, PlannerSettings())
    early.learn("x", study.start_date)
    late.learn("x", study.exam_date - timedelta(days=30))
    early.review("x", study.start_date + timedelta(days=3))
    late.review("x", study.exam_date - timedelta(days=27))
    # the same history gives a shorter interval when a higher retention is wanted
    early_gap = early.due_on("x") - (study.start_date + timedelta(days=3))
    late_gap = late.due_on("x") - (study.exam_date - timedelta(days=27))
    assert late_gap < early_gap


def test_learned_topics_are_reviewed_and_fresh_on_exam_day() -> None:
    topics = [
        Topic(f"t{i}", "mat" if i % 2 else "tr", "t_mat" if i % 2 else "t_tr", 3.0)
        for i in range(6)
    ]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 1)]
    study = profile(exam=START + timedelta(days=90))
    plan = build_plan(request(curriculum(topics, lessons), study))
    reviews = defaultdict(list)
    for session in plan.sessions:
        if session.kind is SessionKind.REVIEW:
            reviews[session.topic_id].append(session.date)
    assert set(reviews) == {topic.id for topic in topics}
    final_week = study.exam_date - timedelta(days=7)
    assert any(d >= final_week for dates in reviews.values() for d in dates)
    codes = {s.reason_code for s in plan.sessions if s.kind is SessionKind.REVIEW}
    assert Reason.REVIEW_DUE in codes


def test_mock_exams_weekly_and_full_ones_sized_from_the_exam() -> None:
    topics = [Topic(f"t{i}", "mat", "t_mat", 3.0) for i in range(20)]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 3)]
    study = profile(exam=START + timedelta(days=140))
    plan = build_plan(request(curriculum(topics, lessons), study))
    mocks = [s for s in plan.sessions if s.kind is SessionKind.MOCK_EXAM]
    weeks = Counter(s.date.isocalendar()[:2] for s in mocks)
    assert len(weeks) >= 18  # nearly every week of the 20
    full = [s for s in mocks if s.reason_code == Reason.FULL_MOCK]
    assert all(s.minutes == 120 for s in full)  # the exam part's real length fits a Saturday
    final_from = study.exam_date - timedelta(weeks=6)
    final_weeks = {s.date.isocalendar()[:2] for s in full if s.date >= final_from}
    early_weeks = {s.date.isocalendar()[:2] for s in full if s.date < final_from}
    assert len(final_weeks) >= 5
    assert 3 <= len(early_weeks) <= 6  # every third week before that


def test_taper_holds_only_light_review() -> None:
    topics = [Topic(f"t{i}", "mat", "t_mat", 3.0) for i in range(5)]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 2)]
    study = profile(
        exam=START + timedelta(days=40),
        availability=dict.fromkeys(AVAILABILITY, 120),
        break_days_per_week=0,
    )
    plan = build_plan(request(curriculum(topics, lessons), study))
    for offset in (1, 2):
        day = [s for s in plan.sessions if s.date == study.exam_date - timedelta(days=offset)]
        assert day and all(s.kind is SessionKind.REVIEW for s in day)
        assert sum(s.minutes for s in day) <= 60
        assert {s.reason_code for s in day} == {Reason.TAPER_REVIEW}


def test_a_quiz_follows_each_module() -> None:
    assert module_ends(6, 4) == (2, 5)
    assert module_ends(3, 4) == (2,)
    topics = [Topic("big", "mat", "t_mat", 8.0)]
    lessons = lessons_of("big", 6)
    plan = build_plan(request(curriculum(topics, lessons), profile()))
    quizzes = [s for s in plan.sessions if s.kind is SessionKind.QUIZ]
    assert [q.reason_params["module"] for q in quizzes] == [1, 2]
    ends = [lesson_sessions(plan, "big")[i].date for i in (2, 5)]
    assert all(quiz.date > end for quiz, end in zip(quizzes, ends, strict=True))


def test_every_session_has_a_reason() -> None:
    topics = [Topic(f"t{i}", "mat", "t_mat", 3.0) for i in range(5)]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 2)]
    plan = build_plan(request(curriculum(topics, lessons), profile()))
    assert all(session.reason_code for session in plan.sessions)
    assert {s.reason_code for s in plan.sessions if s.kind is SessionKind.BREAK} == {
        Reason.BREAK_DAY
    }


def test_calendar_defaults() -> None:
    window = default_window(120, PlannerSettings(), 25)
    assert window.start == 18 * 60 and window.minutes >= 120
    late = default_window(400, PlannerSettings(), 25)
    assert late.end <= 23 * 60 + 30 and late.minutes >= 400
    study = profile(
        availability={"mon": 60, "tue": 90, "wed": 90, "thu": 90, "fri": 60, "sat": 0, "sun": 120}
    )
    assert break_weekdays(study) == ("sat",)
    two = profile(availability=dict.fromkeys(AVAILABILITY, 60), break_days_per_week=2)
    assert break_weekdays(two) == ("sat", "sun")
    given = profile(
        windows={"mon": (TimeWindow.parse("18:00-19:00"), TimeWindow.parse("18:30-20:00"))}
    )
    assert windows_for(given, "mon", PlannerSettings()) == (TimeWindow(18 * 60, 20 * 60),)


def test_nothing_is_planned_in_the_past_of_today() -> None:
    topics = [Topic("t", "mat", "t_mat", 3.0)]
    lessons = lessons_of("t", 3)
    study = profile()
    late_evening = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # 20:00 in Istanbul
    plan_request = PlanRequest(curriculum(topics, lessons), study, late_evening)
    plan = build_plan(plan_request)
    today = [s for s in plan.sessions if s.date == START]
    assert all(s.start_minute >= 20 * 60 for s in today)
    check_plan(plan, plan_request)


def test_the_same_request_gives_the_same_plan() -> None:
    topics = [
        Topic(f"t{i}", "mat" if i % 2 else "tr", "t_mat" if i % 2 else "t_tr", 1.0 + i)
        for i in range(8)
    ]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 2, 40)]
    mastery = {f"t{i}": i / 10 for i in range(8)}
    first = build_plan(request(curriculum(topics, lessons), profile(), mastery=mastery))
    again = build_plan(
        request(curriculum(topics, lessons), profile(), mastery=dict(reversed(mastery.items())))
    )
    assert first == again


def test_predicted_recall_on_exam_day_is_high_for_every_learned_topic() -> None:
    from planner.builder import _Builder

    topics = [
        Topic(f"t{i}", "mat" if i % 2 else "tr", "t_mat" if i % 2 else "t_tr", 3.0)
        for i in range(10)
    ]
    lessons = [lesson for topic in topics for lesson in lessons_of(topic.id, 2)]
    study = profile(exam=START + timedelta(days=120))
    builder = _Builder(
        request(curriculum(topics, lessons), study),
        fixed=(),
        frozen_until=None,
        urgent=(),
        parts_done={},
    ).run()
    recall = {topic.id: builder.tracker.retrievability_on_exam_day(topic.id) for topic in topics}
    assert min(recall.values()) >= 0.9, recall
