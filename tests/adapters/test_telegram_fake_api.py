"""The fake Bot API itself: wire format, long polling, state, failures and rate limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, InvalidToken

from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import ApiError, FakeUser, RateLimits

ADA = FakeUser(4242, "Ada", "tr")


@pytest.fixture
async def bot(fake: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(
        fake.token, base_url=fake.api_url, base_file_url=fake.api_url[:-4] + "/file/bot"
    ) as b:
        yield b


async def test_unknown_methods_are_400_and_wrong_tokens_401(fake: FakeTelegramServer) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{fake.port}") as client:
        unknown = await client.post(f"/bot{fake.token}/sendTelepathy", data={"chat_id": "1"})
        stranger = await client.post("/bot1:nope/getMe")
    assert (unknown.status_code, unknown.json()["ok"]) == (400, False)
    assert stranger.status_code == 401
    with pytest.raises(InvalidToken):
        async with Bot("1:nope", base_url=fake.api_url):
            pass


async def test_get_updates_honours_offset_limit_and_long_polling(
    fake: FakeTelegramServer, bot: Bot
) -> None:
    for text in ("bir", "iki", "üç"):
        await fake.send_text(ADA, text)
    first = await bot.get_updates(limit=2)
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    waiting = asyncio.create_task(bot.get_updates(offset=rest[-1].update_id + 1, timeout=5))
    await fake.wait_for(lambda: fake.waiting_polls == 1)
    await fake.send_text(ADA, "dört")
    late = await asyncio.wait_for(waiting, 5)
    assert [u.message.text for u in first] == ["bir", "iki"]
    assert [u.message.text for u in rest] == ["üç"]
    assert [u.message.text for u in late] == ["dört"]
    assert late[0].message.date.year >= 2024  # Unix seconds, not milliseconds


async def test_messages_edits_and_keyboards_behave_like_telegram(
    fake: FakeTelegramServer, bot: Bot
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(
        ADA.id, "<b>Merhaba</b> &amp; hoş geldin", parse_mode="HTML", reply_markup=keyboard
    )
    assert sent.text == "Merhaba & hoş geldin" and sent.chat.type == "private"
    await bot.edit_message_text("Tamam", chat_id=ADA.id, message_id=sent.message_id)
    (message,) = fake.messages(ADA.id)
    assert message["text"] == "Tamam" and "reply_markup" not in message
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Tamam", chat_id=ADA.id, message_id=sent.message_id)
    await bot.edit_message_reply_markup(ADA.id, sent.message_id, reply_markup=keyboard)
    assert fake.buttons(fake.messages(ADA.id)[0]) == [("Go", "go")]
    with pytest.raises(BadRequest, match=r"(?i)unsupported start tag"):
        await bot.send_message(ADA.id, "<script>x</script>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(ADA.id, "x" * 4097)
    bad = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(ADA.id, "x", reply_markup=bad)


async def test_quiz_polls_carry_bot_api_10_fields_and_can_be_stopped(
    fake: FakeTelegramServer, bot: Bot
) -> None:
    message = await bot.send_poll(
        ADA.id, "2+2?", ["3", "4"], is_anonymous=False, type="quiz", correct_option_ids=[1]
    )
    poll = message.poll
    assert poll is not None and poll.type == "quiz" and not poll.is_anonymous
    assert poll.correct_option_ids == (1,)
    assert poll.allows_revoting is False and poll.members_only is False
    assert [o.persistent_id for o in poll.options] == [f"{poll.id}-0", f"{poll.id}-1"]
    stopped = await bot.stop_poll(ADA.id, message.message_id)
    assert stopped.is_closed
    with pytest.raises(BadRequest, match="correct option"):
        await bot.send_poll(ADA.id, "?", ["a", "b"], type="quiz", correct_option_ids=[5])


async def test_uploads_can_be_fetched_through_get_file(fake: FakeTelegramServer, bot: Bot) -> None:
    sent = await bot.send_document(ADA.id, b"%PDF-1.4 plan", filename="plan.pdf", caption="Plan")
    photo = await bot.send_photo(ADA.id, b"\x89PNG....")
    assert sent.document is not None and sent.document.file_name == "plan.pdf"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 plan"
    assert photo.photo and fake.calls_to("sendPhoto")[0].files["photo"][1] == b"\x89PNG...."


async def test_webhooks_and_command_menus(fake: FakeTelegramServer, bot: Bot) -> None:
    await bot.set_webhook("https://coach.example/hook", secret_token="s")
    info = await bot.get_webhook_info()
    with pytest.raises(Conflict):
        await bot.get_updates()
    await bot.delete_webhook()
    await bot.set_my_commands([BotCommand("today", "Bugün")], language_code="tr")
    menu = await bot.get_my_commands(language_code="tr")
    await bot.delete_my_commands(language_code="tr")
    assert info.url == "https://coach.example/hook"
    assert [(c.command, c.description) for c in menu] == [("today", "Bugün")]
    assert await bot.get_my_commands(language_code="tr") == ()
    assert await bot.send_chat_action(ADA.id, "typing") is True


def test_rate_limits_follow_telegrams_ceilings() -> None:
    limits = RateLimits()
    for chat in range(1, 31):
        limits.check(chat, now=100.0)
    with pytest.raises(ApiError) as overall:
        limits.check(31, now=100.5)
    limits.check(31, now=101.01)  # a second later there is room again
    with pytest.raises(ApiError) as private:
        limits.check(31, now=101.5)
    for n in range(20):
        limits.check(-100, now=200.0 + n)
    with pytest.raises(ApiError) as group:
        limits.check(-100, now=230.0)
    limits.check(-100, now=260.5)
    assert (overall.value.code, overall.value.retry_after) == (429, 1)
    assert private.value.retry_after == 1
    assert group.value.retry_after == 30
    assert limits.rejected == 3
