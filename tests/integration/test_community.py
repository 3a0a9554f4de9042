"""Study groups through the engine (SQLite and PostgreSQL): students opt in with a display
name in /groups (a contact detail is refused), a matching run invites the compatible adults
once through the outbox (the minor is not put with them; a second run invites nobody again),
all three join, the group forms with a welcome and a session reminder for each, a member can
leave, and export and delete cover the new tables."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select, update

from bot.bootstrap import wired_engine
from coach.community.life import PlanSessions, SummariseWeeks, plan_group_sessions, summarise_weeks
from coach.community.model import GroupStatus
from coach.community.usecases import RunMatching, run_matching
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import EngineConfig
from coach.domain import AgeBand
from coach.packs.catalog import Catalog
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, set_feature
from storage.models import OutboxRow, StudySessionRow
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _user_id(uow_factory: SqlUnitOfWorkFactory, key: str) -> int:
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", key)
        assert user is not None
        return user.id


async def _opted_in(
    engine: ConversationEngine, clock: FixedClock, key: str, name: str
) -> Conversation:
    chat = Conversation(engine, clock, user_key=key)
    await onboard(chat)
    await chat.press("pv:activate:")
    await chat.command("groups")
    assert chat.templates() == ["community/privacy"]
    assert "⬜" in chat.text() or any("⬜" in c.label for c in chat.choices())
    await chat.press("cm:tog:groups")
    assert chat.templates() == ["community/name_first"]  # no name yet: one is asked for
    await chat.say(name)
    assert chat.templates()[0] == "community/name_saved"
    return chat


async def _outbox(uow_factory: SqlUnitOfWorkFactory) -> dict[str, SimpleNamespace]:
    async with uow_factory() as uow:
        rows = await uow.session.execute(
            select(*OutboxRow.__table__.c).where(OutboxRow.dedupe_key.like("community:%"))
        )
        return {row.dedupe_key: SimpleNamespace(**row._mapping) for row in rows}


async def test_three_students_opt_in_are_invited_join_and_can_leave(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    ada = await _opted_in(engine, clock, "1001", "Ada")
    bora = await _opted_in(engine, clock, "1002", "Bora")
    cem = Conversation(engine, clock, user_key="1003")
    await onboard(cem)
    await cem.press("pv:activate:")
    await cem.command("gruplar")  # the Turkish command opens the same screen
    await cem.press("cm:name")
    await cem.say("cem@example.com")
    assert cem.templates() == ["community/name_bad"]  # a contact detail is never shown
    await cem.say("Cem")
    await cem.press("cm:tog:groups")
    assert cem.templates() == ["community/privacy"]
    dan = await _opted_in(engine, clock, "1004", "Dan")
    ids = {n: await _user_id(uow_factory, k) for n, k in
           (("ada", "1001"), ("bora", "1002"), ("cem", "1003"), ("dan", "1004"))}  # fmt: skip
    async with uow_factory() as uow:
        user = await uow.users.get(ids["dan"])
        assert user is not None
        await uow.users.update(dataclasses.replace(user, age_band=AgeBand.UNDER_18))
        await uow.commit()

    async with uow_factory() as uow:
        outcome = await run_matching(uow, clock.now(), RunMatching({}))
        await uow.commit()
    [view] = outcome.proposed
    assert {m.user_id for m in view.members} == {ids["ada"], ids["bora"], ids["cem"]}
    group_id = view.group.id
    invites = await _outbox(uow_factory)
    assert set(invites) == {f"community:invite:{group_id}:{ids[n]}" for n in ("ada", "bora", "cem")}
    invite = invites[f"community:invite:{group_id}:{ids['ada']}"]
    assert [c["payload"] for row in invite.choices for c in row] == [
        f"group:join:{group_id}", f"group:no:{group_id}", f"group:others:{group_id}",
    ]  # fmt: skip
    assert invite.context["others"] == ["Bora", "Cem"]  # display names only
    assert (invite.expires_at - invite.created_at).total_seconds() == 48 * 3600
    async with uow_factory() as uow:  # one open invitation per student: nobody is invited twice
        again = await run_matching(uow, clock.now(), RunMatching({}))
        await uow.commit()
    assert again.proposed == () and again.waiting == 1  # only the minor waits

    await ada.tap(f"group:join:{group_id}")
    assert ada.templates() == ["community/joined"]
    await bora.tap(f"group:join:{group_id}")
    assert bora.templates() == ["community/joined"]
    await cem.tap(f"group:join:{group_id}")
    assert cem.templates() == ["community/formed"]
    assert "Ada" in cem.text() and "Bora" in cem.text()
    await cem.tap(f"group:join:{group_id}")
    assert cem.templates() == ["community/invite_gone"]  # answered already
    await dan.tap(f"group:join:{group_id}")
    assert dan.templates() == ["community/invite_gone"]  # never invited
    pushes = await _outbox(uow_factory)
    for name in ("ada", "bora", "cem"):
        assert f"community:formed:{group_id}:{ids[name]}" in pushes
        assert any(k.startswith(f"community:session:{group_id}:") and k.endswith(f":{ids[name]}")
                   for k in pushes)  # fmt: skip

    await bora.command("groups")
    assert bora.templates() == ["community/privacy", "community/my_group"]
    assert "Next group session" in bora.text() and "Cem" in bora.text()  # the group's board
    clock.set(clock.now() + timedelta(days=7))  # a week on: the job plans the next session
    for _ in range(2):  # twice: each member is reminded once
        async with uow_factory() as uow:
            planned = await plan_group_sessions(uow, clock.now(), PlanSessions())
            await uow.commit()
        assert planned.planned == 1
    reminders = [k for k in await _outbox(uow_factory) if k.startswith("community:session:")]
    assert len(reminders) == 6  # the first session and the next, for each of three
    async with uow_factory() as uow:  # Ada kept her week and allows boards; Bora and Cem not
        await uow.session.execute(
            update(StudySessionRow)
            .where(StudySessionRow.user_id == ids["ada"])
            .values(status="done")
        )
        await set_feature(uow, clock.now(), SetFeature(ids["ada"], PeerFeature.LEADERBOARDS, True))
        for _ in range(2):
            await summarise_weeks(uow, clock.now(), SummariseWeeks())
        await uow.commit()
    weeks = {
        k: v for k, v in (await _outbox(uow_factory)).items() if k.startswith("community:week:")
    }
    assert len(weeks) == 3  # once for each member
    summary = next(iter(weeks.values())).context
    assert summary["kept"] == ["Ada"] and summary["kept_count"] == 1 and summary["members"] == 3
    assert summary["goal_minutes"] > 0  # the members' planned minutes of the coming week
    await bora.tap(f"group:leave:{group_id}")
    assert bora.templates() == ["community/left"]
    async with uow_factory() as uow:
        fresh = await uow.community.group(group_id)
        assert fresh is not None and fresh.group.status is GroupStatus.ACTIVE
        assert {m.user_id for m in fresh.joined()} == {ids["ada"], ids["cem"]}
        exported = await uow.personal_data.export(ids["ada"])
        await uow.personal_data.delete(ids["ada"])
        await uow.commit()
    assert exported["study_group_members"][0]["status"] == "joined"
    async with uow_factory() as uow:
        fresh = await uow.community.group(group_id)
        assert fresh is not None and ids["ada"] not in {m.user_id for m in fresh.members}
