"""A test driver that talks to the dialogue engine like a channel would."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.core.channels import ChannelCapabilities
from coach.core.clock import Clock
from coach.dialogue.contract import ConversationEngine
from coach.messages import ChannelKind, ChannelRef, Choice, EventKind, InboundEvent, Reply


@dataclass
class Conversation:
    """One student's chat with the engine; keeps every reply for assertions."""

    engine: ConversationEngine
    clock: Clock
    user_key: str = "1001"
    channel: ChannelKind = ChannelKind.WEB
    capabilities: ChannelCapabilities = field(default_factory=ChannelCapabilities)
    locale_hint: str | None = "tr"
    transcript: list[Reply] = field(default_factory=list)
    last: list[Reply] = field(default_factory=list)

    @property
    def ref(self) -> ChannelRef:
        """Where this student writes from."""
        return ChannelRef(self.channel, self.user_key, self.user_key)

    async def send(self, kind: EventKind, **fields: object) -> Sequence[Reply]:
        """Send one event and remember the replies."""
        event = InboundEvent(
            ref=self.ref,
            kind=kind,
            received_at=self.clock.now(),
            locale_hint=self.locale_hint,
            **fields,  # type: ignore[arg-type]
        )
        self.last = list(await self.engine.handle(event, self.capabilities))
        self.transcript.extend(self.last)
        return self.last

    async def command(self, name: str, *args: str) -> Sequence[Reply]:
        """Type /name args."""
        return await self.send(EventKind.COMMAND, command=name, args=args, text=f"/{name}")

    async def say(self, text: str) -> Sequence[Reply]:
        """Type free text."""
        return await self.send(EventKind.TEXT, text=text)

    async def tap(self, payload: str) -> Sequence[Reply]:
        """Press a button with this exact payload."""
        return await self.send(EventKind.CHOICE, payload=payload)

    async def press(self, fragment: str) -> Sequence[Reply]:
        """Press the button of the last replies whose payload starts with, or label contains,
        `fragment` (payload match wins)."""
        return await self.tap(self.find(fragment).payload)

    async def answer_poll(self, question_key: str, option: int) -> Sequence[Reply]:
        """Answer a native quiz poll."""
        return await self.send(EventKind.POLL_ANSWER, payload=f"{question_key}:{option}")

    def choices(self) -> list[Choice]:
        """Buttons of the last replies."""
        return [choice for reply in self.last for choice in reply.flat_choices]

    def find(self, fragment: str) -> Choice:
        """A button of the last replies by payload prefix or label text."""
        choices = self.choices()
        for choice in choices:
            if choice.payload.startswith(fragment):
                return choice
        for choice in choices:
            if fragment.lower() in choice.label.lower():
                return choice
        labels = [(c.label, c.payload) for c in choices]
        raise AssertionError(f"no button {fragment!r} among {labels}")

    def text(self) -> str:
        """All text of the last replies."""
        return "\n".join(reply.text for reply in self.last)

    def templates(self) -> list[str]:
        """Template names of the last replies."""
        return [reply.template for reply in self.last]


async def onboard(chat: Conversation, locale: str = "en") -> None:
    """Onboarding with defaults, then every assessment question answered with option A."""
    await chat.command("start")
    await chat.press(f"ob:lang:{locale}")
    await chat.press("ob:consent:yes")
    await chat.press("ob:age:adult")
    await chat.press("ob:track:0")
    await chat.press("ob:date:default")
    await chat.press("ob:target:skip")
    await chat.press("ob:avail:intense")
    await chat.press("ob:avail_review:ok")
    await chat.press("ob:win:split")
    await chat.press("ob:break:none")
    await chat.press("ob:tz:0")
    await chat.press("ob:confirm:yes")
    for _ in range(12):
        if "plans/preview" in chat.templates():
            return
        # strong in mathematics, unsure in Turkish: a plan with lessons and reviews
        await chat.press("as:a:" if "Mathematics" in chat.text() else "as:idk:")
    raise AssertionError(f"no preview: {chat.templates()}")


async def student_on_a_plan(uow_factory: Any, clock: Clock, locale: str) -> Conversation:
    """A student of the mini pack onboarded in `locale`, the plan started, /today read."""
    from bot.bootstrap import wired_engine  # the outer layer, only where a test needs it
    from coach.dialogue.engine import EngineConfig
    from coach.packs.catalog import Catalog

    mini = Path(__file__).parent / "fixtures" / "packs" / "mini"
    engine = wired_engine(uow_factory, clock, Catalog.load([str(mini)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint=locale)
    await onboard(chat, locale)
    await chat.press("pv:activate:")
    await chat.command("today")
    return chat
