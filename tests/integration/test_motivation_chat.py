"""Motivation in the conversation: Done earns XP (once), /streak and /badges show the record,
in English and under their Turkish names, and export covers the new tables."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.bootstrap import wired_engine
from coach.dialogue.engine import EngineConfig
from coach.motivation.league_usecases import ForWeek, form_week, week_of
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _onboarded(chat: Conversation) -> None:
    await chat.command("start")
    for step in ("ob:lang:en", "ob:consent:yes", "ob:age:adult", "ob:track:0", "ob:date:default"):
        await chat.press(step)
    for step in ("ob:target:skip", "ob:avail:intense", "ob:avail_review:ok", "ob:win:split"):
        await chat.press(step)
    for step in ("ob:break:none", "ob:tz:0", "ob:confirm:yes"):
        await chat.press(step)
    for _ in range(20):
        if any(c.payload.startswith("pv:activate") for r in chat.last for c in r.flat_choices):
            break
        await chat.press("as:idk:")
    await chat.press("pv:activate:")


def _templates(chat: Conversation) -> list[str]:
    return [reply.template or "" for reply in chat.last]


def _text(chat: Conversation) -> str:
    return "\n".join(reply.text for reply in chat.last)


async def test_done_earns_xp_once_and_the_commands_show_it(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await _onboarded(chat)
    done = chat.find("s:done:").payload
    await chat.tap(done)
    assert "sessions/done" in _templates(chat)
    assert "motivation/xp_earned" in _templates(chat)
    assert "XP" in _text(chat)

    # the same Done again (a double tap, a replayed update) earns nothing
    await chat.tap(done)
    assert "motivation/xp_earned" not in _templates(chat)

    await chat.command("streak")
    assert _templates(chat) == ["motivation/streak"]
    assert "Streak: 1 day" in _text(chat)
    assert "🟩" in _text(chat)

    await chat.command("badges")
    assert _templates(chat) == ["motivation/badges"]
    assert "First plan" in _text(chat)  # earned with the first XP of an active plan
    assert "7-day streak" in _text(chat)  # among the next ones, with its progress

    async with uow_factory() as uow:
        user = await uow.users.find_by_identity(chat.channel.value, chat.user_key)
        assert user is not None
        user_id = user.id
        ledger = await uow.motivation.ledger(user_id)
        exported = await uow.personal_data.export(user_id)
    assert [e.key for e in ledger if e.reason == "session"]
    for table in ("xp_ledger", "study_days", "badges_earned"):
        assert exported.get(table), table


async def test_turkish_command_names(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await _onboarded(chat)
    await chat.command("seri")
    assert _templates(chat) == ["motivation/streak"]
    await chat.command("rozetler")
    assert _templates(chat) == ["motivation/badges"]
    assert "level 1 (Starter), 0 XP," in _text(chat)  # no study yet: no XP
    assert "\n🗺️ First plan" in _text(chat)  # starting a plan is the one badge before studying


async def test_league_is_opt_in_and_shows_display_names_only(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await _onboarded(chat)
    await chat.command("league")
    assert _templates(chat) == ["motivation/league_opt_in"]
    await chat.command("league", "join", "a@b.com")  # a contact is never a display name
    assert _templates(chat) == ["motivation/league_name_needed"]
    await chat.command("league", "join", "Ada_K")
    assert _templates(chat) == ["motivation/league_waiting"]
    async with uow_factory() as uow:
        assert await form_week(uow, clock.now(), ForWeek(week_of(clock.now().date()))) == 1
        await uow.commit()
    await chat.command("lig")
    assert _templates(chat) == ["motivation/league"]
    assert "➡️ Ada_K" in _text(chat)
    await chat.command("league", "leave")
    assert _templates(chat) == ["motivation/league_left"]


async def test_hastayim_freezes_today(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await _onboarded(chat)
    await chat.say("bugün hastayım")
    assert _templates(chat) == ["motivation/ill_noted"]
    await chat.command("streak")
    assert "🩹" not in _grid(chat)  # today is still open: the mark shows once the day is over
    clock.set(clock.now() + timedelta(days=1))
    await chat.command("streak")
    assert "🩹" in _grid(chat)  # yesterday, planned and not done, is frozen instead of missed
    assert "🟥" not in _grid(chat)


def _grid(chat: Conversation) -> str:
    """The rows of day marks of /streak (not its legend)."""
    return "".join(line for line in _text(chat).splitlines() if line and "·" not in line[1:])
