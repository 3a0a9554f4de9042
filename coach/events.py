"""Domain events: the moments of a student's life that other features react to.

A use case records an event on its unit of work (`await uow.record(event)`); the unit of work
hands it at once to the subscribers registered for its type, inside the same transaction. So
a subscriber's writes (a ledger row, a decision, an outbox row for a push) are committed with
the change that caused them, and rolled back with it: a failed use case leaves no trace and a
committed one loses nothing. Subscribers may record further events (a struggle detected after
a session rated "too hard"); the chain is bounded so a mistake cannot loop for ever.

The one table of which subscriber reacts to which event is `coach.reactions.subscriptions`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from coach.core.uow import UnitOfWork

MAX_CHAIN = 8  # events caused by events caused by ...; deeper means a subscriber loops


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened to one student at one moment; subclasses add the facts."""

    user_id: int
    at: datetime


E = TypeVar("E", bound=DomainEvent)
Subscriber = Callable[["UnitOfWork", Any], Awaitable[None]]


class EventChainTooDeep(RuntimeError):
    """Subscribers kept recording events in reaction to each other."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One subscriber of one event type; `outside` marks reactions that reach the outside
    world (through an outbox row) rather than changing the coach's own records."""

    event_type: type[DomainEvent]
    name: str
    react: Subscriber
    outside: bool = False


@dataclass
class EventBus:
    """The subscriptions of a running coach, by event type, in registration order."""

    subscriptions: list[Subscription] = field(default_factory=list)

    def subscribe(
        self,
        event_type: type[E],
        react: Callable[[UnitOfWork, E], Awaitable[None]],
        *,
        name: str,
        outside: bool = False,
    ) -> None:
        """Let `react` run whenever an event of `event_type` (or a subclass) is recorded."""
        if any(s.event_type is event_type and s.name == name for s in self.subscriptions):
            raise ValueError(f"{name!r} already subscribes to {event_type.__name__}")
        self.subscriptions.append(Subscription(event_type, name, react, outside))

    def subscribers_of(self, event: DomainEvent) -> Sequence[Subscription]:
        """Who reacts to this event."""
        return [s for s in self.subscriptions if isinstance(event, s.event_type)]

    async def publish(self, uow: UnitOfWork, event: DomainEvent, depth: int = 0) -> None:
        """Run every subscriber of the event inside the unit of work's transaction."""
        if depth > MAX_CHAIN:
            raise EventChainTooDeep(type(event).__name__)
        for subscription in self.subscribers_of(event):
            await subscription.react(uow, event)

    def table(self) -> list[tuple[str, list[str]]]:
        """(event name, subscriber names) for every event type with subscribers."""
        rows: dict[str, list[str]] = {}
        for subscription in self.subscriptions:
            rows.setdefault(subscription.event_type.__name__, []).append(subscription.name)
        return list(rows.items())


class EventLog:
    """The events one unit of work recorded, in order, and the bus that hears them."""

    def __init__(self, bus: EventBus | None = None) -> None:
        self._bus = bus or EventBus()
        self._events: list[DomainEvent] = []
        self._depth = 0

    @property
    def events(self) -> Sequence[DomainEvent]:
        """Everything recorded so far."""
        return tuple(self._events)

    async def record(self, uow: UnitOfWork, event: DomainEvent) -> None:
        """Keep the event and let its subscribers react now (events they record nest)."""
        self._events.append(event)
        self._depth += 1
        try:
            await self._bus.publish(uow, event, self._depth)
        finally:
            self._depth -= 1

    def since(self, count: int) -> Sequence[DomainEvent]:
        """The events recorded after the first `count`."""
        return tuple(self._events[count:])


def of_type(events: Iterable[DomainEvent], event_type: type[E]) -> list[E]:
    """The events of one type, in order."""
    return [event for event in events if isinstance(event, event_type)]
