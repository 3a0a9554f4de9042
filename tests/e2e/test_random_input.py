"""Random input in every state: always a reply, never an internal error, state stays valid."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import wired_engine
from coach.core.channels import ChannelCapabilities
from coach.dialogue.commands import COMMAND_NAMES
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.messages import ChannelKind, EventKind, ReplyKind
from coach.packs.catalog import Catalog
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.dbs import SqliteTemplate
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
KNOWN_FLOWS = {
    "idle",
    "onboarding",
    "assessment",
    "checkin",
    "settings",
    "quiz",
    "mock",
    "feedback",
    "aitutor",
    "liveqa",
    "forum",
    "community",
    "tutor_comment",
}

texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "🙂🔥",
            "bugün ne çalışayım",
            "I'm tired",
            "yarın müsait değilim",
            "çok zor",
            "31.02.2027",
            "19.06.2027",
            "A",
            "3",
            "Berlin",
            "18:00-21:00",
            "<b>hi</b>",
            "x" * 10_000,
        ]
    ),
)
actions = st.one_of(
    st.tuples(st.just("press"), st.integers(0, 30)),
    st.tuples(st.just("press"), st.integers(0, 30)),
    st.tuples(st.just("stale"), st.integers(0, 200)),
    st.tuples(st.just("command"), st.sampled_from(sorted(COMMAND_NAMES | {"nonsense", ""}))),
    st.tuples(st.just("text"), texts),
    st.tuples(st.just("forged"), st.text(max_size=70)),
    st.tuples(st.just("poll"), st.tuples(st.sampled_from(["as", "qz", "zz"]), st.integers(0, 9))),
)


CATALOG = Catalog.load([str(MINI)])


@pytest.mark.parametrize("native_quiz", [False, True], ids=["buttons", "quiz-polls"])
def test_any_input_in_any_state_gets_an_answer(
    sqlite_template: SqliteTemplate, tmp_path: Path, native_quiz: bool
) -> None:
    url = sqlite_template.clone(tmp_path / "random.db")

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.integers(0, 3), st.lists(actions, min_size=1, max_size=35))
    def scenario(head_start: int, steps: list[tuple[str, object]]) -> None:
        asyncio.run(run(url, head_start, steps, native_quiz))

    scenario()


async def run(
    url: str, head_start: int, steps: list[tuple[str, object]], native_quiz: bool
) -> None:
    """One random conversation of a new student on the shared test database."""
    database = create_engine(url)
    uow_factory = SqlUnitOfWorkFactory(create_session_factory(database))
    clock = FixedClock(datetime(2026, 12, 7, 6, 0, tzinfo=UTC))
    engine = wired_engine(uow_factory, clock, CATALOG, EngineConfig())
    try:
        await converse(
            engine, clock, uow_factory, head_start=head_start, steps=steps, native_quiz=native_quiz
        )
    finally:
        await database.dispose()


async def converse(
    engine: DialogueEngine,
    clock: FixedClock,
    uow_factory: SqlUnitOfWorkFactory,
    *,
    head_start: int,
    steps: list[tuple[str, object]],
    native_quiz: bool,
) -> None:
    """Reach a state (0 new, 1-2 plan preview, 3 active plan), then play the random steps;
    check every answer and the final state."""
    chat = Conversation(
        engine,
        clock,
        user_key=uuid.uuid4().hex[:12],
        channel=ChannelKind.TELEGRAM if native_quiz else ChannelKind.WEB,
        capabilities=ChannelCapabilities(native_quiz=native_quiz),
    )
    seen: list[str] = []
    await chat.command("start")
    if head_start and not native_quiz:
        await onboard(chat)
        if head_start == 3:
            await chat.press("pv:activate:")
    for kind, value in steps:
        buttons = chat.choices()
        seen.extend(choice.payload for choice in buttons)
        if kind == "press" and buttons:
            await chat.tap(buttons[int(value) % len(buttons)].payload)  # type: ignore[call-overload]
        elif kind == "stale" and seen:
            await chat.tap(seen[int(value) % len(seen)])  # type: ignore[call-overload]
        elif kind == "command":
            await chat.command(str(value))
        elif kind == "forged":
            await chat.tap(str(value))
        elif kind == "poll":
            prefix, option = value  # type: ignore[misc]
            await chat.send(EventKind.POLL_ANSWER, payload=f"{prefix}:{option}:{option}")
        else:
            await chat.say(str(value))
        visible = [r for r in chat.last if r.kind is not ReplyKind.TYPING]
        assert visible, f"no reply to {kind} {value!r}"
        assert "common/error" not in chat.templates(), f"internal error on {kind} {value!r}"
        for reply in visible:
            assert reply.text or reply.kind in (ReplyKind.DOCUMENT,), reply
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity(chat.ref.channel.value, chat.ref.user_key)
        state = await uow.dialogues.get(user.id) if user else None
    if state is not None:
        assert state.flow in KNOWN_FLOWS
        assert state.flow == "idle" or state.step
        json.dumps(dict(state.data))
