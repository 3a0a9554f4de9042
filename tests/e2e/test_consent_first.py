"""Consent comes first: before it the web chat keeps only where the conversation is (the coach's
questions, the buttons pressed, bare commands), never words the student typed; a declined
consent leaves no transcript."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.models import WebChatMessageRow
from tests.e2e.web_student import WebStudent, browser, web_app

PRIVATE = "my phone is 0555 123 45 67"


async def test_nothing_typed_before_consent_is_kept(database_url: str) -> None:
    async with web_app(database_url) as (app, container), browser(app) as client:
        student = WebStudent(client)
        await student.say("/start")
        await student.press("ob:lang:en")
        await student.say(PRIVATE)
        assert student.last  # the coach still answers at once
        await student.say("/export")
        document = next(r for r in student.last if r["kind"] == "document")
        exported = (await client.get(document["file"]["url"])).content.decode()
        async with container.session_factory() as session:
            texts = list(await session.scalars(select(WebChatMessageRow.text)))
        history = (await client.get("/chat/api/history")).json()["messages"]
    assert PRIVATE not in exported
    assert all(PRIVATE not in text for text in texts)
    assert "onboarding/consent" in [m["template"] for m in history]  # a reload shows it
    assert [m["text"] for m in history if m["role"] == "student"] == [
        "/start",
        "English",
        "/export",
    ]
    assert json.loads(exported)["data"]["users"][0]["display_name"] is None


async def test_a_declined_consent_leaves_no_transcript(database_url: str) -> None:
    async with web_app(database_url) as (app, container), browser(app) as client:
        student = WebStudent(client)
        await student.say("/start")
        await student.press("ob:lang:en")
        await student.press("ob:consent:no")
        assert "onboarding/consent_declined" in student.templates()
        assert any(p.startswith("m:start") for p in student.payloads())
        async with container.session_factory() as session:
            left = list(await session.scalars(select(WebChatMessageRow.id)))
        await student.press("m:start")
        assert "onboarding/language" in student.templates()
    assert left == []
