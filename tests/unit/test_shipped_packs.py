"""Every shipped pack loads and validates, and has what the issue promises."""

from __future__ import annotations

from collections import Counter

import pytest

from content import Pack, load_pack, shipped_pack_ids
from content.coverage import coverage_gaps, subject_levels
from content.export import export_pack
from content.validate import validate_pack

TYT_SUBJECTS = [
    "tyt_turkce",
    "tyt_tarih",
    "tyt_cografya",
    "tyt_felsefe",
    "tyt_din",
    "tyt_matematik",
    "tyt_geometri",
    "tyt_fizik",
    "tyt_kimya",
    "tyt_biyoloji",
]
# AYT subject groups of the issue: Matematik (with geometry), Fizik, Kimya, Biyoloji, Edebiyat,
# Tarih, Coğrafya, Felsefe grubu.
AYT_GROUPS = {
    "matematik": ["ayt_matematik", "ayt_geometri"],
    "fizik": ["ayt_fizik"],
    "kimya": ["ayt_kimya"],
    "biyoloji": ["ayt_biyoloji"],
    "edebiyat": ["ayt_edebiyat"],
    "tarih": ["ayt_tarih1", "ayt_tarih2"],
    "cografya": ["ayt_cografya1", "ayt_cografya2"],
    "felsefe": ["ayt_felsefe"],
}
MIN_QUESTIONS = 12


@pytest.fixture(scope="module")
def yks() -> Pack:
    return load_pack("yks")


@pytest.fixture(scope="module")
def sat() -> Pack:
    return load_pack("sat")


def test_both_packs_are_shipped() -> None:
    assert {"yks", "sat"} <= set(shipped_pack_ids())


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_shipped_pack_validates(pack_id: str) -> None:
    assert [str(issue) for issue in validate_pack(pack_id)] == []


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_topic_meets_the_teaching_bar(pack_id: str) -> None:
    """Six askable questions over two levels, a complete summary sheet, a video and a reading
    for every topic; every subject has easy, medium and hard questions."""
    pack = load_pack(pack_id)
    assert coverage_gaps(pack) == {}
    assert {s: len(levels) for s, levels in subject_levels(pack).items()} == {
        subject.id: 3 for subject in pack.subjects if pack.topics_of(subject.id)
    }


def test_the_banks_are_big_enough(yks: Pack, sat: Pack) -> None:
    assert len(yks.questions) >= 1300
    assert len(sat.questions) >= 150


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_topic_has_a_lesson_and_a_practice_set(pack_id: str) -> None:
    data = export_pack(load_pack(pack_id))
    with_lessons = {lesson["topic_id"] for lesson in data["lessons"]}
    with_practice = {r["topic_id"] for r in data["resources"] if r["type"] == "practice"}
    topics = {topic["id"] for topic in data["topics"]}
    assert topics - with_lessons == set()
    assert topics - with_practice == set()


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_links_are_web_addresses_and_summaries_have_text(pack_id: str) -> None:
    for resource in export_pack(load_pack(pack_id))["resources"]:
        if resource["type"] in ("video", "article"):
            assert resource["url"].startswith("https://"), resource
        if resource["type"] == "summary":
            assert resource["body"].count("•") >= 5, resource["id"]


def test_yks_exam_structure(yks: Pack) -> None:
    data = export_pack(yks)
    sessions = {s["id"]: s for s in data["exam"]["sessions"]}
    assert sum(t["questions"] for t in sessions["tyt"]["tests"]) == 120
    assert sum(t["questions"] for t in sessions["ayt"]["tests"]) == 160
    assert (sessions["tyt"]["minutes"], sessions["ayt"]["minutes"]) == (165, 180)
    assert [t["questions"] for t in sessions["ydt"]["tests"]] == [80]
    assert data["exam"]["net_rule"] == {"wrong_penalty": 0.25}
    weights = {s["id"]: s["weights"] for s in data["exam"]["score_types"]}
    assert set(weights) == {"TYT", "SAY", "EA", "SOZ", "DIL"}
    for score_type in ("SAY", "EA", "SOZ", "DIL"):
        assert sum(weights[score_type].values()) == pytest.approx(1.0)
    assert weights["DIL"]["ydt"] == 0.6


def test_yks_topic_counts_add_up_per_test(yks: Pack) -> None:
    for test_id, test in yks.tests_by_id.items():
        subjects = yks.subjects_of_test(test_id)
        if not subjects:
            continue
        total = sum(t.expected_questions for s in subjects for t in yks.topics_of(s.id))
        assert abs(total - test.questions) <= yks.question_count_tolerance, test_id


def test_every_tyt_topic_has_a_summary_sheet(yks: Pack) -> None:
    for subject_id in TYT_SUBJECTS:
        for topic in yks.topics_of(subject_id):
            assert topic.summary is not None, topic.id
            assert 5 <= len(topic.summary.points) <= 10, topic.id
            assert any(r.type == "summary" for r in yks.resources_of(topic.id)), topic.id


@pytest.mark.parametrize("subject_id", TYT_SUBJECTS)
def test_tyt_subject_has_enough_questions(yks: Pack, subject_id: str) -> None:
    assert len(yks.questions_of_subject(subject_id)) >= MIN_QUESTIONS


@pytest.mark.parametrize("group", sorted(AYT_GROUPS))
def test_ayt_subject_group_has_enough_questions(yks: Pack, group: str) -> None:
    counts = [len(yks.questions_of_subject(s)) for s in AYT_GROUPS[group]]
    assert sum(counts) >= MIN_QUESTIONS, counts
    assert min(counts) >= 4, counts


def test_questions_cover_the_heaviest_topics(yks: Pack) -> None:
    for subject in yks.subjects:
        topics = sorted(yks.topics_of(subject.id), key=lambda t: -t.expected_questions)
        asked = {q.topic for q in yks.questions_of_subject(subject.id)}
        assert topics[0].id in asked, subject.id


def test_yks_questions_have_five_options_and_explanations(yks: Pack) -> None:
    for question in yks.questions:
        assert len(question.options) == 5, question.id
        assert question.explanation, question.id


def test_yks_has_the_reference_generators(yks: Pack) -> None:
    topics = Counter(spec.topic for spec in yks.generators)
    assert len(yks.generators) >= 10
    assert {
        "uslu",
        "koklu",
        "oran_oranti",
        "denklem_cozme",
        "mutlak_deger",
        "sayi_basamaklari",
        "ebob_ekok",
        "problemler",
    } <= set(topics)


def test_sat_structure(sat: Pack) -> None:
    data = export_pack(sat)
    [session] = data["exam"]["sessions"]
    assert session["minutes"] == 70
    assert session["tests"] == [
        {"id": "sat_math", "name": "SAT Matematik", "name_en": "SAT Math", "questions": 44}
    ]
    assert data["exam"]["net_rule"] == {"wrong_penalty": 0.0}
    assert [s["id"] for s in data["exam"]["score_types"]] == ["MATH"]
    shares = {
        s.id: sum(t.expected_questions for t in sat.topics_of(s.id)) / 44 for s in sat.subjects
    }
    assert shares == pytest.approx(
        {"algebra": 0.35, "advanced_math": 0.35, "psda": 0.15, "geo_trig": 0.15}
    )


def test_sat_questions_and_generators(sat: Pack) -> None:
    for subject in sat.subjects:
        assert len(sat.questions_of_subject(subject.id)) >= 8, subject.id
    assert all(len(q.options) == 4 and q.language == "en" for q in sat.questions)
    assert len({spec.topic for spec in sat.generators}) >= 4
    assert all(t.name and t.name_en and t.name != t.name_en for t in sat.topics)
