"""What channels keep in storage, behind ports: quiz polls they sent, the web chat's transcript
and the installation's generated secrets. `bot/channels` and `bot/handlers` reach these only
through the unit of work (`uow.channel_polls`, `uow.web_chat`, `uow.secrets`), never `storage`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from coach.messages import Choice, DocumentSpec


@dataclass(frozen=True, slots=True)
class ChannelPoll:
    """A quiz poll as the platform knows it (`poll_id`) and as the coach knows it."""

    poll_id: str
    channel: str
    chat_key: str
    user_key: str
    question_key: str
    options: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What a message offers for download (the content is fetched on its own)."""

    filename: str
    mime_type: str
    size: int
    alt: str = ""  # what a picture shows, in words (its alt text); "" for other files


@dataclass(frozen=True, slots=True)
class TranscriptMessage:
    """One stored message; `id` orders the transcript and is the cursor of a poll."""

    id: int
    role: str
    kind: str
    text: str
    template: str
    choices: tuple[tuple[Choice, ...], ...]
    created_at: datetime
    file: FileInfo | None = None
    replaced: bool = False  # stored again under its id, changed (a reply in place)


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to append: the student's words or a reply of the coach."""

    role: str
    kind: str
    text: str
    template: str = ""
    choices: tuple[tuple[Choice, ...], ...] = ()
    document: DocumentSpec | None = None
    alt: str = ""  # a picture's description, kept with its file
    replaces: int | None = None  # the id of the message it takes the place of


class ChannelPollRepository(Protocol):
    """Sent quiz polls: the platform's poll id to the question and the student."""

    async def add(self, poll: ChannelPoll) -> None:
        """Remember a sent poll."""
        ...

    async def get(self, poll_id: str) -> ChannelPoll | None:
        """A sent poll by the platform's id."""
        ...

    async def delete_older_than(self, cutoff: datetime) -> int:
        """Forget polls sent before `cutoff`; returns how many."""
        ...


class WebTranscript(Protocol):
    """The web chat's short history per browser, and the files its messages offer."""

    async def user_id(self, web_key: str) -> int | None:
        """The student behind a browser's id."""
        ...

    async def append(
        self, user_id: int, messages: Sequence[NewMessage], now: datetime
    ) -> list[TranscriptMessage]:
        """Add messages to the student's transcript; returns them as stored."""
        ...

    async def recent(self, web_key: str, limit: int) -> list[TranscriptMessage]:
        """The newest `limit` messages, oldest first."""
        ...

    async def after(self, web_key: str, after_id: int, limit: int) -> list[TranscriptMessage]:
        """Messages newer than `after_id`, oldest first."""
        ...

    async def file(self, web_key: str, message_id: int) -> tuple[str, str, bytes] | None:
        """A document one of this browser's messages offers: name, type, content."""
        ...

    async def prune(self, user_id: int, keep: int) -> None:
        """Keep only the newest `keep` messages of a student."""
        ...

    async def replace(
        self, user_id: int, message_id: int, message: NewMessage
    ) -> TranscriptMessage | None:
        """Store `message` in place of one of the student's messages (same id and place);
        None when that message is gone."""
        ...


class InstanceSecrets(Protocol):
    """Secrets generated once per installation and shared by every process."""

    async def get_or_create(self, name: str, make: Callable[[], str], now: datetime) -> str:
        """The secret called `name`, created with `make()` when there is none yet."""
        ...
