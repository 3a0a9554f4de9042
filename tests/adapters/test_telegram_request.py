"""The coach's Bot API network layer (PTB's BaseRequest on aiohttp) against the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError

from bot.channels.telegram_request import AiohttpRequest
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

ADA = FakeUser(4343, "Ada", "tr")


@pytest.fixture
async def bot(fake: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(
        fake.token,
        base_url=fake.api_url,
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connections=1),
    ) as b:
        yield b


async def test_messages_go_as_one_json_body_with_nested_keyboards(
    fake: FakeTelegramServer, bot: Bot
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Bitti ✅", callback_data="d:1")]])
    text = "Bugün: Türev — 40 dk 🎯 & <b>"
    sent = await bot.send_message(ADA.id, text, reply_markup=keyboard)
    call = fake.calls_to("sendMessage")[0]
    assert call.content_type == "application/json"
    assert call.params["text"] == text and sent.text == text
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Bitti ✅", "callback_data": "d:1"}]]
    }


async def test_files_go_as_multipart(fake: FakeTelegramServer, bot: Bot) -> None:
    await bot.send_document(ADA.id, b"BEGIN:VCALENDAR", filename="plan.ics", caption="Plan")
    call = fake.calls_to("sendDocument")[0]
    assert call.content_type == "multipart/form-data"
    assert call.files["document"] == ("plan.ics", b"BEGIN:VCALENDAR")
    assert call.params["caption"] == "Plan"


async def test_api_errors_and_unreachable_servers_become_ptb_errors(
    fake: FakeTelegramServer, bot: Bot
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_poll(ADA.id, "?", ["a", "b"], type="quiz", correct_option_ids=[5])
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post("http://127.0.0.1:9/bot1:x/getMe")  # nothing listens on port 9
    finally:
        await request.shutdown()
