"""Helpers shared by the planner tests: synthetic curricula and profiles, and plan checks."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from planner import (
    Curriculum,
    ExamPart,
    Lesson,
    Plan,
    PlanRequest,
    Session,
    SessionKind,
    StudyProfile,
    Subject,
    TimeWindow,
    Topic,
)
from planner.calendar import break_weekdays, local_now, plan_start, weekday_of, windows_for

AVAILABILITY = {"mon": 120, "tue": 120, "wed": 90, "thu": 120, "fri": 60, "sat": 240, "sun": 180}


def synthetic_curriculum(
    rng: random.Random, *, subjects: int = 6, topics_per_subject: int = 10, track: str = "T"
) -> Curriculum:
    """A random curriculum: two tests, mixed quantitative/verbal subjects, acyclic prerequisites."""
    subject_rows = []
    topic_rows: list[Topic] = []
    lesson_rows: list[Lesson] = []
    for s in range(subjects):
        test_id = "test_a" if s % 2 == 0 else "test_b"
        subject_rows.append(Subject(f"s{s}", test_id, quantitative=s % 3 != 2))
        for t in range(topics_per_subject):
            topic_id = f"s{s}_t{t}"
            earlier = [topic.id for topic in topic_rows]
            prerequisites = tuple(
                sorted(set(rng.sample(earlier, k=min(len(earlier), rng.choice([0, 0, 1, 2])))))
            )
            topic_rows.append(
                Topic(
                    topic_id,
                    f"s{s}",
                    test_id,
                    round(rng.uniform(0.2, 6.0), 1),
                    rng.randint(1, 5),
                    prerequisites,
                )
            )
            for lesson in range(rng.randint(1, 5)):
                lesson_rows.append(
                    Lesson(
                        f"{topic_id}_l{lesson}",
                        topic_id,
                        rng.choice([15, 20, 30, 40, 45, 60, 90]),
                        lesson,
                    )
                )
    return Curriculum(
        pack_id="synthetic",
        track=track,
        subjects=tuple(subject_rows),
        topics=tuple(topic_rows),
        lessons=tuple(lesson_rows),
        test_weights={"test_a": 0.6, "test_b": 0.4},
        exam_parts=(ExamPart("part_a", 120, ("test_a",)), ExamPart("part_b", 90, ("test_b",))),
    )


def profile(
    start: date = date(2026, 12, 1),
    exam: date = date(2027, 6, 19),
    availability: dict[str, int] | None = None,
    windows: dict[str, tuple[TimeWindow, ...]] | None = None,
    **extra: object,
) -> StudyProfile:
    """A study profile like the issue's example."""
    return StudyProfile(
        start_date=start,
        exam_date=exam,
        timezone="Europe/Istanbul",
        availability=availability or dict(AVAILABILITY),
        windows=windows or {},
        **extra,  # type: ignore[arg-type]
    )


def request(curriculum: Curriculum, study_profile: StudyProfile, **extra: object) -> PlanRequest:
    """A plan request made at 06:00 UTC on the profile's start date."""
    start = study_profile.start_date
    now = datetime(start.year, start.month, start.day, 6, 0, tzinfo=UTC)
    return PlanRequest(curriculum=curriculum, profile=study_profile, now=now, **extra)  # type: ignore[arg-type]


# ---------------------------------------------------------------- plan invariants

FIRST_REVIEW_WINDOW_DAYS = 14


def _unmet(request: PlanRequest) -> dict[str, list[str]]:
    """Prerequisites that must be scheduled first, computed independently of the planner."""
    curriculum, settings = request.curriculum, request.settings
    weights = curriculum.test_weights
    in_track = {t.id for t in curriculum.topics if weights.get(t.test_id, 0) > 0}
    done = set(request.done_lessons)
    open_lessons = {topic_id: open_lessons_of(curriculum, topic_id, done) for topic_id in in_track}
    return {
        topic.id: [
            p
            for p in topic.prerequisites
            if p in in_track
            and p != topic.id
            and open_lessons[p]
            and request.mastery_of(p) < settings.prerequisite_met
        ]
        for topic in curriculum.topics
        if topic.id in in_track
    }


