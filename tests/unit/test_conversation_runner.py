"""The channel-neutral runner: order, retries, unreachable students, never an exception."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from bot.handlers.conversation import ConversationRunner
from coach.core.channels import (
    ChannelCapabilities,
    DeliveryError,
    RateLimited,
    RecipientUnreachable,
    TransientDeliveryError,
)
from coach.messages import ChannelKind, ChannelRef, EventKind, InboundEvent, Reply
from prompts import render
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import NOW, StubEngine, sqlite_units
from tests.dbs import SqliteTemplate

REF = ChannelRef(ChannelKind.TELEGRAM, "42", "42")
EVENT = InboundEvent(REF, EventKind.COMMAND, NOW, command="today", locale_hint="en")


class ScriptedChannel:
    """Fails according to a script, then delivers; remembers what it delivered."""

    name = "scripted"
    capabilities = ChannelCapabilities()

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.delivered: list[str] = []

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(reply.text)
        return str(len(self.delivered))


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def units(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> AsyncIterator[SqlUnitOfWorkFactory]:
    async with sqlite_units(sqlite_template, tmp_path) as factory:
        yield factory


def runner(
    channel: ScriptedChannel, units: SqlUnitOfWorkFactory, replies: Sequence[str] = ("a", "b")
) -> tuple[ConversationRunner, Sleeps]:
    sleeps = Sleeps()
    engine = StubEngine(lambda e: [Reply(text=t) for t in replies])
    return ConversationRunner(engine, channel, units, typing_after=None, sleep=sleeps), sleeps


async def test_replies_go_out_in_order(units: SqlUnitOfWorkFactory) -> None:
    channel = ScriptedChannel()
    conversation, _ = runner(channel, units, ("1", "2", "3"))
    await conversation.run(EVENT)
    assert channel.delivered == ["1", "2", "3"]


async def test_a_short_rate_limit_is_waited_out_and_a_long_one_drops_the_rest(
    units: SqlUnitOfWorkFactory,
) -> None:
    short = ScriptedChannel(RateLimited(1.0))
    conversation, sleeps = runner(short, units)
    await conversation.run(EVENT)
    assert (short.delivered, sleeps.waits) == (["a", "b"], [1.0])
    long = ScriptedChannel(RateLimited(60.0))
    conversation, sleeps = runner(long, units)
    await conversation.run(EVENT)
    assert (long.delivered, sleeps.waits) == ([], [])


async def test_a_network_blip_is_retried_once(units: SqlUnitOfWorkFactory) -> None:
    blip = ScriptedChannel(TransientDeliveryError("reset"))
    conversation, _ = runner(blip, units)
    await conversation.run(EVENT)
    assert blip.delivered == ["a", "b"]
    down = ScriptedChannel(TransientDeliveryError("reset"), TransientDeliveryError("reset"))
    conversation, _ = runner(down, units)
    await conversation.run(EVENT)
    assert down.delivered == []


async def test_a_refused_reply_is_followed_by_the_error_message(
    units: SqlUnitOfWorkFactory,
) -> None:
    channel = ScriptedChannel(DeliveryError("Bad Request: can't parse entities"))
    conversation, _ = runner(channel, units)
    await conversation.run(EVENT)
    assert channel.delivered == [render("common/error", "en")]


async def test_an_unreachable_student_is_marked_in_the_database(
    units: SqlUnitOfWorkFactory,
) -> None:
    async with units() as uow:
        user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        await uow.users.add_identity(user.id, "telegram", "42", "42", NOW)
        await uow.commit()
    channel = ScriptedChannel(RecipientUnreachable("Forbidden: bot was blocked by the user"))
    conversation, _ = runner(channel, units)
    await conversation.run(EVENT)
    async with units() as uow:
        identity = await uow.users.get_identity("telegram", "42")
    assert channel.delivered == []
    assert identity is not None and (identity.reachable, identity.unreachable_reason) == (
        False,
        "blocked",
    )
