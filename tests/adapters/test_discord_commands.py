"""Slash commands: the whole catalogue in Turkish and English, /setup for server managers only,
and /link joining a Telegram student and a Discord student into one."""

from __future__ import annotations

import re

import discord
import pytest

from bot.channels.discord_i18n import engine_command
from coach.dialogue.commands import COMMANDS, TURKISH_NAMES, command_name
from coach.domain import GroupSettings
from coach.messages import ChannelKind
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import Student, coach_bot, mini_engine, running
from tests.conversation import Conversation
from tests.e2e.test_onboarding_flow import onboard as onboard_on_telegram
from tests.fakes import FixedClock

# Discord's rule for command and option names (lower case letters, digits, - and _).
NAME = re.compile(r"^[-_\w]{1,32}$")


async def test_every_catalogue_command_is_a_localised_slash_command(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        published = {command.name: command for command in await bot.tree.fetch_commands()}
        in_dm = env.create_user("someone").available_commands()
    assert "setup" not in in_dm  # a server command
    assert "leaderboard" not in in_dm  # a server's board: nothing of its own in a DM
    assert {"today", "link", "quiz"} <= set(in_dm)
    assert set(published) == {spec.name for spec in COMMANDS} | {"setup"}
    turkish = {name: c.name_localizations[discord.Locale.turkish] for name, c in published.items()}
    assert turkish["today"] == "bugun"  # the name help and messages show (/bugun)
    assert turkish["setup"] == "kurulum"
    assert len(set(turkish.values())) == len(turkish)  # no two commands share a Turkish name
    for name, command in published.items():
        for localised in (name, turkish[name]):
            assert NAME.match(localised) and localised == localised.lower(), localised
        assert 0 < len(command.description) <= 100
        assert command.description_localizations[discord.Locale.turkish] != command.description
        assert command.name_localizations[discord.Locale.american_english] == name
    assert published["today"].description == "What to study today"
    assert published["today"].description_localizations[discord.Locale.turkish] == (
        "Bugün ne çalışmalıyım"
    )
    board = published["leaderboard"]
    assert board.description == "This server's weekly leaderboard"
    assert board.description_localizations[discord.Locale.turkish] == (
        "Bu sunucunun haftalık liderlik tablosu"
    )
    assert "in a server" in published["challenge"].description  # DMs and servers alike
    quiz_option = published["quiz"].options[0]
    assert quiz_option.name == "topic"
    assert quiz_option.name_localizations[discord.Locale.turkish] == "konu"
    assert not quiz_option.required
    setup = published["setup"]
    assert setup.default_member_permissions == discord.Permissions(manage_guild=True)


async def test_discord_registers_the_names_help_shows_and_understands_them_typed(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    """One table of Turkish names: what /help and messages show is what Discord registers,
    and every name (typed in a DM, with or without Turkish letters) runs its command."""
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        published = {command.name: command for command in await bot.tree.fetch_commands()}
        assert env is not None
    for spec in COMMANDS:
        registered = published[spec.name]
        assert registered.name == command_name(spec.name, "en")
        assert registered.name_localizations[discord.Locale.turkish] == command_name(
            spec.name, "tr"
        )
    for english, turkish in TURKISH_NAMES.items():
        for typed in (turkish, turkish.upper(), f"{turkish}@coach", english):
            assert engine_command(typed) == english, typed
    assert engine_command("Bugün") == "today" and engine_command("takıldım") == "stuck"
    assert engine_command("soru-cevap") == "qa"  # the old Discord name still works typed


async def test_setup_is_refused_without_manage_server(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("coach")
        member = guild.add_member(env.create_user("plain"))
        # Discord hides /setup from members without Manage Server ...
        assert "setup" not in member.available_commands(channel)
        assert "today" in member.available_commands(channel)
        # ... unless an admin allowed the command for them; the coach still refuses politely
        setup = next(c for c in await bot.tree.fetch_commands() if c.name == "setup")
        guild.set_command_permissions(setup, {member: True})
        student = Student(env, member, channel)
        await student.slash("setup", channel=channel, language="tr")
        assert student.results[-1].ephemeral
        assert 'Only members with the "Manage Server" permission' in student.text()
    async with uow_factory() as uow:
        assert await uow.groups.get("discord", str(guild.id)) is None


async def test_setup_saves_the_channel_and_language_and_names_missing_permissions(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        guild = env.create_guild()
        managers = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
        admin = Student(env, guild.add_member(env.create_user("admin"), roles=[managers]), None)
        me = guild.me
        assert me is not None
        good = guild.create_text_channel("coach")
        locked = guild.create_text_channel(
            "locked", overwrites={me: discord.PermissionOverwrite(embed_links=False)}
        )
        admin.channel = good
        await admin.slash("setup", channel=locked, language="tr")
        assert "missing these permissions: Embed Links" in admin.text()
        await admin.slash("setup", channel=good, language="tr")
        assert "every permission I need" in admin.text()
        async with uow_factory() as uow:
            settings = await uow.groups.get("discord", str(guild.id))
        assert settings is not None
        assert settings.coach_chat_id == str(good.id)
        assert settings.locale == "tr"

        # the server's language and channel are used where the student's language is unknown
        stranger = guild.add_member(env.create_user("stranger"))
        await stranger.send(good, f"{bot.user.mention} hello")  # type: ignore[union-attr]
        answer = good.last_message
        assert answer is not None
        assert answer.content.startswith("Merhaba") and f"<#{good.id}>" in answer.content


@pytest.mark.parametrize("maker", ["discord", "telegram"])
async def test_link_joins_a_telegram_and_a_discord_student(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, maker: str
) -> None:
    engine = mini_engine(uow_factory, clock)
    telegram = Conversation(engine, clock, user_key="7001", channel=ChannelKind.TELEGRAM)
    async with running(coach_bot(engine, uow_factory, clock)) as env:
        user = env.create_user("deniz")
        deniz = Student(env, user)  # in the DMs: a server answers only the group's commands
        if maker == "discord":  # the plan was made on Telegram; Discord makes the code
            await onboard_on_telegram(telegram)
            await telegram.press("pv:activate:")
            await deniz.slash("link")
            code = re.search(r"/link (\S+)", deniz.text()).group(1)  # type: ignore[union-attr]
            await telegram.command("link", code)
            assert telegram.templates() == ["link/kept_yours"]
        else:  # Telegram made the plan and the code; Discord enters it
            await onboard_on_telegram(telegram)
            await telegram.press("pv:activate:")
            await telegram.command("link")
            code = re.search(r"/link (\S+)", telegram.text()).group(1)  # type: ignore[union-attr]
            await deniz.slash("link", code=code)
            assert "Linked!" in deniz.text()
        await deniz.slash("today")
        await telegram.command("today")
        assert deniz.last[0].embeds[0].title == telegram.text().splitlines()[0]
    async with uow_factory() as uow:
        on_discord = await uow.users.find_by_identity("discord", str(user.id))
        on_telegram = await uow.users.find_by_identity("telegram", "7001")
    assert on_discord is not None and on_telegram is not None
    assert on_discord.id == on_telegram.id


@pytest.mark.parametrize(
    ("client_locale", "server_language", "greeting"),
    [("tr", None, "👋 Önce benimle"), ("en-GB", None, "👋 Start with me"),
     ("de", "en", "👋 Start with me"), ("de", None, "👋 Önce benimle")],
)  # fmt: skip
async def test_the_language_follows_the_client_then_the_server(
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    client_locale: str,
    server_language: str | None,
    greeting: str,
) -> None:
    import simcord.interactions

    original = simcord.interactions.base_payload

    def with_locale(*args: object, **kwargs: object) -> object:
        record, payload = original(*args, **kwargs)  # type: ignore[arg-type]
        payload["locale"] = client_locale
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", with_locale)
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)  # default language: tr
    async with running(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("study")
        if server_language:
            async with uow_factory() as uow:
                await uow.groups.save(
                    GroupSettings("discord", str(guild.id), server_language, clock.now())
                )
                await uow.commit()
        student = Student(env, guild.add_member(env.create_user("hale")), channel)
        await student.slash("start")
        assert student.text().startswith(greeting), student.text()
