"""Drives `ConsoleChat` in-process the way a person types: numbers for buttons, text otherwise."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.bootstrap import build
from bot.channels.console import ConsoleChannel
from bot.cli_chat import ConsoleChat
from coach.messages import ChannelRef, Reply
from tests.e2e.web_student import MONDAY_MORNING, web_settings
from tests.fakes import FixedClock


class RecordingConsole(ConsoleChannel):
    """The real console channel, also keeping the replies of the current turn for assertions."""

    def __init__(self, folder: Path) -> None:
        super().__init__(io.StringIO(), folder)
        self.replies: list[Reply] = []

    def new_turn(self) -> None:
        super().new_turn()
        self.replies = []

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        self.replies.append(reply)
        return await super().send(to, reply)

    @property
    def output(self) -> str:
        """Everything printed so far."""
        assert isinstance(self.out, io.StringIO)
        return self.out.getvalue()


class ConsoleStudent:
    """Types lines into a `ConsoleChat`; presses buttons by typing their number."""

    def __init__(self, chat: ConsoleChat, channel: RecordingConsole) -> None:
        self.chat = chat
        self.channel = channel

    async def say(self, text: str) -> None:
        """Type text; a bare number is sent as text with the leading quote."""
        await self.chat.handle_line(f"'{text}" if text.strip().isdigit() else text)

    async def press(self, fragment: str) -> None:
        """Type the number of the button whose payload starts with `fragment`."""
        payloads = self.payloads()
        matches = [i for i, payload in enumerate(payloads) if payload.startswith(fragment)]
        assert matches, f"no button {fragment!r} among {payloads}"
        number = str(matches[0] + 1)
        assert f"{number}) " in self.channel.output  # the number the student sees
        await self.chat.handle_line(number)

    def templates(self) -> list[str]:
        """Templates of the last replies."""
        return [reply.template for reply in self.channel.replies]

    def text(self) -> str:
        """All text of the last replies."""
        return "\n".join(reply.text for reply in self.channel.replies)

    def payloads(self) -> list[str]:
        """Payloads of the numbered buttons, in number order."""
        return [choice.payload for choice in self.channel.choices]


@asynccontextmanager
async def console_student(
    database_url: str, folder: Path, user: str = "ada", locale_hint: str | None = "en_US"
) -> AsyncIterator[ConsoleStudent]:
    """A terminal chat of `user` on a fresh coach over an existing database."""
    container = build(web_settings(database_url), clock=FixedClock(MONDAY_MORNING))
    channel = RecordingConsole(folder)
    chat = ConsoleChat(
        container.conversation,
        channel,
        container.clock,
        container.uow,
        user,
        locale_hint=locale_hint,
    )
    try:
        yield ConsoleStudent(chat, channel)
    finally:
        await container.engine.dispose()
