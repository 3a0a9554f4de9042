"""A started session's message names the "Try a question" button only when it is offered."""

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
