"""Random input through the real Discord bot in every state: slash commands with random
arguments, DMs (random, huge, attachment-only), real, stale and forged button presses and select
values, in a server and in DMs. Always an answer, never an exception, the state stays valid."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from coach.dialogue.commands import COMMAND_NAMES, GROUP_ONLY
from prompts import render
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import Student, coach_bot, custom_ids, mini_engine, running
from tests.dbs import SqliteTemplate
from tests.e2e.test_discord_flow import ONBOARDING, assess
from tests.e2e.test_random_input import KNOWN_FLOWS
from tests.fakes import FixedClock

ERRORS = {render("common/error", "tr"), render("common/error", "en")}
ATTACHMENT = {
    "id": 1,
    "filename": "photo.png",
    "size": 10,
    "url": "https://cdn.discordapp.com/photo.png",
    "proxy_url": "https://cdn.discordapp.com/photo.png",
}

texts = st.one_of(
    st.text(min_size=1, max_size=60).filter(str.strip),
    st.sampled_from(
        [
            "/",
            "/bugün",
            "/link ABCD-EFGH",
            "/nonsense x",
            "bugün ne çalışayım",
            "I'm tired",
            "çok zor",
            "31.02.2027",
            "A",
            "3",
            "Berlin",
            "18:00-21:00",
            "<@123> **hi**",
            "x" * 2000,
        ]
    ),
)
arguments = st.one_of(
    st.none(), st.text(max_size=40), st.sampled_from(["ABCD-EFGH", "sayılar", "", "y" * 5000])
)
actions = st.one_of(
    st.tuples(st.just("slash"), st.sampled_from(sorted(COMMAND_NAMES)), arguments),
    st.tuples(st.just("dm"), texts),
    st.tuples(st.just("attachment"), st.none()),
    st.tuples(st.just("press"), st.integers(0, 30)),
    st.tuples(st.just("press"), st.integers(0, 30)),
    st.tuples(st.just("stale"), st.integers(0, 300)),
    st.tuples(st.just("forged"), st.text(max_size=100)),
    st.tuples(st.just("select"), st.text(max_size=100)),
    st.tuples(st.just("place"), st.booleans()),
)


def test_any_input_in_any_state_gets_an_answer(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    @settings(
        max_examples=30,
        # no shrinking: an example runs a whole bot (~0.5 s), so shrinking takes minutes; the
        # failing example is printed as generated
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.integers(0, 3), st.lists(actions, min_size=1, max_size=25))
    def scenario(head_start: int, steps: list[tuple[str, Any, Any] | tuple[str, Any]]) -> None:
        # simcord numbers users the same way in every run: a fresh database per example
        url = sqlite_template.clone(tmp_path / f"{uuid.uuid4().hex}.db")
        asyncio.run(run(url, head_start, steps))

    scenario()


async def run(url: str, head_start: int, steps: list[Any]) -> None:
    """One random conversation of a new Discord user on the shared test database."""
    database = create_engine(url)
    uow = SqlUnitOfWorkFactory(create_session_factory(database))
    clock = FixedClock(datetime(2026, 12, 7, 6, 0, tzinfo=UTC))
    try:
        async with running(coach_bot(mini_engine(uow, clock), uow, clock)) as env:
            await converse(env, uow, head_start, steps)
            assert not env.errors, env.errors
    finally:
        await database.dispose()


async def converse(env: Any, uow: SqlUnitOfWorkFactory, head_start: int, steps: list[Any]) -> None:
    """Reach a state (0 new, 1 onboarding, 2 plan preview, 3 active plan), play the steps, check
    every answer and the final state."""
    guild = env.create_guild()
    room = guild.create_text_channel("study")
    user = env.create_user(uuid.uuid4().hex[:12])
    member = guild.add_member(user)
    in_server = Student(env, member, room)
    in_dm = Student(env, user)
    # Taken on in the DMs (a server takes nobody on), then the steps begin in the server.
    student = in_dm if head_start else in_server
    seen: list[tuple[Any, str]] = []
    await student.slash("start")
    if head_start:
        await student.press("ob:lang:en")
        if head_start >= 2:
            for payload in ONBOARDING:
                await student.press(payload)
            await assess(student)
        if head_start == 3:
            await student.press("pv:activate:")
    student = in_server
    for step in steps:
        kind, value = step[0], step[1]
        seen += [(m, cid) for m in student.last for _label, cid in custom_ids(m)]
        if kind == "place":
            student = in_server if value else in_dm
            continue
        answered = await act(student, kind, value, step, seen)
        if not answered:
            continue
        assert student.last, step
        text = student.text()
        assert text.strip() or student.find_all(), step
        assert not ERRORS & {text.strip()}, (step, text)
    async with uow() as work:
        identity = await work.users.get_identity("discord", str(user.id))
        if identity is not None:
            state = await work.dialogues.get(identity.user_id)
            assert state is None or state.flow in KNOWN_FLOWS


async def act(student: Student, kind: str, value: Any, step: Any, seen: list[Any]) -> bool:
    """Do one step; False when the step had nothing to act on."""
    if kind == "slash":
        if value in GROUP_ONLY and student.channel is None:
            return False  # a servers-only command: Discord does not offer it in the DMs
        option = step[2]
        name = "topic" if value == "quiz" else "code" if value == "link" else None
        options = {name: option} if name and option is not None else {}
        await student.slash(value, **options)
    elif kind == "dm":
        if student.channel is not None:
            return False
        await student.dm(value)
    elif kind == "attachment":
        if student.channel is not None:
            return False
        sent = await student.actor.send_dm("", attachments=[ATTACHMENT])  # type: ignore[union-attr]
        history = student.actor.dm_channel.history()  # type: ignore[union-attr]
        student.last = [m for m in history if m.id > sent.id and m.author.bot]
    elif kind == "press":
        buttons = [(m, cid) for m in student.last for _label, cid in custom_ids(m)]
        if not buttons:
            return False
        await student.click(*buttons[value % len(buttons)])
    elif kind == "stale":
        usable = [(m, cid) for m, cid in seen if visible(student, m)]
        if not usable:
            return False
        await student.click(*usable[value % len(usable)])
    elif kind in ("forged", "select"):
        targets = [m for m in student.last if custom_ids(m)] or [m for m, _ in seen]
        targets = [m for m in targets if visible(student, m)]
        if not targets:
            return False
        if kind == "forged":
            await student.forge(targets[0], value)
        else:
            await student.forge(targets[0], "lcs:0", values=[value] if value else [])
    return True


def visible(student: Student, message: Any) -> bool:
    """Whether this student can press buttons of `message` where they are now."""
    here = student.channel.id if student.channel else student.actor.dm_channel.id
    there = message.channel_id if hasattr(message, "channel_id") else message.channel.id
    return bool(here == there)