def check_plan(plan: Plan, request: PlanRequest, *, lessons: bool = True) -> None:
    """Assert every rule of the issue on a plan built from `request` (no pinned sessions).

    `lessons=False` checks only the calendar rules (for re-plans, whose done lessons come from
    the outcomes).
    """
    profile, settings, curriculum = request.profile, request.settings, request.curriculum
    start = plan_start(profile, request.now)
    local = local_now(profile, request.now)
    breaks = break_weekdays(profile)
    assert len(breaks) >= min(profile.break_days_per_week, 7)
    blackouts = set(profile.blackout_dates)
    by_day: dict[date, list[Session]] = defaultdict(list)
    for session in plan.sessions:
        by_day[session.date].append(session)
        # exam date: nothing on the exam day or after it, nothing before the start
        assert start <= session.date < profile.exam_date, session
        assert session.date not in blackouts, session
    taper_from = profile.exam_date - timedelta(days=settings.taper_days)
    weights = curriculum.test_weights
    single_subject = (
        len({t.subject_id for t in curriculum.topics if weights.get(t.test_id, 0) > 0}) < 2
    )
    for day, sessions in by_day.items():
        weekday = weekday_of(day)
        sessions.sort(key=lambda s: s.start_minute)
        if weekday in breaks:
            assert [s.kind for s in sessions] == [SessionKind.BREAK], sessions
            assert sessions[0].minutes == 0
            continue
        assert all(s.kind is not SessionKind.BREAK for s in sessions)
        # availability and windows, no overlaps, nothing in the past
        assert sum(s.minutes for s in sessions) <= profile.availability.get(weekday, 0), day
        windows = windows_for(profile, weekday, settings)
        for session in sessions:
            assert session.minutes > 0 and session.start is not None
            assert any(
                w.start <= session.start_minute and session.end_minute <= w.end for w in windows
            ), session
            if day == local.date():
                assert session.start_minute >= local.hour * 60 + local.minute, session
        for first, second in itertools.pairwise(sessions):
            assert first.end_minute <= second.start_minute, (first, second)
        # interleaving: never three sessions of one subject in a row (a mock breaks the run);
        # a single-subject track interleaves topics instead
        run_key, run = None, 0
        for session in sessions:
            if session.subject_id is None:
                run_key, run = None, 0
                continue
            key = session.topic_id if single_subject else session.subject_id
            run = run + 1 if key == run_key else 1
            run_key = key
            assert run <= 2, (day, [(s.subject_id, s.topic_id) for s in sessions])
        # taper: only light review in the last days
        if day >= taper_from:
            assert all(s.kind is SessionKind.REVIEW for s in sessions), sessions
    # break days: every break weekday in range (not blacked out) has its row
    day = start
    while day < profile.exam_date:
        if weekday_of(day) in breaks and day not in blackouts:
            assert [s.kind for s in by_day.get(day, [])] == [SessionKind.BREAK], day
        day += timedelta(days=1)
    ids = [session.id for session in plan.sessions]
    assert len(ids) == len(set(ids)), "session ids are unique"
    if lessons:
        _check_lessons(plan, request)
        _check_start_learned_reviews(plan, request)


