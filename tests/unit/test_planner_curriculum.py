"""coach.plans.curriculum: packs to planner inputs, the profile file, and reason texts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coach.plans.curriculum import curriculum_for, plan_request, reason_text, request_from_profile
from coach.plans.profile_file import ProfileError, load_profile, parse_profile
from content import load_pack
from planner import Reason, build_plan
from prompts import render, template_exists

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profile.yaml"
ALL_PARAMS = {
    "topic_id": "problemler",
    "for_topic_id": "paragraf",
    "prerequisite_id": "uslu",
    "part_id": "tyt",
    "expected_questions": 12.0,
    "mastery_percent": 35,
    "gain_per_hour": 1.2,
    "part": 2,
    "parts": 3,
    "days_since": 4,
    "retention_percent": 90,
    "module": 1,
    "lessons": 3,
    "questions": 30,
    "full_minutes": 165,
    "final_weeks": True,
    "from_date": "2027-01-02",
    "to_date": "2027-01-05",
    "placed_minutes": 0,
}


@pytest.fixture(scope="module")
def yks():  # type: ignore[no-untyped-def]
    return load_pack("yks")


def test_say_curriculum_holds_tyt_and_ayt_maths_and_science(yks) -> None:  # type: ignore[no-untyped-def]
    curriculum = curriculum_for(yks, "say")
    assert curriculum.track == "SAY"
    tests = {topic.test_id for topic in curriculum.topics}
    assert tests == {
        "tyt_turkce",
        "tyt_sosyal",
        "tyt_matematik",
        "tyt_fen",
        "ayt_matematik",
        "ayt_fen",
    }
    assert curriculum.test_weights["ayt_fen"] == 0.30
    assert [part.id for part in curriculum.exam_parts][:2] == ["tyt", "ayt"]
    assert {part.id: part.minutes for part in curriculum.exam_parts}["tyt"] == 165
    kinds = {subject.id: subject.quantitative for subject in curriculum.subjects}
    assert kinds["tyt_matematik"] and kinds["ayt_fizik"] and not kinds["tyt_turkce"]
    topic_ids = {topic.id for topic in curriculum.topics}
    assert all(lesson.topic_id in topic_ids for lesson in curriculum.lessons)
    lessons = [lesson for lesson in curriculum.lessons if lesson.topic_id == "paragraf"]
    assert [lesson.order for lesson in lessons] == sorted(lesson.order for lesson in lessons)


def test_sat_subjects_are_all_quantitative() -> None:
    curriculum = curriculum_for(load_pack("sat"), "MATH")
    assert curriculum.topics
    assert all(subject.quantitative for subject in curriculum.subjects)


def test_unknown_track_or_topic_is_a_profile_error(yks) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProfileError) as error:
        curriculum_for(yks, "XYZ")
    assert error.value.field == "track"
    profile = load_profile(EXAMPLE).to_study_profile()
    with pytest.raises(ProfileError) as error:
        plan_request(yks, "SAY", profile, datetime(2026, 11, 30, tzinfo=UTC), mastery={"nope": 0.1})
    assert error.value.field == "mastery.nope"


def test_the_example_profile_is_valid_and_plans(yks) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile(EXAMPLE)
    assert profile.track == "SAY" and profile.exam_date == date(2027, 6, 19)
    study = profile.to_study_profile()
    assert study.session_min == 25 and study.windows["sat"][1].start == 15 * 60
    request = request_from_profile(yks, profile, datetime(2026, 11, 30, 6, tzinfo=UTC))
    assert request.mastery_of("uslu") == 0.8
    plan = build_plan(request)
    assert plan.sessions and plan.summary.lesson_minutes > 0


def test_profile_defaults() -> None:
    profile = parse_profile(
        {
            "track": "SAY",
            "start_date": "2026-12-01",
            "exam_date": "2027-06-19",
            "availability": {"sat": 120},
        }
    )
    assert profile.session_minutes.min == 25 and profile.session_minutes.max == 60
    assert profile.break_days_per_week == 1 and profile.timezone == "Europe/Istanbul"


@pytest.mark.parametrize("code", [reason.value for reason in Reason])
def test_every_reason_reads_well_in_turkish_and_english(yks, code: str) -> None:  # type: ignore[no-untyped-def]
    assert template_exists(f"reasons/{code}", "tr") and template_exists(f"reasons/{code}", "en")
    turkish = reason_text(yks, code, ALL_PARAMS, "tr")
    english = reason_text(yks, code, ALL_PARAMS, "en")
    assert turkish and english and turkish != english
    assert "None" not in english and "{{" not in english
    # the codes the planner emits for sessions also render with only their own params
    assert reason_text(yks, code, {"topic_id": "problemler"}, "en")


def test_reason_texts_use_topic_names(yks) -> None:  # type: ignore[no-untyped-def]
    text = reason_text(yks, Reason.WEAK_TOPIC, ALL_PARAMS, "en")
    assert (
        text.startswith("Weak topic: ")
        and "about 12 exam questions" in text
        and "part 2 of 3" in text
    )
    assert "Problemler" in reason_text(yks, Reason.WEAK_TOPIC, ALL_PARAMS, "tr")
    assert render(
        "plan_cli/profile_error", "en", field="track", problem="bad", path="p.yaml"
    ).endswith("track: bad")
