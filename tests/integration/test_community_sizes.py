"""The group size settings reach the Join button: with LEARNCONNECT_GROUP_MIN_SIZE=4 a group
of four is proposed, and it forms only on the fourth Join (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from bot.jobs.community import group_policy
from coach.community.usecases import RunMatching, run_matching
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.build import build_engine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def test_a_group_of_four_forms_on_the_fourth_join(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    policy = group_policy(4, 4)
    services = build_services(Catalog.load([str(MINI)]), group_policy=policy)
    uow_factory.bus = subscriptions(services)
    engine = build_engine(cast(UnitOfWorkFactory, uow_factory), clock, services, EngineConfig())
    chats = []
    for number, name in enumerate(("Ada", "Bora", "Cem", "Dila"), start=2001):
        chat = Conversation(engine, clock, user_key=str(number))
        await onboard(chat)
        await chat.press("pv:activate:")
        await chat.command("groups")
        await chat.press("cm:tog:groups")
        await chat.say(name)
        chats.append(chat)
    async with uow_factory() as uow:
        outcome = await run_matching(uow, clock.now(), RunMatching({}, policy))
        await uow.commit()
    [view] = outcome.proposed
    assert len(view.members) == 4
    for chat in chats[:3]:
        await chat.tap(f"group:join:{view.group.id}")
        assert chat.templates() == ["community/joined"]  # three are not enough now
    await chats[3].tap(f"group:join:{view.group.id}")
    assert chats[3].templates() == ["community/formed"]