def _check_lessons(plan: Plan, request: PlanRequest) -> None:
    curriculum, settings = request.curriculum, request.settings
    weights = curriculum.test_weights
    topics = {t.id: t for t in curriculum.topics}
    lessons = {lesson.id: lesson for lesson in curriculum.lessons}
    done = set(request.done_lessons)
    lesson_sessions: dict[str, list[Session]] = defaultdict(list)
    for session in plan.sessions:
        if session.kind is SessionKind.LESSON:
            assert session.lesson_id in lessons and session.lesson_id not in done, session
            topic = topics[lessons[session.lesson_id].topic_id]
            assert weights.get(topic.test_id, 0) > 0, "only topics that count for the track"
            assert request.mastery_of(topic.id) < settings.mastered
            lesson_sessions[session.lesson_id].append(session)
        if session.kind in (SessionKind.REVIEW, SessionKind.QUIZ):
            assert weights.get(topics[session.topic_id].test_id, 0) > 0
    unscheduled = {item.lesson_id for item in plan.unscheduled}
    assert len(unscheduled) == len(plan.unscheduled), "each left-out lesson once"
    complete: dict[str, tuple[date, int]] = {}
    for lesson_id, sessions in lesson_sessions.items():
        parts = [s.part for s in sessions]
        assert len(parts) == len(set(parts)), f"{lesson_id} placed twice"
        wanted = lessons[lesson_id].minutes - request.lesson_progress.get(lesson_id, 0)
        placed = sum(s.minutes for s in sessions)
        assert placed <= wanted, lesson_id
        if placed == wanted:
            assert lesson_id not in unscheduled, lesson_id
            complete[lesson_id] = max((s.date, s.end_minute) for s in sessions)
        else:
            assert lesson_id in unscheduled, lesson_id
    # prerequisites: every lesson of an unmet prerequisite is complete before a topic starts
    unmet = _unmet(request)
    first_start: dict[str, tuple[date, int]] = {}
    for session in plan.sessions:
        if session.kind is SessionKind.LESSON and session.topic_id not in first_start:
            first_start[session.topic_id] = (session.date, session.start_minute)
    for topic_id, begin in first_start.items():
        for prerequisite in unmet.get(topic_id, []):
            needed = open_lessons_of(curriculum, prerequisite, done)
            for lesson_id in needed:
                assert lesson_id in complete and complete[lesson_id] <= begin, (
                    topic_id,
                    prerequisite,
                    lesson_id,
                )
    # reviews for learned topics; quizzes only after lessons of their topic
    reviews: dict[str, list[date]] = defaultdict(list)
    for session in plan.sessions:
        if session.kind is SessionKind.REVIEW:
            reviews[session.topic_id].append(session.date)
        if session.kind is SessionKind.QUIZ:
            before = [
                s for s in lesson_sessions_of(plan, session.topic_id) if s.date < session.date
            ]
            carried = request.done_lessons
            assert before or carried, session
    last_day = request.profile.exam_date - timedelta(days=FIRST_REVIEW_WINDOW_DAYS)
    for topic_id in first_start:
        if request.mastery_of(topic_id) >= settings.learned or topic_id in request.review_cards:
            continue  # reviewed from the start; the lessons count as one of its reviews
        topic_lessons = open_lessons_of(curriculum, topic_id, done)
        if all(lesson in complete for lesson in topic_lessons):
            learned_on = max(complete[lesson] for lesson in topic_lessons)[0]
            if learned_on <= last_day:
                assert any(d > learned_on for d in reviews[topic_id]), (
                    f"no review of learned {topic_id}"
                )


def _check_start_learned_reviews(plan: Plan, request: PlanRequest) -> None:
    """Topics known from the start fall due within about three weeks (mastery under 0.8 means an
    FSRS stability under 16 days) and are then reviewed, when the plan has room for it: review
    time accrues at least every other study day, and it is shared with every topic the plan
    teaches (a taught topic's reviews fall due too, and a due review goes before the exam-week
    sweep that would otherwise catch a known topic whose lesson pushed its card to exam day)."""
    weights = request.curriculum.test_weights
    settings = request.settings
    known = [
        t.id
        for t in request.curriculum.topics
        if weights.get(t.test_id, 0) > 0
        and settings.learned <= request.mastery_of(t.id) < settings.mastered
    ]
    study_days = {s.date for s in plan.sessions if s.kind is not SessionKind.BREAK}
    taught = {s.topic_id for s in plan.sessions if s.kind is SessionKind.LESSON}
    if len(study_days) < 2 * len(set(known) | taught) + 3 * FIRST_REVIEW_WINDOW_DAYS // 2:
        return
    reviewed = {s.topic_id for s in plan.sessions if s.kind is SessionKind.REVIEW}
    assert set(known) <= reviewed, sorted(set(known) - reviewed)


def open_lessons_of(curriculum: Curriculum, topic_id: str, done: set[str]) -> list[str]:
    """Ids of a topic's lessons that are not done yet."""
    return [
        lesson.id
        for lesson in curriculum.lessons
        if lesson.topic_id == topic_id and lesson.id not in done
    ]


def lesson_sessions_of(plan: Plan, topic_id: str | None) -> list[Session]:
    """The lesson sessions of one topic."""
    return [s for s in plan.sessions if s.kind is SessionKind.LESSON and s.topic_id == topic_id]
