"""Planning: preview a plan, activate it, propose re-plans, accept or decline them.

The planner is pure; this module feeds it from the database (profile, mastery, lesson progress,
the stored sessions) and stores its output. A preview is a draft plan; a re-plan proposal is a
draft too (`summary["kind"] == "proposal"`), holding only the new future, and accepting it
replaces the future of the active plan. Nothing changes the active plan without the student's
tap, except what they did themselves (done, skipped, moved).

A proposal remembers a fingerprint of the future it was computed from; when the plan's future
changed since (another proposal accepted, a session done or moved), accepting it would undo
those changes, so it is refused as outdated instead. Proposals wait until answered: a newer
one never archives an older one, and each button names the proposal it answers.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from coach.core.uow import UnitOfWork
from coach.domain import PlanStatus, Profile, SessionStatus, StudyPlan, StudySession, User
from coach.learning.adaptation import adjust_request
from coach.learning.inputs import plan_inputs
from coach.learning.records import TimeEstimate
from coach.packs.catalog import Catalog
from coach.plans.convert import as_planner_plan, plan_summary, stored_rows, study_profile
from coach.plans.curriculum import plan_request, reason_text, session_names
from coach.plans.events import PlanActivated, PlanReplanned, ReplanDeclined, ReplanProposed
from coach.plans.proposal_summary import lessons_lost
from planner import (
    build_plan,
)
from planner.replan import Outcome, PinnedMove, SessionOutcome, replan

PROPOSAL = "proposal"
PREVIEW = "preview"


class Answer(StrEnum):
    """What became of a tap on a proposal's button."""

    ACCEPTED = "accepted"
    KEPT = "kept"
    GONE = "gone"  # not the student's, answered before, or not a proposal
    OUTDATED = "outdated"  # the plan changed since it was proposed


@dataclass(frozen=True, slots=True)
class Proposal:
    """A re-plan waiting for the student's consent."""

    plan_id: int
    added: int
    moved: int
    removed: int
    changes: tuple[Mapping[str, Any], ...]
    cause: str = "replan"
    lost: Mapping[str, int] | None = None  # lesson id -> minutes that no longer fit


