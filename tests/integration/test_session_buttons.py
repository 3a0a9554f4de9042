"""A session button sent before the plan changed acts on the same session in the plan the
student has now, found by its planner key; only a session no longer planned is gone."""

from __future__ import annotations

from coach.domain import PlanStatus, SessionStatus
from coach.sessions.usecases import Found, SessionRef, scheduled_session, start_session
from storage.uow import SqlUnitOfWorkFactory
from tests.integration.test_repositories import NOW, _plan, _session, _user


async def test_a_button_of_a_replaced_plan_acts_on_the_same_session_in_the_new_one(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user_id = await _user(uow_factory)
    old = [
        _session(user_id, "lesson:a:1:2026-12-03", 3, SessionStatus.SCHEDULED),
        _session(user_id, "lesson:b:1:2026-12-04", 4, SessionStatus.SCHEDULED),
        _session(user_id, "review:t:2026-12-05", 5, SessionStatus.SCHEDULED),
    ]
    new = [
        _session(user_id, "lesson:a:1:2026-12-03", 3, SessionStatus.SCHEDULED),  # the same
        _session(user_id, "lesson:b:1:2026-12-06", 6, SessionStatus.SCHEDULED),  # moved
    ]
    async with uow_factory() as uow:
        first = await uow.plans.add(_plan(user_id, PlanStatus.DRAFT), old)
        await uow.plans.set_status(first.id, "active", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        buttons = {s.key: s.id for s in await uow.plans.sessions(first.id)}
        await uow.plans.set_status(first.id, "archived", NOW)
        second = await uow.plans.add(_plan(user_id, PlanStatus.DRAFT), new)
        await uow.plans.set_status(second.id, "active", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        now_planned = {s.key: s.id for s in await uow.plans.sessions(second.id)}
        same = await start_session(uow, NOW, SessionRef(user_id, buttons["lesson:a:1:2026-12-03"]))
        moved = await scheduled_session(
            uow, NOW, SessionRef(user_id, buttons["lesson:b:1:2026-12-04"])
        )
        gone = await scheduled_session(
            uow, NOW, SessionRef(user_id, buttons["review:t:2026-12-05"])
        )
    assert same.found is Found.OK and same.session is not None
    assert same.session.id == now_planned["lesson:a:1:2026-12-03"]
    assert moved.found is Found.OK and moved.session is not None
    assert moved.session.id == now_planned["lesson:b:1:2026-12-06"]
    assert gone.found is Found.GONE
