"""A restart in the middle of onboarding: a new app or process on the same database (SQLite
file or PostgreSQL) continues where the student was; two at once share the conversation."""

from __future__ import annotations

from pathlib import Path

from bot.web.webchat_guard import COOKIE_NAME
from tests.e2e.console_student import console_student
from tests.e2e.web_student import WebStudent, browser, web_app


async def test_the_web_chat_continues_after_a_restart(database_url: str) -> None:
    async with web_app(database_url) as (app, _container), browser(app) as client:
        student = WebStudent(client)
        await student.say("/start")
        await student.press("ob:lang:en")
        await student.press("ob:consent:yes")
        assert student.templates() == ["onboarding/age"]
        cookies = client.cookies

    # a new process: new container, new engine, secret read back from the database
    async with web_app(database_url) as (app, _container), browser(app, cookies) as client:
        page = await client.get("/")
        assert COOKIE_NAME not in page.cookies  # the old cookie is still valid
        assert 'value="ob:age:adult"' in page.text  # the open question, with its buttons
        student = WebStudent(client)
        await student.say("17")
        assert "onboarding/minor_note" in student.templates()
        assert "onboarding/track" in student.templates()


async def test_two_web_processes_share_one_conversation(database_url: str) -> None:
    async with (
        web_app(database_url) as (first_app, _first),
        web_app(database_url) as (second_app, _second),
        browser(first_app) as first,
    ):
        await WebStudent(first).say("/start")
        async with browser(second_app, first.cookies) as second:
            one, two = WebStudent(first), WebStudent(second)
            await two.send(payload="ob:lang:tr")  # a button shown by the first process
            assert two.templates() == ["onboarding/consent"]
            await one.send(payload="ob:consent:yes")
            assert one.templates() == ["onboarding/age"]
            await two.say("20")
            assert "onboarding/track" in two.templates()
            history = (await first.get("/chat/api/history")).json()["messages"]
    assert [m["text"] for m in history if m["role"] == "student"] == [
        "/start",
        "Türkçe",
        "Kabul ediyorum",
        "20",
    ]


async def test_the_terminal_chat_continues_after_a_restart(
    database_url: str, tmp_path: Path
) -> None:
    async with console_student(database_url, tmp_path, user="efe") as student:
        await student.chat.start()
        await student.press("ob:lang:en")
        await student.press("ob:consent:yes")
        assert student.templates() == ["onboarding/age"]

    async with console_student(database_url, tmp_path, user="efe") as student:
        await student.chat.start()  # what `learnconnect chat` does first
        assert student.templates() == ["menu/welcome_back_setup", "onboarding/age"]
        await student.say("17")
        assert "onboarding/minor_note" in student.templates()
        output = student.channel.output
    assert output.startswith("LearnConnect Coach in your terminal.")
