"""Events of the Q&A forum."""

from __future__ import annotations

from dataclasses import dataclass

from coach.events import DomainEvent
from coach.forum.model import Post


@dataclass(frozen=True, kw_only=True)
class ForumQuestionAsked(DomainEvent):
    """A question was posted: it is mirrored where a forum channel or topic is configured."""

    post: Post


@dataclass(frozen=True, kw_only=True)
class ForumAnswerGiven(DomainEvent):
    """An answer was posted (in the chat or back from a mirror): the asker is told, and an
    answer from the chat is mirrored."""

    post: Post
    asker_id: int | None


@dataclass(frozen=True, kw_only=True)
class ForumAnswerAccepted(DomainEvent):
    """The asker accepted an answer."""

    post: Post


@dataclass(frozen=True, kw_only=True)
class ForumPostHidden(DomainEvent):
    """Reports hid a post until an operator decides."""

    post: Post
