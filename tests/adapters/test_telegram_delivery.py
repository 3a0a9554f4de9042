"""Delivery through the Telegram channel: error mapping, blocked students, retries, limits."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_callbacks import CallbackPayloadTooLong, CallbackSigner
from coach.core.channels import (
    DeliveryError,
    RateLimited,
    RecipientUnreachable,
    TransientDeliveryError,
)
from coach.messages import ChannelKind, ChannelRef, Choice, QuizSpec, Reply, ReplyKind, photo
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import NOW, StubEngine, polling_bot, sqlite_units
from tests.dbs import SqliteTemplate
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser, RateLimits

ADA = FakeUser(4242, "Ada", "tr")
BOB = FakeUser(5151, "Bob", "en")
TO_ADA = ChannelRef(ChannelKind.TELEGRAM, str(ADA.id), str(ADA.id))


@pytest.fixture
async def units(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    async with sqlite_units(sqlite_template, tmp_path) as factory:
        yield factory


class RecordedSleep:
    """An injected sleep that returns at once and remembers what it was asked to wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def channel(
    fake: FakeTelegramServer, units: SqlUnitOfWorkFactory
) -> AsyncIterator[TelegramChannel]:
    """The channel on a real, initialized PTB Bot with a short read timeout."""
    request = HTTPXRequest(read_timeout=0.5, connect_timeout=2)
    bot = Bot(fake.token, base_url=fake.api_url, request=request)
    async with bot:
        yield TelegramChannel(
            bot, CallbackSigner(fake.token), units, FixedClock(NOW), RecordedSleep()
        )


async def add_student(uow_factory: SqlUnitOfWorkFactory, user: FakeUser) -> None:
    async with uow_factory() as uow:
        student = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        await uow.users.add_identity(student.id, "telegram", str(user.id), str(user.id), NOW)
        await uow.commit()


async def reachability(
    uow_factory: SqlUnitOfWorkFactory, user: FakeUser
) -> tuple[bool, str | None]:
    async with uow_factory() as uow:
        identity = await uow.users.get_identity("telegram", str(user.id))
    assert identity is not None
    return identity.reachable, identity.unreachable_reason


async def barrier(fake: FakeTelegramServer, user: FakeUser) -> None:
    """Updates of one chat are handled one after another: once the bot has answered (or tried
    to answer) this user's next message, every earlier update of their chat is fully handled."""

    def replies() -> int:
        return sum(1 for call in fake.calls_to("sendMessage") if call.chat_id == user.id)

    before = replies()
    await fake.send_text(user, "/help")
    await fake.wait_for(lambda: replies() > before)


async def test_a_403_while_replying_marks_the_student_unreachable(
    fake: FakeTelegramServer, uow_factory: SqlUnitOfWorkFactory
) -> None:
    await add_student(uow_factory, ADA)
    engine = StubEngine()
    async with polling_bot(fake, engine, uow_factory):
        fake.blocked.add(ADA.id)  # blocked, and the my_chat_member update got lost
        await fake.send_text(ADA, "/today")
        await barrier(fake, ADA)
    assert [c.status for c in fake.calls_to("sendMessage") if c.chat_id == ADA.id] == [403, 403]
    assert await reachability(uow_factory, ADA) == (False, "blocked")


async def test_blocking_and_unblocking_the_bot_updates_reachability(
    fake: FakeTelegramServer, uow_factory: SqlUnitOfWorkFactory
) -> None:
    await add_student(uow_factory, ADA)
    async with polling_bot(fake, StubEngine(), uow_factory):
        await fake.block(ADA)
        await barrier(fake, ADA)
        blocked = await reachability(uow_factory, ADA)
        await fake.unblock(ADA)
        await barrier(fake, ADA)
    assert blocked == (False, "blocked")
    assert await reachability(uow_factory, ADA) == (True, None)


