"""Weekly challenges through the dialogue engine, on both databases: /challenge offers one
from the plan, Swap gives another, an old button is answered kindly, only Done moves it,
completion is celebrated through the outbox once; the Monday job offers it once a week; a
group place's challenge counts the sessions of the members who joined, shows them by
display name, and posts its completion in the chat it was started in; export and delete."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from sqlalchemy import select

from bot.bootstrap import wired_engine
from bot.jobs.challenges import WeeklyChallenges
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.dialogue.engine import EngineConfig
from coach.messages import ChannelKind, ChannelRef, EventKind, InboundEvent
from coach.motivation.challenge_reactions import ChallengeReactions
from coach.motivation.challenge_usecases import student_week
from coach.motivation.challenges import ChallengeCompleted, ChallengeKind, ChallengeStatus, Goal
from coach.packs.catalog import Catalog
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
GUILD, CHANNEL = "9001", "9002"


async def _user_id(uow_factory: SqlUnitOfWorkFactory, chat: Conversation) -> int:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity(chat.channel.value, chat.user_key)
        assert user is not None
        return user.id


async def _set_goal(uow_factory: SqlUnitOfWorkFactory, user_id: int, goal: Goal) -> None:
    """A short goal, so that the sessions of one test day complete it."""
    async with uow_factory() as uow:
        user = await uow.users.get(user_id)
        assert user is not None
        now = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
        challenge = await uow.challenges.of_week(user_id, student_week(now, user.timezone))
        assert challenge is not None
        await uow.challenges.save(dataclasses.replace(challenge, goal=goal))
        await uow.commit()


async def _done_once(chat: Conversation) -> str:
    """Open /today and press Done on its first open session; returns the button's payload."""
    await chat.command("today")
    payload = chat.find("s:done:").payload
    await chat.tap(payload)
    return payload


async def _outbox(uow_factory: SqlUnitOfWorkFactory, template: str) -> list[SimpleNamespace]:
    """The outbox rows of a template, as plain records."""
    async with uow_factory() as uow:
        rows = await uow.session.scalars(select(OutboxRow).where(OutboxRow.template == template))
        columns = OutboxRow.__table__.columns.keys()
        return [SimpleNamespace(**{c: getattr(row, c) for c in columns}) for row in rows]


