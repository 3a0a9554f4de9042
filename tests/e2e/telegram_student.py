"""A Telegram student for end-to-end tests: the whole coach on the fake Bot API, and a user who
types, presses buttons and answers polls the way a person does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from bot.bootstrap import Container, build
from bot.web.app import create_app
from tests.adapters.telegram_support import NOW, telegram_settings
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
HOOK_URL = "https://coach.example/telegram/hook"


class Student:
    """A Telegram user talking to the coach through the fake Bot API."""

    def __init__(self, fake: FakeTelegramServer, user: FakeUser) -> None:
        self.fake = fake
        self.user = user
        self.seen = 0

    def new_messages(self) -> list[dict[str, Any]]:
        """Bot messages since the last action."""
        return self.fake.messages(self.user.id)[self.seen :]

    async def _after(self, condition: Any) -> list[dict[str, Any]]:
        await self.fake.wait_for(lambda: condition(self.new_messages()), within=15)
        messages = self.new_messages()
        self.seen = len(self.fake.messages(self.user.id))
        return messages

    @staticmethod
    def has_button(prefix: str) -> Any:
        """A condition: some new message has a button whose payload starts with `prefix`."""

        def check(messages: list[dict[str, Any]]) -> bool:
            return any(
                prefix in data for m in messages for _label, data in FakeTelegramServer.buttons(m)
            )

        return check

    async def command(self, text: str, until: Any) -> list[dict[str, Any]]:
        """Send a command or text and wait for the answer."""
        await self.fake.send_text(self.user, text)
        return await self._after(until)

    async def press(self, prefix: str, until: Any) -> list[dict[str, Any]]:
        """Press the newest button whose engine payload starts with `prefix`."""
        for message in reversed(self.fake.messages(self.user.id)):
            for _label, data in FakeTelegramServer.buttons(message):
                if prefix in data:
                    await self.fake.press(self.user, message, data)
                    return await self._after(until)
        raise AssertionError(f"no button {prefix!r}")

    async def press_in_place(self, prefix: str, until: Any) -> dict[str, Any]:
        """Press the newest button whose payload starts with `prefix` and wait until the
        message it was on, edited in place, satisfies `until`; returns that message."""
        for message in reversed(self.fake.messages(self.user.id)):
            for _label, data in FakeTelegramServer.buttons(message):
                if prefix in data:
                    await self.fake.press(self.user, message, data)
                    await self.fake.wait_for(lambda m=message: until(m), within=15)
                    self.seen = len(self.fake.messages(self.user.id))
                    return message
        raise AssertionError(f"no button {prefix!r}")

    async def answer_polls_until_preview(self, first: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Answer every quiz poll: right in mathematics, "I don't know" in Turkish."""
        messages = first
        for _ in range(12):
            if self.has_button("pv:activate")(messages):
                return messages
            poll_message = next(m for m in reversed(messages) if "poll" in m)
            poll = poll_message["poll"]
            header = " ".join(m.get("text", "") for m in messages)
            done = lambda ms: any("poll" in m for m in ms) or self.has_button("pv:activate")(ms)  # noqa: E731
            if "Matematik" in header or "Mathematics" in header:
                correct = self.fake.polls[poll["id"]]["correct_option_ids"]
                await self.fake.answer_poll(self.user, poll["id"], correct)
                messages = await self._after(done)
            else:
                messages = await self.press("as:idk:", done)
        raise AssertionError("no plan preview after the assessment")


@asynccontextmanager
async def running_coach(
    fake: FakeTelegramServer, url: str, *, webhook: bool, packs: tuple[str, ...] = (str(MINI),)
) -> AsyncIterator[Container]:
    """The whole app as `serve` builds it, with Telegram on the fake Bot API."""
    extra: dict[str, Any] = {"database_url": url, "content_packs": list(packs)}
    if webhook:
        extra.update(telegram_webhook_url=HOOK_URL, telegram_webhook_secret="s3cret-value-1234")
    container = build(telegram_settings(fake, **extra), clock=FixedClock(NOW))
    if webhook:
        fake.webhook_transport = httpx.ASGITransport(app=create_app(container))
    await container.start()
    try:
        yield container
    finally:
        await container.stop()


async def onboard(student: Student, locale: str) -> list[dict[str, Any]]:
    """/start to an active plan: every onboarding step, the assessment, then Activate."""
    await student.command("/start", Student.has_button("ob:lang"))
    await student.press(f"ob:lang:{locale}", Student.has_button("ob:consent"))
    await student.press("ob:consent:yes", Student.has_button("ob:age"))
    await student.press("ob:age:adult", Student.has_button("ob:track"))
    await student.press("ob:track:0", Student.has_button("ob:date"))
    await student.press("ob:date:default", Student.has_button("ob:target"))
    await student.press("ob:target:skip", Student.has_button("ob:avail:"))
    await student.press("ob:avail:intense", Student.has_button("ob:avail_review"))
    await student.press("ob:avail_review:ok", Student.has_button("ob:win"))
    await student.press("ob:win:split", Student.has_button("ob:break"))
    await student.press("ob:break:none", Student.has_button("ob:tz"))
    await student.press("ob:tz:0", Student.has_button("ob:confirm"))
    first = await student.press("ob:confirm:yes", lambda ms: any("poll" in m for m in ms))
    await student.answer_polls_until_preview(first)
    return await student.press("pv:activate", Student.has_button("s:done"))
