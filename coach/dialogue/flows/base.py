"""What a flow is: a set of steps that answer text and the buttons it registered."""

from __future__ import annotations

from typing import Protocol

from coach.dialogue.turn import Turn


class Flow(Protocol):
    """A multi-step conversation whose position is kept in the dialogue state.

    Its buttons are registered with the `ButtonRegistry` under its name, so they only count
    while the flow runs; a button of an earlier flow is answered as stale.
    """

    name: str

    async def begin(self, turn: Turn) -> None:
        """Enter the flow at its first step and ask the first question."""
        ...

    async def prompt(self, turn: Turn) -> None:
        """Ask (again) the question of the current step."""
        ...

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Take typed text at the current step; False when the step does not expect text."""
        ...
