"""The button contract: every payload prefix and action, declared once.

A payload is a short ASCII string `<prefix>:<action>[:<arg>...]`. Telegram allows 64 bytes of
callback data and the channel adds a signature, so a payload stays within `MAX_PAYLOAD_BYTES`.
Payloads name objects by id; the engine checks that the object exists, belongs to the student
and is in a state where the action makes sense, so an old button gets a polite answer.

Producers (the conversation, pushes, the weekly review) build payloads only through a declared
`Button`, so nothing can send an action no handler answers; the dialogue engine registers one
handler per declared button, and building it fails when one is missing (`ButtonRegistry.check`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

MAX_PAYLOAD_BYTES = 40
SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class Payload:
    """A parsed button payload."""

    prefix: str
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str = "") -> str:
        """The argument at `index`, or `default`."""
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int) -> int | None:
        """The argument at `index` as an integer, or None when absent or not a number."""
        value = self.arg(index)
        return int(value) if value.isdigit() and len(value) < 12 else None


def parse(raw: str) -> Payload | None:
    """Parse a payload; None when it is not one of ours."""
    if not raw or len(raw) > 64 or not raw.isascii():
        return None
    parts = raw.split(SEPARATOR)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    return Payload(parts[0], parts[1], tuple(parts[2:]))


@dataclass(frozen=True, slots=True)
class Button:
    """One declared action of a prefix; `args` name what the payload carries."""

    prefix: str
    action: str
    args: tuple[str, ...] = ()

    def payload(self, *values: object) -> str:
        """The payload for these argument values; raises when it would not fit a button."""
        if len(values) != len(self.args):
            raise ValueError(f"{self.key} takes {self.args}, got {values!r}")
        text = SEPARATOR.join([self.prefix, self.action, *(str(v) for v in values)])
        if len(text.encode()) > MAX_PAYLOAD_BYTES or not text.isascii():
            raise ValueError(f"payload too long or not ASCII: {text!r}")
        return text

    @property
    def key(self) -> str:
        """`prefix:action`."""
        return f"{self.prefix}{SEPARATOR}{self.action}"


@dataclass
class ButtonGroup:
    """The actions of one prefix, owned by one feature or flow."""

    prefix: str
    owner: str
    actions: dict[str, Button] = field(default_factory=dict)

    def action(self, name: str, *args: str) -> Button:
        """Declare an action; declaring one twice is an error."""
        if name in self.actions:
            raise ValueError(f"button {self.prefix}:{name} declared twice")
        button = Button(self.prefix, name, tuple(args))
        self.actions[name] = button
        return button


class ButtonCatalog:
    """Every declared prefix; a prefix belongs to one owner."""

    def __init__(self) -> None:
        self.groups: dict[str, ButtonGroup] = {}

    def group(self, prefix: str, owner: str) -> ButtonGroup:
        """Declare a prefix; declaring it again (by anyone) is an error."""
        if prefix in self.groups:
            raise ValueError(
                f"button prefix {prefix!r} declared twice ({self.groups[prefix].owner})"
            )
        if SEPARATOR in prefix or not prefix.isascii():
            raise ValueError(f"bad button prefix {prefix!r}")
        self.groups[prefix] = ButtonGroup(prefix, owner)
        return self.groups[prefix]

    def find(self, payload: Payload) -> Button | None:
        """The declared button a parsed payload is for."""
        group = self.groups.get(payload.prefix)
        return group.actions.get(payload.action) if group else None

    def all(self) -> list[Button]:
        """Every declared button."""
        return [b for g in self.groups.values() for b in g.actions.values()]


Handler = Callable[[Any, Payload], Awaitable[None]]


class UnansweredButton(LookupError):
    """A declared button has no handler, or a handler answers an undeclared button."""


class ButtonRegistry:
    """Handlers by declared button; `check` proves the contract is complete."""

    def __init__(self, catalog: ButtonCatalog) -> None:
        self.catalog = catalog
        self._handlers: dict[str, tuple[Handler, str | None]] = {}

    def on(self, button: Button, handler: Handler, *, flow: str | None = None) -> None:
        """Answer `button` with `handler`; with `flow`, only while that flow is running."""
        if self.catalog.find(Payload(button.prefix, button.action)) != button:
            raise UnansweredButton(f"{button.key} is not declared")
        if button.key in self._handlers:
            raise UnansweredButton(f"{button.key} has two handlers")
        self._handlers[button.key] = (handler, flow)

    def on_all(
        self, buttons: Iterable[Button], handler: Handler, *, flow: str | None = None
    ) -> None:
        """One handler for several buttons (a flow's step answers)."""
        for button in buttons:
            self.on(button, handler, flow=flow)

    def handler(self, payload: Payload) -> tuple[Handler, str | None] | None:
        """The handler of a parsed payload and the flow it needs, or None."""
        button = self.catalog.find(payload)
        return self._handlers.get(button.key) if button is not None else None

    def check(self) -> None:
        """Fail when a declared button has no handler."""
        missing = [b.key for b in self.catalog.all() if b.key not in self._handlers]
        if missing:
            raise UnansweredButton(f"buttons without a handler: {', '.join(sorted(missing))}")
