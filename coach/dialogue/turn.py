"""One turn of a conversation: the student, their dialogue state, and the replies being built.

Flows and button handlers never touch the unit of work: they call use cases through
`turn.run(use_case, command)`, which hands the use case this turn's unit of work and `now`
and remembers the events it recorded, so the reactions to them (a struggle detected, resources
picked, a tutor offered) can be shown (`turn.react()`; the engine shows any left at the end).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from coach.core.channels import ChannelCapabilities
from coach.core.clock import DAY_START, study_day
from coach.core.uow import UnitOfWork
from coach.domain import DialogueState, User
from coach.events import DomainEvent
from coach.messages import Choice, EventKind, InboundEvent, Reply, ReplyKind
from prompts import render, render_label

IDLE = "idle"
C = TypeVar("C")
R = TypeVar("R")
UseCase = Callable[[UnitOfWork, datetime, C], Awaitable[R]]


class Reactions(Protocol):
    """Shows the student what subscribers did in reaction to the events of a turn."""

    async def show(self, turn: Turn, events: Sequence[DomainEvent], *, final: bool) -> None:
        """Render the reactions to `events`; `final` at the end of the turn."""
        ...


TermsSource = Callable[[str | None, str], Mapping[str, Any]]


class _NoReactions:
    async def show(self, turn: Turn, events: Sequence[DomainEvent], *, final: bool) -> None:
        return None


def button(locale: str, name: str, payload: str, style: str = "default", **context: Any) -> Choice:
    """A choice whose label is the template `buttons/<name>`."""
    return Choice(
        label=render_label(f"buttons/{name}", locale, **context), payload=payload, style=style
    )


@dataclass
class Turn:
    """Everything a flow needs to answer one event, inside one unit of work."""

    _work: UnitOfWork
    user: User
    state: DialogueState
    event: InboundEvent
    capabilities: ChannelCapabilities
    now: datetime
    replies: list[Reply] = field(default_factory=list)
    deleted: bool = False  # the student deleted their data; nothing more is saved
    has_profile: bool = False  # known at the start of the turn; onboarding may create one
    reactions: Reactions = field(default_factory=_NoReactions)
    pack_id: str | None = None  # the student's exam, from the profile (None before onboarding)
    # An open booked tutor session at the start of the turn (/today skips the lookup without).
    has_bookings: bool = True
    # An accepted or joined challenge at the start of the turn (Done skips the read without).
    has_challenges: bool = True
    terms: TermsSource | None = None
    day_start: time = DAY_START  # when the student's study day begins (the instance's setting)
    _shown: int = 0  # events of the unit of work whose reactions were shown
    _closed: bool = False  # the closing reactions (a re-plan proposal) were shown

    @property
    def exam(self) -> Mapping[str, Any]:
        """The exam's own words for templates (`exam.mock`, `exam.uses_net` ...)."""
        pack_id = self.pack_id or self.state.data.get("pack_id")
        if self.terms is None:
            return {}
        return self.terms(pack_id if isinstance(pack_id, str) else None, self.locale)

    # ------------------------------------------------------------------ use cases
    async def run(self, use_case: UseCase[C, R], command: C) -> R:
        """Run a use case inside this turn's unit of work."""
        return await use_case(self._work, self.now, command)

    @property
    def recorded(self) -> Sequence[DomainEvent]:
        """Every event recorded in this turn so far."""
        return self._work.recorded

    async def react(self, *, final: bool = False) -> None:
        """Show the reactions to the events recorded since the last call."""
        events = self._work.recorded
        fresh = events[self._shown :]
        self._shown = len(events)
        # A handler may close its reactions itself (to ask its question after them); the
        # engine's closing call then has nothing new and does not propose a re-plan again.
        if fresh or (final and not self._closed):
            await self.reactions.show(self, fresh, final=final)
        self._closed = self._closed or final

    # ------------------------------------------------------------------ who and when
    @property
    def locale(self) -> str:
        """The student's language."""
        return self.user.locale

    @property
    def data(self) -> dict[str, Any]:
        """The answers collected by the current flow (a copy; write with `update`)."""
        return dict(self.state.data)

    def today(self) -> date:
        """The student's local calendar date (where a plan starts, what "tomorrow" means)."""
        return self.now.astimezone(ZoneInfo(self.user.timezone)).date()

    def study_day(self) -> date:
        """The student's study day: the local date, with the day starting at 04:00.

        At 01:30 a student still up is finishing yesterday's sessions; /today, Done, the
        check-in and the week show that day, as XP and streaks count it."""
        return study_day(self.now, self.user.timezone, self.day_start)

    def local_now(self) -> datetime:
        """The student's local time."""
        return self.now.astimezone(ZoneInfo(self.user.timezone))

    # ------------------------------------------------------------------ state
    def goto(self, flow: str, step: str, data: Mapping[str, Any] | None = None) -> None:
        """Move the conversation to a flow and step (keeping the data unless given)."""
        self.state = dataclasses.replace(
            self.state, flow=flow, step=step, data=dict(self.state.data if data is None else data)
        )

    def update(self, **values: Any) -> None:
        """Remember answers in the current flow's data."""
        merged = dict(self.state.data)
        merged.update(values)
        self.state = dataclasses.replace(self.state, data=merged)

    def idle(self) -> None:
        """End the current flow."""
        self.state = dataclasses.replace(self.state, flow=IDLE, step="", data={})

    def set_user(self, **changes: Any) -> None:
        """Change fields of the student (saved by the engine at the end of the turn)."""
        self.user = dataclasses.replace(self.user, **changes)

    # ------------------------------------------------------------------ replies
    def text(self, template: str, **context: Any) -> str:
        """Render a template in the student's language; every template may use `exam`."""
        context.setdefault("exam", self.exam)
        return render(template, self.locale, **context)

    def say(
        self,
        template: str,
        choices: Sequence[Sequence[Choice]] | Iterable[Choice] = (),
        *,
        expects: object = None,
        **context: Any,
    ) -> Reply:
        """Add a text reply from a template, with optional rows of buttons. `expects="number"`
        marks a question answered by a typed number (minutes), so a channel that presses
        buttons by number (the terminal) reads "10" as ten, not as button 10."""
        reply = Reply(
            text=self.text(template, **context),
            template=template,
            choices=_rows(choices),
            meta={"expects": expects} if isinstance(expects, str) else {},
        )
        self.replies.append(reply)
        return reply

    def say_in_place(
        self,
        template: str,
        choices: Sequence[Sequence[Choice]] | Iterable[Choice] = (),
        **context: Any,
    ) -> Reply:
        """Like `say`, but the reply replaces the message whose button was pressed (a screen
        of switches redrawn after a tap); without such a message it is a new one."""
        said = self.say(template, choices, **context)
        if self.event.kind is not EventKind.CHOICE or not self.event.message_key:
            return said
        reply = dataclasses.replace(said, replaces=self.event.message_key)
        self.replies[-1] = reply
        return reply

    def say_text(
        self,
        text: str,
        template: str,
        choices: Sequence[Sequence[Choice]] | Iterable[Choice] = (),
    ) -> Reply:
        """Add a reply whose text is already rendered (several templates joined in one)."""
        reply = Reply(text=text, template=template, choices=_rows(choices))
        self.replies.append(reply)
        return reply

    def add(self, reply: Reply) -> None:
        """Add a prepared reply."""
        self.replies.append(reply)

    def button(self, name: str, payload: str, style: str = "default", **context: Any) -> Choice:
        """A button labelled with the template `buttons/<name>` in the student's language."""
        return button(self.locale, name, payload, style, **context)

    def typing(self) -> None:
        """Tell the channel a slow step is coming."""
        self.replies.append(Reply(text="", kind=ReplyKind.TYPING))


def _rows(choices: Sequence[Sequence[Choice]] | Iterable[Choice]) -> tuple[tuple[Choice, ...], ...]:
    """Accept either rows of choices or a flat list (one button per row)."""
    items = list(choices)
    if not items:
        return ()
    if isinstance(items[0], Choice):
        return tuple((choice,) for choice in items)  # type: ignore[misc]
    return tuple(tuple(row) for row in items)  # type: ignore[arg-type]
