"""Turning an outbox row into a channel reply, and a delivery outcome into outbox updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coach.messages import ChannelKind, ChannelRef, Choice, Reply
from coach.notifications import Ack, OutboxItem, OutboxStatus, Retry, Settle
from prompts import render


def reply_for(item: OutboxItem) -> Reply:
    """The message of a stored push, rendered in the student's language now."""
    text = render(item.template, item.locale, **item.context)
    choices = tuple(
        tuple(Choice(label=render(c.label, item.locale), payload=c.payload) for c in row)
        for row in item.choices
    )
    meta = {"dedupe_key": item.dedupe_key, "outbox_id": item.id, "kind": item.kind.value}
    photo = str(item.context.get("photo") or "")
    channel, _, file_id = photo.partition(":")
    if file_id and channel == item.address.channel:  # a platform file id works on its platform
        meta["photo_ref"] = file_id
    elif file_id and channel == "url" and item.address.channel == "telegram":
        meta["photo_ref"] = file_id  # a picture's URL (from Discord): Telegram fetches it
    elif file_id and channel == "url":
        # Discord to Discord (or the web chat): the picture's address under the text, which
        # Discord shows as the image itself.
        text = f"{text}\n{file_id}"
    return Reply(text=text, template=item.template, choices=choices, meta=meta)


def ref_for(item: OutboxItem) -> ChannelRef:
    """Where a stored push goes."""
    address = item.address
    return ChannelRef(
        channel=ChannelKind(address.channel),
        user_key=address.user_key,
        chat_key=address.chat_key,
        is_group=address.is_group,
    )


@dataclass(frozen=True, slots=True)
class Unreachable:
    """The platform refuses this recipient: close the row, mark the account, drop its queue."""

    settle: Settle
    channel: str
    user_key: str
    chat_key: str


Outcome = Ack | Retry | Settle | Unreachable


@dataclass
class DispatchReport:
    """What one dispatcher run did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    released: int = 0
    deferred: int = 0
    dropped: int = 0
    dead: int = 0
    failed: int = 0
    drop_reasons: dict[str, int] = field(default_factory=dict)

    def add(self, other: DispatchReport) -> None:
        """Fold another report into this one."""
        names = ("claimed", "sent", "retried", "released", "deferred", "dropped", "dead", "failed")
        for name in names:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, count in other.drop_reasons.items():
            self.drop_reasons[reason] = self.drop_reasons.get(reason, 0) + count

    def count(self, outcome: Outcome) -> None:
        """Count one outcome."""
        if isinstance(outcome, Ack):
            self.sent += 1
        elif isinstance(outcome, Unreachable):
            self.failed += 1
        elif isinstance(outcome, Retry):
            if outcome.count_attempt:
                self.retried += 1
            else:
                self.released += 1
        elif outcome.status is OutboxStatus.DEAD:
            self.dead += 1
        else:
            self.dropped += 1
            self.drop_reasons[outcome.reason] = self.drop_reasons.get(outcome.reason, 0) + 1


def backoff_seconds(attempt: int, base: float, ceiling: float) -> float:
    """Exponential backoff: base, 2×base, 4×base ... capped at `ceiling`."""
    return float(min(base * 2 ** max(attempt - 1, 0), ceiling))


def describe(error: BaseException) -> str:
    """A short reason for the dead-letter column, never longer than a line or two."""
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:500]


def lease_left(item: OutboxItem, now: datetime) -> float:
    """Seconds this dispatcher still owns the row."""
    if item.lease_expires_at is None:
        return 0.0
    return (item.lease_expires_at - now).total_seconds()
