"""Events of the plans feature: a plan activated, a re-plan proposed, accepted or declined."""

from __future__ import annotations

from dataclasses import dataclass

from coach.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ProfileSaved(DomainEvent):
    """The student's goal or study constraints were saved (`first` at the end of onboarding)."""

    first: bool


@dataclass(frozen=True, kw_only=True)
class PlanActivated(DomainEvent):
    """A preview became the student's active plan."""

    plan_id: int
    pack_id: str
    first_plan: bool


@dataclass(frozen=True, kw_only=True)
class ReplanProposed(DomainEvent):
    """A re-plan waits for the student's consent; `cause` says what asked for it."""

    proposal_id: int
    plan_id: int
    cause: str
    added: int
    moved: int
    removed: int


@dataclass(frozen=True, kw_only=True)
class PlanReplanned(DomainEvent):
    """The student accepted a proposal: the plan's future is the proposal's."""

    proposal_id: int
    plan_id: int
    cause: str


@dataclass(frozen=True, kw_only=True)
class ReplanDeclined(DomainEvent):
    """The student kept their plan."""

    proposal_id: int
    plan_id: int
    cause: str
