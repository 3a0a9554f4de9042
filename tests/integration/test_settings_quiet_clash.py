"""/settings says plainly when quiet hours would silence the check-in or a study window, and
offers the fix; onboarding puts the check-in after the day's last study window."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import EngineConfig
from coach.domain import Profile
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _profile(uow_factory: SqlUnitOfWorkFactory, key: str) -> Profile:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", key)
        assert user is not None
        profile = await uow.profiles.get(user.id)
        assert profile is not None
        return profile


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_quiet_hours_over_the_checkin_and_the_window_are_said_and_fixed(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint=locale)
    await onboard(chat, locale)  # study windows 10:00-13:00 and 18:00-22:00
    await chat.press("pv:activate:")
    onboarded = await _profile(uow_factory, "1001")
    # the check-in comes after the last window, not in the middle of it
    assert (onboarded.checkin_time, onboarded.quiet_start) == (time(22, 0), time(23, 0))
    await chat.command("settings")
    await chat.press("st:open:checkin")
    await chat.say("23:45")
    assert "settings/quiet_clash" in chat.templates()  # 23:45 is in the 23:00-08:00 quiet
    assert ("23:45" in chat.text()) and ("22:00" not in chat.text())
    assert [c.payload for c in chat.choices()] == ["st:fix:ci:2230", "st:fix:qs:0000", "st:menu"]
    await chat.tap("st:fix:qs:0000")  # quiet hours from midnight: the 23:45 check-in goes out
    assert (await _profile(uow_factory, "1001")).quiet_start == time(0, 0)
    assert "settings/quiet_clash" not in chat.templates()
    assert "settings/menu" in chat.templates()

    await chat.press("st:open:quiet")
    await chat.say("20:00-08:00")  # now the 18:00-22:00 window and the check-in are silenced
    assert chat.templates()[:2] == ["settings/saved", "settings/quiet_clash"]
    assert "18:00–22:00" in chat.text()
    fixes = [c.payload for c in chat.choices()]
    assert fixes == ["st:fix:ci:1930", "st:fix:qs:0000", "st:menu"]
    await chat.tap("st:fix:ci:1930")
    assert (await _profile(uow_factory, "1001")).checkin_time == time(19, 30)
    assert "settings/quiet_clash" in chat.templates()  # the window still reaches into them
    assert [c.payload for c in chat.choices()][-2:] == ["st:fix:qs:2200", "st:menu"]


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_a_later_study_window_takes_the_default_checkin_with_it(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint=locale)
    await onboard(chat, locale)
    await chat.press("pv:activate:")
    await chat.command("settings")
    await chat.press("st:open:win")
    await chat.say("19:00-23:30")
    profile = await _profile(uow_factory, "1001")
    assert set(profile.windows["mon"]) == {"19:00-23:30"}, chat.templates()
    # the check-in was still onboarding's default: it moves after the new window, and the
    # default quiet hours after it, so neither the window nor the check-in is silenced
    assert (profile.checkin_time, profile.quiet_start) == (time(23, 30), time(0, 0))
    assert "settings/quiet_clash" not in chat.templates()
