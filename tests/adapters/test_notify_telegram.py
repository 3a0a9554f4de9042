"""The outbox dispatcher against the fake Telegram Bot API, through the real TelegramChannel:
a 429 is honoured, a 403 marks the student unreachable and stops production, and network
failures and 5xx retry with backoff before a dead letter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_callbacks import CallbackSigner
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from bot.jobs.ratelimit import TELEGRAM_LIMITS, RateLimiter
from coach.notifications.sweep import SweepOptions, sweep
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser
from tests.notify_support import add_plan, add_student, push, session

NOW = datetime(2027, 3, 3, 12, 0, tzinfo=UTC)  # a Wednesday, 13:00 in Berlin
ADA = FakeUser(4242, "Ada", "en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def channel(
    fake: FakeTelegramServer, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> AsyncIterator[TelegramChannel]:
    request = HTTPXRequest(read_timeout=0.5, connect_timeout=2)
    bot = Bot(fake.token, base_url=fake.api_url, request=request)
    async with bot:
        yield TelegramChannel(bot, CallbackSigner(fake.token), uow_factory, clock)


class FakeTime:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def dispatcher(
    uow_factory: SqlUnitOfWorkFactory,
    channel: TelegramChannel,
    clock: FixedClock,
    time_source: FakeTime | None = None,
    **options: float,
) -> Dispatcher:
    fake_time = time_source or FakeTime()
    limiter = RateLimiter(TELEGRAM_LIMITS, monotonic=fake_time.monotonic)
    return Dispatcher(
        uow_factory, channel, clock, DispatchOptions(**options), limiter, sleep=fake_time.sleep
    )


async def row(uow_factory: SqlUnitOfWorkFactory, key: str) -> SimpleNamespace:
    async with uow_factory() as uow:
        result = await uow.session.execute(
            select(*OutboxRow.__table__.c).where(OutboxRow.dedupe_key == key)
        )
        return SimpleNamespace(**result.mappings().one())


async def enqueue(uow_factory: SqlUnitOfWorkFactory, user: int, *keys: str) -> None:
    async with uow_factory() as uow:
        await uow.outbox.enqueue([push(user, key, NOW, chat=str(ADA.id)) for key in keys], NOW)
        await uow.commit()


async def test_a_message_goes_out_with_its_button_and_is_acknowledged(
    fake: FakeTelegramServer,
    channel: TelegramChannel,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    user = await add_student(uow_factory, chat=str(ADA.id))
    await enqueue(uow_factory, user, "checkin:a")
    report = await dispatcher(uow_factory, channel, clock).run_once()
    [message] = fake.messages(ADA.id)
    assert report.sent == 1
    assert "Ada, how did today go?" in message["text"]
    assert [label for label, _ in fake.buttons(message)] == ["Start check-in"]
    stored = await row(uow_factory, "checkin:a")
    assert (stored.status, stored.platform_message_id) == ("sent", str(message["message_id"]))


async def test_a_429_waits_retry_after_then_sends_once(
    fake: FakeTelegramServer,
    channel: TelegramChannel,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    user = await add_student(uow_factory, chat=str(ADA.id))
    await enqueue(uow_factory, user, "checkin:a")
    fake.fail("429", method="sendMessage", retry_after=1)
    time_source = FakeTime()
    report = await dispatcher(uow_factory, channel, clock, time_source).run_once()
    assert [call.status for call in fake.calls_to("sendMessage")] == [429, 200]
    assert sum(time_source.slept) >= 1.0  # the retry came no sooner than retry_after
    assert len(fake.messages(ADA.id)) == 1
    assert report.sent == 1
    stored = await row(uow_factory, "checkin:a")
    assert (stored.status, stored.attempts) == ("sent", 0)  # a 429 is not a failure


async def test_a_long_429_puts_the_row_back_until_retry_after(
    fake: FakeTelegramServer,
    channel: TelegramChannel,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    user = await add_student(uow_factory, chat=str(ADA.id))
    await enqueue(uow_factory, user, "checkin:a")
    fake.fail("429", method="sendMessage", retry_after=30)
    sender = dispatcher(uow_factory, channel, clock)
    report = await sender.run_once()
    stored = await row(uow_factory, "checkin:a")
    assert report.released == 1
    assert (stored.status, stored.attempts) == ("queued", 0)
    assert stored.next_attempt_at == NOW + timedelta(seconds=30)
    assert stored.last_error == "429 retry after 30s"

    clock.advance(seconds=29)
    assert (await sender.run_once()).claimed == 0  # not before retry_after
    clock.advance(seconds=2)
    sender = dispatcher(uow_factory, channel, clock)  # a fresh limiter: time has passed
    assert (await sender.run_once()).sent == 1
    assert len(fake.messages(ADA.id)) == 1


async def test_a_403_marks_the_student_unreachable_and_stops_production(
    fake: FakeTelegramServer,
    channel: TelegramChannel,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    user = await add_student(uow_factory, chat=str(ADA.id))
    tomorrow = NOW.date() + timedelta(days=1)
    await add_plan(uow_factory, user, [session(user, tomorrow, clock_time(18, 0))])
    await enqueue(uow_factory, user, "checkin:a")
    async with uow_factory() as uow:  # a later push for the same chat, still waiting
        later = push(user, "later", NOW + timedelta(hours=2), chat=str(ADA.id))
        await uow.outbox.enqueue([later], NOW)
        await uow.commit()
    await fake.block(ADA)

    report = await dispatcher(uow_factory, channel, clock).run_once()

    assert report.failed == 1
    assert fake.messages(ADA.id) == []
    stored = await row(uow_factory, "checkin:a")
    assert stored.status == "failed"
    assert "RecipientUnreachable" in stored.last_error
    assert (await row(uow_factory, "later")).last_error == "recipient unreachable"
    async with uow_factory() as uow:
        identity = await uow.users.get_identity("telegram", str(ADA.id))
    assert identity is not None
    assert not identity.reachable

    produced = await sweep(uow_factory, NOW, SweepOptions(channels=("telegram",)))
    assert produced.written == 0  # no more reminders or check-ins for a student who blocked us


@pytest.mark.parametrize("fault", ["drop", "5xx"])
async def test_a_network_failure_retries_with_backoff(
    fake: FakeTelegramServer,
    channel: TelegramChannel,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    fault: str,
) -> None:
    user = await add_student(uow_factory, chat=str(ADA.id))
    await enqueue(uow_factory, user, "checkin:a")
    fake.fail(fault, method="sendMessage", status=502, description="Bad Gateway")
    sender = dispatcher(uow_factory, channel, clock, backoff_base_s=5)

    first = await sender.run_once()
    stored = await row(uow_factory, "checkin:a")
    assert first.retried == 1
    assert (stored.status, stored.attempts) == ("queued", 1)
    assert stored.next_attempt_at == NOW + timedelta(seconds=5)
    assert "TransientDeliveryError" in stored.last_error

    clock.advance(seconds=5)
    second = await sender.run_once()
    assert second.sent == 1
    assert len(fake.messages(ADA.id)) == 1
    assert (await row(uow_factory, "checkin:a")).status == "sent"


async def test_retries_end_in_a_dead_letter_with_the_reason(
    fake: FakeTelegramServer,
    channel: TelegramChannel,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    user = await add_student(uow_factory, chat=str(ADA.id))
    await enqueue(uow_factory, user, "checkin:a")
    fake.fail("5xx", method="sendMessage", status=503, description="Unavailable", times=None)
    sender = dispatcher(uow_factory, channel, clock, max_attempts=3, backoff_base_s=1)
    waits = []
    for _ in range(3):
        await sender.run_once()
        stored = await row(uow_factory, "checkin:a")
        waits.append((stored.next_attempt_at - clock.now()).total_seconds())
        clock.advance(seconds=60)
    assert stored.status == "dead"
    assert stored.last_error.startswith("gave up after 3 attempts: TransientDeliveryError")
    assert waits[:2] == [1.0, 2.0]  # exponential backoff before giving up
    assert fake.messages(ADA.id) == []
