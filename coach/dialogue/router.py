"""Routes one event to the command, flow, button action or free-text intent that answers it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Protocol

from coach.dialogue import payloads
from coach.dialogue.flows.base import ActionGroup, Flow
from coach.dialogue.turn import IDLE, Turn
from coach.messages import EventKind

CommandHandler = Callable[[Turn, tuple[str, ...]], Awaitable[None]]

# Commands that make sense before setup is finished (the rest first need a profile).
OPEN_COMMANDS = frozenset({"start", "help", "delete", "export", "link", "settings", "resume"})


class IntentRecognizer(Protocol):
    """Maps free text to a command (and its arguments) when it recognises what is meant."""

    def recognize(self, text: str) -> tuple[str, tuple[str, ...]] | None:
        """The command meant by `text`, or None."""
        ...


class FallbackIntents(Protocol):
    """A slower recogniser asked only when the keyword rules find nothing (a language model)."""

    async def recognize(self, text: str) -> tuple[str, tuple[str, ...]] | None:
        """The command meant by `text`, or None."""
        ...


class PollFlow(Protocol):
    """A flow that asks quiz questions and takes their answers."""

    async def on_answer(self, turn: Turn, question_key: str, option: int | None) -> None:
        """Take an answer (None = skipped) to the question `question_key`."""
        ...


class Router:
    """Knows every command, flow and action group of the coach."""

    def __init__(
        self,
        *,
        flows: Iterable[Flow],
        actions: Iterable[ActionGroup],
        commands: Mapping[str, CommandHandler],
        intents: IntentRecognizer,
        fallback_intents: FallbackIntents | None = None,
        onboarding: str = "onboarding",
    ) -> None:
        self.flows: dict[str, Flow] = {flow.name: flow for flow in flows}
        self._flow_by_prefix = {flow.payload_prefix: flow for flow in self.flows.values()}
        self._actions = {group.payload_prefix: group for group in actions}
        self.commands = dict(commands)
        self._intents = intents
        self._fallback_intents = fallback_intents
        self._onboarding = onboarding

    async def route(self, turn: Turn) -> None:
        """Answer the turn's event."""
        kind = turn.event.kind
        if kind == EventKind.COMMAND:
            await self.run_command(turn, turn.event.command, turn.event.args)
        elif kind == EventKind.CHOICE:
            await self._choice(turn)
        elif kind == EventKind.POLL_ANSWER:
            await self._poll_answer(turn)
        else:
            await self._text(turn)

    # ------------------------------------------------------------------ commands
    async def run_command(self, turn: Turn, name: str, args: tuple[str, ...] = ()) -> None:
        """Run a command, or explain that setup comes first, or that it is unknown."""
        handler = self.commands.get(name)
        if handler is None:
            turn.say("common/unknown_command", command=name[:32])
            await self.commands["help"](turn, ())
            return
        if name not in OPEN_COMMANDS and await self._needs_setup(turn):
            turn.say("common/setup_first")
            await self.resume_setup(turn)
            return
        await handler(turn, args)

    async def _needs_setup(self, turn: Turn) -> bool:
        if turn.has_profile:
            return False
        return await turn.uow.profiles.get(turn.user.id) is None

    async def resume_setup(self, turn: Turn) -> None:
        """Continue onboarding where the student left it (or begin it)."""
        if turn.state.flow == self._onboarding:
            await self.flows[self._onboarding].prompt(turn)
        else:
            await self.flows[self._onboarding].begin(turn)

    # ------------------------------------------------------------------ buttons
    async def _choice(self, turn: Turn) -> None:
        payload = payloads.parse(turn.event.payload)
        if payload is None:
            await self.stale(turn)
            return
        if payload.flow in self._actions:
            await self._actions[payload.flow].on_choice(turn, payload)
            return
        flow = self._flow_by_prefix.get(payload.flow)
        if flow is None or turn.state.flow != flow.name:
            await self.stale(turn)
            return
        await flow.on_choice(turn, payload)

    async def stale(self, turn: Turn) -> None:
        """A button from an earlier message: say so kindly and show where we are now."""
        turn.say("common/stale_button")
        await self.reprompt(turn)

    async def reprompt(self, turn: Turn) -> None:
        """Repeat the current question, or offer the menu when no flow is running."""
        flow = self.flows.get(turn.state.flow)
        if flow is not None:
            await flow.prompt(turn)
        else:
            await self.commands["menu"](turn, ())

    # ------------------------------------------------------------------ quiz answers
    async def _poll_answer(self, turn: Turn) -> None:
        key, _, option_text = turn.event.payload.rpartition(":")
        flow = self.flows.get(turn.state.flow)
        on_answer = getattr(flow, "on_answer", None)
        if not key or on_answer is None:
            turn.say("common/quiz_over")
            return
        option = int(option_text) if option_text.isdigit() and len(option_text) < 3 else None
        await on_answer(turn, key, option)

    # ------------------------------------------------------------------ free text
    async def _text(self, turn: Turn) -> None:
        text = turn.event.text
        flow = self.flows.get(turn.state.flow)
        if flow is not None and text and await flow.on_text(turn, text):
            return
        intent = self._intents.recognize(text) if text else None
        if intent is None and text and flow is None and self._fallback_intents is not None:
            intent = await self._fallback_intents.recognize(text)
        if intent is not None:
            await self.run_command(turn, *intent)
            return
        if flow is not None:
            turn.say("common/use_buttons")
            await flow.prompt(turn)
            return
        if turn.state.flow == IDLE and await self._needs_setup(turn):
            await self.resume_setup(turn)
            return
        await self.commands["menu"](turn, ())
