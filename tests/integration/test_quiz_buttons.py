"""A quiz the engine meant for a native poll, shown as buttons by a text channel, is answered."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import wired_engine
from bot.channels.textchat import bounded_input, build_event, reply_choices
from bot.channels.webchat import WEB_CAPABILITIES
from coach.core.channels import ChannelCapabilities
from coach.dialogue.engine import EngineConfig
from coach.messages import ChannelKind, ReplyKind
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def test_quiz_option_buttons_answer_the_question(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    native = ChannelCapabilities(native_quiz=True)
    chat = Conversation(engine, clock, channel=ChannelKind.WEB, capabilities=native)
    await chat.command("start")
    for step in ("ob:lang:en", "ob:consent:yes", "ob:age:adult", "ob:track:0", "ob:date:default"):
        await chat.press(step)
    for step in ("ob:target:skip", "ob:avail:light", "ob:avail_review:ok", "ob:win:evening"):
        await chat.press(step)
    for step in ("ob:break:sun", "ob:tz:0", "ob:confirm:yes"):
        await chat.press(step)
    quiz = next(reply for reply in chat.last if reply.kind is ReplyKind.QUIZ)
    assert quiz.quiz is not None
    options = [row[0] for row in reply_choices(quiz)[: len(quiz.quiz.options)]]
    pressed = options[quiz.quiz.correct_index]
    event = build_event(chat.ref, bounded_input(payload=pressed.payload), clock.now())
    replies = await engine.handle(event, WEB_CAPABILITIES)
    templates = [reply.template for reply in replies]
    assert "assessment/old_question" not in templates
    assert "common/quiz_over" not in templates
    assert "assessment/question" in templates or "assessment/summary" in templates
