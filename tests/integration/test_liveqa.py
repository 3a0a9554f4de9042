"""Live Q&A sessions through the engine (SQLite and PostgreSQL): a tutor schedules one,
matching students are invited through the outbox (an opt-out is honoured), questions are
collected and upvoted once, "I'll come" queues a reminder, the host closes the session and
the answered questions are kept; export and delete cover a student's questions."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.domain import GroupSettings
from coach.liveqa.model import QaStatus
from coach.packs.catalog import Catalog
from storage.models import OutboxRow, QaAnnouncementRow
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _user_id(uow_factory: SqlUnitOfWorkFactory, key: str) -> int:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", key)
        assert user is not None
        return user.id


async def _student(engine: DialogueEngine, clock: FixedClock, key: str) -> Conversation:
    chat = Conversation(engine, clock, user_key=key)
    await onboard(chat)
    await chat.press("pv:activate:")
    return chat


async def _outbox(uow_factory: SqlUnitOfWorkFactory) -> dict[str, SimpleNamespace]:
    async with uow_factory() as uow:
        rows = await uow.session.execute(
            select(*OutboxRow.__table__.c).where(OutboxRow.kind == "live_qa")
        )
        return {row.dedupe_key: SimpleNamespace(**row._mapping) for row in rows}


async def test_a_session_from_scheduling_to_the_kept_answers(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    ada = await _student(engine, clock, "1001")
    bora = await _student(engine, clock, "1002")
    cem = await _student(engine, clock, "1003")  # opts out of live Q&A invitations
    await cem.command("settings")
    await cem.press("st:open:notify")
    await cem.press("st:tog:live_qa:off")
    tutor = Conversation(engine, clock, user_key="2001", locale_hint="en")
    await tutor.command("start")
    tutor_id = await _user_id(uow_factory, "2001")
    async with uow_factory() as uow:
        user = await uow.users.get(tutor_id)
        assert user is not None
        await uow.users.update(dataclasses.replace(user, role="tutor", display_name="Ayşe Hoca"))
        await uow.groups.save(GroupSettings("telegram", "-100777", "tr", clock.now(), "-100777"))
        await uow.commit()

    await ada.command("qa", "new")
    assert ada.templates() == ["liveqa/tutors_only"]  # students cannot schedule
    await tutor.command("qa", "new")
    await tutor.press("qa:new:mini:tr")
    await tutor.say("2026-12-09 25:00 Problemler")
    assert "liveqa/problem/format" in tutor.templates()
    await tutor.say("2026-12-07 09:10 Problemler")  # 10 minutes ahead: too soon
    assert "liveqa/problem/too_soon" in tutor.templates()
    await tutor.say("2026-12-09 19:00 Paragraf: sorularınız")
    assert tutor.templates() == ["liveqa/scheduled"]
    async with uow_factory() as uow:
        [session] = await uow.liveqa.sessions(status=QaStatus.SCHEDULED)
        announced = [(a.channel, a.group_id, a.status)
                     for a in await uow.session.scalars(select(QaAnnouncementRow))]  # fmt: skip
    assert session.starts_at == datetime(2026, 12, 9, 16, 0, tzinfo=UTC)
    assert session.host_name == "Ayşe Hoca" and session.subject_id == "tr"
    assert announced == [("telegram", "-100777", "pending")]

    ids = {name: await _user_id(uow_factory, key) for name, key in
           (("ada", "1001"), ("bora", "1002"), ("cem", "1003"))}  # fmt: skip
    invites = await _outbox(uow_factory)
    assert set(invites) == {
        f"liveqa:invite:{session.id}:{ids['ada']}",
        f"liveqa:invite:{session.id}:{ids['bora']}",
    }  # cem opted out; the tutor is not a student
    invite = invites[f"liveqa:invite:{session.id}:{ids['ada']}"]
    assert invite.expires_at == session.starts_at
    assert [c["payload"] for row in invite.choices for c in row] == [
        f"qa:go:{session.id}", f"qa:qs:{session.id}", f"qa:ask:{session.id}",
    ]  # fmt: skip

    await ada.tap(f"qa:ask:{session.id}")
    await ada.say("Yaş problemlerinde denklemi nasıl kurarız? numaram 0532 123 45 67")
    assert ada.templates() == ["liveqa/asked"]
    await ada.tap(f"qa:qs:{session.id}")
    assert "0532" not in ada.text() and "***" in ada.text()
    async with uow_factory() as uow:
        [question] = await uow.liveqa.questions(session.id)
    await ada.tap(f"qa:up:{question.id}")  # one's own question does not count
    await bora.tap(f"qa:up:{question.id}")
    await bora.tap(f"qa:up:{question.id}")  # a second tap changes nothing
    assert bora.templates() == ["liveqa/upvoted"] and "1" in bora.text()
    await bora.tap(f"qa:qs:{session.id}")
    assert "Ada" not in bora.text() and "👍 1" in bora.text()

    await bora.tap(f"qa:go:{session.id}")
    assert bora.templates() == ["liveqa/going"]
    reminder = (await _outbox(uow_factory))[f"liveqa:remind:{session.id}:{ids['bora']}"]
    assert reminder.due_at == session.starts_at - timedelta(minutes=30)

    clock.set(session.ends_at + timedelta(minutes=5))
    await tutor.command("qa", "done")
    await tutor.press(f"qa:ans:{question.id}")
    assert tutor.templates() == ["liveqa/marked"]
    await bora.tap(f"qa:ans:{question.id}")  # not the host
    assert bora.templates() == ["common/stale_button"]
    await tutor.command("qa", "done")
    await tutor.press(f"qa:close:{session.id}")
    assert tutor.templates() == ["liveqa/closed"] and "1" in tutor.text()
    await ada.command("qa", "past")
    assert "Yaş problemlerinde denklemi nasıl kurarız?" in ada.text()
    await ada.tap(f"qa:up:{question.id}")
    assert ada.templates() == ["liveqa/over"]

    async with uow_factory() as uow:
        exported = await uow.personal_data.export(ids["ada"])
        await uow.personal_data.delete(ids["ada"])
        await uow.commit()
    assert exported["qa_questions"][0]["text"].startswith("Yaş problemlerinde")
    async with uow_factory() as uow:
        assert await uow.liveqa.questions(session.id) == []
