"""The figures and names a plan reason gives agree with what the rest of the coach shows: a
topic the student never answered on is "not assessed yet" (as /progress and the weekly card
say), not the planner's working assumption shown as a percentage; and a reason shown beside a
session's title does not name the topic a second time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.learning.mastery import subject_mastery
from coach.plans.curriculum import plan_request, reason_text
from content import load_pack
from planner import Reason, StudyProfile
from planner.priority import prioritise
from tests.unit.test_planner_curriculum import ALL_PARAMS

NOW = datetime(2026, 12, 10, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def yks():  # type: ignore[no-untyped-def]
    return load_pack("yks")


def _queue_params(yks, mastery):  # type: ignore[no-untyped-def]
    profile = StudyProfile(date(2026, 12, 10), date(2027, 6, 19), "UTC", {"mon": 120})
    request = plan_request(yks, "say", profile, NOW, mastery=mastery)
    return {item.topic.id: item.reason_params for item in prioritise(request).queue}


def test_an_unassessed_topic_reads_not_assessed_not_a_percentage(yks) -> None:  # type: ignore[no-untyped-def]
    params = _queue_params(yks, {"problemler": 0.1})
    skipped, measured = params["paragraf"], params["problemler"]
    assert skipped["mastery_percent"] is None and skipped["assessed"] is False
    assert measured["mastery_percent"] == 10 and measured["assessed"] is True
    english = reason_text(yks, Reason.WEAK_TOPIC, skipped, "en")
    turkish = reason_text(yks, Reason.WEAK_TOPIC, skipped, "tr")
    assert english.startswith("Not assessed yet: ") and "%" not in english
    assert turkish.startswith("Henüz değerlendirilmedi: ") and "%" not in turkish
    assert "(10% mastered)" in reason_text(yks, Reason.WEAK_TOPIC, measured, "en")
    # a reason stored before the flag existed still reads as it did
    assert reason_text(yks, Reason.WEAK_TOPIC, ALL_PARAMS, "en").startswith("Weak topic: ")


def test_one_subject_figure_none_until_measured() -> None:
    assert subject_mastery(["a", "b"], {}) is None
    assert subject_mastery([], {"a": 0.5}) is None
    assert subject_mastery(["a", "b"], {"a": 0.9}) == pytest.approx((0.9 + 0.3) / 2)


@pytest.mark.parametrize("code", [code.value for code in Reason])
@pytest.mark.parametrize("locale", ["tr", "en"])
def test_a_titled_reason_does_not_repeat_the_topic(yks, code: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    params = {**ALL_PARAMS, "topic_id": "paragraf", "for_topic_id": "problemler"}
    name = yks.topics_by_id["paragraf"]
    name = name.name if locale == "tr" else (name.name_en or name.name)
    text = reason_text(yks, code, params, locale, titled=True)
    assert name not in text, text
    assert text and "None" not in text and "{{" not in text


def test_the_weekly_card_says_not_assessed_in_both_languages() -> None:
    from prompts import render

    assert render("motivation/card_percent", "en", n=None) == "not assessed"
    assert render("motivation/card_percent", "tr", n=None) == "ölçülmedi"
    assert render("motivation/card_percent", "tr", n=0) == "%0"
