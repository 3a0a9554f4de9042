"""The nightly run and the weekly review's proposal: plan upkeep that no student asked for.

Nightly, in each student's own time zone (once their local clock passed `NIGHT_FROM`), the
sessions of yesterday and before that nobody settled are marked missed; when that happened the
future no longer fits, so one re-plan proposal is prepared and a morning message shows it with
Accept / Keep my plan. A marker per student (the last night done) makes a second run in the
same night do nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.domain import SessionStatus
from coach.notifications.controls import local_date, local_moment, zone
from coach.notifications.events import PlanChange, replan_morning
from coach.notifications.pushes import push
from coach.plans.proposal_summary import cost_context
from coach.plans.service import PlanningService, Proposal
from coach.sessions.usecases import SettleSession, settle_session

NIGHT_FROM = time(1, 0)  # a student's night run happens after this local time
NIGHTLY_JOB = "nightly"
WEEK_FACTORS = {"lighter": 0.8, "stretch": 1.1}


@dataclass(frozen=True, slots=True)
class NightlyOptions:
    """How the nightly run reaches students (channels, preferred first)."""

    channels: tuple[str, ...]
    page_size: int = 200


@dataclass
class NightlyReport:
    """What one run did."""

    students: int = 0
    missed: int = 0
    proposals: int = 0
    messages: int = 0
    by_student: dict[int, int] = field(default_factory=dict)  # proposal id per student


def marker(user_id: int) -> str:
    """The job-run key that remembers the last night done for a student."""
    return f"{NIGHTLY_JOB}:{user_id}"


class NightlyRun:
    """The nightly use case over every student, a page of students per unit of work."""

    def __init__(self, planning: PlanningService) -> None:
        self._planning = planning

    async def run(
        self, uow_factory: UnitOfWorkFactory, now: datetime, options: NightlyOptions
    ) -> NightlyReport:
        """Run every student whose night has come and who was not done tonight."""
        report = NightlyReport()
        async with uow_factory() as uow:
            students = list(await uow.audience.student_ids())
        for start in range(0, len(students), options.page_size):
            async with uow_factory() as uow:
                for user_id in students[start : start + options.page_size]:
                    await self.student(uow, user_id, now, options, report)
                await uow.commit()
        return report

    async def student(
        self,
        uow: UnitOfWork,
        user_id: int,
        now: datetime,
        options: NightlyOptions,
        report: NightlyReport,
    ) -> None:
        """One student's night: settle yesterday, propose once, tell them in the morning."""
        user = await uow.users.get(user_id)
        if user is None:
            return
        tz = zone(user.timezone)
        today = local_date(now, tz)
        if now < local_moment(today, NIGHT_FROM, tz):
            today -= timedelta(days=1)  # before 01:00 the night of "today" has not come yet
        night = today - timedelta(days=1)
        done = await uow.outbox.last_run(marker(user_id))
        if done is not None and done.date() >= night:
            return
        report.students += 1
        plan = await uow.plans.active_for(user_id)
        missed = 0
        if plan is not None:
            stale = [
                s
                for s in await uow.plans.sessions(plan.id, None, night)
                if s.status is SessionStatus.SCHEDULED and s.kind != "break"
            ]
            for session in stale:
                await settle_session(
                    uow,
                    now,
                    SettleSession(
                        user_id, session.id, SessionStatus.MISSED, night, source="nightly"
                    ),
                )
            missed = len(stale)
        report.missed += missed
        if missed:
            proposal = await self._planning.propose(
                uow, user, now, cause="nightly", extra={"night": night.isoformat()}
            )
            if proposal is not None:
                report.proposals += 1
                report.by_student[user_id] = proposal.plan_id
                report.messages += await self._tell(
                    uow, user_id=user_id, proposal=proposal, missed=missed, now=now, options=options
                )
        # The marker is a moment on the night's date, so `done.date() >= night` finds it.
        await uow.outbox.mark_run(
            marker(user_id), datetime.combine(night, time(12), tzinfo=now.tzinfo)
        )

    async def _tell(
        self,
        uow: UnitOfWork,
        *,
        user_id: int,
        proposal: Proposal,
        missed: int,
        now: datetime,
        options: NightlyOptions,
    ) -> int:
        recipient = await uow.audience.recipient(user_id, options.channels)
        if recipient is None:
            return 0
        change = PlanChange(
            proposal.plan_id,
            proposal.added,
            proposal.moved,
            proposal.removed,
            missed,
            cost=cost_context(proposal.changes, now.date(), proposal.lost),
        )
        item = replan_morning(recipient, change, now)
        if item is None:
            return 0
        await push(uow, item, now, recipient.profile.max_pushes_per_day)
        return 1


async def weekly_proposal(
    planning: PlanningService,
    uow: UnitOfWork,
    user_id: int,
    *,
    suggestion: str,
    next_week: Sequence[date],
    now: datetime,
) -> Proposal | None:
    """The lighter or stretch week the weekly review suggests, as a proposal it can name."""
    factor = WEEK_FACTORS.get(suggestion)
    user = await uow.users.get(user_id)
    if factor is None or user is None:
        return None
    factors = {day.isoformat(): factor for day in next_week}
    return await planning.propose(
        uow, user, now, cause=f"weekly_{suggestion}", extra={"day_factors": factors}
    )
