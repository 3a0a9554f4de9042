"""The AI tutor through `langchain-openai` against a local OpenAI-compatible server: hints
before the solution, a model answer that gives the solution away on turn 1 is caught, and a
model that is down or slow is replaced by the pack's worked solution within the time-out."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.bootstrap import wired_engine
from bot.llm_tutor import LangChainTutorModel
from bot.settings import Settings
from coach.aitutor.policy import Budget
from coach.aitutor.tutor import SocraticTutor
from coach.aitutor.usecases import TranscriptFor, tutor_transcript
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.aitutor_support import LAST_STEP, StallingOpenAi, tutor_pack
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.fakes.openai_api import FakeOpenAi

GOOD_HINT = "Oğlun yaşına x de; babanın yaşı o zaman 4x olur [1]."
LEAK = "Cevap A) 40: oğul 10 yaşında, baba 4 · 10 = 40 yaşındadır."


async def _student(
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    folder: Path,
    model: LangChainTutorModel | None,
    *,
    timeout_s: float = 5.0,
    daily_calls: int = 40,
) -> Conversation:
    tutor = SocraticTutor(model, timeout_s=timeout_s, budget=Budget(daily_calls))
    engine = wired_engine(
        uow_factory, clock, Catalog.load([str(tutor_pack(folder))]), EngineConfig(), ai_tutor=tutor
    )
    chat = Conversation(engine, clock)
    await onboard(chat)
    await chat.press("pv:activate:")
    return chat


@pytest.fixture
def serve() -> Callable[..., StallingOpenAi]:
    def make(answer: str = GOOD_HINT, *, stalled: bool = False) -> StallingOpenAi:
        return StallingOpenAi(lambda _prompt: answer, stalled=stalled)

    return make


@pytest.fixture
async def fake(serve: Callable[..., StallingOpenAi]) -> AsyncIterator[StallingOpenAi]:
    async with serve() as server:
        yield server


def _model(server: FakeOpenAi, timeout_s: float = 5.0) -> LangChainTutorModel:
    return LangChainTutorModel(server.base_url, "test-key", "gpt-4o-mini", timeout_s)


async def _sources(uow_factory: SqlUnitOfWorkFactory) -> list[str]:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        [talk] = await tutor_transcript(uow, user.created_at, TranscriptFor(user.id, "problemler"))
    return [line.source for line in talk.lines if line.role == "coach"]


async def test_hints_come_first_and_the_solution_only_after_trying(
    fake: StallingOpenAi, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp_path: Path
) -> None:
    model = _model(fake)
    chat = await _student(uow_factory, clock, tmp_path, model)
    try:
        await chat.tap("at:q:mat_p_1")
        assert chat.templates() == ["aitutor/open"]
        assert "What did you try" in chat.text()
        assert not any(c.payload.startswith("at:sol:") for c in chat.choices())

        await chat.say("I don't know")  # asking is not trying: a hint, no solution yet
        assert chat.templates() == ["aitutor/hint"]
        assert "babanın yaşı o zaman 4x" in chat.text() and "📚" in chat.text()
        assert "40" not in chat.text()
        assert not any(c.payload.startswith("at:sol:") for c in chat.choices())

        await chat.say("4x + 5 = 3x + 5 mi?")  # a try: the bigger hint, and now the button
        assert chat.templates() == ["aitutor/big_hint"]
        assert "aitutor/step" not in chat.templates()
        await chat.press("at:sol:")
        assert chat.templates() == ["aitutor/step"]
        assert "Step 1 of 4" in chat.text()
        for _ in range(3):
            await chat.press("at:next:")
        await chat.press("at:next:")
        assert chat.templates() == ["aitutor/answer"]
        assert "A) 40" in chat.text() and "📚" in chat.text()
        await chat.press("at:end:")
        assert chat.templates()[0] == "aitutor/closed"
    finally:
        await model.close()
    assert len(fake.requests) == 2  # one call per hint; the solution is the pack's
    system = fake.requests[1]["messages"][0]["content"]
    assert fake.requests[0]["model"] == "gpt-4o-mini"
    assert "Oğlun yaşı x, babanınki 4x olsun." in system  # the bigger hint may use step 1
    assert LAST_STEP not in system and LAST_STEP not in fake.requests[0]["messages"][0]["content"]
    assert await _sources(uow_factory) == ["pack", "model", "model", "pack", "pack", "pack",
                                           "pack", "pack", ]  # fmt: skip


async def test_a_model_answer_that_gives_the_solution_away_on_turn_one_is_caught(
    serve: Callable[..., StallingOpenAi],
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    async with serve(LEAK) as leaky:
        model = _model(leaky)
        chat = await _student(uow_factory, clock, tmp_path, model)
        try:
            await chat.tap("at:q:mat_p_1")
            await chat.say("hiç bilmiyorum")
        finally:
            await model.close()
    assert len(leaky.requests) == 1
    assert chat.templates() == ["aitutor/hint"]
    assert "40" not in chat.text() and "Cevap A" not in chat.text()
    assert "Bilinmeyeni x seç." in chat.text()  # the pack's first hint: a summary point
    assert await _sources(uow_factory) == ["pack", "model_rejected"]


@pytest.mark.parametrize("failure", ["down", "error", "slow"])
async def test_a_model_down_or_slow_falls_back_to_the_pack_within_the_time_out(
    failure: str,
    serve: Callable[..., StallingOpenAi],
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    timeout_s = 0.5
    async with serve(stalled=failure == "slow") as server:
        if failure == "error":
            server.fail_with = 503
        base_url = server.base_url
        if failure == "down":
            await server.__aexit__(None, None, None)  # nothing listens there any more
        model = LangChainTutorModel(base_url, "test-key", "gpt-4o-mini", timeout_s)
        chat = await _student(uow_factory, clock, tmp_path, model, timeout_s=timeout_s)
        try:
            await chat.tap("at:q:mat_p_1")
            started = time.monotonic()
            await chat.say("I don't know")
            waited = time.monotonic() - started
            await chat.say("4x = 3x + 10")
            await chat.press("at:sol:")
        finally:
            await model.close()
        calls = len(server.requests)
    assert waited < 10  # the student never waits 10 s for a model that does not answer
    assert chat.templates() == ["aitutor/step"]  # the pack's worked solution, step 1
    assert "Oğlun yaşı x, babanınki 4x olsun." in chat.text()
    # The first failure turns the model off for the rest of the conversation.
    assert calls == (0 if failure == "down" else 1)
    assert (await _sources(uow_factory))[:3] == ["pack", "model_failed", "pack"]


def test_the_time_out_cannot_be_set_past_ten_seconds() -> None:
    assert Settings(llm_tutor_timeout_s=10).llm_tutor_timeout_s == 10
    assert Settings().llm_tutor_timeout_s <= 10
    with pytest.raises(ValidationError):
        Settings(llm_tutor_timeout_s=11)


async def test_past_the_daily_budget_the_pack_answers_alone(
    fake: StallingOpenAi, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, tmp_path: Path
) -> None:
    model = _model(fake)
    chat = await _student(uow_factory, clock, tmp_path, model, daily_calls=1)
    try:
        await chat.tap("at:q:mat_p_1")
        await chat.say("I don't know")
        await chat.say("4x + 5 = 3x + 15")
        assert chat.templates() == ["aitutor/budget_spent", "aitutor/big_hint"]
        await chat.tap("at:q:mat_p_1")  # a new conversation the same day: still the pack
        await chat.say("no idea")
        assert chat.templates() == ["aitutor/budget_spent", "aitutor/hint"]
        clock.advance(days=1)
        await chat.tap("at:q:mat_p_1")
        await chat.say("no idea")  # a new day, a new budget
        assert chat.templates() == ["aitutor/hint"]
    finally:
        await model.close()
    assert len(fake.requests) == 2
