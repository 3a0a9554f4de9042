"""Between the planner's frozen records and the stored plan: profiles, rows and summaries."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from coach.domain import Profile, StudyPlan, StudySession, User
from coach.plans.curriculum import reason_text
from content import Pack
from planner import Plan, PlanSummary, Reason, Session, SessionKind, StudyProfile, TimeWindow


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
        day_factors=dict(profile.day_factors),
    )


def stored_rows(pack: Pack, sessions: Sequence[Session], user: User) -> list[StudySession]:
    """The planner's sessions as rows of a stored plan (ids are given when stored)."""
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


def plan_summary(plan: Plan, kind: str) -> dict[str, Any]:
    """The stored summary of a planner result (a preview or a proposal)."""
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


def as_planner_plan(plan: StudyPlan, sessions: Sequence[StudySession]) -> Plan:
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
