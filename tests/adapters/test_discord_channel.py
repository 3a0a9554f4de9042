"""The Discord channel on its own: splitting, buttons and selects, quizzes, files, pushes and
how Discord's errors become the port's delivery errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

import discord
import pytest

from bot.channels.discord import DiscordChannel, delivery_error
from bot.channels.discord_render import payload_of, render_reply
from bot.channels.discord_service import build_bot
from bot.channels.render import split_text
from coach.core.channels import (
    ChannelCapabilities,
    DeliveryError,
    RateLimited,
    RecipientUnreachable,
    TransientDeliveryError,
)
from coach.messages import (
    ChannelKind,
    ChannelRef,
    Choice,
    DocumentSpec,
    EventKind,
    InboundEvent,
    QuizSpec,
    Reply,
    ReplyKind,
)
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import Student, custom_ids, running
from tests.fakes import FixedClock

QUIZ = Reply(
    text="2+2?",
    kind=ReplyKind.QUIZ,
    quiz=QuizSpec("qz:1", "2 + 2 = ?", ("3", "4", "5"), 1),
    choices=((Choice("Skip", "qz:skip:1"),),),
)


def many(count: int) -> Reply:
    return Reply(
        text="Pick one",
        choices=tuple((Choice(f"Choice {i}", f"x:pick:{i}"),) for i in range(count)),
    )


# ---------------------------------------------------------------- rendering (pure)
def test_text_is_split_at_2000_characters_on_nice_boundaries() -> None:
    paragraph = ("word " * 300).strip()  # 1,499 characters
    text = "\n\n".join([paragraph] * 4)
    chunks = split_text(text, 2000)
    assert all(len(chunk) <= 2000 for chunk in chunks)
    assert len(chunks) == 4
    assert " ".join(chunks).split() == text.split()
    assert split_text("x" * 4500, 2000) == ["x" * 2000, "x" * 2000, "x" * 500]


def test_buttons_five_per_row_and_a_select_beyond_twenty_five() -> None:
    wide = Reply(text="Pick", choices=(tuple(Choice(f"{i}", f"x:a:{i}") for i in range(12)),))
    [message] = render_reply(wide)
    rows = [item.row for item in message.components]
    assert len(message.components) == 12
    assert max(rows.count(r) for r in set(rows)) <= 5
    assert len(set(rows)) == 3

    six_rows = many(6)  # six one-button rows fit when put side by side
    [message] = render_reply(six_rows)
    assert all(isinstance(item, discord.ui.Button) for item in message.components)
    assert {item.row for item in message.components} == {0, 1}

    [message] = render_reply(many(30))
    assert all(isinstance(item, discord.ui.Select) for item in message.components)
    assert [len(item.options) for item in message.components] == [25, 5]

    messages = render_reply(many(130))  # more than five selects: a continuation message
    assert len(messages) == 2
    assert len(messages[0].components) == 5 and len(messages[1].components) == 1
    assert messages[1].content


def test_labels_and_custom_ids_fit_discord_limits() -> None:
    reply = Reply(text="t", choices=((Choice("L" * 200, "p:" + "a" * 38),),))
    [message] = render_reply(reply)
    [button] = message.components
    assert isinstance(button, discord.ui.Button)
    assert button.label is not None and len(button.label) == 80
    assert button.custom_id is not None and len(button.custom_id) <= 100
    assert payload_of(button.custom_id) == ("choice", "p:" + "a" * 38)


def test_custom_ids_back_to_engine_events() -> None:
    assert payload_of("lc:3:s:done:17") == ("choice", "s:done:17")
    assert payload_of("lcs:0", ["ob:tz:2"]) == ("choice", "ob:tz:2")
    assert payload_of("lcs:0", []) == ("choice", "")
    assert payload_of("lcq:qz:1:2") == ("poll", "qz:1:2")
    assert payload_of("something-else") is None
    assert payload_of("") is None


def test_quiz_document_typing_and_embeds() -> None:
    [quiz] = render_reply(QUIZ)
    assert quiz.content is not None and "B) 4" in quiz.content
    ids = [item.custom_id for item in quiz.components if isinstance(item, discord.ui.Button)]
    assert ids[:3] == ["lcq:qz:1:0", "lcq:qz:1:1", "lcq:qz:1:2"]
    assert payload_of(ids[3] or "") == ("choice", "qz:skip:1")

    document = Reply(
        text="",
        kind=ReplyKind.DOCUMENT,
        document=DocumentSpec("me.json", b"{}", "application/json"),
    )
    [file] = render_reply(document)
    assert file.attachment is not None and file.attachment.filename == "me.json"
    assert render_reply(Reply(text="", kind=ReplyKind.TYPING))[0].typing

    today = Reply(text="📅 Today\n1. Numbers — 30 min", template="daily/today")
    [card] = render_reply(today)
    assert card.embed is not None and card.embed.title == "📅 Today"
    assert card.content is None
    long_plan = Reply(text="Title\n" + "x " * 3000, template="daily/plan")
    assert all(m.embed is None for m in render_reply(long_plan))  # too long for a card


# ---------------------------------------------------------------- error mapping
def http_error(kind: type[discord.HTTPException], status: int, code: int) -> Exception:
    response = SimpleNamespace(status=status, reason="x", headers={"Retry-After": "2.5"})
    return kind(response, {"code": code, "message": "refused"})  # type: ignore[arg-type]


def test_discord_errors_become_delivery_errors() -> None:
    assert isinstance(
        delivery_error(http_error(discord.Forbidden, 403, 50007)), RecipientUnreachable
    )
    assert isinstance(
        delivery_error(http_error(discord.NotFound, 404, 10013)), RecipientUnreachable
    )
    limited = delivery_error(http_error(discord.HTTPException, 429, 0))
    assert isinstance(limited, RateLimited) and limited.retry_after == 2.5
    assert isinstance(delivery_error(discord.RateLimited(40.0)), RateLimited)
    assert isinstance(
        delivery_error(http_error(discord.DiscordServerError, 502, 0)), TransientDeliveryError
    )
    assert isinstance(delivery_error(ConnectionResetError()), TransientDeliveryError)
    bad_request = delivery_error(http_error(discord.HTTPException, 400, 50035))
    assert type(bad_request) is DeliveryError


# ---------------------------------------------------------------- through the real bot
@dataclass
class ScriptedEngine:
    """Answers with fixed replies and remembers the events (the channel alone is tested)."""

    replies: dict[str, Sequence[Reply]]
    events: list[InboundEvent] = field(default_factory=list)

    async def handle(
        self, event: InboundEvent, capabilities: ChannelCapabilities
    ) -> Sequence[Reply]:
        assert not capabilities.native_quiz and capabilities.max_message_length == 2000
        self.events.append(event)
        key = " ".join([event.command, *event.args]) if event.command else event.kind.value
        return self.replies.get(key, [Reply(text=f"got {event.kind.value} {event.payload}")])


async def test_selects_quiz_buttons_and_files_reach_the_engine(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = ScriptedEngine(
        {
            "quiz many": [many(30)],
            "quiz poll": [QUIZ],
            "export": [
                Reply(text="Your data"),
                Reply(
                    text="",
                    kind=ReplyKind.DOCUMENT,
                    document=DocumentSpec("me.json", b'{"a": 1}', "application/json"),
                ),
            ],
            "help": [Reply(text="y" * 4500)],
        }
    )
    bot = build_bot(engine, DiscordChannel(), uow_factory, clock)  # type: ignore[arg-type]
    async with running(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("study")
        member = guild.add_member(env.create_user("ece"))
        ece = Student(env, member, channel)

        await ece.slash("quiz", topic="many")
        result = await member.select(ece.last[0], ["x:pick:27"], custom_id="lcs:1")
        assert engine.events[-1].kind is EventKind.CHOICE
        assert engine.events[-1].payload == "x:pick:27"
        assert result.followups[0].ephemeral

        await ece.slash("quiz", topic="poll")
        await ece.press("lcq:qz:1:1")
        assert engine.events[-1].kind is EventKind.POLL_ANSWER
        assert engine.events[-1].payload == "qz:1:1"

        await ece.slash("export")
        assert ece.last[1].attachments[0].filename == "me.json"

        await ece.slash("help")
        assert [len(m.content) for m in ece.last] == [2000, 2000, 500]

        await ece.forge(ece.last[0], "lc:0:forged:payload")
        assert engine.events[-1].payload == "forged:payload"  # the engine decides it is stale
        await ece.forge(ece.last[0], "not-ours")
        assert engine.events[-1].kind is EventKind.CHOICE and engine.events[-1].payload == ""
        assert ece.text() == "got choice"  # answered, not ignored


async def test_pushes_go_to_dms_and_channels_and_errors_are_translated(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    channel = DiscordChannel()
    bot = build_bot(ScriptedEngine({}), channel, uow_factory, clock)  # type: ignore[arg-type]
    async with running(bot) as env:
        guild = env.create_guild()
        room = guild.create_text_channel("study")
        user = env.create_user("fatma")
        guild.add_member(user)
        to_dm = ChannelRef(ChannelKind.DISCORD, str(user.id), "", is_group=False)
        to_room = ChannelRef(ChannelKind.DISCORD, "", str(room.id), is_group=True)

        message_id = await channel.send(to_dm, many(2))
        [dm] = user.dm_channel.history()
        assert str(dm.id) == message_id
        assert [cid for _l, cid in custom_ids(dm)] == ["lc:0:x:pick:0", "lc:1:x:pick:1"]
        assert await channel.send(to_dm, Reply(text="", kind=ReplyKind.TYPING)) is None
        typing = f"/channels/{user.dm_channel.id}/typing"
        assert any(r.method == "POST" and r.path == typing for r in env.http_requests)
        await channel.send(to_room, Reply(text="Study group at 18:00"))
        assert room.last_message is not None and room.last_message.content.startswith("Study")

        env.inject_error(
            "POST",
            f"/channels/{user.dm_channel.id}/messages",
            status=403,
            code=50007,
            message="Cannot send messages to this user",
        )
        with pytest.raises(RecipientUnreachable):
            await channel.send(to_dm, Reply(text="reminder"))
        env.inject_error("POST", f"/channels/{room.id}/messages", status=503, times=10)
        with pytest.raises(TransientDeliveryError):
            await channel.send(to_room, Reply(text="again"))
    with pytest.raises(TransientDeliveryError):  # no client running (e.g. a rejected token)
        await DiscordChannel().send(to_dm, Reply(text="after"))


async def test_an_expired_interaction_is_logged_not_raised(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    engine = ScriptedEngine({})
    bot = build_bot(engine, DiscordChannel(), uow_factory, clock)  # type: ignore[arg-type]
    async with running(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("study")
        gizem = Student(env, guild.add_member(env.create_user("gizem")), channel)
        env.inject_error("POST", "/interactions/*/*/callback", status=404, code=10062,
                         message="Unknown interaction")  # fmt: skip
        await gizem.slash("today")
        assert not gizem.results[-1].acknowledged
        assert engine.events == []  # nobody to answer: the engine is not asked
        assert not env.errors
    assert "could not be acknowledged: NotFound" in caplog.text
