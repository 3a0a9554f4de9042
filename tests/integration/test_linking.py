"""/link through the engine: one student across channels, never losing a plan silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.accounts.linking import code_hash, normalize
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.messages import ChannelKind
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.e2e.test_onboarding_flow import onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
CODE = re.compile(r"/(?:link|bagla) ([A-Z0-9]{4}-[A-Z0-9]{4})")  # tr: /bagla


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


async def make_code(chat: Conversation) -> str:
    await chat.command("link")
    assert chat.templates() == ["link/code"]
    found = CODE.search(chat.text())
    assert found, chat.text()
    return found.group(1)


async def user_id(uow_factory: SqlUnitOfWorkFactory, channel: str, key: str) -> int | None:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity(channel, key)
    return user.id if user else None


async def test_a_new_account_joins_the_one_with_the_plan(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    web = Conversation(engine, clock, user_key="w1", channel=ChannelKind.WEB)
    await onboard(web)
    await web.press("pv:activate:")
    code = await make_code(web)
    telegram = Conversation(engine, clock, user_key="t1", channel=ChannelKind.TELEGRAM)
    await telegram.command("link", code.lower().replace("-", " "))  # typed loosely
    assert telegram.templates() == ["link/joined"]
    assert await user_id(uow_factory, "telegram", "t1") == await user_id(uow_factory, "web", "w1")
    await telegram.command("today")
    await web.command("today")
    assert telegram.templates() == web.templates() == ["daily/today"]
    assert telegram.text() == web.text()
    # single use: a third account cannot reuse it
    other = Conversation(engine, clock, user_key="t2", channel=ChannelKind.TELEGRAM)
    await other.command("link", code)
    assert other.templates() == ["link/invalid"]


async def test_codes_expire_and_are_stored_hashed(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    web = Conversation(engine, clock, user_key="w1", channel=ChannelKind.WEB)
    await web.command("start")
    code = await make_code(web)
    async with uow_factory() as uow:
        stored = await uow.links.find(code_hash(code))
        assert stored is not None
        export = await uow.personal_data.export(stored.user_id)
    assert normalize(code) not in str(export)
    clock.advance(minutes=10, seconds=1)
    telegram = Conversation(engine, clock, user_key="t1", channel=ChannelKind.TELEGRAM)
    await telegram.command("link", code)
    assert telegram.templates() == ["link/invalid"]
    await telegram.command("link", "not-a-code-at-all")
    assert telegram.templates() == ["link/invalid"]
    await web.command("link", code)  # own (expired) code
    assert web.templates() == ["link/invalid"]


async def test_a_fresh_maker_joins_the_account_that_has_the_plan(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    fresh = Conversation(engine, clock, user_key="d1", channel=ChannelKind.DISCORD)
    await fresh.command("start")
    code = await make_code(fresh)
    planned = Conversation(engine, clock, user_key="t1", channel=ChannelKind.TELEGRAM)
    await onboard(planned)
    await planned.press("pv:activate:")
    kept = await user_id(uow_factory, "telegram", "t1")
    await planned.command("link", code)
    assert planned.templates() == ["link/kept_yours"]
    assert await user_id(uow_factory, "discord", "d1") == kept
    await fresh.command("today")
    assert fresh.templates() == ["daily/today"]


async def test_both_with_data_keeps_the_makers_only_after_confirmation(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    maker = Conversation(engine, clock, user_key="d1", channel=ChannelKind.DISCORD)
    await onboard(maker)
    await maker.press("pv:activate:")
    joiner = Conversation(engine, clock, user_key="t1", channel=ChannelKind.TELEGRAM)
    await onboard(joiner)
    await joiner.press("pv:activate:")
    maker_id = await user_id(uow_factory, "discord", "d1")
    joiner_id = await user_id(uow_factory, "telegram", "t1")
    code = await make_code(maker)

    await joiner.command("link", code)
    assert joiner.templates() == ["link/confirm"]
    assert "/export" in joiner.text()
    cancel = joiner.find("ln:no:").payload
    confirm = joiner.find("ln:yes:").payload
    await joiner.tap(cancel)
    assert joiner.templates() == ["link/cancelled"]
    await joiner.tap(confirm)  # a cancelled claim can no longer be confirmed
    assert joiner.templates() == ["link/invalid"]
    assert await user_id(uow_factory, "telegram", "t1") == joiner_id

    # someone else cannot confirm a claim that is not theirs
    await joiner.command("link", code)
    confirm = joiner.find("ln:yes:").payload
    stranger = Conversation(engine, clock, user_key="t9", channel=ChannelKind.TELEGRAM)
    await stranger.tap(confirm)
    assert stranger.templates() == ["link/invalid"]

    await joiner.tap(confirm)
    assert joiner.templates() == ["link/joined"]
    assert await user_id(uow_factory, "telegram", "t1") == maker_id
    async with uow_factory() as uow:
        assert await uow.users.get(joiner_id) is None  # replaced, as the student agreed
        assert await uow.plans.active_for(maker_id) is not None
    await joiner.tap(confirm)  # used
    assert joiner.templates()[0] in ("link/invalid", "common/stale_button")


async def test_same_account_and_forged_buttons(engine: DialogueEngine, clock: FixedClock) -> None:
    web = Conversation(engine, clock, user_key="w1", channel=ChannelKind.WEB)
    await web.command("start")
    code = await make_code(web)
    await web.command("link", code)
    assert web.templates() == ["link/same"]
    for forged in ("ln:yes", "ln:yes:abc", "ln:maybe:1", "ln:yes:999999"):
        await web.tap(forged)
        assert web.last, forged
