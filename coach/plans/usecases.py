"""Use cases of the plans feature, each taking a unit of work, `now` and a command.

Preview and activate a plan; propose a re-plan (after a check-in, a struggle, a settings
change, "I can't study tomorrow", the weekly review, the nightly run); accept or keep it; and
the reads the conversation shows (the active plan, a day, a week, the draft waiting).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from coach.core.uow import UnitOfWork
from coach.domain import PlanStatus, Profile, StudyPlan, StudySession, User
from coach.plans.events import ProfileSaved
from coach.plans.service import Answer, PlanningService, Proposal


@dataclass(frozen=True, slots=True)
class ForStudent:
    """A command or query about one student and nothing else."""

    user_id: int


@dataclass(frozen=True, slots=True)
class SaveProfile:
    """Save the student's goal and constraints (the whole profile)."""

    profile: Profile


@dataclass(frozen=True, slots=True)
class Preview:
    """A fresh draft plan and its sessions (None when the student has no profile yet)."""

    draft: StudyPlan | None
    sessions: Sequence[StudySession] = ()


class Activation(StrEnum):
    """What became of a tap on "Start this plan"."""

    ACTIVATED = "activated"
    ALREADY = "already"
    OUTDATED = "outdated"  # an older preview, or not a preview at all
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class ActivatePlan:
    """Make the named preview the active plan."""

    user_id: int
    plan_id: int


@dataclass(frozen=True, slots=True)
class ProposeReplan:
    """Re-plan from now for the student's consent; `away` are days off just declared."""

    user_id: int
    cause: str = "replan"
    away: tuple[date, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnswerProposal:
    """Accept or keep the named proposal."""

    user_id: int
    proposal_id: int
    accept: bool


@dataclass(frozen=True, slots=True)
class ProposalAnswer:
    """What the tap did, and the proposal it was about."""

    answer: Answer
    proposal: StudyPlan | None = None


@dataclass(frozen=True, slots=True)
class Sessions:
    """The active plan (None when there is none) and some of its sessions."""

    plan: StudyPlan | None
    sessions: Sequence[StudySession] = ()
    draft: StudyPlan | None = None  # a preview waiting to be started, when no plan is active


@dataclass(frozen=True, slots=True)
class SessionsBetween:
    """Sessions of the active plan from `first` to `last` (either may be open)."""

    user_id: int
    first: date | None = None
    last: date | None = None


class PlanUseCases:
    """The plans feature's use cases over the planning service."""

    def __init__(self, planning: PlanningService) -> None:
        self.planning = planning

    async def _user(self, uow: UnitOfWork, user_id: int) -> User:
        user = await uow.users.get(user_id)
        if user is None:
            raise LookupError(f"no user {user_id}")
        return user

    async def profile(self, uow: UnitOfWork, now: datetime, query: ForStudent) -> Profile | None:
        """The student's profile (goal and constraints), if onboarding reached it."""
        return await uow.profiles.get(query.user_id)

    async def save_profile(self, uow: UnitOfWork, now: datetime, command: SaveProfile) -> None:
        """Insert or replace the profile."""
        first = await uow.profiles.get(command.profile.user_id) is None
        await uow.profiles.save(command.profile)
        await uow.record(ProfileSaved(user_id=command.profile.user_id, at=now, first=first))

    async def active(self, uow: UnitOfWork, now: datetime, query: ForStudent) -> StudyPlan | None:
        """The student's active plan."""
        return await uow.plans.active_for(query.user_id)

    async def preview(self, uow: UnitOfWork, now: datetime, command: ForStudent) -> Preview:
        """Build a fresh plan from the profile and keep it as the student's draft."""
        profile = await uow.profiles.get(command.user_id)
        if profile is None:
            return Preview(None)
        user = await self._user(uow, command.user_id)
        draft = await self.planning.preview(uow, user, profile, now)
        return Preview(draft, await uow.plans.sessions(draft.id))

    async def activate(self, uow: UnitOfWork, now: datetime, command: ActivatePlan) -> Activation:
        """Start the named preview (one tap); an older or foreign one is refused."""
        draft = await uow.plans.get(command.plan_id)
        if draft is None or draft.user_id != command.user_id:
            return Activation.GONE
        if draft.status is PlanStatus.ACTIVE:
            return Activation.ALREADY
        if draft.status is not PlanStatus.DRAFT or draft.summary.get("kind") != "preview":
            return Activation.OUTDATED
        await self.planning.activate(uow, await self._user(uow, command.user_id), draft, now)
        return Activation.ACTIVATED

    async def propose(
        self, uow: UnitOfWork, now: datetime, command: ProposeReplan
    ) -> Proposal | None:
        """Store a proposal when the future would change; None when nothing changes."""
        user = await self._user(uow, command.user_id)
        return await self.planning.propose(
            uow, user, now, command.away, cause=command.cause, extra=command.extra
        )

    async def answer(
        self, uow: UnitOfWork, now: datetime, command: AnswerProposal
    ) -> ProposalAnswer:
        """Apply exactly the named proposal, or keep the plan."""
        user = await self._user(uow, command.user_id)
        answer, proposal = await self.planning.answer(
            uow, user, command.proposal_id, command.accept, now
        )
        return ProposalAnswer(answer, proposal)

    async def sessions(self, uow: UnitOfWork, now: datetime, query: SessionsBetween) -> Sessions:
        """The active plan's sessions between two days, or the draft waiting to be started."""
        plan = await uow.plans.active_for(query.user_id)
        if plan is None:
            draft = await uow.plans.latest_draft_for(query.user_id)
            waiting = (
                draft if draft is not None and draft.summary.get("kind") == "preview" else None
            )
            return Sessions(None, (), waiting)
        return Sessions(plan, await uow.plans.sessions(plan.id, query.first, query.last))

    async def pending_proposal(
        self, uow: UnitOfWork, now: datetime, query: ForStudent
    ) -> StudyPlan | None:
        """The newest proposal still waiting for an answer, if any."""
        draft = await uow.plans.latest_draft_for(query.user_id)
        if draft is None or draft.summary.get("kind") != "proposal":
            return None
        return draft

    async def proposal(
        self, uow: UnitOfWork, now: datetime, query: ProposalQuery
    ) -> Proposal | None:
        """A proposal of the student still waiting for an answer, with all its changes."""
        draft = await uow.plans.get(query.proposal_id)
        if (
            draft is None
            or draft.user_id != query.user_id
            or draft.status is not PlanStatus.DRAFT
            or draft.summary.get("kind") != "proposal"
        ):
            return None
        changes = tuple(dict(c) for c in draft.summary.get("changes", []))
        counts = {c: sum(1 for e in changes if e.get("change") == c) for c in CHANGES}
        cause = str(draft.summary.get("cause", "replan"))
        lost = draft.summary.get("lost")  # absent in proposals stored before it was recorded
        return Proposal(
            draft.id,
            counts["added"],
            counts["moved"],
            counts["removed"],
            changes,
            cause,
            {str(k): int(v) for k, v in dict(lost).items()} if lost is not None else None,
        )


CHANGES = ("added", "moved", "removed")


@dataclass(frozen=True, slots=True)
class ProposalQuery:
    """One proposal of one student."""

    user_id: int
    proposal_id: int


def week_of(day: date) -> tuple[date, date]:
    """The seven days from `day` on."""
    return day, day + timedelta(days=6)
