"""Typed answers in onboarding: written dates, an ambiguous date asked back, durations in
hours, unusual day lengths confirmed, time zones that fit the exam."""

from __future__ import annotations

import re

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> ConversationEngine:
    return wired_engine(uow_factory, clock, Catalog.load(["yks", "sat"]), EngineConfig())


async def _to_the_date(chat: Conversation, locale: str, exam: str) -> None:
    await chat.command("start")
    await chat.press(f"ob:lang:{locale}")
    await chat.press("ob:consent:yes")
    await chat.press("ob:age:adult")
    await chat.press(exam)
    await chat.press("ob:date:other")


async def _exam_date(uow_factory: SqlUnitOfWorkFactory, chat: Conversation) -> str:
    await chat.press("ob:target:skip")
    await chat.press("ob:avail:medium")
    await chat.press("ob:avail_review:ok")
    await chat.press("ob:win:split")
    await chat.press("ob:break:none")
    await chat.press("ob:tz:0")
    await chat.press("ob:confirm:yes")
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        profile = await uow.profiles.get(user.id)
    assert profile is not None
    return profile.exam_date.isoformat()


async def test_an_ambiguous_english_date_is_asked_back_with_two_buttons(
    engine: ConversationEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _to_the_date(chat, "en", "SAT")
    await chat.say("06/05/2027")
    assert "6 May or 5 June?" in chat.text()
    labels = [choice.label for choice in chat.choices()]
    assert "6 May 2027" in labels
    assert "5 June 2027" in labels
    await chat.press("5 June 2027")
    assert "onboarding/target" in chat.templates()
    assert await _exam_date(uow_factory, chat) == "2027-06-05"


@pytest.mark.parametrize(
    ("locale", "exam", "typed"),
    [("en", "SAT", "June 5, 2027"), ("tr", "YKS", "5 Haziran 2027"), ("en", "SAT", "2027-06-05")],
)
async def test_written_dates_are_understood(
    engine: ConversationEngine,
    clock: FixedClock,
    uow_factory: SqlUnitOfWorkFactory,
    locale: str,
    exam: str,
    typed: str,
) -> None:
    chat = Conversation(engine, clock)
    await _to_the_date(chat, locale, exam)
    await chat.say(typed)
    assert "onboarding/target" in chat.templates(), chat.text()
    assert await _exam_date(uow_factory, chat) == "2027-06-05"


async def _to_a_day(chat: Conversation, locale: str) -> None:
    await _to_the_date(chat, locale, "YKS")
    await chat.press("ob:back")  # from typing a date back to the official one
    await chat.press("ob:date:default")
    await chat.press("ob:target:skip")
    await chat.press("ob:avail:medium")
    await chat.press("ob:avail_review:edit")
    await chat.press("ob:avail_day:mon")


@pytest.mark.parametrize(
    ("locale", "typed", "shown"),
    [
        ("en", "2h", "Monday: 2 h"),
        ("tr", "3 saat", "Pazartesi: 3 sa"),
        ("tr", "1,5 saat", "Pazartesi: 1 sa 30 dk"),
        ("en", "1 saat 30 dk", "Monday: 1 h 30 min"),
        ("en", "90", "Monday: 1 h 30 min"),
    ],
)
async def test_day_lengths_typed_in_hours_are_hours(
    engine: ConversationEngine, clock: FixedClock, locale: str, typed: str, shown: str
) -> None:
    chat = Conversation(engine, clock)
    await _to_a_day(chat, locale)
    await chat.say(typed)
    assert "onboarding/availability_review" in chat.templates(), chat.text()
    assert f"{shown}\n" in chat.text()


async def test_an_unusual_day_length_is_confirmed_before_it_is_used(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _to_a_day(chat, "en")
    await chat.say("8 hours")
    assert "onboarding/availability_unusual" in chat.templates()
    assert "8 h on Monday: is that right?" in chat.text()
    await chat.press("ob:avail_ok:no")
    assert "onboarding/availability_minutes" in chat.templates()
    await chat.say("480")
    await chat.press("ob:avail_ok:yes")
    assert "Monday: 8 h\n" in chat.text()


async def test_sat_offers_us_zones_and_understands_abbreviations(
    engine: ConversationEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _to_the_date(chat, "en", "SAT")
    await chat.say("June 5, 2027")
    for payload in ("ob:target:skip", "ob:avail:medium", "ob:avail_review:ok", "ob:win:split",
                    "ob:break:none"):  # fmt: skip
        await chat.press(payload)
    # zones as people say them, not IANA ids
    assert "Is your time zone United States (New York) Time?" in chat.text()
    zones = [choice.label for choice in chat.choices()]
    assert zones[0] == "United States (New York) Time"
    assert "United States (Los Angeles) Time" in zones
    await chat.press("ob:tz:other")
    await chat.say("PST")
    assert "Time zone: United States (Los Angeles) Time" in chat.text()
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
    assert user is not None
    assert user.timezone == "America/Los_Angeles"


async def test_yks_in_turkish_offers_istanbul_first(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _to_a_day(chat, "tr")
    await chat.press("ob:back")
    await chat.press("ob:avail:medium")
    await chat.press("ob:avail_review:ok")
    await chat.press("ob:win:split")
    await chat.press("ob:break:none")
    assert chat.choices()[0].label == "Türkiye Saati"
    assert "Saat dilimin Türkiye Saati mi?" in chat.text()  # "mi" agrees with "Saati"


async def test_the_usual_exam_date_is_written_the_way_the_language_writes_it(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await chat.command("start")
    for payload in ("ob:lang:en", "ob:consent:yes", "ob:age:adult"):
        await chat.press(payload)
    await chat.press("SAT")
    # SAT lists no announced date: the usual one is offered, and said to be only usual
    assert re.search(r"expected around \d{1,2} [A-Z][a-z]+ 20\d\d;", chat.text()), chat.text()
    assert re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d \(expected date\)", chat.choices()[0].label)


async def test_an_ambiguous_date_whose_readings_are_both_past_is_not_offered(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    """12/05/2025 is 12 May or 5 December 2025: both passed, so no buttons for them."""
    chat = Conversation(engine, clock)
    await _to_the_date(chat, "en", "SAT")
    await chat.say("12/05/2025")
    assert "onboarding/problem/date_past" in chat.templates(), chat.text()
    assert "Did you mean" not in chat.text()


async def test_an_ambiguous_date_with_one_past_reading_takes_the_other(
    engine: ConversationEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    """On 7 December 2026, 12/09/2026 cannot be 12 September (passed): it is 9 December."""
    chat = Conversation(engine, clock)
    await _to_the_date(chat, "en", "SAT")
    await chat.say("12/09/2026")
    assert "onboarding/target" in chat.templates(), chat.text()
    assert await _exam_date(uow_factory, chat) == "2026-12-09"


async def test_the_summary_writes_the_study_window_as_the_buttons_and_settings_do(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    """The window button and /settings say 18:00–22:00; so does the summary (not 18:00-22:00)."""
    chat = Conversation(engine, clock)
    await _to_the_date(chat, "en", "SAT")
    await chat.say("2027-06-05")
    for payload in ("ob:target:skip", "ob:avail:medium", "ob:avail_review:ok", "ob:win:evening",
                    "ob:break:none", "ob:tz:0"):  # fmt: skip
        await chat.press(payload)
    assert "• Study window: 18:00–22:00" in chat.text(), chat.text()


@pytest.mark.parametrize(("locale", "day", "part"), [("tr", "cumartesi", "akşam"),
                                                     ("en", "Saturday", "evening")])  # fmt: skip
async def test_days_and_parts_of_the_day_typed_as_words(
    engine: ConversationEngine, clock: FixedClock, locale: str, day: str, part: str
) -> None:
    chat = Conversation(engine, clock)
    await _to_a_day(chat, locale)
    await chat.say("2h")
    await chat.press("ob:avail_review:edit")  # the day picker, whose buttons say "Cmt" / "Sat"
    await chat.say(day)
    assert "onboarding/availability_minutes" in chat.templates(), chat.text()
    assert ("Cumartesi" if locale == "tr" else "Saturday") in chat.text()
    await chat.say("90")
    await chat.press("ob:avail_review:ok")
    await chat.say(part)
    assert "onboarding/break_day" in chat.templates(), chat.text()
    await chat.say("pazar" if locale == "tr" else "Sun")
    assert "onboarding/timezone" in chat.templates(), chat.text()


async def test_an_age_out_of_range_is_told_the_range(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await chat.command("start")
    await chat.press("ob:lang:en")
    await chat.press("ob:consent:yes")
    await chat.say("200")
    assert "between 8 and 99" in chat.text() and "ob:age:minor" in str(chat.choices())


async def test_the_friday_note_explains_the_preset_only(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _to_a_day(chat, "en")  # the medium preset, then Monday picked to change
    await chat.press("ob:back")
    await chat.press("ob:avail:medium")
    assert "Friday is a little lighter" in chat.text()
    await chat.press("ob:avail_review:edit")
    await chat.say("Saturday")
    await chat.say("2h 30min")
    assert "Saturday: 2 h 30 min" in chat.text(), chat.text()
    assert "Friday is a little lighter" not in chat.text()  # the week is the student's now
