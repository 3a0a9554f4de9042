"""One plan, one set of figures: the preview's "this week", /week's total, /plan's "this week"
and the weekly card's planned hours are the same number of minutes (the calendar week, Monday
to Sunday, whatever day the plan starts), and /week's days add up to its total."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.motivation.card import weekly_card
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
DURATION = r"(\d[\dhmin ]*?)"


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.load([str(MINI)])


@pytest.fixture
def engine(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, catalog: Catalog
) -> DialogueEngine:
    return wired_engine(uow_factory, clock, catalog, EngineConfig())


def minutes(text: str) -> int:
    """'2 h 30 min', '3h35', '45 min', '3 h' -> minutes."""
    hours, _, rest = text.partition("h") if "h" in text else ("0", "", text)
    rest_digits = re.sub(r"\D", "", rest)
    return int(hours.strip() or 0) * 60 + int(rest_digits or 0)


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in {text!r}"
    return match.group(1)


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 7, 6, 0, tzinfo=UTC),  # a Monday: the plan starts with the week
        datetime(2026, 12, 10, 6, 0, tzinfo=UTC),  # a Thursday: four days left of the week
    ],
)
async def test_preview_week_plan_and_card_agree(
    engine: DialogueEngine,
    clock: FixedClock,
    uow_factory: SqlUnitOfWorkFactory,
    catalog: Catalog,
    now: datetime,
) -> None:
    clock.set(now)
    chat = Conversation(engine, clock)
    await onboard(chat)
    preview = minutes(found(r"This week \(Mon–Sun\): " + DURATION + " of study", chat.text()))
    await chat.press("pv:activate:")
    await chat.command("week")
    week_text = chat.text()
    week = minutes(found(r"This week \(Mon–Sun\) — " + DURATION + " of study", week_text))
    days = [
        minutes(d) for d in re.findall(r"^\w{3} [^\n(]*\(" + DURATION + r"\)$", week_text, re.M)
    ]
    await chat.command("plan")
    plan_text = chat.text()
    plan = minutes(found(r"This week \(Mon–Sun\): " + DURATION + " ·", plan_text))
    # ... and /plan's lines (subjects, other subjects, mocks) add up to the study left
    left = minutes(found(r"planned study left: " + DURATION + r"$", plan_text.splitlines()[2]))
    lines = [minutes(m) for m in re.findall(r"^• [^:\n]+: " + DURATION + r"$", plan_text, re.M)]
    assert lines and sum(lines) == left, plan_text
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", chat.user_key)
        assert user is not None
        card = await weekly_card(uow, clock.now(), user.id, catalog)
    assert card is not None
    planned = minutes(found(r"of " + DURATION + " planned", card.hours))
    assert preview > 0
    assert preview == week == plan == planned
    assert len(days) == 7 - now.weekday() and sum(days) == week


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_focus_line_names_its_topic_once(
    engine: DialogueEngine, clock: FixedClock, locale: str
) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat, locale)
    focus = re.findall(r"^• (.+?) — (.+)$", chat.text(), re.M)
    assert focus
    for name, reason in focus:
        assert name not in reason, (name, reason)


async def test_the_preview_counts_full_and_mini_mocks_apart(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat)
    text = chat.text()
    await chat.press("pv:activate:")
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", chat.user_key)
        assert user is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        sessions = await uow.plans.sessions(plan.id, plan.start_date, plan.exam_date)
    codes = [s.reason_data.get("code") for s in sessions if s.kind == "mock_exam"]
    full, mini = codes.count("full_mock"), codes.count("mini_mock")
    assert mini > 0, codes
    shown = re.search(
        r"in the whole plan (?:(\d+) full mock exam sessions?)?(?: and )?"
        r"(?:(\d+) mini mock exams?)?\.",
        text,
    )
    assert shown, text
    assert (int(shown.group(1) or 0), int(shown.group(2) or 0)) == (full, mini)


async def test_a_skipped_subject_is_not_assessed_in_the_reasons_progress_and_card(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory, catalog: Catalog
) -> None:
    chat = Conversation(engine, clock, locale_hint="en")
    await onboard_skipping(chat, "Turkish")
    # the skipped subject's topics: no planning assumption shown as "20% mastered"
    assert "Not assessed yet" in chat.text() and "20% mastered" not in chat.text(), chat.text()
    await chat.press("pv:activate:")
    await chat.command("progress")
    assert "• Turkish: not assessed yet" in chat.text(), chat.text()
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", chat.user_key)
        assert user is not None
        card = await weekly_card(uow, clock.now(), user.id, catalog)
    assert card is not None
    assert ("Turkish", 0.0, "not assessed") in card.subjects, card.subjects


async def onboard_skipping(chat: Conversation, subject: str) -> None:
    """Onboarding with defaults; the assessment's `subject` skipped, the rest answered "A"."""
    await chat.command("start")
    for step in ("lang:en", "consent:yes", "age:adult", "track:0", "date:default", "target:skip",
                 "avail:intense", "avail_review:ok", "win:split", "break:none", "tz:0",
                 "confirm:yes"):  # fmt: skip
        await chat.press(f"ob:{step}")
    for _ in range(12):
        if "plans/preview" in chat.templates():
            return
        await chat.press("as:skipsub:" if subject in chat.text() else "as:a:")
    raise AssertionError(f"no preview: {chat.templates()}")
