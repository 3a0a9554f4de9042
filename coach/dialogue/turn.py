"""One turn of a conversation: the student, their dialogue state, and the replies being built."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from coach.core.channels import ChannelCapabilities
from coach.core.uow import UnitOfWork
from coach.domain import DialogueState, User
from coach.messages import Choice, InboundEvent, Reply, ReplyKind
from prompts import render, render_label

IDLE = "idle"


def button(locale: str, name: str, payload: str, style: str = "default", **context: Any) -> Choice:
    """A choice whose label is the template `buttons/<name>`."""
    return Choice(
        label=render_label(f"buttons/{name}", locale, **context), payload=payload, style=style
    )


@dataclass
class Turn:
    """Everything a flow needs to answer one event, inside one unit of work."""

    uow: UnitOfWork
    user: User
    state: DialogueState
    event: InboundEvent
    capabilities: ChannelCapabilities
    now: datetime
    replies: list[Reply] = field(default_factory=list)
    deleted: bool = False  # the student deleted their data; nothing more is saved
    has_profile: bool = False  # known at the start of the turn; onboarding may create one

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
        """The student's local date."""
        return self.now.astimezone(ZoneInfo(self.user.timezone)).date()

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
        """Render a template in the student's language."""
        return render(template, self.locale, **context)

    def say(
        self,
        template: str,
        choices: Sequence[Sequence[Choice]] | Iterable[Choice] = (),
        **context: Any,
    ) -> Reply:
        """Add a text reply from a template, with optional rows of buttons."""
        reply = Reply(
            text=self.text(template, **context),
            template=template,
            choices=_rows(choices),
        )
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
