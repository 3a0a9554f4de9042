"""Accountability partners (SQLite and PostgreSQL): two opted-in students with similar plans
are paired (a very different plan and an adult are not paired with them); in the evening each
hears yes or no about the other's day, once; one fixed encouragement reaches the partner (an
invented one or a stranger's does not); a partner quiet for a week is unpaired with a kind
word; export and delete cover the pairs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import cast

from sqlalchemy import select

from coach.community.partner_usecases import (
    EveningRun,
    RunPairing,
    SendCheer,
    evening,
    run_pairing,
    send_cheer,
)
from coach.core.uow import UnitOfWork
from coach.domain import AgeBand, SessionStatus
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, SetPseudonym, set_feature, set_pseudonym
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.notify_support import add_plan, add_student, session

EVENING = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)  # 21:30 in Berlin
TODAY = date(2026, 12, 7)


async def _student(uow_factory: SqlUnitOfWorkFactory, name: str, minutes: int) -> int:
    user_id = await add_student(uow_factory, name=name, availability={"mon": minutes})
    async with uow_factory() as uow:
        work = cast(UnitOfWork, uow)
        await set_pseudonym(work, EVENING, SetPseudonym(user_id, name))
        await set_feature(work, EVENING, SetFeature(user_id, PeerFeature.PARTNER, True))
        await uow.commit()
    return user_id


async def _outbox(uow_factory: SqlUnitOfWorkFactory) -> dict[str, SimpleNamespace]:
    async with uow_factory() as uow:
        rows = await uow.session.execute(
            select(*OutboxRow.__table__.c).where(OutboxRow.dedupe_key.like("partner:%"))
        )
        return {row.dedupe_key: SimpleNamespace(**row._mapping) for row in rows}


async def test_partners_hear_of_each_others_day_cheer_and_part_kindly(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    ada = await _student(uow_factory, "Ada", 90)
    bora = await _student(uow_factory, "Bora", 100)
    cem = await _student(uow_factory, "Cem", 300)  # a much bigger plan
    dan = await _student(uow_factory, "Dan", 95)
    async with uow_factory() as uow:
        user = await uow.users.get(dan)
        assert user is not None
        await uow.users.update(dataclasses.replace(user, age_band=AgeBand.ADULT))
        await uow.commit()
    done = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
    await add_plan(uow_factory, bora, [session(bora, TODAY, time(18), status=SessionStatus.DONE,
                                               completed_at=done)])  # fmt: skip
    await add_plan(uow_factory, ada, [session(ada, TODAY, time(18))])  # not done

    async with uow_factory() as uow:
        assert await run_pairing(cast(UnitOfWork, uow), EVENING, RunPairing()) == 1
        await uow.commit()
        pair = await uow.partners.of(ada)
    assert pair is not None and pair.partner_id == bora and pair.partner_name == "Bora"
    async with uow_factory() as uow:
        assert await uow.partners.of(cem) is None and await uow.partners.of(dan) is None

    counts = []
    for _ in range(2):  # twice: each hears once
        async with uow_factory() as uow:
            counts.append((await evening(cast(UnitOfWork, uow), EVENING, EveningRun())).reports)
            await uow.commit()
    pushes = await _outbox(uow_factory)
    to_ada = pushes[f"partner:evening:{ada}:{TODAY}"]
    to_bora = pushes[f"partner:evening:{bora}:{TODAY}"]
    assert to_ada.context == {"partner": "Bora", "done": True}  # yes/no, nothing more
    assert to_bora.context == {"partner": "Ada", "done": False}
    assert [c["payload"] for row in to_ada.choices for c in row] == [
        f"pt:cheer:{bora}:keep_going", f"pt:cheer:{bora}:proud", f"pt:cheer:{bora}:together",
    ]  # fmt: skip
    assert counts[0] == 2

    async with uow_factory() as uow:
        work = cast(UnitOfWork, uow)
        assert await send_cheer(work, EVENING, SendCheer(ada, bora, "proud"))
        assert not await send_cheer(work, EVENING, SendCheer(ada, bora, "call me 0555"))
        assert not await send_cheer(work, EVENING, SendCheer(cem, bora, "proud"))
        await uow.commit()
    cheers = [k for k in await _outbox(uow_factory) if k.startswith("partner:cheer:")]
    assert cheers == [f"partner:cheer:{bora}:{TODAY}"]
    assert (await _outbox(uow_factory))[cheers[0]].context == {"partner": "Ada", "cheer": "proud"}

    later = EVENING + timedelta(days=8)  # Ada did nothing for a week
    async with uow_factory() as uow:
        outcome = await evening(cast(UnitOfWork, uow), later, EveningRun())
        await uow.commit()
        assert await uow.partners.of(ada) is None and await uow.partners.of(bora) is None
    assert outcome.unpaired == 1
    assert any(k.startswith("partner:unpaired:") for k in await _outbox(uow_factory))
    async with uow_factory() as uow:
        exported = await uow.personal_data.export(ada)
        await uow.personal_data.delete(ada)
        await uow.commit()
    assert len(exported["partner_pairs"]) == 1
