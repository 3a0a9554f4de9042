"""What a flow is: a set of steps that answer text, button presses and quiz answers."""

from __future__ import annotations

from typing import Protocol

from coach.dialogue.payloads import Payload
from coach.dialogue.turn import Turn


class Flow(Protocol):
    """A multi-step conversation whose position is kept in the dialogue state."""

    name: str
    payload_prefix: str

    async def begin(self, turn: Turn) -> None:
        """Enter the flow at its first step and ask the first question."""
        ...

    async def prompt(self, turn: Turn) -> None:
        """Ask (again) the question of the current step."""
        ...

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Take typed text at the current step; False when the step does not expect text."""
        ...

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Take a button press addressed to this flow."""
        ...


class ActionGroup(Protocol):
    """Buttons that act on objects (a session, a plan proposal) rather than on a flow step."""

    payload_prefix: str

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Act on a button press; answer politely when the object is gone or already handled."""
        ...
