"""Property tests: every rule of the plan holds for random profiles, on synthetic and real packs.

Rules checked by `check_plan`: availability, windows, blackouts, break days, exam date,
prerequisites first, each lesson at most once (and either complete or listed as left out),
reviews for learned topics, quizzes after lessons, interleaving, taper. Determinism is checked
by building twice, with the mastery mapping in another order.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import WEEKDAYS, Curriculum, PlanRequest, StudyProfile, TimeWindow, build_plan
from tests.unit.planner_support import check_plan, synthetic_curriculum

MINUTES = (0, 30, 45, 60, 90, 120, 180, 240)
PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@cache
def pack_curriculum(pack_id: str, track: str) -> Curriculum:
    from coach.plans.curriculum import curriculum_for
    from content import load_pack

    return curriculum_for(load_pack(pack_id), track)


def shipped(pack_id: str) -> bool:
    from content import shipped_pack_ids

    return pack_id in shipped_pack_ids()


@st.composite
def windows(draw: st.DrawFn) -> tuple[TimeWindow, ...]:
    spans = []
    for _ in range(draw(st.integers(1, 2))):
        start = draw(st.integers(6 * 12, 21 * 12)) * 5
        length = draw(st.sampled_from((30, 45, 60, 90, 120, 180, 240)))
        spans.append(TimeWindow(start, min(start + length, 24 * 60)))
    return tuple(spans)


@st.composite
def profiles(draw: st.DrawFn, max_days: int = 220) -> StudyProfile:
    start = date(2026, 12, 1) + timedelta(days=draw(st.integers(0, 40)))
    exam = start + timedelta(days=draw(st.integers(10, max_days)))
    availability = {day: draw(st.sampled_from(MINUTES)) for day in WEEKDAYS}
    if not any(availability.values()):
        availability["sat"] = 120
    given_windows = {
        day: draw(windows()) for day in WEEKDAYS if draw(st.booleans()) and draw(st.booleans())
    }
    span = (exam - start).days
    blackouts = tuple(
        sorted(
            {
                start + timedelta(days=draw(st.integers(0, span)))
                for _ in range(draw(st.integers(0, 4)))
            }
        )
    )
    session_min = draw(st.sampled_from((15, 20, 25, 30)))
    session_max = draw(st.sampled_from((40, 45, 60, 90)))
    return StudyProfile(
        start_date=start,
        exam_date=exam,
        timezone=draw(st.sampled_from(("Europe/Istanbul", "America/New_York", "UTC"))),
        availability=availability,
        windows=given_windows,
        blackout_dates=blackouts,
        break_days_per_week=draw(st.integers(0, 2)),
        session_min=session_min,
        session_max=max(session_min, session_max),
    )


@st.composite
def requests(draw: st.DrawFn, curriculum: Curriculum, max_days: int = 220) -> PlanRequest:
    profile = draw(profiles(max_days))
    topic_ids = [topic.id for topic in curriculum.topics]
    known = draw(
        st.lists(st.sampled_from(topic_ids), max_size=min(25, len(topic_ids)), unique=True)
    )
    mastery = {topic_id: draw(st.floats(0.0, 1.0)) for topic_id in known}
    lesson_ids = [lesson.id for lesson in curriculum.lessons]
    done = draw(st.lists(st.sampled_from(lesson_ids), max_size=10, unique=True))
    hour = draw(st.integers(0, 23))
    now = datetime(
        profile.start_date.year,
        profile.start_date.month,
        profile.start_date.day,
        hour,
        7,
        tzinfo=UTC,
    )
    return PlanRequest(
        curriculum=curriculum,
        profile=profile,
        now=now,
        mastery=mastery,
        done_lessons=tuple(sorted(done)),
    )


def check_deterministic(request: PlanRequest) -> None:
    plan = build_plan(request)
    check_plan(plan, request)
    shuffled = dict(reversed(list(request.mastery.items())))
    assert build_plan(replace(request, mastery=shuffled)) == plan


@st.composite
def synthetic_requests(draw: st.DrawFn) -> PlanRequest:
    seed = draw(st.integers(0, 10_000))
    curriculum = synthetic_curriculum(
        random.Random(seed),
        subjects=draw(st.integers(1, 6)),
        topics_per_subject=draw(st.integers(1, 12)),
    )
    return draw(requests(curriculum))


@PROPERTY_SETTINGS
@given(synthetic_requests())
def test_rules_hold_on_synthetic_curricula(request: PlanRequest) -> None:
    check_deterministic(request)


REAL_TRACKS = [("yks", "SAY"), ("yks", "EA"), ("yks", "SOZ"), ("yks", "TYT"), ("sat", "MATH")]


@pytest.mark.parametrize(("pack_id", "track"), REAL_TRACKS)
def test_rules_hold_on_shipped_packs(pack_id: str, track: str) -> None:
    if not shipped(pack_id):
        pytest.skip(f"pack {pack_id} is not shipped yet")
    curriculum = pack_curriculum(pack_id, track)
    assert curriculum.topics, f"{pack_id} {track} has topics"

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(requests(curriculum))
    def run(request: PlanRequest) -> None:
        check_deterministic(request)

    run()
