"""The real PTB Application polling the fake Bot API: events in, rendered replies out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from bot.channels.telegram_callbacks import CallbackKind, CallbackSigner
from coach.messages import (
    ChannelKind,
    Choice,
    DocumentSpec,
    EventKind,
    InboundEvent,
    QuizSpec,
    Reply,
    ReplyKind,
)
from prompts import render
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import StubEngine, echo, polling_bot, sqlite_units
from tests.dbs import SqliteTemplate
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeChat, FakeUser

ADA = FakeUser(4242, "Ada", "tr")
BOB = FakeUser(5151, "Bob", "en")


@pytest.fixture
async def units(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    async with sqlite_units(sqlite_template, tmp_path) as factory:
        yield factory


async def test_commands_and_text_reach_the_engine_as_events(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    engine = StubEngine()
    async with polling_bot(fake, engine, units):
        await fake.send_text(BOB, "/start")
        await fake.send_text(BOB, "/quiz limits derivatives")
        await fake.send_text(BOB, "/today@LearnConnectTestBot")
        await fake.send_text(BOB, "/today@SomeOtherBot")
        await fake.send_text(BOB, "what should I study today")
        sent = await fake.wait_for_messages(BOB.id, 4)
    assert [m["text"] for m in sent] == [
        "/start",
        "/quiz limits derivatives",
        "/today",
        "echo what should I study today",
    ]
    start, quiz, today, text = engine.events
    assert (start.kind, start.command, start.args) == (EventKind.COMMAND, "start", ())
    assert (quiz.command, quiz.args, quiz.text) == (
        "quiz",
        ("limits", "derivatives"),
        "limits derivatives",
    )
    assert today.command == "today"
    assert (text.kind, text.text) == (EventKind.TEXT, "what should I study today")
    assert start.ref.channel is ChannelKind.TELEGRAM
    assert (start.ref.user_key, start.ref.chat_key, start.ref.is_group) == ("5151", "5151", False)
    assert (start.locale_hint, start.display_name) == ("en", "Bob")
    assert engine.capabilities[0].native_quiz and engine.capabilities[0].max_message_length == 4096


async def test_group_messages_not_addressed_to_the_bot_are_ignored(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    engine = StubEngine()
    group = FakeChat(-1001234567890, "supergroup", title="YKS 2027")
    async with polling_bot(fake, engine, units):
        await fake.send_text(ADA, "hello everyone", chat=group)
        await fake.send_text(ADA, "/today", chat=group)
        await fake.send_text(ADA, "/today@SomeOtherBot", chat=group)
        await fake.send_text(ADA, "/week@learnconnecttestbot", chat=group)
        await fake.wait_for_messages(group.id, 1)
        # Updates are handled in order, so a private message answered after them proves the
        # group messages before it were seen and dropped.
        await fake.send_text(ADA, "/help")
        await fake.wait_for_messages(ADA.id, 1)
    assert [(e.command, e.ref.chat_key, e.ref.is_group) for e in engine.events] == [
        ("week", str(group.id), True),
        ("help", str(ADA.id), False),
    ]
    assert [m["text"] for m in fake.messages(group.id)] == ["/week"]


async def test_choices_render_as_signed_inline_keyboards_and_come_back_as_choice_events(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    def respond(event: InboundEvent) -> Sequence[Reply]:
        if event.kind is EventKind.CHOICE:
            return [Reply(text=f"chosen {event.payload}")]
        rows = (
            (Choice("Sayısal", "onb:track:SAY"), Choice("Eşit ağırlık", "onb:track:EA")),
            (Choice("Geri", "onb:back", style="danger"),),
        )
        return [Reply(text="Alanın hangisi?", choices=rows)]

    engine = StubEngine(respond)
    async with polling_bot(fake, engine, units):
        await fake.send_text(ADA, "/start")
        (question,) = await fake.wait_for_messages(ADA.id, 1)
        rows = question["reply_markup"]["inline_keyboard"]
        assert [[b["text"] for b in row] for row in rows] == [["Sayısal", "Eşit ağırlık"], ["Geri"]]
        data = fake.buttons(question)[1][1]
        assert data.endswith("onb:track:EA") and data != "onb:track:EA"
        assert all(len(d.encode()) <= 64 for _, d in fake.buttons(question))
        query_id = await fake.press(ADA, question, data)
        answer = await fake.wait_for_messages(ADA.id, 2)
    assert answer[-1]["text"] == "chosen onb:track:EA"
    assert engine.events[-1].kind is EventKind.CHOICE
    assert engine.events[-1].payload == "onb:track:EA"
    assert fake.callback_answers[query_id].get("text") is None  # the spinner just stops


async def test_forged_callback_data_is_refused_politely(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    engine = StubEngine(
        lambda e: [Reply(text="pick", choices=((Choice("Done", "today:done:7"),),))]
    )
    other_chat_data = CallbackSigner(fake.token).sign(CallbackKind.CHOICE, "999", "today:done:7")
    forged = [
        "today:done:7",  # a bare payload
        "c" + "A" * 12 + "today:done:7",  # a made-up signature
        other_chat_data,  # a genuine button from another chat
        CallbackSigner("1:another-bot").sign(CallbackKind.CHOICE, str(ADA.id), "today:done:7"),
    ]
    async with polling_bot(fake, engine, units):
        await fake.send_text(ADA, "/today")
        (message,) = await fake.wait_for_messages(ADA.id, 1)
        query_ids = [await fake.press(ADA, message, data) for data in forged]
        await fake.wait_for(lambda: all(q in fake.callback_answers for q in query_ids))
    polite = render("channels/button_invalid", "tr")
    assert [fake.callback_answers[q]["text"] for q in query_ids] == [polite] * len(forged)
    assert [e.kind for e in engine.events] == [EventKind.COMMAND]
    assert len(fake.messages(ADA.id)) == 1


async def test_long_text_is_split_at_4096_with_the_keyboard_on_the_last_part(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    paragraphs = [f"Paragraf {n}: " + "çalış " * 500 for n in range(3)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    engine = StubEngine(lambda e: [Reply(text=text, choices=((Choice("Tamam", "ok"),),))])
    async with polling_bot(fake, engine, units):
        await fake.send_text(ADA, "/plan")
        parts = await fake.wait_for_messages(ADA.id, 3)
    assert len(text) > 2 * 4096
    assert [len(p["text"]) <= 4096 for p in parts] == [True, True, True]
    assert [p["text"] for p in parts] == [p.strip() for p in paragraphs]
    assert ["reply_markup" in p for p in parts] == [False, False, True]


async def test_html_is_escaped(fake: FakeTelegramServer, units: SqlUnitOfWorkFactory) -> None:
    tricky = "Use <b>bold</b> & <script>x</script> for 3 < 5 > 1 &amp; done"
    engine = StubEngine(lambda e: [Reply(text=tricky)])
    async with polling_bot(fake, engine, units):
        await fake.send_text(BOB, "/help")
        (message,) = await fake.wait_for_messages(BOB.id, 1)
    assert message["text"] == tricky  # the fake parses HTML: unescaped tags would vanish or fail
    (call,) = fake.calls_to("sendMessage")
    assert call.params["parse_mode"] == "HTML"
    assert "&lt;b&gt;" in call.params["text"] and "&amp;amp;" in call.params["text"]


async def test_quiz_polls_are_native_and_answers_come_back_as_poll_answer_events(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    quiz = QuizSpec(
        question_key="yks:mat:q17",
        question="2x + 3 = 11 ise x kaçtır?",
        options=("2", "3", "4", "5"),
        correct_index=2,
        explanation="2x = 8, yani x = 4.",
    )

    def respond(event: InboundEvent) -> Sequence[Reply]:
        if event.kind is EventKind.POLL_ANSWER:
            return [Reply(text=f"answer {event.payload}")]
        return [Reply(text="Matematik 1/3", kind=ReplyKind.QUIZ, quiz=quiz)]

    engine = StubEngine(respond)
    async with polling_bot(fake, engine, units):
        await fake.send_text(ADA, "/quiz")
        header, poll_message = await fake.wait_for_messages(ADA.id, 2)
        poll = poll_message["poll"]
        await fake.answer_poll(ADA, poll["id"], [2])
        await fake.wait_for_messages(ADA.id, 3)
    async with units() as uow:
        stored = await uow.channel_polls.get(poll["id"])
    assert header["text"] == "Matematik 1/3"
    (call,) = fake.calls_to("sendPoll")
    assert call.params["type"] == "quiz"
    assert call.params["is_anonymous"] is False
    assert call.params["correct_option_ids"] == [2]
    assert call.params["explanation"] == "2x = 8, yani x = 4."
    assert [o["text"] for o in call.params["options"]] == ["2", "3", "4", "5"]
    assert stored is not None
    assert (stored.question_key, stored.user_key, stored.chat_key, stored.options) == (
        "yks:mat:q17",
        str(ADA.id),
        str(ADA.id),
        4,
    )
    answer = engine.events[-1]
    assert (answer.kind, answer.payload) == (EventKind.POLL_ANSWER, "yks:mat:q17:2")
    assert (answer.ref.user_key, answer.ref.chat_key) == (str(ADA.id), str(ADA.id))
    assert fake.messages(ADA.id)[-1]["text"] == "answer yks:mat:q17:2"


async def test_a_quiz_that_does_not_fit_a_poll_falls_back_to_numbered_buttons(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    long_question = "Aşağıdaki paragrafı okuyunuz. " * 15 + "Buna göre hangisi doğrudur?"
    quiz = QuizSpec("yks:tr:p3", long_question, ("A", "B", "C"), 1, skip_label="Bilmiyorum")

    def respond(event: InboundEvent) -> Sequence[Reply]:
        if event.kind is EventKind.POLL_ANSWER:
            return [Reply(text=f"answer {event.payload}")]
        return [Reply(text="", kind=ReplyKind.QUIZ, quiz=quiz)]

    engine = StubEngine(respond)
    async with polling_bot(fake, engine, units):
        await fake.send_text(ADA, "/quiz")
        (message,) = await fake.wait_for_messages(ADA.id, 1)
        buttons = fake.buttons(message)
        await fake.press(ADA, message, buttons[1][1])
        await fake.press(ADA, message, buttons[3][1])
        await fake.wait_for_messages(ADA.id, 3)
    assert len(long_question) > 300 and not fake.calls_to("sendPoll")
    assert message["text"].startswith(long_question.strip())
    assert message["text"].endswith("1. A\n2. B\n3. C")
    assert [label for label, _ in buttons] == ["1", "2", "3", "Bilmiyorum"]
    assert [e.payload for e in engine.events[1:]] == ["yks:tr:p3:1", "yks:tr:p3:skip"]
    assert {e.kind for e in engine.events[1:]} == {EventKind.POLL_ANSWER}


async def test_typing_indicator_on_slow_steps_and_when_the_engine_asks(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    class SlowEngine(StubEngine):
        async def handle(self, event: InboundEvent, capabilities: object) -> Sequence[Reply]:
            self.events.append(event)
            # The step "takes long" until the typing indicator has been shown.
            await fake.wait_for(lambda: bool(fake.calls_to("sendChatAction")))
            return [Reply(text="", kind=ReplyKind.TYPING), Reply(text="plan ready")]

    engine = SlowEngine()
    async with polling_bot(fake, engine, units, typing_after=0.05):
        await fake.send_text(ADA, "/plan")
        await fake.wait_for_messages(ADA.id, 1)
    actions = fake.calls_to("sendChatAction")
    assert len(actions) >= 2  # the proactive one, then the one the engine returned
    assert {a.params["action"] for a in actions} == {"typing"}
    methods = [c.method for c in fake.calls if c.method in ("sendChatAction", "sendMessage")]
    assert methods[-2:] == ["sendChatAction", "sendMessage"]


async def test_an_engine_failure_is_answered_with_the_error_template(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    def explode(event: InboundEvent) -> Sequence[Reply]:
        raise RuntimeError("bug in a flow")

    async with polling_bot(fake, StubEngine(explode), units):
        await fake.send_text(BOB, "/today")
        (message,) = await fake.wait_for_messages(BOB.id, 1)
        await fake.send_text(ADA, "/today")
        (message_tr,) = await fake.wait_for_messages(ADA.id, 1)
    assert message["text"] == render("common/error", "en")
    assert message_tr["text"] == render("common/error", "tr")


async def test_documents_are_sent_as_files_that_can_be_downloaded(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    content = b'{"user": "ada", "sessions": []}'
    document = DocumentSpec("learnconnect-export.json", content, "application/json")
    engine = StubEngine(
        lambda e: [Reply(text="Verilerin", kind=ReplyKind.DOCUMENT, document=document)]
    )
    async with polling_bot(fake, engine, units) as service:
        await fake.send_text(ADA, "/export")
        (message,) = await fake.wait_for_messages(ADA.id, 1)
        file = await service.application.bot.get_file(message["document"]["file_id"])
        downloaded = await file.download_as_bytearray()
    assert message["document"]["file_name"] == "learnconnect-export.json"
    assert message["caption"] == "Verilerin"
    assert bytes(downloaded) == content  # fetched through base_file_url, from the fake


async def test_stop_returns_promptly_while_a_long_poll_is_open(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> None:
    async with polling_bot(fake, StubEngine(echo), units):
        await fake.wait_for(lambda: bool(fake.calls_to("getUpdates")))
    # leaving the block stopped the updater; the final getUpdates confirms the offset
    assert fake.calls_to("getUpdates")[-1].params.get("timeout") == 0
    await asyncio.wait_for(fake.stop(), 5)
