"""The optional language model routes unrecognised free text — through the real openai client
against a local OpenAI-compatible server — and its absence or failure changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from bot.llm import OpenAiCompatibleLlm
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.fakes.openai_api import FakeOpenAi

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
QUESTION = "could you throw a few geometry problems at me"


def answer(prompt: str) -> str:
    return "quiz" if "geometry problems" in prompt else "none"


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAi]:
    async with FakeOpenAi(answer) as server:
        yield server


async def _chat(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, llm: object) -> Conversation:
    engine = wired_engine(
        uow_factory,
        clock,
        Catalog.load([str(MINI)]),
        EngineConfig(),
        llm=llm,  # type: ignore[arg-type]
    )
    chat = Conversation(engine, clock)
    await onboard(chat)
    await chat.press("pv:activate:")
    return chat


async def test_the_model_routes_what_keywords_miss(
    fake: FakeOpenAi, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    llm = OpenAiCompatibleLlm(fake.base_url, "test-key", "gpt-4o-mini")
    chat = await _chat(uow_factory, clock, llm)
    try:
        await _routes(chat, fake)
    finally:
        await llm.close()


async def _routes(chat: Conversation, fake: FakeOpenAi) -> None:
    await chat.say("what is the capital of Peru")  # the model says "none": the menu
    assert chat.templates() == ["menu/main"]
    await chat.say("what should I study today")  # keywords first: no model call
    assert len(fake.requests) == 1
    await chat.say(QUESTION)
    assert "quiz/intro" in chat.templates()
    prompt = fake.requests[-1]["messages"][-1]["content"]
    assert QUESTION in prompt
    assert fake.requests[-1]["model"] == "gpt-4o-mini"


async def test_a_failing_model_falls_back_to_the_menu(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    async with FakeOpenAi(answer, fail_with=503) as broken:
        llm = OpenAiCompatibleLlm(broken.base_url, "test-key", "gpt-4o-mini")
        chat = await _chat(uow_factory, clock, llm)
        await chat.say(QUESTION)
        await llm.close()
    assert chat.templates() == ["menu/main"]


async def test_an_answer_outside_the_commands_is_ignored(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    async with FakeOpenAi(lambda _prompt: "delete") as server:
        llm = OpenAiCompatibleLlm(server.base_url, "k", "gpt-4o-mini")
        chat = await _chat(uow_factory, clock, llm)
        await chat.say("please wipe everything")
        await llm.close()
    # the model may not trigger deletion (or anything outside the routable commands)
    assert chat.templates() == ["menu/main"]
