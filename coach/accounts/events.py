"""Events of the accounts feature: pauses, links between channel accounts, deletions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class StudentPaused(DomainEvent):
    """Pushes stop until `until` (None: until resumed)."""

    until: date | None


@dataclass(frozen=True, kw_only=True)
class StudentResumed(DomainEvent):
    """Pushes start again."""


@dataclass(frozen=True, kw_only=True)
class AccountsLinked(DomainEvent):
    """Another channel account (of student `joined_user_id`) became part of this student."""

    joined_user_id: int


@dataclass(frozen=True, kw_only=True)
class DataDeleted(DomainEvent):
    """The student erased everything; nothing about them is left."""
