"""Helpers shared by the planner tests: synthetic curricula and profiles, and plan checks."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from planner import (
    Curriculum,
    ExamPart,
    Lesson,
    PlanRequest,
    StudyProfile,
    Subject,
    TimeWindow,
    Topic,
)

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
