"""A database that blips: the conversation carries on, nothing is lost, nothing is doubled.

On PostgreSQL every server connection of the coach is killed between two messages (as a
database restart or a failover does). The next message must still get its real answer: the
unit of work reports the dropped connection as `StorageUnavailable` and the engine runs the
turn again on a fresh connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.bootstrap import wired_engine
from bot.channels.textchat import TypedInput
from bot.channels.webchat import WebChat
from coach.core.errors import StorageUnavailable
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import EngineConfig
from coach.messages import ChannelKind
from coach.packs.catalog import Catalog
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock
from tests.integration.test_linking import MINI

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KILL_OTHERS = text(
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


async def kill_connections(database_url: str) -> int:
    """Terminate every other server connection to the database; how many there were."""
    admin = create_engine(database_url)
    try:
        async with admin.connect() as connection:
            return int((await connection.execute(KILL_OTHERS)).scalar_one())
    finally:
        await admin.dispose()


@contextlib.asynccontextmanager
async def coach_on(
    database_url: str, clock: FixedClock
) -> AsyncIterator[tuple[SqlUnitOfWorkFactory, ConversationEngine]]:
    """The units of work and dialogue engine of a coach on `database_url`; disposed after."""
    database = create_engine(database_url)
    units = SqlUnitOfWorkFactory(create_session_factory(database))
    try:
        yield units, wired_engine(units, clock, Catalog.load([str(MINI)]), EngineConfig())
    finally:
        await database.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_dropped_connection_mid_conversation_is_retried(
    database_url: str, clock: FixedClock
) -> None:
    async with coach_on(database_url, clock) as (units, engine):
        chat = Conversation(engine, clock, user_key="blip-1", channel=ChannelKind.TELEGRAM)
        await chat.command("start")
        assert chat.templates() == ["onboarding/welcome", "onboarding/language"]
        assert await kill_connections(database_url) >= 1  # the coach's pooled connection
        await chat.tap("ob:lang:en")
        assert chat.templates() == ["onboarding/consent"]  # the real answer, not an apology
        async with units() as uow:
            found = await uow.users.find_with_dialogue("telegram", "blip-1")
    assert found is not None
    assert found.user.locale == "en"
    assert (
        found.state is not None and found.state.step == "consent"
    )  # the tap was applied exactly once


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_the_unit_of_work_names_a_dropped_connection(database_url: str) -> None:
    database = create_engine(database_url)
    units = SqlUnitOfWorkFactory(create_session_factory(database))
    try:
        async with units() as uow:  # leaves a pooled connection behind
            await uow.users.add(locale="tr", timezone="UTC", now=NOW)
        await kill_connections(database_url)
        with pytest.raises(StorageUnavailable):
            async with units() as uow:
                await uow.users.get(1)
        async with units() as uow:  # the pool replaced the dead connection
            assert await uow.users.get(1) is None
    finally:
        await database.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_web_chat_reads_survive_a_dropped_connection(
    database_url: str, clock: FixedClock
) -> None:
    async with coach_on(database_url, clock) as (units, engine):
        chat = WebChat(engine, units, clock)
        shown = await chat.exchange("browser-blip", TypedInput(text="/start"))
        assert await kill_connections(database_url) >= 1
        history = await chat.history("browser-blip", None)  # the page a reload asks for
        assert await kill_connections(database_url) >= 1
        locale = await chat.locale("browser-blip", "en")
    assert [m.id for m in history] == [m.id for m in shown]
    assert locale == "tr"  # the student's own language (the deployment default), not the hint
