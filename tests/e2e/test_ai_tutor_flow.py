"""The AI tutor without a model: "Explain it to me" after a wrong quiz answer, at the quiz
result and on /stuck walks the pack's worked solution; refusals; the quiz carries on after."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import wired_engine
from coach.aitutor.usecases import TranscriptFor, tutor_transcript
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.aitutor_support import tutor_pack
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock


async def _student(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp: Path) -> Conversation:
    catalog = Catalog.load([str(tutor_pack(tmp))])
    chat = Conversation(wired_engine(uow_factory, clock, catalog, EngineConfig()), clock)
    await onboard(chat)
    await chat.press("pv:activate:")
    return chat


async def test_without_a_model_the_pack_walks_the_solution_and_the_quiz_resumes(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp_path: Path
) -> None:
    chat = await _student(uow_factory, clock, tmp_path)
    await chat.command("quiz", "problemler")
    await chat.say("B")  # wrong: the feedback offers the tutor
    explain = chat.find("at:q:")
    await chat.tap(explain.payload)
    assert chat.templates() == ["aitutor/open"]
    await chat.say("what's the weather tomorrow?")
    assert chat.templates() == ["aitutor/refuse_off_topic"]
    await chat.say("what is the phone number of my teacher?")
    assert chat.templates() == ["aitutor/refuse_personal"]
    await chat.say("bilmiyorum")
    assert chat.templates() == ["aitutor/hint"] and "📚" in chat.text()
    await chat.say("I tried adding them")
    assert chat.templates() == ["aitutor/big_hint"]
    await chat.press("at:sol:")
    for _ in range(8):
        if "aitutor/answer" in chat.templates():
            break
        await chat.press("at:next:")
    assert "aitutor/answer" in chat.templates()
    await chat.press("at:end:")
    assert chat.templates()[0] == "aitutor/closed"
    assert "quiz/header" in " ".join(chat.templates()) or "assessment/question" in chat.templates()
    for _ in range(4):
        if "adaptive/quiz_result" in chat.templates():
            break
        await chat.say("B")
    assert "adaptive/quiz_result" in chat.templates()
    assert any(c.payload.startswith("at:q:") for c in chat.choices())

    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        [talk] = await tutor_transcript(uow, clock.now(), TranscriptFor(user.id, "problemler"))
    assert talk.origin == "quiz" and talk.lines[0].role == "coach"
    assert "phone number" in " ".join(line.text for line in talk.lines)
    assert {line.source for line in talk.lines} <= {"pack", "student"}


async def test_stuck_offers_the_tutor_on_a_worked_example(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp_path: Path
) -> None:
    chat = await _student(uow_factory, clock, tmp_path)
    await chat.command("stuck", "problemler")
    await chat.press("at:t:problemler")
    assert chat.templates() == ["aitutor/open"]
    assert "Babanın bugünkü yaşı" in chat.text()  # the topic's question with a worked solution
    await chat.say("just tell me the answer")
    assert chat.templates() == ["aitutor/hint"]  # hints first, even when asked
    await chat.say("show me the answer")
    assert chat.templates() == ["aitutor/step"]  # asked twice, after a hint
    await chat.tap("at:next:999")
    assert chat.templates()[0] == "common/stale_button"
