"""Human tutors through the engine (SQLite and PostgreSQL): tutors join by one-time code only,
a student's request asks a wave of two, the first to take it wins and the other is told, the
packet, the relay both ways with the coach silent, /end, the rating, the note in the record;
time-outs and declines; export and delete cover the new tables."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.aitutor.model import TranscriptLine
from coach.aitutor.ports import NewConversation, NewLine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.learning.escalation import TutorRequest
from coach.packs.catalog import Catalog
from coach.tutors.chat import StudentTopic, TutorChat
from coach.tutors.model import EscalationState
from coach.tutors.offers import HumanTutorOffers
from coach.tutors.usecases import advance
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.tutor_support import templates_for, tutor_chat, tutor_outbox, user_id

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
S = EscalationState


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.load([str(MINI)])


@pytest.fixture
def engine(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, catalog: Catalog
) -> DialogueEngine:
    return wired_engine(uow_factory, clock, catalog, EngineConfig())  # type: ignore[return-value]


async def _student(engine: DialogueEngine, clock: FixedClock, key: str = "1001") -> Conversation:
    chat = Conversation(engine, clock, user_key=key)
    await onboard(chat)
    await chat.press("pv:activate:")
    return chat


async def _escalation_id(uow_factory: SqlUnitOfWorkFactory, student: int) -> int:
    async with uow_factory() as uow:
        items = await uow.tutors.student_escalations(student)
    return items[0].id


async def test_no_one_becomes_a_tutor_without_a_valid_code(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    code = "TUT-AAAA-BBBB"
    mallory = Conversation(engine, clock, user_key="3001", locale_hint="en")
    await mallory.command("tutor", code)
    assert mallory.templates() == ["tutors/bad_code"]
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "3001")
        assert user is not None and user.role == "student"
        assert await uow.tutors.tutor(user.id) is None
        assert (await uow.users.find_by_identity("web", "2001")).role == "tutor"  # type: ignore[union-attr]
    # a used code does not work twice
    from tests.tutor_support import invite

    fresh = await invite(uow_factory, clock.now(), "Bora")
    await mallory.command("tutor", fresh)
    assert "tutors/welcome" in mallory.templates()
    other = Conversation(engine, clock, user_key="3002", locale_hint="en")
    await other.command("tutor", fresh)
    assert other.templates() == ["tutors/bad_code"]
    # an expired code does not work either
    late = await invite(uow_factory, clock.now(), "Cem")
    clock.advance(days=8)
    await other.command("tutor", late)
    assert other.templates() == ["tutors/bad_code"]
    assert ada.user_key == "2001"


async def test_request_two_tutors_one_takes_relay_end_rate_note(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    bora = await tutor_chat(engine, clock, uow_factory, "2002", "Bora Hoca")
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    ada_id, bora_id = await user_id(uow_factory, "2001"), await user_id(uow_factory, "2002")

    await student.say("I need a teacher")
    assert "tutors/requested" in student.templates()
    escalation = await _escalation_id(uow_factory, me)
    assert await templates_for(uow_factory, ada_id) == ["tutors/ask"]
    assert await templates_for(uow_factory, bora_id) == ["tutors/ask"]

    await ada.tap(f"ht:take:{escalation}")
    assert "tutors/packet" in ada.templates()
    assert "Days to the exam" not in ada.text() and "days to the exam" in ada.text()
    await bora.tap(f"ht:take:{escalation}")
    assert bora.templates() == ["tutors/take_taken"]
    assert (await templates_for(uow_factory, bora_id))[-1] == "tutors/released_taken"
    assert (await templates_for(uow_factory, me))[-1] == "tutors/assigned"

    await ada.tap(f"ht:start:{escalation}")
    assert ada.templates() == ["tutors/started"]
    assert (await templates_for(uow_factory, me))[-1] == "tutors/joined"

    replies = await student.say("I don't get limits, mail me at kid@example.com")
    assert replies == []  # the coach stays silent while the tutor is in the chat
    relayed = (await tutor_outbox(uow_factory, ada_id))[-1]
    assert relayed.template == "tutors/from_student"
    assert "1001" not in relayed.context["who"]
    assert "kid@example.com" not in relayed.context["text"]
    await ada.say("Try x = 2 first.")
    back = (await tutor_outbox(uow_factory, me))[-1]
    assert back.template == "tutors/from_tutor"
    assert back.context == {**back.context, "who": "Ada Hoca", "text": "Try x = 2 first."}
    await student.command("today")  # commands still work
    assert student.templates() and "tutors/from_student" not in student.templates()

    await student.command("end")
    assert student.templates() == ["tutors/ended_student"]
    assert (await templates_for(uow_factory, ada_id))[-1] == "tutors/ended_by_student"
    await student.tap(f"ht:rate:{escalation}:5")
    assert student.templates() == ["tutors/rated", "tutors/comment_ask"]
    await student.say("Clear steps, call me at 0532 111 22 33")  # the optional comment
    assert student.templates() == ["tutors/comment_thanks"]
    await student.tap(f"ht:rate:{escalation}:1")  # rated once; no second rating or comment
    assert student.templates() == ["tutors/offer_over"]
    await ada.say("Practise limits 15 minutes a day.")
    assert ada.templates() == ["tutors/note_saved"]

    async with uow_factory() as uow:
        done = await uow.tutors.escalation(escalation)
        profile = await uow.tutors.tutor(ada_id)
        decisions = await uow.feedback.decisions(me, "mini", kind="tutor_note")
        messages = await uow.tutors.messages(escalation)
    assert done is not None and done.state is S.RESOLVED and done.rating == 5
    assert done.note == "Practise limits 15 minutes a day."
    assert done.comment.startswith("Clear steps") and "111 22 33" not in done.comment
    assert profile is not None and (profile.rating_count, profile.rating_sum) == (1, 5)
    assert decisions[0].params["note"] == "Practise limits 15 minutes a day."
    assert [m.speaker.value for m in messages] == ["student", "tutor"]
    await student.command("why")
    assert "Practise limits" in student.text() or "adaptive/why" in student.templates()


async def test_a_tutor_reads_only_their_own_escalations(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    bora = await tutor_chat(engine, clock, uow_factory, "2002", "Bora Hoca", subjects=("fiz",))
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    ada_id, bora_id = await user_id(uow_factory, "2001"), await user_id(uow_factory, "2002")
    await student.command("tutor")
    escalation = await _escalation_id(uow_factory, me)
    assert await templates_for(uow_factory, bora_id) == []  # not their subject: not asked
    await bora.tap(f"ht:take:{escalation}")
    assert bora.templates() == ["tutors/take_gone"]
    await ada.tap(f"ht:take:{escalation}")
    await ada.tap(f"ht:start:{escalation}")
    await student.say("hello")
    for payload in (f"ht:start:{escalation}", f"ht:pass:{escalation}"):
        await bora.tap(payload)
        assert bora.templates() == ["tutors/take_gone"]
    await bora.command("tutor")
    assert bora.templates() == ["tutors/mine"] and "#" not in bora.text()
    await bora.say("can I read it?")
    assert (await templates_for(uow_factory, me))[-1] != "tutors/from_tutor"
    async with uow_factory() as uow:
        repo = uow.tutors
        assert await repo.tutor_escalation(escalation, bora_id) is None
        assert await repo.tutor_escalation(escalation, ada_id) is not None
        assert await repo.asked_escalation(escalation, bora_id) is None
        assert await repo.asked_escalation(escalation, ada_id) is not None
        assert await repo.tutor_escalations(bora_id) == []
        assert len(await repo.tutor_escalations(ada_id)) == 1
        assert await repo.messages(escalation, tutor_id=bora_id) == []
        assert len(await repo.messages(escalation, tutor_id=ada_id)) == 1
    # the packet shows no platform id or contact detail of the student
    assert "1001" not in ada.text()


async def test_no_tutor_in_time_is_told_honestly(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    await student.command("tutor")
    assert student.templates() == ["tutors/none_free"]  # no tutor at all: said at once
    await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    ada_id = await user_id(uow_factory, "2001")
    await student.command("tutor")
    assert "tutors/requested" in student.templates()
    for minutes in (4, 2):  # the wave ends after 5 minutes; no one else to ask
        clock.advance(minutes=minutes)
        async with uow_factory() as uow:
            await advance(uow, clock.now())
            await uow.commit()
    assert (await templates_for(uow_factory, me))[-1] == "tutors/expired"
    assert (await templates_for(uow_factory, ada_id))[-1] == "tutors/released_closed"
    async with uow_factory() as uow:
        latest = (await uow.tutors.student_escalations(me))[0]
    assert latest.state is S.EXPIRED
    expired = (await tutor_outbox(uow_factory, me))[-1]
    assert expired.choices[0][0]["payload"] == f"ht:book:{latest.id}"  # a booking is offered

    # booking: Ada has no set times yet, then evenings; the time is in both calendars
    await student.tap(f"ht:book:{latest.id}")
    assert student.templates() == ["tutors/no_slots"]
    async with uow_factory() as uow:
        ada = await uow.tutors.tutor(ada_id)
        assert ada is not None
        week = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), ("18:00-21:00",))
        await uow.tutors.save_tutor(dataclasses.replace(ada, availability=week), clock.now())
        await uow.commit()
    await student.tap(f"ht:book:{latest.id}")
    assert student.templates() == ["tutors/book_slots"]
    slot = student.choices()[0]
    assert "18:00" in slot.label and "Ada Hoca" in slot.label
    await student.tap(slot.payload)
    assert student.templates() == ["tutors/booked"]
    async with uow_factory() as uow:
        booked = (await uow.tutors.student_escalations(me))[0]
    assert (booked.reason, booked.state, booked.tutor_id) == ("booked", S.ASSIGNED, ada_id)
    assert booked.booked_for is not None
    reminders = [r for r in await tutor_outbox(uow_factory, ada_id) if "book" in r.template]
    assert [r.template for r in reminders] == ["tutors/booked_tutor", "tutors/booking_reminder"]
    assert reminders[1].due_at == booked.booked_for - timedelta(minutes=30)
    assert (await templates_for(uow_factory, me))[-1] == "tutors/booking_reminder"
    await student.tap(slot.payload)  # the same time again: taken now
    assert student.templates() == ["tutors/slot_gone"]


async def test_a_declined_offer_is_not_repeated_for_a_week(
    engine: DialogueEngine,
    clock: FixedClock,
    uow_factory: SqlUnitOfWorkFactory,
    catalog: Catalog,
) -> None:
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    offers = HumanTutorOffers(catalog)
    request = TutorRequest(me, "mini", "problemler", 3, ("strike",), 0.2)

    async def offer() -> str:
        async with uow_factory() as uow:
            made = await offers.offer(uow, request, clock.now())
            await uow.commit()
        return made.template

    assert await offer() == "tutors/offer"
    assert await offer() == "tutors/offer_quiet"  # one open offer is not doubled
    escalation = await _escalation_id(uow_factory, me)
    await student.tap(f"ht:no:{escalation}")
    assert student.templates() == ["tutors/declined"]
    clock.advance(days=6)
    assert await offer() == "tutors/offer_quiet"
    clock.advance(days=2)
    assert await offer() == "tutors/offer"
    clock.advance(days=4)  # an offer nobody answers lapses
    async with uow_factory() as uow:
        assert await advance(uow, clock.now()) == 1
        await uow.commit()
    assert timedelta(days=4) > timedelta(hours=72)


async def test_export_and_delete_cover_escalations_and_messages(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    await student.command("tutor", "limits", "confuse", "me")
    escalation = await _escalation_id(uow_factory, me)
    await ada.tap(f"ht:take:{escalation}")
    await ada.tap(f"ht:start:{escalation}")
    await student.say("hello there")
    async with uow_factory() as uow:
        exported = await uow.personal_data.export(me)
    assert exported["escalations"][0]["student_words"] == "limits confuse me"
    assert exported["escalation_messages"][0]["text"] == "hello there"
    async with uow_factory() as uow:
        await uow.personal_data.delete(me)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.tutors.escalation(escalation) is None
        assert await uow.tutors.messages(escalation) == []


async def test_a_blocked_or_reported_tutor_is_not_asked_again(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    await tutor_chat(engine, clock, uow_factory, "2002", "Bora Hoca")
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    ada_id, bora_id = await user_id(uow_factory, "2001"), await user_id(uow_factory, "2002")
    await student.command("tutor", "block")
    assert student.templates() == ["tutors/no_tutor_to_block"]
    await student.command("tutor")
    first = await _escalation_id(uow_factory, me)
    await ada.tap(f"ht:take:{first}")
    await ada.tap(f"ht:start:{first}")
    await student.command("tutor", "report", "asked", "for", "my", "number")
    assert student.templates() == ["tutors/reported"]
    async with uow_factory() as uow:
        assert (await uow.tutors.escalation(first)).state is S.RESOLVED  # type: ignore[union-attr]
        [report] = await uow.tutors.reports()
    assert (report.student_id, report.tutor_id, report.text) == (me, ada_id, "asked for my number")
    clock.advance(hours=1)  # past every cooldown
    await student.command("tutor")
    second = await _escalation_id(uow_factory, me)
    async with uow_factory() as uow:
        asked = [a.tutor_id for a in await uow.tutors.asks(second)]
    assert asked == [bora_id]


async def test_the_packet_carries_the_ai_tutor_conversation_on_the_topic(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    async with uow_factory() as uow:
        found = await TutorChat(Catalog.load([str(MINI)])).student_topic(
            uow, clock.now(), StudentTopic(me)
        )
        assert found is not None
        conversation = await uow.aitutor.start(
            NewConversation(me, "mini", found[2], "q1", "stuck", clock.now())
        )
        for role, text in (("student", "I tried 12"), ("coach", "Hint: add the speeds")):
            line = TranscriptLine(role, text, clock.now())
            await uow.aitutor.add_line(NewLine(conversation, me, line))
        await uow.commit()
    await student.command("tutor")
    escalation = await _escalation_id(uow_factory, me)
    await ada.tap(f"ht:take:{escalation}")
    assert "With the AI tutor" in ada.text() and "Hint: add the speeds" in ada.text()
