"""Message wording that depends on where the student is: a started session names "Try a
question" only when offered; the exam date asked from /settings does not point to /settings."""

from __future__ import annotations

import pytest

from prompts import render

SESSION = {"topic": "Problemler", "lesson": "", "minutes": 40}


@pytest.mark.parametrize(("locale", "button"), [("en", "Try a question"), ("tr", "Bir soru çöz")])
def test_the_question_button_is_named_only_when_there_is_one(locale: str, button: str) -> None:
    offered = render("sessions/started", locale, session=SESSION, points=(), links=[], can_try=True)
    assert button in offered
    without = render(
        "sessions/started", locale, session=SESSION, points=(), links=[], can_try=False
    )
    assert button not in without and without.rstrip().endswith(".")


@pytest.mark.parametrize("locale", ["en", "tr"])
def test_the_exam_date_question_from_settings_does_not_point_to_settings(locale: str) -> None:
    asked = {"default": "19.06.2027", "official": False}
    assert "/settings" in render("onboarding/exam_date", locale, editing=False, **asked).replace(
        "/ayarlar", "/settings"
    )
    from_settings = render("onboarding/exam_date", locale, editing=True, **asked)
    assert "/settings" not in from_settings and "/ayarlar" not in from_settings
