"""Figures and long questions on channels without native polls, and the letter-only poll."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.core.channels import ChannelCapabilities
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import EngineConfig
from coach.dialogue.flows import quiz as quiz_flow
from coach.messages import ChannelKind, ReplyKind
from coach.packs.catalog import Catalog
from content import Question
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock

YKS = Path(__file__).parents[2] / "content" / "packs" / "yks"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load([str(YKS)])


@pytest.fixture
def engine(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, catalog: Catalog
) -> ConversationEngine:
    return wired_engine(uow_factory, clock, catalog, EngineConfig())


async def _student(chat: Conversation) -> None:
    """A Turkish YKS student who skipped every subject of the assessment."""
    await chat.command("start")
    for step in ("ob:lang:tr", "ob:consent:yes", "ob:age:adult", "ob:track:0"):
        await chat.press(step)
    for step in ("ob:date:default", "ob:target:skip", "ob:avail:intense", "ob:avail_review:ok"):
        await chat.press(step)
    for step in ("ob:win:split", "ob:break:none", "ob:tz:0", "ob:confirm:yes"):
        await chat.press(step)
    for _ in range(40):
        if "plans/preview" in chat.templates():
            break
        await chat.press("as:skipsub:")
    await chat.press("pv:activate:")


async def test_the_figure_comes_before_the_question_with_a_description(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _student(chat)
    pictures = []
    for _ in range(3):  # six bank questions: the third quiz asks drawn ones
        await chat.command("quiz", "g_acilar")
        for _ in range(4):
            replies = list(chat.last)
            kinds = [r.kind for r in replies]
            if ReplyKind.PHOTO in kinds:
                at = kinds.index(ReplyKind.PHOTO)
                picture = replies[at]
                assert replies[at + 1].template == "assessment/question"
                assert picture.document is not None
                assert picture.document.content.startswith(b"\x89PNG")
                assert "üçgen" in picture.meta["alt"].lower()
                pictures.append(picture)
            await chat.say("A")
            if "adaptive/quiz_result" in chat.templates():
                break
    assert pictures


def _long_options(question: Question) -> Question:
    return question.model_copy(
        update={"options": tuple(f"{o} ({'uzun açıklama ' * 8})" for o in question.options)}
    )


async def test_options_too_long_for_a_poll_are_answered_by_letter(
    engine: ConversationEngine, clock: FixedClock, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = quiz_flow.question_by_ref
    monkeypatch.setattr(
        quiz_flow, "question_by_ref", lambda pack, ref: (q := real(pack, ref)) and _long_options(q)
    )
    chat = Conversation(engine, clock)
    await _student(chat)
    poll = Conversation(
        engine, clock, channel=ChannelKind.WEB, capabilities=ChannelCapabilities(native_quiz=True)
    )
    await poll.command("quiz", "uslu")
    quiz = next(r.quiz for r in poll.last if r.quiz is not None)
    assert quiz.options == ("A", "B", "C", "D", "E")
    assert quiz.question == "Cevabın hangisi?"
    message = next(r for r in poll.last if r.template == "assessment/question")
    lines = [line for line in message.text.splitlines() if line[:3] in {"A) ", "C) ", "E) "}]
    assert len(lines) == 3 and all(len(line) > 100 for line in lines)
