"""Routes one event to the command, flow step, button handler or free-text intent that answers it.

Buttons are dispatched through the `ButtonRegistry`: each declared button (`coach.actions`) has
exactly one handler, registered explicitly; a flow's buttons only count while that flow runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Protocol

from coach.actions import CHALLENGE_JOIN, CHALLENGE_LEAVE, MENU_LEAVE, MENU_STAY
from coach.buttons import ButtonRegistry, Payload, parse
from coach.dialogue.commands import canonical_command
from coach.dialogue.flows.base import Flow
from coach.dialogue.turn import IDLE, Turn
from coach.messages import EventKind

CommandHandler = Callable[[Turn, tuple[str, ...]], Awaitable[None]]
HasProfile = Callable[[Turn], Awaitable[bool]]
# Takes free text before any flow (a human tutor in the chat); True when it was taken.
Interceptor = Callable[[Turn], Awaitable[bool]]

# Commands that make sense before setup is finished (the rest first need a profile).
# A server's leaderboard and challenge need no plan of one's own.
OPEN_COMMANDS = frozenset(
    {"start", "help", "delete", "export", "link", "settings", "resume", "qa", "tutor", "end"}
    | {"leaderboard", "challenge"}
)
# Flows whose answers would be lost by starting another flow, and the commands that start one:
# such a command asks first ("Leave the quiz?") instead of dropping the answers silently.
ANSWERING_FLOWS = frozenset({"quiz", "mock", "checkin"})
FLOW_COMMANDS = frozenset({"quiz", "placement", "mock", "checkin", "settings", "start"})

# Commands answered in a group whose members all read the answer (a Telegram group): what is
# meant for the whole place. Every other command there shows the asker's own study or data
# (/export, /card, /settings ...), so the group gets only a pointer to the private chat.
GROUP_COMMANDS = frozenset({"leaderboard", "challenge"})

# The buttons a Discord server answers besides its commands: a group challenge's Join and Leave.
_PLACE_BUTTONS = {(action.prefix, action.action) for action in (CHALLENGE_JOIN, CHALLENGE_LEAVE)}


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
    """Knows every command, flow and button handler of the coach."""

    def __init__(
        self,
        *,
        flows: Iterable[Flow],
        buttons: ButtonRegistry,
        commands: Mapping[str, CommandHandler],
        intents: IntentRecognizer,
        has_profile: HasProfile,
        poll_flows: Mapping[str, PollFlow] | None = None,
        fallback_intents: FallbackIntents | None = None,
        onboarding: str = "onboarding",
        interceptor: Interceptor | None = None,
    ) -> None:
        self.flows: dict[str, Flow] = {flow.name: flow for flow in flows}
        self._buttons = buttons
        self.commands = dict(commands)
        self._intents = intents
        self._has_profile = has_profile
        self._poll_flows = dict(poll_flows or {})
        self._fallback_intents = fallback_intents
        self._onboarding = onboarding
        self._interceptor = interceptor
        buttons.on(MENU_LEAVE, self._leave)
        buttons.on(MENU_STAY, self._stay)
        buttons.check()

    async def route(self, turn: Turn) -> None:
        """Answer the turn's event."""
        kind = turn.event.kind
        if self._not_for_the_place(turn):
            return
        if kind == EventKind.COMMAND:
            if self._private_only(turn):
                return
            await self.run_command(turn, turn.event.command, turn.event.args)
        elif kind == EventKind.CHOICE:
            await self._choice(turn)
        elif kind == EventKind.POLL_ANSWER:
            await self._poll_answer(turn)
        else:
            await self._text(turn)

    # ------------------------------------------------------------------ commands
    def _not_for_the_place(self, turn: Turn) -> bool:
        """In a place that answers only what is meant for all of it (a Discord server), any
        other command or button points to the direct messages (True when answered so)."""
        event = turn.event
        if not event.ref.is_group or not turn.capabilities.group_actions_only:
            return False
        if event.kind is EventKind.COMMAND and canonical_command(event.command) in GROUP_COMMANDS:
            return False
        payload = parse(event.payload) if event.kind is EventKind.CHOICE else None
        if payload is not None and (payload.prefix, payload.action) in _PLACE_BUTTONS:
            return False
        turn.say("common/server_private")
        return True

    def _private_only(self, turn: Turn) -> bool:
        """A personal command given where the whole group would read the answer: point to the
        private chat instead (True when answered so)."""
        ref = turn.event.ref
        if not ref.is_group or turn.capabilities.private_group_answers:
            return False
        if canonical_command(turn.event.command) in GROUP_COMMANDS:
            return False
        turn.say("common/group_private")
        return True

    async def run_command(self, turn: Turn, name: str, args: tuple[str, ...] = ()) -> None:
        """Run a command, or explain that setup comes first, or that it is unknown."""
        if name not in self.commands:
            name = canonical_command(name)
        handler = self.commands.get(name)
        if turn.state.flow in ANSWERING_FLOWS and name in FLOW_COMMANDS:
            turn.say(
                "common/leave_flow",
                [
                    [turn.button("leave_flow", MENU_LEAVE.payload(name), command=name)],
                    [turn.button("stay_in_flow", MENU_STAY.payload(), flow=turn.state.flow)],
                ],
                flow=turn.state.flow,
                command=name,
            )
            return
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
        return not await self._has_profile(turn)

    async def resume_setup(self, turn: Turn) -> None:
        """Continue onboarding where the student left it (or begin it)."""
        if turn.state.flow == self._onboarding:
            await self.flows[self._onboarding].prompt(turn)
        else:
            await self.flows[self._onboarding].begin(turn)

    async def _leave(self, turn: Turn, payload: Payload) -> None:
        """The student chose to leave the running flow for a command."""
        name = payload.arg(0)
        if name not in FLOW_COMMANDS:
            await self.stale(turn)
            return
        turn.idle()
        await self.run_command(turn, name)

    async def _stay(self, turn: Turn, payload: Payload) -> None:
        """The student goes on with the running flow: ask its question again."""
        await self.reprompt(turn)

    # ------------------------------------------------------------------ buttons
    async def _choice(self, turn: Turn) -> None:
        payload = parse(turn.event.payload)
        found = self._buttons.handler(payload) if payload is not None else None
        if payload is None or found is None:
            await self.stale(turn)
            return
        handler, flow = found
        if flow is not None and turn.state.flow != flow:
            await self.stale(turn)
            return
        await handler(turn, payload)

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
        flow = self._poll_flows.get(turn.state.flow)
        if not key or flow is None:
            turn.say("common/quiz_over")
            return
        option = int(option_text) if option_text.isdigit() and len(option_text) < 3 else None
        await flow.on_answer(turn, key, option)

    # ------------------------------------------------------------------ free text
    async def _text(self, turn: Turn) -> None:
        if self._interceptor is not None and await self._interceptor(turn):
            return
        text = turn.event.text
        if text.startswith("/") and len(text) > 1 and not text[1].isspace():
            # A command the platform did not mark as one ("/bugün": Telegram's command entity
            # stops at the first non-Latin letter, and none starts with one).
            name, *args = text[1:].split()
            await self.run_command(turn, name.split("@")[0], tuple(args))
            return
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
