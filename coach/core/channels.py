"""What the coach needs from a channel: delivery of replies, and the errors delivery can meet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from coach.messages import ChannelRef, Reply


class DeliveryError(Exception):
    """A reply could not be delivered."""


class RecipientUnreachable(DeliveryError):
    """The platform refuses messages to this recipient (Telegram 403, Discord 50007)."""


class RateLimited(DeliveryError):
    """The platform asked us to slow down; retry after `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TransientDeliveryError(DeliveryError):
    """A network failure or server error; worth retrying with backoff."""


@dataclass(frozen=True, slots=True)
class ChannelCapabilities:
    """What a channel can show, so the engine can adapt (e.g. quiz polls vs. buttons)."""

    native_quiz: bool = False
    buttons: bool = True
    max_message_length: int = 4096
    documents: bool = True
    html: bool = False
    # Whether an answer to a command given in a group is seen by the asker alone (Discord's
    # ephemeral answers); False where the whole group reads it (a Telegram group).
    private_group_answers: bool = True
    # Whether a group place answers only what is meant for the whole place (the group
    # commands and the challenge's Join button): a Discord server, where personal study
    # happens in direct messages.
    group_actions_only: bool = False


class Channel(Protocol):
    """Delivers replies to a chat on one platform."""

    name: str
    capabilities: ChannelCapabilities

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Deliver one reply; returns the platform message id when there is one.

        Raises RecipientUnreachable, RateLimited or TransientDeliveryError; the caller decides
        whether to mark the recipient, wait, or retry.
        """
        ...
