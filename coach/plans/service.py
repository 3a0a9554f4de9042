"""Planning use cases: preview a plan, activate it, and propose re-plans for consent.

The planner is pure; this module feeds it from the database (profile, mastery, lesson progress,
the stored sessions) and stores its output. A preview is a draft plan; a re-plan proposal is a
draft too (`summary["kind"] == "proposal"`), holding only the new future, and accepting it
replaces the future of the active plan. Nothing changes the active plan without the student's
tap, except what they did themselves (done, skipped, moved).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from coach.core.uow import UnitOfWork
from coach.domain import PlanStatus, Profile, SessionStatus, StudyPlan, StudySession, User
from coach.learning.adaptation import adjust_request
from coach.learning.service import plan_inputs
from coach.packs.catalog import Catalog
from coach.plans.curriculum import plan_request, reason_text
from planner import (
    Plan,
    PlanSummary,
    Reason,
    Session,
    SessionKind,
    StudyProfile,
    TimeWindow,
    build_plan,
)
from planner.replan import Outcome, PinnedMove, SessionOutcome, replan

PROPOSAL = "proposal"
PREVIEW = "preview"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A re-plan waiting for the student's consent."""

    plan_id: int
    added: int
    moved: int
    removed: int
    changes: tuple[Mapping[str, Any], ...]


def study_profile(
    profile: Profile, timezone: str, extra_blackouts: Sequence[date] = ()
) -> StudyProfile:
    """The planner's view of a profile (dates and times are the student's local ones)."""
    return StudyProfile(
        start_date=profile.start_date,
        exam_date=profile.exam_date,
        timezone=timezone,
        availability=dict(profile.availability),
        windows={
            day: tuple(TimeWindow.parse(span) for span in spans)
            for day, spans in profile.windows.items()
            if spans
        },
        blackout_dates=tuple(sorted({*profile.blackout_dates, *extra_blackouts})),
        break_days_per_week=profile.break_days_per_week,
        break_weekdays=(profile.break_weekday,) if profile.break_weekday else (),
        session_min=profile.session_min,
        session_max=profile.session_max,
    )


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
        summary = _summary(plan, PREVIEW)
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
        return await uow.plans.add(draft, self._rows(plan.sessions, user, plan.pack_id))

    async def activate(self, uow: UnitOfWork, user: User, draft: StudyPlan, now: datetime) -> None:
        """Make a preview the active plan (the previous active plan is archived)."""
        current = await uow.plans.active_for(user.id)
        if current is not None:
            await uow.plans.set_status(current.id, PlanStatus.ARCHIVED, now)
        await uow.plans.set_status(draft.id, PlanStatus.ACTIVE, now)

    # ------------------------------------------------------------------ re-planning
    async def propose(
        self, uow: UnitOfWork, user: User, now: datetime, away: Sequence[date] = ()
    ) -> Proposal | None:
        """Re-plan the active plan from now; store and return the proposal, or None if unchanged.

        `away` are days the student just said they cannot study; accepting the proposal adds
        them to the profile's blackout dates.
        """
        active = await uow.plans.active_for(user.id)
        profile = await uow.profiles.get(user.id)
        if active is None or profile is None:
            return None
        stored = await uow.plans.sessions(active.id)
        previous = _as_planner_plan(active, stored)
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
        request = await self._request(uow, user, profile, now, away)
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
                "reason": reason_text(pack, entry.reason_code, entry.reason_params, user.locale),
            }
            for entry in result.diff
        )
        old = await uow.plans.latest_draft_for(user.id)
        if old is not None:
            await uow.plans.set_status(old.id, PlanStatus.ARCHIVED, now)
        today = now.astimezone(ZoneInfo(user.timezone)).date()
        future = [s for s in result.plan.sessions if s.date >= today]
        summary = {
            **_summary(result.plan, PROPOSAL),
            "base_plan": active.id,
            "from": today.isoformat(),
            "changes": list(changes),
            "away": [day.isoformat() for day in away],
        }
        draft = StudyPlan(
            0,
            user.id,
            active.pack_id,
            active.track,
            PlanStatus.DRAFT,
            active.start_date,
            active.exam_date,
            now,
            summary=summary,
        )
        stored_draft = await uow.plans.add(draft, self._rows(future, user, active.pack_id))
        counts = {
            c: sum(1 for e in changes if e["change"] == c) for c in ("added", "moved", "removed")
        }
        return Proposal(
            stored_draft.id, counts["added"], counts["moved"], counts["removed"], changes
        )

    async def accept(self, uow: UnitOfWork, user: User, proposal: StudyPlan, now: datetime) -> bool:
        """Apply a proposal to the active plan; False when it no longer fits (plan changed)."""
        active = await uow.plans.active_for(user.id)
        if active is None or proposal.summary.get("base_plan") != active.id:
            return False
        start = date.fromisoformat(str(proposal.summary["from"]))
        sessions = await uow.plans.sessions(proposal.id)
        await uow.plans.replace_future(
            active.id, start, [dataclasses.replace(s, plan_id=active.id) for s in sessions]
        )
        await uow.plans.set_status(proposal.id, PlanStatus.ARCHIVED, now)
        return True

    # ------------------------------------------------------------------ conversion
    def _rows(self, sessions: Sequence[Session], user: User, pack_id: str) -> list[StudySession]:
        pack = self._catalog.pack(pack_id)
        return [
            StudySession(
                id=0,
                plan_id=0,
                user_id=user.id,
                key=s.id,
                kind=s.kind.value,
                date=s.date,
                minutes=s.minutes,
                start=s.start,
                subject_id=s.subject_id,
                topic_id=s.topic_id,
                lesson_id=s.lesson_id,
                reason=reason_text(pack, s.reason_code, s.reason_params, "en"),
                reason_data={
                    "code": s.reason_code,
                    "params": dict(s.reason_params),
                    "part": s.part,
                    "parts": s.parts,
                },
                pinned=s.pinned,
            )
            for s in sessions
        ]


def _summary(plan: Plan, kind: str) -> dict[str, Any]:
    summary: PlanSummary = plan.summary
    no_time = [u for u in plan.unscheduled if u.reason_code != Reason.ALREADY_MASTERED.value]
    return {
        "kind": kind,
        **dataclasses.asdict(summary),
        # Lessons left out for lack of time (what the student can fix by adding time) are
        # counted apart from lessons skipped because the topic is already mastered.
        "unscheduled": len(no_time),
        "unscheduled_lessons": [u.lesson_id for u in no_time[:50]],
        "mastered_lessons": len(plan.unscheduled) - len(no_time),
    }


def _as_planner_plan(plan: StudyPlan, sessions: Sequence[StudySession]) -> Plan:
    """The stored plan as the planner's `Plan`, so `replan` can compare old and new."""
    return Plan(
        pack_id=plan.pack_id,
        track=plan.track,
        start_date=plan.start_date,
        exam_date=plan.exam_date,
        sessions=tuple(
            Session(
                s.key,
                s.date,
                s.start,
                s.minutes,
                SessionKind(s.kind),
                s.subject_id,
                s.topic_id,
                s.lesson_id,
                str(s.reason_data.get("code", "")),
                dict(s.reason_data.get("params", {})),
                int(s.reason_data.get("part", 1)),
                int(s.reason_data.get("parts", 1)),
                s.pinned,
            )
            for s in sessions
        ),
        unscheduled=(),
        summary=PlanSummary(0, 0, 0, 0, 0, 0, 0.0),
    )
