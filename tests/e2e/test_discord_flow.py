"""The whole coach through the real discord.py bot (simcord): onboarding in a server with
ephemeral answers, assessment as buttons, one-tap activation, /today and Done; the same in DMs;
"Continue in DMs" and closed DMs (50007)."""

from __future__ import annotations

import discord

from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import (
    Student,
    coach_bot,
    custom_ids,
    message_text,
    mini_engine,
    running,
    server_member,
)
from tests.fakes import FixedClock

ONBOARDING = (
    "ob:consent:yes",
    "ob:age:adult",
    "ob:track:0",
    "ob:date:default",
    "ob:target:skip",
    "ob:avail:intense",
    "ob:avail_review:ok",
    "ob:win:split",
    "ob:break:none",
    "ob:tz:0",
    "ob:confirm:yes",
)


async def assess(student: Student) -> None:
    """Maths right (option A), Turkish "I don't know", until the plan preview."""
    for _ in range(12):
        if any("pv:activate:" in cid for _label, cid in student.find_all()):
            return
        maths = "Mathematics" in student.text() or "Matematik" in student.text()
        await student.press("as:a:" if maths else "as:idk:")
    raise AssertionError(student.text())


async def onboard(student: Student, locale: str = "en") -> None:
    """/start, the language, defaults everywhere, then the assessment."""
    await student.slash("start")
    await student.press(f"ob:lang:{locale}")
    for payload in ONBOARDING:
        await student.press(payload)
    await assess(student)


async def test_a_server_answers_only_what_is_meant_for_all_of_it(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    """A student taken on in the DMs: in the server /today, /settings and the buttons of her
    own study point to the DMs (only for her); /leaderboard and /challenge are answered there;
    nothing public is posted."""
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        ada, user = server_member(env, "ada")
        in_dms = Student(env, user)
        await onboard(in_dms)
        await in_dms.press("pv:activate:")
        for command in ("today", "settings", "progress"):
            await ada.slash(command)
            assert ada.text().startswith("🔒 Here in the server I answer"), ada.text()
        await ada.slash("leaderboard")
        assert "🔒" not in ada.text()
        await ada.slash("challenge")
        assert "This group's challenge" in ada.text()
        post, join = ada.find("ch:join:")
        _, done = in_dms.find("s:done:")  # a button of her own study ...
        await ada.forge(post, done)  # ... pressed in the server
        assert ada.text().startswith("🔒 Here in the server I answer")
        await ada.click(post, join)
        assert "choose a display name" in ada.text()
        assert all(m.ephemeral for r in ada.results for m in r.followups)  # only for her
        assert ada.channel is not None and ada.channel.history() == []  # nothing public


async def test_the_same_in_direct_messages(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        bora = Student(env, env.create_user("bora"))
        await bora.dm("merhaba")
        assert "English" in str(bora.find_all())  # the language question
        await bora.press("ob:lang:tr")
        for payload in ONBOARDING:
            await bora.press(payload)
        await assess(bora)
        await bora.press("pv:activate:")
        await bora.dm("/bugün")  # a Turkish command name typed as text
        assert "Bugün" in bora.text()
        await bora.press("s:done:")
        await bora.slash("week")  # a slash command in the DM
        assert not bora.results[-1].ephemeral
        assert "7" in bora.text()
    async with uow_factory() as uow:
        identity = await uow.users.get_identity("discord", str(bora.actor.id))
    assert identity is not None
    assert identity.reachable
    assert identity.chat_id == str(bora.actor.dm_channel.id)


async def test_continue_in_dms_and_closed_dms(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        cem, user = server_member(env, "cem")
        await cem.slash("start")  # in the server: the way to the DMs, and a button for it
        assert "Start with me in a private chat first" in cem.text()
        message, dm_button = cem.find("dc:dms")

        # DMs closed for this server: Discord answers 50007 when the bot writes
        env.inject_error(
            "POST",
            f"/channels/{user.dm_channel.id}/messages",
            status=403,
            code=50007,
            message="Cannot send messages to this user",
        )
        await cem.click(message, dm_button)
        assert "couldn't send you a direct message" in cem.text()
        assert "/today" in cem.text()
        assert cem.last[0].ephemeral
        async with uow_factory() as uow:
            identity = await uow.users.get_identity("discord", str(user.id))
        assert identity is None  # not taken on yet: nothing is stored about him

        # DMs allowed again: the conversation continues there, where it was
        await cem.click(message, dm_button)
        assert "sent you a direct message" in cem.text()
        dm_messages = [m for m in user.dm_channel.history() if m.author.bot]
        assert "one-to-one" in dm_messages[0].content or "birebir" in dm_messages[0].content
        assert any(
            "ob:lang:" in c.custom_id
            for m in dm_messages
            for row in m.components
            for c in row.children
            if isinstance(c, discord.Button) and c.custom_id
        )
    async with uow_factory() as uow:
        identity = await uow.users.get_identity("discord", str(user.id))
    assert identity is not None
    assert identity.reachable
    assert identity.chat_id == str(user.dm_channel.id)


async def test_buttons_survive_a_restart(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = mini_engine(uow_factory, clock)
    async with running(coach_bot(engine, uow_factory, clock)) as env:
        eda = Student(env, env.create_user("eda"))
        await eda.slash("start")
        await eda.press("ob:lang:en")
        await env.restart_bot(coach_bot(engine, uow_factory, clock))  # a new process, same DB
        await eda.press("ob:consent:yes")  # a button sent before the restart
        assert "How old are you" in eda.text() or "age" in eda.text().lower()


async def test_the_settings_switches_are_redrawn_on_the_pressed_message(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    """/settings → notifications in DMs, both languages: a tap on a switch edits the message it
    is on (🔔 becomes 🔕), and no new message is posted."""
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        for locale, name, command in (("tr", "deniz", "ayarlar"), ("en", "emma", "settings")):
            student = Student(env, env.create_user(name))
            await student.dm("/start")
            await student.press(f"ob:lang:{locale}")
            for payload in ONBOARDING:
                await student.press(payload)
            await assess(student)
            await student.press("pv:activate:")
            await student.dm(f"/{command}")
            await student.press("st:open:notify")
            screen, switch = student.find("st:tog:reminder")
            before = len(student.actor.dm_channel.history())
            assert dict(custom_ids(screen))  # the switches' screen
            label = next(lb for lb, cid in custom_ids(screen) if cid == switch)
            assert label.startswith("🔔")
            followups = await student.click(screen, switch)
            assert followups == []  # nothing new was posted
            edited = student.results[-1].response
            assert edited is not None and edited.id == screen.id
            assert message_text(edited) == message_text(screen)
            # the redrawn switch sits where it was, and now sets the other state (…:on)
            turned = switch.replace(":off", ":on")
            after = next(lb for lb, cid in custom_ids(edited) if cid == turned)
            words = label.split(" · ")[0][1:]  # the switch's words, without its state
            assert after.startswith("🔕") and after.split(" · ")[0][1:] == words, (label, after)
            assert len(student.actor.dm_channel.history()) == before
