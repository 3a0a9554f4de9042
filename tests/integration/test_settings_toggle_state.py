"""A /settings switch carries the state it sets: a double tap, or pressing a copy of the
button again, leaves the switch as the student set it instead of flipping it back; a switch
from before (no state in its payload) changes nothing and shows the switches as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _opt_outs(uow_factory: SqlUnitOfWorkFactory, key: str) -> tuple[str, ...]:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", key)
        assert user is not None
        profile = await uow.profiles.get(user.id)
        assert profile is not None
        return tuple(profile.opt_outs)


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_pressing_a_switch_twice_keeps_it_off(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, user_key="1001", locale_hint=locale)
    await onboard(chat, locale)
    await chat.press("pv:activate:")
    await chat.command("settings")
    await chat.press("st:open:notify")
    switch = chat.find("st:tog:reminder").payload
    assert switch == "st:tog:reminder:off"
    await chat.tap(switch)
    assert "reminder" in await _opt_outs(uow_factory, "1001")
    assert chat.find("st:tog:reminder").payload == "st:tog:reminder:on"
    await chat.tap(switch)  # a double tap, or the old message's button
    assert "reminder" in await _opt_outs(uow_factory, "1001")
    await chat.tap("st:tog:reminder:on")
    assert "reminder" not in await _opt_outs(uow_factory, "1001")


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_a_switch_without_its_state_changes_nothing_and_shows_the_switches(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, user_key="1002", locale_hint=locale)
    await onboard(chat, locale)
    await chat.press("pv:activate:")
    await chat.command("settings")
    await chat.press("st:open:notify")
    await chat.tap("st:tog:checkin:off")
    await chat.tap("st:tog:checkin")  # a button from before switches carried their state
    assert "checkin" in await _opt_outs(uow_factory, "1002")
    assert "common/stale_button" in chat.templates()
    assert "settings/notify" in chat.templates()
    assert chat.find("st:tog:checkin").payload == "st:tog:checkin:on"


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_a_peer_switch_pressed_twice_stays_on(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, user_key="1003", locale_hint=locale)
    await onboard(chat, locale)
    await chat.press("pv:activate:")
    await chat.command("groups")
    switch = chat.find("cm:tog:groups").payload
    assert switch == "cm:tog:groups:on"
    await chat.tap(switch)
    await chat.say("Ada")  # the display name it asks for first
    await chat.command("groups")
    assert chat.find("cm:tog:groups").payload == "cm:tog:groups:off"
    await chat.tap(switch)  # the first screen's button again: still on
    assert chat.find("cm:tog:groups").payload == "cm:tog:groups:off"
    await chat.tap("cm:tog:groups")  # a button from before switches carried their state
    assert chat.templates()[0] == "common/stale_button"
    assert chat.find("cm:tog:groups").payload == "cm:tog:groups:off"
