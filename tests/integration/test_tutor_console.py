"""The tutor console on the web: the one-time link from `/tutor console` logs in once; a tutor
sees, writes to and closes only their own escalations — everything else is 403, tested route
by route; posts from another site are refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI

from bot.bootstrap import wired_engine
from bot.web.tutor_console import tutor_console_router
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from coach.tutors.model import EscalationState
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.tutor_support import templates_for, tutor_chat, user_id

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
BASE = "http://testserver"
ORIGIN = {"origin": BASE}


@pytest.fixture
async def web(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> AsyncIterator[httpx.AsyncClient]:
    catalog = Catalog.load([str(MINI)])
    app = FastAPI()
    app.include_router(tutor_console_router(uow_factory, clock, catalog, None))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


async def _login(client: httpx.AsyncClient, chat: Conversation) -> str:
    await chat.command("tutor", "console")
    url = chat.text().split()[-1]
    assert url.startswith(f"{BASE}/tutor/login?token=")
    path = urlsplit(url)
    response = await client.get(f"{path.path}?{path.query}")
    assert response.status_code == 303
    return f"{path.path}?{path.query}"


async def test_a_tutor_reaches_only_their_own_escalations(
    web: httpx.AsyncClient, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(
        uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig(), web_base_url=BASE
    )
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    bora = await tutor_chat(engine, clock, uow_factory, "2002", "Bora Hoca")
    student = Conversation(engine, clock, user_key="1001")
    await onboard(student)
    await student.press("pv:activate:")
    await student.command("tutor")
    me = await user_id(uow_factory, "1001")
    async with uow_factory() as uow:
        [escalation] = await uow.tutors.student_escalations(me)
    await ada.tap(f"ht:take:{escalation.id}")
    await ada.tap(f"ht:start:{escalation.id}")
    await student.say("is it 15?")

    # no session, a forged cookie, a used link: 403
    assert (await web.get("/tutor")).status_code == 403
    assert (await web.get(f"/tutor/e/{escalation.id}")).status_code == 403
    web.cookies.set("lc_tutor", "forged", path="/tutor")
    assert (await web.get("/tutor")).status_code == 403
    web.cookies.clear()
    assert (await web.get("/tutor/login?token=nope")).status_code == 403
    student_console = Conversation(engine, clock, user_key="1001")
    await student_console.command("tutor", "console")
    assert student_console.templates() == ["tutors/tutors_only"]

    # Bora: logged in, but not his escalation — every route refuses
    used = await _login(web, bora)
    assert (await web.get(used)).status_code == 403  # the link works once
    home = await web.get("/tutor")
    assert home.status_code == 200 and f"/tutor/e/{escalation.id}" not in home.text
    for method, path in (
        ("GET", f"/tutor/e/{escalation.id}"),
        ("POST", f"/tutor/e/{escalation.id}/send"),
        ("POST", f"/tutor/e/{escalation.id}/close"),
        ("GET", "/tutor/e/999999"),
    ):
        response = await web.request(method, path, data={"text": "hi"}, headers=ORIGIN)
        assert response.status_code == 403, (method, path)
    web.cookies.clear()

    # Ada: sees it, writes to the student, closes it; a post from elsewhere is refused
    await _login(web, ada)
    home = await web.get("/tutor")
    assert f"/tutor/e/{escalation.id}" in home.text
    shown = await web.get(f"/tutor/e/{escalation.id}")
    assert shown.status_code == 200 and "is it 15?" in shown.text and "1001" not in shown.text
    assert "Content-Security-Policy" in shown.headers
    evil = await web.post(
        f"/tutor/e/{escalation.id}/send", data={"text": "x"}, headers={"origin": "https://evil"}
    )
    assert evil.status_code == 403
    sent = await web.post(
        f"/tutor/e/{escalation.id}/send", data={"text": "<b>Yes</b>, well done"}, headers=ORIGIN
    )
    assert sent.status_code == 303
    assert (await templates_for(uow_factory, me))[-1] == "tutors/from_tutor"
    page = await web.get(f"/tutor/e/{escalation.id}")
    assert "&lt;b&gt;Yes&lt;/b&gt;" in page.text  # escaped, not markup
    closed = await web.post(f"/tutor/e/{escalation.id}/close", headers=ORIGIN)
    assert closed.status_code == 303
    async with uow_factory() as uow:
        done = await uow.tutors.escalation(escalation.id)
    assert done is not None and done.state is EscalationState.RESOLVED
    assert (await templates_for(uow_factory, me))[-1] == "tutors/ended_by_tutor"
