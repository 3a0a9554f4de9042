"""Done reads the student's challenges only when one may count: the account query tells
whether the student has an accepted or a joined challenge, so the many who have none pay
nothing for the feature; once one is accepted, the next Done moves it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import wired_engine
from coach.dialogue.engine import EngineConfig
from coach.motivation.challenge_usecases import student_week
from coach.motivation.challenges import ChallengeKind, Goal
from coach.packs.catalog import Catalog
from storage.models import UserRow
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _count_any_session(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    """Make the accepted challenge "N sessions", so that any Done moves it."""
    async with uow_factory() as uow:
        [user] = await uow.session.scalars(select(UserRow))
        challenge = await uow.challenges.of_week(user.id, student_week(clock.now(), user.timezone))
        assert challenge is not None
        await uow.challenges.save(
            dataclasses.replace(challenge, goal=Goal(ChallengeKind.SESSIONS, 5))
        )
        await uow.commit()


@contextmanager
def _challenge_reads(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements that read the challenges a Done counts for (the UNION of both kinds)."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "UNION" in statement.upper() and "weekly_challenges" in statement:
            seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


async def test_done_skips_the_challenges_read_until_one_is_accepted(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await onboard(chat)
    await chat.press("pv:activate:")
    database: AsyncEngine = uow_factory.session_factory.kw["bind"]

    await chat.command("today")
    first, second = [c.payload for c in chat.choices() if c.payload.startswith("s:done:")][:2]
    with _challenge_reads(database) as reads:
        await chat.tap(first)
    assert "sessions/done" in chat.templates()
    assert reads == []  # no challenge: nothing read

    await chat.command("challenge")
    await chat.press("ch:ok:")
    assert chat.templates() == ["challenge/accepted"]
    await _count_any_session(uow_factory, clock)
    with _challenge_reads(database) as reads:
        await chat.tap(second)
    assert len(reads) == 1
    assert "challenge/progress" in chat.templates()
