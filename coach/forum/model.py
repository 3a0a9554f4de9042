"""Records of the Q&A forum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_QUESTION = 1000
MAX_ANSWER = 1500
MIN_QUESTION = 10


class PostKind(StrEnum):
    """A thread opens with a question; the rest are answers."""

    QUESTION = "question"
    ANSWER = "answer"


class PostStatus(StrEnum):
    """Moderation state of a post."""

    VISIBLE = "visible"
    HIDDEN = "hidden"  # reported often enough; waits for an operator
    KEPT = "kept"  # an operator looked and kept it: reports no longer hide it
    REMOVED = "removed"  # an operator removed it


SHOWN = frozenset({PostStatus.VISIBLE, PostStatus.KEPT})


@dataclass(frozen=True, slots=True)
class Post:
    """A question or an answer. `user_id` is None for an answer given on a mirror (Discord,
    Telegram) by someone without a coach account; `author` is what others see."""

    id: int
    thread_id: int
    user_id: int | None
    kind: PostKind
    pack_id: str
    topic_id: str | None
    text: str
    status: PostStatus
    created_at: datetime
    author: str = ""
    photo: str | None = None
    votes: int = 0
    reports: int = 0
    source: str = "chat"


@dataclass(frozen=True, slots=True)
class Thread:
    """A question with its answers (best voted first). `question` is None when the asker
    deleted their account: the answers of others stay, shown under a deleted student."""

    id: int
    pack_id: str
    topic_id: str | None
    question: Post | None
    answers: tuple[Post, ...]
    accepted_post_id: int | None
    created_at: datetime

    @property
    def asker_id(self) -> int | None:
        """Who asked (None once they deleted their account)."""
        return self.question.user_id if self.question else None


@dataclass(frozen=True, slots=True)
class NewQuestion:
    """A question to store (already checked)."""

    user_id: int
    pack_id: str
    topic_id: str | None
    text: str
    photo: str | None = None


@dataclass(frozen=True, slots=True)
class Mirror:
    """Where a thread is mirrored: a place (`discord:<forum channel id>`) and the id of the
    thread or message there."""

    thread_id: int
    channel: str
    place_id: str


@dataclass(frozen=True, slots=True)
class ForumPolicy:
    """Limits of the forum."""

    hide_after_reports: int = 3
    questions_per_day: int = 5
    answers_per_hour: int = 10
    similar_shown: int = 3


DEFAULT_FORUM_POLICY = ForumPolicy()