async def test_offer_swap_accept_and_done_until_complete(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await onboard(chat)
    await chat.press("pv:activate:")
    await chat.command("challenge")
    assert chat.templates() == ["challenge/show"]
    first_accept = chat.find("ch:ok:").payload
    first_text = chat.text()
    await chat.press("ch:swap:")
    assert chat.templates() == ["challenge/swapped"]
    assert chat.text().splitlines()[0] not in first_text  # a different challenge

    await chat.tap(first_accept)  # the button of the offer before the swap
    assert chat.templates() == ["challenge/stale", "challenge/show"]
    accept = chat.find("ch:ok:").payload
    await chat.tap(accept)
    assert chat.templates() == ["challenge/accepted"]
    await chat.tap(accept)  # a double tap changes nothing
    assert chat.templates() == ["challenge/already", "challenge/show"]

    user_id = await _user_id(uow_factory, chat)
    await _set_goal(uow_factory, user_id, Goal(ChallengeKind.SESSIONS, 2))
    await chat.command("challenge")
    assert "Progress: 0/2" in chat.text()
    await _done_once(chat)
    assert "challenge/progress" in chat.templates()
    assert "🎯 Challenge: 1/2" in chat.text()
    assert not await _outbox(uow_factory, "challenge/completed")
    last = await _done_once(chat)
    assert "🎯 Challenge: 2/2 — done! 🎉" in chat.text()
    [celebration] = await _outbox(uow_factory, "challenge/completed")
    assert celebration.kind == "challenge" and celebration.user_id == user_id
    await chat.command("challenge")
    assert "Done: 2/2" in chat.text() and not chat.choices()
    await chat.tap(last)  # the same Done again (a double tap) counts for nothing
    assert "challenge/progress" not in chat.templates()
    assert len(await _outbox(uow_factory, "challenge/completed")) == 1

    async with uow_factory() as uow:
        exported = await uow.personal_data.export(user_id)
        assert exported["weekly_challenges"][0]["status"] == ChallengeStatus.COMPLETED.value
        await uow.personal_data.delete(user_id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.challenges.of_week(user_id, student_week(clock.now(), "UTC")) is None


async def test_the_monday_job_offers_once_and_respects_the_switch(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    catalog = Catalog.load([str(MINI)])
    engine = wired_engine(uow_factory, clock, catalog, EngineConfig())
    ada = Conversation(engine, clock, user_key="1", locale_hint="en")
    bora = Conversation(engine, clock, user_key="2", locale_hint="en")
    for chat in (ada, bora):
        await onboard(chat)
        await chat.press("pv:activate:")
    await bora.command("settings")
    await bora.press("st:open:notify")
    await bora.press("st:tog:challenge:off")  # Bora turns challenge pushes off
    units = cast(UnitOfWorkFactory, uow_factory)
    clock.set(datetime(2026, 12, 7, 5, 0, tzinfo=UTC))  # 08:00 in Istanbul: too early
    job = WeeklyChallenges(units, clock, catalog, ["web"])
    assert await job.run() == 0
    clock.set(datetime(2026, 12, 7, 6, 30, tzinfo=UTC))  # 09:30 in Istanbul
    assert await job.run() == 1
    assert await job.run() == 0  # once a week
    [offer] = await _outbox(uow_factory, "challenge/offer")
    assert offer.user_id == await _user_id(uow_factory, ada)
    payloads = [c["payload"] for row in offer.choices for c in row]
    assert any(p.startswith("ch:ok:") for p in payloads)
    assert any(p.startswith("ch:swap:") for p in payloads)
    await ada.tap(next(p for p in payloads if p.startswith("ch:ok:")))  # the pushed button
    assert ada.templates() == ["challenge/accepted"]


def _in_group(chat: Conversation, kind: EventKind, **fields: object) -> InboundEvent:
    ref = ChannelRef(ChannelKind.DISCORD, chat.user_key, CHANNEL, is_group=True)
    return InboundEvent(ref=ref, kind=kind, received_at=chat.clock.now(), locale_hint="en",
                        group_key=GUILD, **fields)  # type: ignore[arg-type]  # fmt: skip


async def _group(chat: Conversation, kind: EventKind, **fields: object) -> str:
    replies = await chat.engine.handle(_in_group(chat, kind, **fields), chat.capabilities)
    chat.last = list(replies)
    return chat.text()


async def test_a_group_challenge_counts_joined_members_only(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    people = [Conversation(engine, clock, user_key=k, channel=ChannelKind.DISCORD,
                           locale_hint="en") for k in ("11", "12", "13")]  # fmt: skip
    for chat in people:
        await onboard(chat)
        await chat.press("pv:activate:")
    ada, bora, cem = people
    eve = Conversation(engine, clock, user_key="14", channel=ChannelKind.DISCORD)
    # Eve was never taken on: the place only points her to the private chat, keeps nothing
    await _group(eve, EventKind.COMMAND, command="challenge", text="/challenge")
    assert eve.templates() == ["common/group_start_first"]
    await _group(eve, EventKind.COMMAND, command="challenge", args=("join", "Eve"))
    assert eve.templates() == ["common/group_start_first"]
    async with uow_factory() as uow:
        assert await uow.users.find_by_identity("discord", "14") is None
    text = await _group(ada, EventKind.COMMAND, command="challenge", text="/challenge")
    assert "This group's challenge" in text and "Progress: 0/6" in text
    join = ada.find("ch:join:").payload
    await _group(ada, EventKind.CHOICE, payload=join)
    assert ada.templates() == ["challenge/name_needed"]  # no display name yet
    text = await _group(ada, EventKind.COMMAND, command="challenge", args=("join", "Ada_K"))
    assert "You're in" in text and "• Ada_K — 0" in text
    await _group(bora, EventKind.COMMAND, command="challenge", args=("join", "Bora"))
    await _group(bora, EventKind.CHOICE, payload=join)  # joining twice is harmless
    assert "• Bora — 0" in bora.text() and bora.text().count("Bora") == 1
    async with uow_factory() as uow:
        work = cast(UnitOfWork, uow)
        week = student_week(clock.now(), "Europe/Istanbul")
        group = await work.challenges.group_of_week("discord", GUILD, week)
        assert group is not None and group.target == 6  # two members: still the minimum
        await work.challenges.set_group_target(group.id, 3)  # a short goal for the test
        await uow.commit()

    await _done_once(ada)
    assert "👥 Group challenge: 1/3" in ada.text()
    await _done_once(cem)  # Cem did not join: his session is not the group's
    assert "Group challenge" not in cem.text()
    await _done_once(bora)
    assert not await _outbox(uow_factory, "challenge/group_completed")
    await _done_once(ada)
    assert "👥 Group challenge: 3/3 — done! 🎉" in ada.text()
    [post] = await _outbox(uow_factory, "challenge/group_completed")
    assert post.user_id is None and post.chat_key == CHANNEL and post.is_group
    assert post.context["names"] == ["Ada_K", "Bora"]
    text = await _group(cem, EventKind.COMMAND, command="challenge", text="/challenge")
    assert "Done: 3/3" in text and "• Ada_K — 2" in text and "• Bora — 1" in text
    assert "Cem" not in text and not cem.choices()  # finished: no Join any more

    # a member's data goes with them; the group's challenge stays, without them
    ada_id = await _user_id(uow_factory, ada)
    async with uow_factory() as uow:
        exported = await uow.personal_data.export(ada_id)
        assert exported["group_challenge_members"][0]["count"] == 2
        await uow.personal_data.delete(ada_id)
        await uow.commit()
    text = await _group(cem, EventKind.COMMAND, command="challenge", text="/challenge")
    assert "Ada_K" not in text and "• Bora — 1" in text

    # next Monday morning the place gets the new week's challenge, with its Join button, once
    catalog = Catalog.load([str(MINI)])
    job = WeeklyChallenges(cast(UnitOfWorkFactory, uow_factory), clock, catalog, ["discord"],
                           group_timezone="Europe/Istanbul")  # fmt: skip
    clock.set(datetime(2026, 12, 14, 6, 30, tzinfo=UTC))
    assert await job.run() >= 1
    assert await job.run() == 0
    [offer] = await _outbox(uow_factory, "challenge/group_offer")
    assert offer.user_id is None and offer.chat_key == CHANNEL and offer.is_group
    [[join_next]] = [[c["payload"] for c in row] for row in offer.choices]
    assert join_next.startswith("ch:join:") and join_next != join
    await _group(bora, EventKind.CHOICE, payload=join_next)
    assert "Progress: 0/6" in bora.text() and "You're in" in bora.text()
    await _group(bora, EventKind.CHOICE, payload=join)  # last week's button: this week shown
    assert "Progress: 0/6" in bora.text()


async def test_a_mock_challenge_counts_a_recorded_mock_only(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await onboard(chat)
    await chat.press("pv:activate:")
    await chat.command("challenge", "accept")  # typed words work as the buttons do
    assert chat.templates() == ["challenge/accepted"]
    user_id = await _user_id(uow_factory, chat)
    await _set_goal(uow_factory, user_id, Goal(ChallengeKind.MOCK, 1))
    await _done_once(chat)  # a session is not a mock
    assert "challenge/progress" not in chat.templates()
    await chat.command("mock")
    await chat.say("6 2 2")
    await chat.say("8 1 1")
    assert "mock/result" in chat.templates()
    assert "🎯 Challenge: 1/1 — done! 🎉" in chat.text()
    [celebration] = await _outbox(uow_factory, "challenge/completed")
    assert celebration.context["kind"] == "mock"


async def test_the_celebration_waits_for_the_end_of_quiet_hours_and_obeys_the_switch(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    catalog = Catalog.load([str(MINI)])
    engine = wired_engine(uow_factory, clock, catalog, EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await onboard(chat)
    await chat.press("pv:activate:")
    user_id = await _user_id(uow_factory, chat)
    reactions = ChallengeReactions(catalog, ["web"])
    late = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)  # 00:30 in Istanbul: quiet hours
    event = ChallengeCompleted(user_id=user_id, at=late, challenge_id=41, group=False,
                               kind="sessions", target=3, week=date(2026, 12, 7))  # fmt: skip
    async with uow_factory() as uow:
        await reactions.on_completed(cast(UnitOfWork, uow), event)
        await uow.commit()
    [row] = await _outbox(uow_factory, "challenge/completed")
    assert row.due_at == datetime(2026, 12, 8, 5, 0, tzinfo=UTC)  # 08:00, when quiet hours end

    await chat.command("settings")
    await chat.press("st:open:notify")
    await chat.press("st:tog:challenge:off")  # off
    async with uow_factory() as uow:
        again = dataclasses.replace(event, challenge_id=42)
        await reactions.on_completed(cast(UnitOfWork, uow), again)
        await uow.commit()
    assert len(await _outbox(uow_factory, "challenge/completed")) == 1
