"""The contract between channels and the dialogue engine.

A channel handler builds an `InboundEvent`, awaits `engine.handle(event, capabilities)` and sends
each returned `Reply` in order. The engine never raises for bad input: it answers politely.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from coach.core.channels import ChannelCapabilities
from coach.messages import InboundEvent, Reply


class ConversationEngine(Protocol):
    """What every channel talks to."""

    async def handle(
        self, event: InboundEvent, capabilities: ChannelCapabilities
    ) -> Sequence[Reply]:
        """Answer one event with zero or more replies (usually one or more)."""
        ...
