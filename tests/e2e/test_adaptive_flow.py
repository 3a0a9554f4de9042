"""Adaptive learning through the engine: a struggling student and a strong one (mini pack)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.core.channels import ChannelCapabilities
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.learning.records import practice
from coach.messages import ChannelKind
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.e2e.test_onboarding_flow import onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
RIGHT, WRONG = "A", "B"  # every mini-pack question has option A right


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


async def _student(chat: Conversation, *, weak: bool = False) -> None:
    """Onboard and activate the plan; a weak student answers "I don't know" everywhere."""
    if not weak:
        await onboard(chat)
    else:
        await chat.command("start")
        for step in ("ob:lang:en", "ob:consent:yes", "ob:age:adult", "ob:track:0"):
            await chat.press(step)
        for step in ("ob:date:default", "ob:target:skip", "ob:avail:intense"):
            await chat.press(step)
        for step in ("ob:avail_review:ok", "ob:win:split", "ob:break:none", "ob:tz:0"):
            await chat.press(step)
        await chat.press("ob:confirm:yes")
        for _ in range(12):
            if "plans/preview" in chat.templates():
                break
            await chat.press("as:idk:")
    await chat.press("pv:activate:")


async def _quiz(chat: Conversation, clock: FixedClock, topic: str, answer: str) -> list[str]:
    """Take a quiz on `topic`, typing the same letter for every question."""
    await chat.command("quiz", topic)
    templates: list[str] = []
    for _ in range(6):
        clock.advance(seconds=40)
        await chat.say(answer)
        templates += chat.templates()
        if "adaptive/quiz_result" in chat.templates():
            return templates
    raise AssertionError(f"quiz did not end: {templates}")


async def _lesson_minutes(uow_factory: SqlUnitOfWorkFactory, topic: str) -> int:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        sessions = await uow.plans.sessions(plan.id)
    return sum(s.minutes for s in sessions if s.kind == "lesson" and s.topic_id == topic)


async def test_struggling_student_gets_time_a_new_resource_and_a_tutor_offer(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat, weak=True)
    before = await _lesson_minutes(uow_factory, "problemler")
    assert before > 0

    # First failed quiz: no strike yet, but an explanation of another kind than the summary.
    seen = await _quiz(chat, clock, "problemler", WRONG)
    assert "adaptive/recommendations" in seen
    assert "adaptive/struggle" not in seen
    assert "different kind of explanation" in chat.text()

    # Second failed quiz: strike one — more time, easier practice, another resource, re-plan.
    clock.advance(days=1)
    seen = await _quiz(chat, clock, "problemler", WRONG)
    assert "adaptive/struggle" in seen
    assert "30% more time" in chat.text()
    assert "adaptive/recommendations" in seen
    assert "plans/proposal" in chat.templates()
    assert "Why I suggest a change" in chat.text()
    await chat.press("plan:accept:")
    assert chat.templates() == ["plans/accepted"]
    assert await _lesson_minutes(uow_factory, "problemler") > before

    # Easier practice from the struggle message works.
    await chat.tap("qs:easy:problemler")
    assert "adaptive/intro_easier" in chat.templates()
    for _ in range(4):
        if "adaptive/quiz_result" in chat.templates():
            break
        await chat.say(RIGHT)

    # Strikes two and three: the third offers a human tutor, with Yes / No (no tutor faked).
    for strike in (2, 3):
        clock.advance(days=1)
        await _quiz(chat, clock, "problemler", WRONG)
        clock.advance(days=1)
        seen = await _quiz(chat, clock, "problemler", WRONG)
        assert "adaptive/struggle" in seen, strike
    assert "tutors/offer" in chat.templates()
    assert "Shall I find one?" in chat.text()
    assert any(c.payload.startswith("ht:yes:") for c in chat.choices())

    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        decisions = await uow.feedback.decisions(user.id, "mini")
        attempts = await uow.learning.attempts(user.id, "mini", "problemler")
        cards = await uow.learning.review_cards(user.id, "mini")
    kinds = [d.kind for d in decisions]
    assert kinds.count("struggle") == 3
    assert "tutor_offer" in kinds and "recommend" in kinds
    assert all(a.response_ms == 40_000 for a in attempts if a.kind == "on_demand")
    assert "problemler" in cards

    # The history shows every decision with its reason.
    await chat.command("why")
    text = chat.text()
    assert "strike 3" in text and "tutor offered" in text
    assert "recommended" in text and "different kind of explanation" in text


async def test_strong_student_gets_a_shorter_path(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat)
    before = await _lesson_minutes(uow_factory, "paragraf")
    assert before > 0
    seen = await _quiz(chat, clock, "paragraf", RIGHT)
    assert "adaptive/accelerate" in seen
    # The promise is kept: the shorter lessons are a proposal, listed with their lengths.
    assert "plans/proposal" in chat.templates()
    assert "change length" in chat.text()
    await chat.press("plan:changes:")
    assert "plans/proposal_changes" in chat.templates()
    assert re.search(r"⏱ .*, 40 → 24 min", chat.text())
    await chat.press("plan:accept:")
    assert await _lesson_minutes(uow_factory, "paragraf") < before

    # A placement quiz lets the student test out of a topic.
    before = await _lesson_minutes(uow_factory, "yazim")
    await chat.command("placement", "yazim")
    assert "adaptive/intro_placement" in chat.templates()
    for _ in range(6):
        await chat.say(RIGHT)
        if "adaptive/quiz_result" in chat.templates():
            break
    assert "adaptive/test_out" in chat.templates()
    await chat.press("plan:accept:")
    assert await _lesson_minutes(uow_factory, "yazim") < before

    await chat.command("progress")
    assert "adaptive/levels" in chat.templates()
    await chat.command("why")
    assert "tested out" in chat.text() and "shorter" in chat.text()


async def test_planned_quiz_session_runs_as_telegram_polls(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat)
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        sessions = await uow.plans.sessions(plan.id)
    session = next(s for s in sessions if s.kind in ("quiz", "review") and s.topic_id)
    poll = Conversation(
        engine,
        clock,
        channel=ChannelKind.WEB,
        capabilities=ChannelCapabilities(native_quiz=True),
    )
    await poll.tap(f"s:start:{session.id}")
    quiz = [r for r in poll.last if r.quiz is not None]
    assert quiz, poll.templates()
    for _ in range(6):
        key = next(r.quiz.question_key for r in poll.last if r.quiz is not None)
        clock.advance(seconds=20)
        await poll.answer_poll(key, 0)
        if "adaptive/quiz_result" in poll.templates():
            break
    assert "adaptive/quiz_result" in poll.templates()
    async with uow_factory() as uow:
        done = await uow.plans.get_session(session.id)
        stored = await uow.learning.attempts(user.id, "mini", session.topic_id)
    attempts = practice(stored)  # the assessment's answers are kept too, but not timed
    assert done is not None and done.status.value == "done"
    assert attempts and all(a.correct and a.response_ms == 20_000 for a in attempts)


async def test_too_hard_ratings_and_skips_are_strikes(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat, weak=True)
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        sessions = [
            s
            for s in await uow.plans.sessions(plan.id)
            if s.topic_id == "problemler" and s.kind != "break"
        ]
    assert len(sessions) >= 4
    await chat.tap(f"s:done:{sessions[0].id}")
    await chat.tap(f"s:rate:{sessions[0].id}:5")
    assert "1★" in "".join(c.label for c in chat.choices())  # how useful, 1-5
    await chat.press("fb:cm:")
    await chat.say("The second example was confusing")
    assert chat.templates() == ["adaptive/comment_thanks"]
    clock.advance(minutes=30)
    await chat.tap(f"s:done:{sessions[1].id}")
    await chat.tap(f"s:rate:{sessions[1].id}:5")
    assert "adaptive/struggle" in chat.templates()
    assert 'rated "too hard" more than once' in chat.text()
    clock.advance(minutes=30)
    await chat.tap(f"s:skip:{sessions[2].id}")
    assert "adaptive/struggle" not in chat.templates()
    clock.advance(minutes=30)
    await chat.tap(f"s:skip:{sessions[3].id}")
    assert "adaptive/struggle" in chat.templates()
    assert "sessions skipped more than once" in chat.text(), chat.text()
    async with uow_factory() as uow:
        decisions = await uow.feedback.decisions(user.id, "mini", kind="struggle")
        feedback = await uow.feedback.feedback(user.id, "mini")
    assert [d.params["strike"] for d in decisions] == [2, 1]
    assert [f.comment for f in feedback if f.comment] == ["The second example was confusing"]
    assert [f.difficulty for f in feedback].count("skipped") == 2


async def test_mock_exam_entry_gives_nets_mastery_and_a_replan(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat, weak=True)
    await chat.command("mock")
    assert "mock/ask_test" in chat.templates()
    await chat.say("6 3 1")
    await chat.say("nothing useful")
    assert "mock/problem_need_numbers" in chat.templates()
    await chat.say("9 9 9")
    assert "mock/problem_too_many" in chat.templates()
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        before = await uow.progress.mastery(user.id, "mini")
    await chat.say("2 5")
    assert "mock/result" in chat.templates()
    assert "Total net: 6\n" in chat.text()
    async with uow_factory() as uow:
        mocks = await uow.learning.mocks(user.id, "mini")
        after = await uow.progress.mastery(user.id, "mini")
        decisions = await uow.feedback.decisions(user.id, "mini", kind="mock")
    assert mocks[0].net == 6.0
    # 6/10 in maths means mastery ~(0.6 - guess 0.2) / (1 - 0.1 - 0.2), blended in with 0.4.
    implied = (0.6 - 0.2) / 0.7
    assert after["sayilar"] == pytest.approx(
        before["sayilar"] + 0.4 * (implied - before["sayilar"]), abs=0.002
    )
    assert after["paragraf"] < before["paragraf"]  # 2 right of 10 in Turkish
    assert decisions and decisions[0].params["net"] == 6.0
    if "plans/proposal" in chat.templates():
        assert "Mock exam: net 6" in chat.text()


async def test_reported_time_teaches_the_lesson_pace(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat, weak=True)
    await chat.command("checkin")
    await chat.press("ci:all")
    await chat.press("ci:hard:3")
    await chat.say("400")  # far longer than planned
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        estimates = await uow.learning.time_estimates(user.id, "mini")
        decisions = await uow.feedback.decisions(user.id, "mini", kind="pace")
    assert estimates["*"].factor > 1.1
    assert decisions and decisions[0].params["slower"] is True
    await chat.command("why")
    assert "take longer than planned" in chat.text()


async def test_quiz_does_not_repeat_what_the_assessment_just_asked(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat)
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        assessed = [
            a for a in await uow.learning.attempts(user.id, "mini") if a.kind == "assessment"
        ]
    assert assessed, "the assessment's answers are kept"
    topic = max(
        {a.topic_id for a in assessed}, key=lambda t: sum(a.topic_id == t for a in assessed)
    )
    asked = {a.question_ref for a in assessed if a.topic_id == topic}
    clock.advance(hours=20)
    await _quiz(chat, clock, topic, RIGHT)
    async with uow_factory() as uow:
        quiz = [
            a for a in await uow.learning.attempts(user.id, "mini", topic) if a.kind == "on_demand"
        ]
    bank = 4  # questions per topic in the mini pack
    assert len(quiz) == 3
    assert len(asked & {a.question_ref for a in quiz}) == max(0, 3 - (bank - len(asked)))


async def test_shown_mastery_is_the_stored_mastery(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    """The quiz result and /progress show the very mastery the coach stored."""
    chat = Conversation(engine, clock)
    await _student(chat)
    await _quiz(chat, clock, "paragraf", WRONG)
    shown = re.search(r"(\d+)% — level", chat.text())
    assert shown is not None
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        stored = (await uow.progress.mastery(user.id, "mini"))["paragraf"]
    assert stored == round(stored, 3)
    assert int(shown.group(1)) == round(stored * 100)
    await chat.command("progress")
    assert f"{round(stored * 100)}%" in chat.text()
