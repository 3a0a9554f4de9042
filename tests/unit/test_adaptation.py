"""Struggle detection, acceleration, learned pace and request adjustment (pure policies)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from coach.learning.adaptation import (
    MASTERY_FLAT,
    QUIZ_FAILED_TWICE,
    SKIPPED,
    TOO_HARD,
    QuizScore,
    TopicSignals,
    accelerated_factor,
    adjust_request,
    cards_for_plan,
    detect_struggle,
    learned_pace,
    passes_placement,
)
from coach.learning.mastery import DEFAULT_PARAMS
from coach.learning.mock import MockEntry, analyse, net
from coach.learning.recommend import RecommendInput, ResourceOption, recommend
from planner import (
    Curriculum,
    Lesson,
    PlanRequest,
    StudyProfile,
    Subject,
    Topic,
)

NOW = datetime(2027, 1, 20, 12, tzinfo=UTC)


def _scores(*shares: float) -> tuple[QuizScore, ...]:
    return tuple(QuizScore(NOW - timedelta(days=len(shares) - i), s) for i, s in enumerate(shares))


def test_one_failed_quiz_is_not_a_strike_two_are() -> None:
    assert detect_struggle(TopicSignals("t", _scores(0.33)), NOW) is None
    struggle = detect_struggle(TopicSignals("t", _scores(0.33, 0.8, 0.4)), NOW)
    assert struggle is not None
    assert struggle.signals == (QUIZ_FAILED_TWICE,)
    assert struggle.strike == 1
    assert struggle.time_factor == 1.3
    assert not struggle.offer_tutor
    assert struggle.easier_practice and struggle.alternative_resource


def test_third_strike_offers_a_tutor_and_time_is_capped() -> None:
    signals = TopicSignals("t", too_hard=2, skips=3, strikes=2)
    struggle = detect_struggle(signals, NOW, current_factor=1.69)
    assert struggle is not None
    assert struggle.signals == (TOO_HARD, SKIPPED)
    assert struggle.strike == 3 and struggle.offer_tutor
    assert struggle.time_factor == 2.0


def test_flat_mastery_needs_two_weeks_of_practice() -> None:
    history = ((NOW - timedelta(days=20), 0.40), (NOW - timedelta(days=3), 0.42))
    found = detect_struggle(TopicSignals("t", mastery_history=history), NOW)
    assert found is not None and found.signals == (MASTERY_FLAT,)
    rising = ((NOW - timedelta(days=20), 0.40), (NOW - timedelta(days=3), 0.60))
    assert detect_struggle(TopicSignals("t", mastery_history=rising), NOW) is None
    recent_only = ((NOW - timedelta(days=5), 0.40), (NOW - timedelta(days=1), 0.40))
    assert detect_struggle(TopicSignals("t", mastery_history=recent_only), NOW) is None


def test_acceleration_only_at_the_first_try() -> None:
    assert accelerated_factor(QuizScore(NOW, 1.0, first_try=True)) == 0.6
    assert accelerated_factor(QuizScore(NOW, 0.9, first_try=True)) == 0.6
    assert accelerated_factor(QuizScore(NOW, 0.8, first_try=True)) is None
    assert accelerated_factor(QuizScore(NOW, 1.0, first_try=False)) is None
    assert accelerated_factor(QuizScore(NOW, 1.0, first_try=True), current_factor=0.6) is None
    assert passes_placement(0.8) and not passes_placement(0.6)


def test_learned_pace_shrinks_toward_one_and_is_clamped() -> None:
    assert learned_pace([]) == 1.0
    assert learned_pace([(40, 60)]) == pytest.approx((480 + 60) / (480 + 40), abs=0.01)
    # one evening faster than planned moves the pace less than the 10 % that re-plans
    assert abs(learned_pace([(40, 30), (40, 30), (35, 30)]) - 1.0) < 0.1
    # a week of it does
    assert learned_pace([(40, 30), (40, 30), (35, 30)] * 6) < 0.9
    assert learned_pace([(40, 400)] * 10) == 1.6
    assert learned_pace([(60, 20)] * 20) == 0.6


def _request() -> PlanRequest:
    curriculum = Curriculum(
        "p",
        "T",
        (Subject("s", "t1", True),),
        (Topic("a", "s", "t1", 5), Topic("b", "s", "t1", 5)),
        (Lesson("a1", "a", 40, 1), Lesson("b1", "b", 40, 1)),
        {"t1": 1.0},
    )
    profile = StudyProfile(date(2027, 1, 1), date(2027, 6, 1), "UTC", {"mon": 60})
    return PlanRequest(curriculum, profile, NOW)


def test_adjust_request_scales_lessons_and_adds_cards() -> None:
    adjusted = adjust_request(
        _request(), pace=1.25, topic_factors={"a": 0.6}, review_cards={"b": "{}"}
    )
    minutes = {lesson.id: lesson.minutes for lesson in adjusted.curriculum.lessons}
    assert minutes == {"a1": 30, "b1": 50}
    assert adjusted.review_cards == {"b": "{}"}
    assert adjust_request(_request()).curriculum == _request().curriculum


OPTIONS = (
    ResourceOption("v1", "video", "Video", "tr", 12, "https://x.org/v"),
    ResourceOption("s1", "summary", "Summary", "tr", 5),
    ResourceOption("p1", "practice", "Practice", "tr", 15),
    ResourceOption("a1", "article", "Article (en)", "en", 10, "https://x.org/a"),
)


def test_recommendations_fit_level_and_never_repeat() -> None:
    rng = random.Random(1)
    low = recommend(OPTIONS, RecommendInput("t", 0.2, "tr"), rng)
    assert low[0].resource.type in ("video", "summary")
    again = recommend(
        OPTIONS, RecommendInput("t", 0.2, "tr", last_resource_id=low[0].resource.id), rng
    )
    assert again[0].resource.id != low[0].resource.id
    high = recommend(OPTIONS, RecommendInput("t", 0.9, "tr"), rng)
    assert high[0].resource.type == "practice"


def test_failed_quiz_alternative_is_another_type() -> None:
    ctx = RecommendInput("t", 0.2, "tr", type_ratings={"video": 5.0}, avoid_type="video")
    first = recommend(OPTIONS, ctx, random.Random(2))[0]
    assert first.resource.type != "video"
    assert first.reason_code == "alternative"
    assert first.reason_params["used_type"] == "video"


def test_peer_and_own_ratings_move_the_choice() -> None:
    peers = RecommendInput("t", 0.5, "tr", peer_ratings={"v1": (5.0, 6)})
    best = recommend(OPTIONS, peers, random.Random(3))[0]
    assert best.resource.id == "v1" and best.reason_code == "peers"
    own = RecommendInput("t", 0.5, "tr", type_ratings={"summary": 5.0, "practice": 1.0})
    best = recommend(OPTIONS, own, random.Random(3))[0]
    assert best.resource.id == "s1" and best.reason_code == "liked_type"


def test_mock_nets_and_mastery() -> None:
    assert net(30, 8, 0.25) == 28.0
    assert net(30, 8, 0.0) == 30.0
    analysis = analyse(
        [MockEntry("test", "t1", 10, 20, 10), MockEntry("topic", "c", 9, 1, 0)],
        wrong_penalty=0.25,
        topics_of_test={"t1": ["a", "b"]},
        mastery={"a": 0.7, "b": 0.5, "c": 0.3},
        params=DEFAULT_PARAMS,
    )
    assert analysis.nets == {"t1": 5.0, "c": 8.75}
    assert analysis.total_net == 13.75
    assert analysis.mastery["a"] < 0.7 and analysis.mastery["b"] < 0.5
    assert analysis.mastery["c"] > 0.8
    assert analysis.weakest[0] == "b"


def test_only_cards_of_known_topics_go_to_the_planner() -> None:
    cards = {"a": "{a}", "b": "{b}", "c": "{c}"}
    assert cards_for_plan(cards, {"a": 0.7, "b": 0.3}) == {"a": "{a}"}