async def test_a_429_raises_rate_limited_with_retry_after(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    fake.fail("429", method="sendMessage", retry_after=7)
    with pytest.raises(RateLimited) as raised:
        await channel.send(TO_ADA, Reply(text="Günaydın"))
    assert raised.value.retry_after == 7.0


async def test_a_403_raises_recipient_unreachable(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    fake.fail("403", chat_id=ADA.id)
    with pytest.raises(RecipientUnreachable):
        await channel.send(TO_ADA, Reply(text="Günaydın"))


@pytest.mark.parametrize(
    ("kind", "status"), [("5xx", 500), ("5xx", 502), ("5xx", 503), ("drop", 0), ("stall", 0)]
)
async def test_server_errors_and_network_failures_are_transient(
    fake: FakeTelegramServer, channel: TelegramChannel, kind: str, status: int
) -> None:
    fake.fail(kind, method="sendMessage", status=status or 500)
    with pytest.raises(TransientDeliveryError):
        await channel.send(TO_ADA, Reply(text="Günaydın"))
    # and the next attempt goes through
    assert await channel.send(TO_ADA, Reply(text="Günaydın")) is not None


async def test_a_refused_request_is_a_delivery_error_that_is_not_worth_retrying(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    fake.fail("400", method="sendMessage", description="chat not found")
    with pytest.raises(DeliveryError) as raised:
        await channel.send(TO_ADA, Reply(text="Günaydın"))
    assert not isinstance(raised.value, TransientDeliveryError | RateLimited | RecipientUnreachable)


async def test_send_returns_the_message_id_of_the_last_part(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    first = await channel.send(TO_ADA, Reply(text="bir"))
    second = await channel.send(TO_ADA, Reply(text="iki " * 2000))
    ids = [m["message_id"] for m in fake.messages(ADA.id)]
    assert (first, second) == (str(ids[0]), str(ids[-1]))
    assert len(ids) == 3


async def test_a_later_part_of_a_long_reply_is_retried_not_the_whole_reply(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    fake.fail("429", method="sendMessage", after=1, retry_after=2)
    fake.fail("5xx", method="sendMessage", after=1)
    await channel.send(TO_ADA, Reply(text="a " * 1500 + "\n\n" + "b " * 1500))
    parts = [m["text"] for m in fake.messages(ADA.id)]
    assert [p[0] for p in parts] == ["a", "b"]  # each part once, in order
    assert isinstance(channel._sleep, RecordedSleep)
    assert channel._sleep.waits == [2.0, 1.0]  # the 429 wait, then backoff


async def test_callback_payloads_longer_than_the_limit_are_rejected_loudly(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    fits = Reply(text="ok", choices=((Choice("a", "x" * 40), Choice("b", "y" * 51)),))
    assert await channel.send(TO_ADA, fits) is not None
    too_long = Reply(text="no", choices=((Choice("a", "x" * 52),),))
    with pytest.raises(CallbackPayloadTooLong):
        await channel.send(TO_ADA, too_long)
    with pytest.raises(CallbackPayloadTooLong):
        await channel.send(TO_ADA, Reply(text="no", choices=((Choice("a", "ğ"),),)))
    assert len(fake.messages(ADA.id)) == 1


async def test_the_fake_enforces_one_message_per_second_per_private_chat(
    units: SqlUnitOfWorkFactory,
) -> None:
    async with FakeTelegramServer(rate_limits=RateLimits()) as limited:
        bot = Bot(limited.token, base_url=limited.api_url)
        async with bot:
            channel = TelegramChannel(bot, CallbackSigner(limited.token), units, FixedClock(NOW))
            await channel.send(TO_ADA, Reply(text="bir"))
            with pytest.raises(RateLimited) as raised:
                await channel.send(TO_ADA, Reply(text="iki"))
    assert raised.value.retry_after == 1.0
    assert limited.rate_limits is not None and limited.rate_limits.rejected == 1


async def test_quiz_limits_shorten_the_explanation_and_fall_back_when_a_poll_cannot_hold_it(
    fake: FakeTelegramServer, channel: TelegramChannel, units: SqlUnitOfWorkFactory
) -> None:
    explanation = "Çünkü\n\n\n" + "adım adım çözüm " * 30
    fits = QuizSpec("k1", "Soru?", ("a", "b"), 0, explanation=explanation)
    poll_id = await channel.send(TO_ADA, Reply(text="Soru?", kind=ReplyKind.QUIZ, quiz=fits))
    (call,) = fake.calls_to("sendPoll")
    assert len(call.params["explanation"]) <= 200 and call.params["explanation"].endswith("…")
    assert "\n" not in call.params["explanation"]  # Telegram allows at most two line feeds
    assert poll_id == str(fake.messages(ADA.id)[0]["message_id"])  # no separate header
    too_big = [
        QuizSpec("k2", "Soru?", ("a" * 101, "b"), 0),
        QuizSpec("k3", "Soru?", tuple("abcdefghijk"), 0),
        QuizSpec("k4", "Soru?", ("a",), 0),
        QuizSpec("k5", "Soru?", ("a", "b"), 2),
    ]
    for quiz in too_big:
        await channel.send(TO_ADA, Reply(text="", kind=ReplyKind.QUIZ, quiz=quiz))
    fallbacks = fake.messages(ADA.id)[1:]
    assert len(fake.calls_to("sendPoll")) == 1
    assert [m["text"].startswith("Soru?") for m in fallbacks] == [True] * 4
    assert [len(fake.buttons(m)) for m in fallbacks] == [2, 11, 1, 2]
    async with units() as uow:
        assert await uow.channel_polls.get(fake.messages(ADA.id)[0]["poll"]["id"]) is not None


async def test_a_picture_goes_out_as_a_photo_with_its_caption(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    reply = photo(png, "card.png", caption="Haftalık kartın", alt="Seviye 3, seri 5 gün")
    assert await channel.send(TO_ADA, reply)
    [call] = fake.calls_to("sendPhoto")
    assert call.chat_id == ADA.id and call.status == 200
    assert call.params["caption"] == "Haftalık kartın"
    assert fake.files[next(iter(fake.files))] == png
    assert not fake.calls_to("sendDocument")


async def test_a_reply_in_place_edits_the_message_and_falls_back_to_a_new_one(
    fake: FakeTelegramServer, channel: TelegramChannel
) -> None:
    """`Reply.replaces` edits the message (text and buttons) with editMessageText; when
    Telegram refuses the edit (400: too old, not modified, gone) the reply is sent anew."""
    first = Reply(text="Switches", choices=((Choice("🔔 Reminders", "st:tog:reminder"),),))
    message_id = await channel.send(TO_ADA, first)
    assert message_id is not None
    redrawn = Reply(
        text="Switches", choices=((Choice("🔕 Reminders", "st:tog:reminder"),),),
        replaces=message_id,
    )  # fmt: skip
    assert await channel.send(TO_ADA, redrawn) == message_id
    [shown] = fake.messages(ADA.id)
    assert [label for label, _ in FakeTelegramServer.buttons(shown)] == ["🔕 Reminders"]
    assert fake.calls_to("editMessageText")[-1].status == 200

    fake.fail("400", method="editMessageText", description="Bad Request: message can't be edited")
    again = await channel.send(TO_ADA, redrawn)
    assert again is not None and again != message_id  # a new message instead
    assert len(fake.messages(ADA.id)) == 2
    assert await channel.send(TO_ADA, dataclasses.replace(redrawn, replaces=again)) is not None
    assert len(fake.messages(ADA.id)) == 3  # "message is not modified": shown anew
