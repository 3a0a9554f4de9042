"""Which buttons a reloaded web chat page offers again: the same as the live page left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.web.webchat_view import offered_ids
from coach.core.channel_store import TranscriptMessage
from coach.messages import Choice

MORNING = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
RATE = ((Choice("1★", "fb:use:1:1"), Choice("5★", "fb:use:1:5")),)
START = ((Choice("Start check-in", "checkin:start"),),)


def message(id_: int, role: str, at: datetime, choices: tuple = ()) -> TranscriptMessage:
    return TranscriptMessage(id_, role, "text", f"m{id_}", "", choices, at)


def test_the_last_exchange_offers_all_its_buttons() -> None:
    messages = [
        message(1, "student", MORNING),
        message(2, "coach", MORNING, RATE),
        message(3, "coach", MORNING, START),
    ]
    assert offered_ids(messages) == {2, 3}


def test_a_push_with_buttons_retires_the_buttons_before_it() -> None:
    evening = MORNING + timedelta(hours=12)
    messages = [
        message(1, "student", MORNING),
        message(2, "coach", MORNING, RATE),
        message(3, "coach", evening, START),
    ]
    assert offered_ids(messages) == {3}


def test_a_push_without_buttons_keeps_the_question_open() -> None:
    messages = [
        message(1, "student", MORNING),
        message(2, "coach", MORNING, RATE),
        message(3, "coach", MORNING + timedelta(hours=1)),
    ]
    assert offered_ids(messages) == {2}


def test_buttons_answered_by_the_student_are_gone() -> None:
    messages = [message(1, "coach", MORNING, START), message(2, "student", MORNING)]
    assert offered_ids(messages) == set()
