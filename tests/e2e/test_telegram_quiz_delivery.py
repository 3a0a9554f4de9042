"""Issue 14, must-show 3: a planned quiz and a planned review on a Türkçe paragraph topic end
to end through the Telegram fake (the long paragraph goes as a message, then the poll), and a
geometry question whose figure arrives as a photo right before its poll."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import Student, running_coach
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

YKS = Path(__file__).parents[2] / "content" / "packs" / "yks"
PARAGRAPH = "paragraf"
GEOMETRY = "g_acilar"  # six bank questions and a generator that draws the triangle


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


def _polls(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if "poll" in m]


def _ended(messages: list[dict[str, Any]]) -> bool:
    return bool(_polls(messages)) or any("%" in m.get("text", "") for m in messages)


async def _onboard_skipping_the_assessment(student: Student) -> None:
    await student.command("/start", Student.has_button("ob:lang"))
    for step, then in (
        ("ob:lang:tr", "ob:consent"),
        ("ob:consent:yes", "ob:age"),
        ("ob:age:adult", "ob:track"),
        ("ob:track:0", "ob:date"),
        ("ob:date:default", "ob:target"),
        ("ob:target:skip", "ob:avail:"),
        ("ob:avail:intense", "ob:avail_review"),
        ("ob:avail_review:ok", "ob:win"),
        ("ob:win:split", "ob:break"),
        ("ob:break:none", "ob:tz"),
        ("ob:tz:0", "ob:confirm"),
    ):
        await student.press(step, Student.has_button(then))
    messages = await student.press("ob:confirm:yes", lambda ms: bool(_polls(ms)))
    for _ in range(40):
        if Student.has_button("pv:activate")(messages):
            break
        messages = await student.press(
            "as:skipsub:", lambda ms: bool(_polls(ms)) or Student.has_button("pv:activate")(ms)
        )
    await student.press("pv:activate", Student.has_button("s:"))


async def _answer_quiz(student: Student, first: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Answer every poll of a quiz (the right option); the messages before each poll."""
    steps: list[list[dict[str, Any]]] = []
    messages = first
    for _ in range(6):
        if not _polls(messages):
            return steps
        steps.append(messages)
        poll = _polls(messages)[-1]["poll"]
        correct = student.fake.polls[poll["id"]]["correct_option_ids"]
        await student.fake.answer_poll(student.user, poll["id"], correct)
        messages = await student._after(_ended)
    raise AssertionError("the quiz did not end")


async def test_paragraph_quiz_and_review_and_a_geometry_figure_over_telegram(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7101, "Elif", "tr"))
    async with running_coach(fake, url, webhook=False, packs=(str(YKS),)) as coach:
        await _onboard_skipping_the_assessment(student)
        async with coach.uow() as uow:
            user = await uow.users.find_by_identity("telegram", "7101")
            assert user is not None
            plan = await uow.plans.active_for(user.id)
            assert plan is not None
            sessions = await uow.plans.sessions(plan.id)
        planned = {
            kind: next(s for s in sessions if s.kind == kind and s.topic_id == PARAGRAPH)
            for kind in ("quiz", "review")
        }
        assert isinstance(coach.clock, FixedClock)
        paragraphs: list[str] = []
        for kind, session in sorted(planned.items(), key=lambda item: item[1].date):
            coach.clock.set(
                datetime.combine(session.date, time(7, 0), tzinfo=coach.clock.now().tzinfo)
            )
            await student.command("/today", Student.has_button(f"s:start:{session.id}"))
            first = await student.press(f"s:start:{session.id}", _ended)
            steps = await _answer_quiz(student, first)
            assert len(steps) == {"quiz": 4, "review": 3}[kind], kind
            for messages in steps:
                poll = _polls(messages)[-1]["poll"]
                # The paragraph is longer than a poll allows: it is the message before the poll.
                assert poll["question"] == "Cevabın hangisi?"
                paragraphs += [m["text"] for m in messages if len(m.get("text", "")) > 300]
                assert poll["type"] == "quiz" and len(poll["options"]) == 5
            async with coach.uow() as uow:
                done = await uow.plans.get_session(session.id)
            assert done is not None and done.status.value == "done", kind

        # Seven questions over a quiz and a review within days: none asked twice.
        assert len(paragraphs) == len(set(paragraphs)) == 7

        # Geometry: six bank questions, so by the third quiz only drawn ones are unseen.
        photos = []
        for _ in range(3):
            first = await student.command(f"/quiz {GEOMETRY}", _ended)
            for messages in await _answer_quiz(student, first):
                poll_at = messages.index(_polls(messages)[-1])
                if poll_at and "photo" in messages[poll_at - 1]:
                    photos.append(messages[poll_at - 1])
        assert photos, "no geometry figure was sent before its poll"
        upload = fake.calls_to("sendPhoto")[0]
        assert upload.params  # a real multipart upload of the PNG
    assert not fake.open_queries
