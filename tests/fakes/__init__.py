"""Fakes for services this machine cannot reach, and for time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coach.core.channels import ChannelCapabilities
from coach.messages import ChannelRef, Reply


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.current = start

    def now(self) -> datetime:
        """The frozen moment."""
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move time forward, e.g. `advance(minutes=15)`."""
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        self.current = moment


@dataclass
class FakeChannel:
    """Records what would have been sent."""

    name: str = "fake"
    capabilities: ChannelCapabilities = field(default_factory=ChannelCapabilities)
    sent: list[tuple[ChannelRef, Reply]] = field(default_factory=list)

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Record the reply; returns a fake message id."""
        self.sent.append((to, reply))
        return str(len(self.sent))
