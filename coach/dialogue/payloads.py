"""Button payloads: short ASCII strings `<flow>:<action>[:<arg>...]`.

Telegram allows 64 bytes of callback data and the channel adds a signature, so a payload stays
within `MAX_PAYLOAD_BYTES`. Payloads name objects by id; the engine checks that the object exists,
belongs to the student and is in a state where the action makes sense, so an old button gets a
polite answer instead of doing something unexpected.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PAYLOAD_BYTES = 40
SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class Payload:
    """A parsed button payload."""

    flow: str
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str = "") -> str:
        """The argument at `index`, or `default`."""
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int) -> int | None:
        """The argument at `index` as an integer, or None when absent or not a number."""
        value = self.arg(index)
        return int(value) if value.isdigit() and len(value) < 12 else None


def make(flow: str, action: str, *args: object) -> str:
    """Build a payload; raises ValueError when it would not fit a Telegram button."""
    payload = SEPARATOR.join([flow, action, *(str(arg) for arg in args)])
    if len(payload.encode()) > MAX_PAYLOAD_BYTES or not payload.isascii():
        raise ValueError(f"payload too long or not ASCII: {payload!r}")
    return payload


def parse(raw: str) -> Payload | None:
    """Parse a payload; None when it is not one of ours."""
    if not raw or len(raw) > 64 or not raw.isascii():
        return None
    parts = raw.split(SEPARATOR)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    return Payload(parts[0], parts[1], tuple(parts[2:]))
