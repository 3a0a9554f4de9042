"""`learnconnect chat`: the same conversations as Telegram and the web chat, in a terminal.

Buttons are numbered; typing a number presses one, a letter answers a quiz option, a line
starting with `/` is a command, anything else is sent as text (a number that is not a button,
like an age, is sent as text too; start a line with `'` to send a small number as text).
The student is a console identity (`--user`, default the OS user name) in the same database
as `serve`, so they can leave with Ctrl-D or Ctrl-C and continue later where they were.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import os
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TextIO

from bot.bootstrap import build
from bot.channels.console import ConsoleChannel
from bot.channels.textchat import TypedInput, bounded_input, build_event
from bot.handlers.conversation import ConversationRunner
from bot.settings import Settings
from coach.core.clock import Clock
from coach.dialogue.contract import ConversationEngine
from coach.messages import ChannelKind, ChannelRef
from prompts import normalize_locale, render
from storage.uow import SqlUnitOfWorkFactory

PROMPT = "> "
LITERAL_TEXT = "'"  # "'2" sends the text "2" instead of pressing button 2


def default_user() -> str:
    """The OS user name, the default console identity."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "student"


def system_language() -> str | None:
    """The terminal's language ("tr_TR.UTF-8" -> "tr_TR"), a hint for new students."""
    value = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return value.split(".")[0] or None


class ConsoleChat:
    """One student's chat in a terminal: typed lines in, printed replies out."""

    def __init__(
        self,
        engine: ConversationEngine,
        channel: ConsoleChannel,
        clock: Clock,
        uow: SqlUnitOfWorkFactory,
        user: str,
        *,
        locale_hint: str | None = None,
    ) -> None:
        self.engine = engine
        self.channel = channel
        self.clock = clock
        self.uow = uow
        self.user = user
        self.locale_hint = locale_hint
        self.ref = ChannelRef(ChannelKind.CONSOLE, user, user)
        self.runner = ConversationRunner(engine, channel, uow, typing_after=None)

    async def run(self, lines: AsyncIterator[str]) -> None:
        """Greet, then answer every line until the input ends (or the task is cancelled)."""
        try:
            await self.start()
            async for line in lines:
                await self.handle_line(line)
        finally:
            self.channel.write(render("console/bye", self.channel.locale))

    async def start(self) -> None:
        """Say how the terminal chat works and (re)start the conversation where it was."""
        await self._refresh_locale()
        self.channel.write(render("console/intro", self.channel.locale) + "\n")
        await self.send(bounded_input(text="/start"))

    async def handle_line(self, line: str) -> None:
        """Press the numbered button, or send the line as a command or text."""
        line = line.strip()
        if not line:
            return
        if line.startswith(LITERAL_TEXT) and len(line) > 1:
            await self.send(bounded_input(text=line[1:]))
            return
        choice = self.channel.choice_for(line)
        typed = bounded_input(payload=choice.payload) if choice else bounded_input(text=line)
        await self.send(typed)

    async def send(self, typed: TypedInput) -> None:
        """One exchange with the engine; its replies are printed."""
        event = build_event(
            self.ref,
            typed,
            self.clock.now(),
            locale_hint=self.locale_hint,
            display_name=self.user,
        )
        self.channel.new_turn()
        await self.runner.run(event)  # the same engine-and-deliver path as Telegram
        await self._refresh_locale()

    async def _refresh_locale(self) -> None:
        """Follow the student's language for the lines the terminal itself prints."""
        async with self.uow() as uow:
            user = await uow.users.find_by_identity(self.ref.channel.value, self.user)
        self.channel.locale = user.locale if user else normalize_locale(self.locale_hint)


async def read_lines(stream: TextIO, out: TextIO) -> AsyncIterator[str]:
    """Lines of `stream`, read in a daemon thread so Ctrl-C never waits for Enter.

    On a terminal a prompt is shown (with line editing when `readline` exists); from a pipe
    each line is echoed after the prompt, so the output reads as a transcript.
    """
    interactive = stream is sys.stdin and stream.isatty()
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401, PLC0415  (line editing and history for input())
    loop = asyncio.get_running_loop()
    while True:
        future: asyncio.Future[str | None] = loop.create_future()
        threading.Thread(
            target=_read_one,
            args=(loop, future, stream, interactive),
            daemon=True,
            name="chat-input",
        ).start()
        line = await future
        if line is None:
            if interactive:
                out.write("\n")  # Ctrl-D leaves the cursor after the prompt
            return
        line = line.rstrip("\r\n")
        if not interactive:
            out.write(f"{PROMPT}{line}\n")
        yield line


def _read_one(
    loop: asyncio.AbstractEventLoop,
    future: asyncio.Future[str | None],
    stream: TextIO,
    interactive: bool,
) -> None:
    """Read one line (None at the end of input) and hand it to the event loop."""
    try:
        line: str | None = input(PROMPT) if interactive else stream.readline()
    except (EOFError, OSError, ValueError):
        line = None
    if line == "" and not interactive:
        line = None  # end of a pipe or file
    loop.call_soon_threadsafe(_resolve, future, line)


def _resolve(future: asyncio.Future[str | None], line: str | None) -> None:
    if not future.done():  # cancelled by Ctrl-C meanwhile
        future.set_result(line)


async def run_console_chat(
    settings: Settings,
    user: str,
    *,
    stdin: TextIO,
    stdout: TextIO,
    folder: Path,
    locale_hint: str | None = None,
) -> None:
    """Open the database `serve` uses, then chat until the input ends."""
    container = build(settings)
    try:
        await container.prepare_database()
        channel = ConsoleChannel(stdout, folder, normalize_locale(locale_hint))
        chat = ConsoleChat(
            container.conversation,
            channel,
            container.clock,
            container.uow,
            user,
            locale_hint=locale_hint,
        )
        await chat.run(read_lines(stdin, stdout))
    finally:
        await container.engine.dispose()


def quiet_logging() -> None:
    """Keep routine log lines (migrations, pack import) out of the conversation."""
    root = logging.getLogger()
    root.setLevel(max(root.level, logging.WARNING))