def future_fingerprint(sessions: Sequence[StudySession], from_date: date) -> str:
    """A digest of the plan's future: what a proposal was computed from."""
    rows = sorted(
        (s.key, s.date.isoformat(), str(s.start), s.minutes, s.status.value, s.pinned)
        for s in sessions
        if s.date >= from_date
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


class PlanningService:
    """Builds, stores, activates and re-plans study plans."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    async def _request(
        self,
        uow: UnitOfWork,
        user: User,
        profile: Profile,
        now: datetime,
        extra_blackouts: Sequence[date] = (),
        *,
        topic_factors: Mapping[str, float] | None = None,
    ) -> Any:
        pack = self._catalog.pack(profile.pack_id)
        mastery = {
            topic: value
            for topic, value in (await uow.progress.mastery(user.id, pack.id)).items()
            if topic in pack.topics_by_id
        }
        progress = await uow.progress.lesson_progress(user.id, pack.id)
        done = [
            p.lesson_id
            for p in progress
            if p.status == "done" and p.lesson_id in pack.lessons_by_id
        ]
        partial = {
            p.lesson_id: p.minutes_spent
            for p in progress
            if p.status != "done" and p.minutes_spent and p.lesson_id in pack.lessons_by_id
        }
        request = plan_request(
            pack,
            profile.track,
            study_profile(profile, user.timezone, extra_blackouts),
            now,
            mastery=mastery,
            done_lessons=done,
            lesson_progress=partial,
        )
        # What adaptive learning knows: the student's pace, topic time factors, review cards.
        pace, factors, cards = await plan_inputs(uow, user.id, pack.id)
        # A proposal may carry topic factors of its own (a tutor's "more time"): they count for
        # the proposal only, and are stored when the student accepts it.
        factors = {**factors, **(topic_factors or {})}
        return adjust_request(request, pace=pace, topic_factors=factors, review_cards=cards)

    # ------------------------------------------------------------------ preview and activation
    async def preview(
        self, uow: UnitOfWork, user: User, profile: Profile, now: datetime
    ) -> StudyPlan:
        """Build a fresh plan and store it as the student's draft (older drafts are archived)."""
        request = await self._request(uow, user, profile, now)
        plan = build_plan(request)
        old = await uow.plans.latest_draft_for(user.id)
        if old is not None:
            await uow.plans.set_status(old.id, PlanStatus.ARCHIVED, now)
        summary = plan_summary(plan, PREVIEW)
        draft = StudyPlan(
            0,
            user.id,
            plan.pack_id,
            plan.track,
            PlanStatus.DRAFT,
            plan.start_date,
            plan.exam_date,
            now,
            summary=summary,
        )
        return await uow.plans.add(
            draft, stored_rows(self._catalog.pack(plan.pack_id), plan.sessions, user)
        )

    async def activate(self, uow: UnitOfWork, user: User, draft: StudyPlan, now: datetime) -> None:
        """Make a preview the active plan (the previous active plan is archived)."""
        current = await uow.plans.active_for(user.id)
        if current is not None:
            await uow.plans.set_status(current.id, PlanStatus.ARCHIVED, now)
        await uow.plans.set_status(draft.id, PlanStatus.ACTIVE, now)
        await uow.record(
            PlanActivated(
                user_id=user.id,
                at=now,
                plan_id=draft.id,
                pack_id=draft.pack_id,
                first_plan=current is None,
            )
        )

    # ------------------------------------------------------------------ re-planning
    async def propose(
        self,
        uow: UnitOfWork,
        user: User,
        now: datetime,
        away: Sequence[date] = (),
        *,
        cause: str = "replan",
        extra: Mapping[str, Any] | None = None,
    ) -> Proposal | None:
        """Re-plan the active plan from now; store and return the proposal, or None if unchanged.

        `away` are days the student just said they cannot study; accepting the proposal adds
        them to the profile's blackout dates. `cause` names what asked for it (a check-in, a
        struggle, the weekly review, the nightly run); `extra` is kept in the proposal.
        """
        active = await uow.plans.active_for(user.id)
        profile = await uow.profiles.get(user.id)
        if active is None or profile is None:
            return None
        stored = await uow.plans.sessions(active.id)
        previous = as_planner_plan(active, stored)
        outcomes = [
            SessionOutcome(s.key, Outcome(s.status.value), s.minutes_spent)
            for s in stored
            if s.status is not SessionStatus.SCHEDULED
        ]
        pinned = [
            PinnedMove(s.key, s.date, s.start)
            for s in stored
            if s.pinned and s.start is not None and s.status is SessionStatus.SCHEDULED
        ]
        factors = {
            date.fromisoformat(d): float(f)
            for d, f in dict((extra or {}).get("day_factors", {})).items()
        }
        if factors:
            profile = dataclasses.replace(profile, day_factors={**profile.day_factors, **factors})
        topics = _topic_factors(extra or {})
        request = await self._request(uow, user, profile, now, away, topic_factors=topics)
        result = replan(request, previous, outcomes, pinned)
        if not result.diff:
            return None
        pack = self._catalog.pack(active.pack_id)
        changes = tuple(
            {
                "change": entry.change.value,
                "kind": entry.kind.value,
                "topic_id": entry.topic_id,
                "before": entry.before.date.isoformat() if entry.before else None,
                "after": entry.after.date.isoformat() if entry.after else None,
                # Every line of the full list says what moves or goes, then why.
                **session_names(
                    pack, entry.topic_id, entry.lesson_id, entry.reason_params, user.locale
                ),
                "lesson_id": entry.lesson_id,
                "mini": any(s.reason_code == "mini_mock" for s in (entry.before, entry.after) if s),
                "reason": reason_text(
                    pack, entry.reason_code, entry.reason_params, user.locale, titled=True
                ),
                # For the proposal's summary: what a removal costs, and why it goes.
                "reason_code": str(entry.reason_code),
                "minutes": next(
                    (s.minutes for s in (entry.before, entry.after) if s is not None), 0
                ),
                # A resized lesson shows its old and new length.
                "before_minutes": entry.before.minutes if entry.before else None,
                "after_minutes": entry.after.minutes if entry.after else None,
            }
            for entry in result.diff
        )
        today = now.astimezone(ZoneInfo(user.timezone)).date()
        future = [s for s in result.plan.sessions if s.date >= today]
        # What the student loses: a rebuild removes and re-adds sessions of the same lessons.
        lost = lessons_lost(
            [s for s in stored if s.status is SessionStatus.SCHEDULED and s.date >= today],
            future,
            {item.lesson_id for item in result.plan.unscheduled},
        )
        summary = {
            **plan_summary(result.plan, PROPOSAL),
            **dict(extra or {}),
            "base_plan": active.id,
            "base_fingerprint": future_fingerprint(stored, today),
            "cause": cause,
            "from": today.isoformat(),
            "changes": list(changes),
            "lost": lost,
            "away": [day.isoformat() for day in away],
        }
        draft = StudyPlan(
            0,
            user.id,
            active.pack_id,
            active.track,
            PlanStatus.DRAFT,
            active.start_date,
            profile.exam_date,  # the exam date the student set, which this re-plan plans for
            now,
            summary=summary,
        )
        stored_draft = await uow.plans.add(
            draft, stored_rows(self._catalog.pack(active.pack_id), future, user)
        )
        counts = {
            c: sum(1 for e in changes if e["change"] == c) for c in ("added", "moved", "removed")
        }
        await uow.record(
            ReplanProposed(
                user_id=user.id,
                at=now,
                proposal_id=stored_draft.id,
                plan_id=active.id,
                cause=cause,
                added=counts["added"],
                moved=counts["moved"],
                removed=counts["removed"],
            )
        )
        return Proposal(
            stored_draft.id,
            counts["added"],
            counts["moved"],
            counts["removed"],
            changes,
            cause,
            lost,
        )

    async def answer(
        self, uow: UnitOfWork, user: User, proposal_id: int, accept: bool, now: datetime
    ) -> tuple[Answer, StudyPlan | None]:
        """Accept (apply exactly this proposal) or keep the plan; refuse what is outdated."""
        proposal = await uow.plans.get(proposal_id)
        if (
            proposal is None
            or proposal.user_id != user.id
            or proposal.status is not PlanStatus.DRAFT
            or proposal.summary.get("kind") != PROPOSAL
        ):
            return Answer.GONE, None
        cause = str(proposal.summary.get("cause", "replan"))
        active = await uow.plans.active_for(user.id)
        if not accept:
            await uow.plans.set_status(proposal.id, PlanStatus.ARCHIVED, now)
            await uow.record(
                ReplanDeclined(
                    user_id=user.id,
                    at=now,
                    proposal_id=proposal.id,
                    plan_id=active.id if active else 0,
                    cause=cause,
                )
            )
            return Answer.KEPT, proposal
        start = date.fromisoformat(str(proposal.summary["from"]))
        current = await uow.plans.sessions(active.id) if active is not None else []
        if (
            active is None
            or proposal.summary.get("base_plan") != active.id
            or proposal.summary.get("base_fingerprint") != future_fingerprint(current, start)
        ):
            await uow.plans.set_status(proposal.id, PlanStatus.ARCHIVED, now)
            return Answer.OUTDATED, proposal
        sessions = await uow.plans.sessions(proposal.id)
        await uow.plans.replace_future(
            active.id, start, [dataclasses.replace(s, plan_id=active.id) for s in sessions]
        )
        if proposal.exam_date != active.exam_date:
            await uow.plans.set_exam_date(active.id, proposal.exam_date)
        await uow.plans.set_status(proposal.id, PlanStatus.ARCHIVED, now)
        await self._remember_away_days(uow, user, proposal, now)
        await uow.record(
            PlanReplanned(
                user_id=user.id, at=now, proposal_id=proposal.id, plan_id=active.id, cause=cause
            )
        )
        return Answer.ACCEPTED, proposal

    async def _remember_away_days(
        self, uow: UnitOfWork, user: User, proposal: StudyPlan, now: datetime
    ) -> None:
        """Days off become blackout dates; a lighter or stretch week keeps its day factors;
        a topic's time factor carried by the proposal becomes the student's."""
        away = [date.fromisoformat(d) for d in proposal.summary.get("away", [])]
        factors = {
            date.fromisoformat(d): float(f)
            for d, f in dict(proposal.summary.get("day_factors", {})).items()
        }
        profile = await uow.profiles.get(user.id)
        for topic_id, factor in _topic_factors(proposal.summary).items():
            await uow.learning.save_time_estimate(
                TimeEstimate(user.id, proposal.pack_id, topic_id, factor, 0, now)
            )
        if (away or factors) and profile is not None:
            blackouts = tuple(sorted({*profile.blackout_dates, *away}))
            await uow.profiles.save(
                dataclasses.replace(
                    profile,
                    blackout_dates=blackouts,
                    day_factors={**profile.day_factors, **factors},
                )
            )

    # ------------------------------------------------------------------ conversion


def _topic_factors(extra: Mapping[str, Any]) -> dict[str, float]:
    """The per-topic time factors a proposal carries (`extra["topic_factors"]`)."""
    return {str(t): float(f) for t, f in dict(extra.get("topic_factors", {}) or {}).items()}
