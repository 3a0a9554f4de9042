"""The sweep: run every producer over every student, a page at a time, through the ports.

Reminders and check-ins of yesterday, today and tomorrow (local days) are produced ahead and
reconciled on every run: a moved session refreshes its queued reminder, a deleted one drops it.
Weekly reviews and nudges are built when due — from fresh data — for the students whose due
moment fell between the previous run and this one, so downtime delays them but never loses them.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.notifications.controls import apply_daily_cap, local_date, local_moment, zone
from coach.notifications.model import (
    DEFAULT_POLICY,
    AudiencePage,
    Notification,
    NotificationKind,
    NotifyPolicy,
    OutboxStatus,
    Recipient,
)
from coach.notifications.nudges import NudgeSlot, ProgressSignals, nudge
from coach.notifications.schedule import SweepWindow, checkins, reminders
from coach.notifications.weekly import (
    ReviewSlot,
    WeekFacts,
    latest_review_slot,
    weekly_review,
    with_proposal,
)

SWEEP_JOB = "notify_sweep"
SWEPT_KINDS = frozenset({NotificationKind.REMINDER, NotificationKind.CHECKIN})
NUDGE_KINDS = (NotificationKind.MILESTONE, NotificationKind.SLUMP)
SUPERSEDED = "superseded"
NUDGE_HISTORY_DAYS = 35


class WeekProposer(Protocol):
    """Stores the lighter or stretch week a review suggests as a re-plan proposal."""

    async def __call__(
        self, uow: UnitOfWork, user_id: int, suggestion: str, week: Sequence[date], now: datetime
    ) -> int | None:
        """The proposal's id, or None when the plan would not change."""
        ...


@dataclass(frozen=True, slots=True)
class SweepOptions:
    """How a sweep runs; `channels` lists the channels that can push, preferred first;
    `propose_week` turns a review's suggestion into a proposal its buttons name."""

    channels: tuple[str, ...]
    propose_week: WeekProposer | None = None
    batch_size: int = 1000
    parallel: int = 2
    days_back: int = 1
    days_ahead: int = 1
    first_run_lookback: timedelta = timedelta(hours=1)
    policy: NotifyPolicy = DEFAULT_POLICY


@dataclass
class SweepReport:
    """What one sweep did."""

    users: int = 0
    written: int = 0
    superseded: int = 0
    reviews: int = 0
    nudges: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


class _Names:
    """Topic names per language, loaded once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[str, Mapping[str, str]] = {}

    async def get(self, uow: UnitOfWork, locale: str) -> Mapping[str, str]:
        if locale not in self._cache:
            self._cache[locale] = await uow.audience.names(locale)
        return self._cache[locale]


async def sweep(
    uow_factory: UnitOfWorkFactory, now: datetime, options: SweepOptions
) -> SweepReport:
    """Produce and reconcile the pushes of every student; safe to run again at any time.

    Pages of students run `options.parallel` at a time, each in its own unit of work, so the
    database works on one page while Python computes the next.
    """
    report = SweepReport()
    if not options.channels:
        return report
    async with uow_factory() as uow:
        last = await uow.outbox.last_run(SWEEP_JOB)
        students = list(await uow.audience.student_ids())
    since = last if last is not None and last < now else now - options.first_run_lookback
    run = _SweepRun(now, since, options, report)
    gate = asyncio.Semaphore(options.parallel)

    async def one_page(user_ids: Sequence[int]) -> None:
        async with gate, uow_factory() as uow:
            page = await uow.audience.recipients(user_ids, options.channels)
            await run.page(uow, page)
            await uow.commit()

    size = options.batch_size
    await asyncio.gather(
        *(one_page(students[start : start + size]) for start in range(0, len(students), size))
    )
    async with uow_factory() as uow:
        await uow.outbox.mark_run(SWEEP_JOB, now)
        await uow.commit()
    return report


def _utc_range(now: datetime, back: int, ahead: int) -> tuple[date, date]:
    # Local days differ from the UTC day by at most one in either direction.
    today = now.date()
    return today - timedelta(days=back + 1), today + timedelta(days=ahead + 1)


def _in_window(due: datetime, since: datetime, now: datetime, grace: timedelta) -> bool:
    return since < due <= now and now - due <= grace


def nudge_slot(recipient: Recipient, now: datetime, policy: NotifyPolicy) -> NudgeSlot:
    """The most recent nudge moment at or before `now` in the student's time zone."""
    tz = zone(recipient.user.timezone)
    day = local_date(now, tz)
    due = local_moment(day, policy.nudge_time, tz)
    if due > now:
        day -= timedelta(days=1)
        due = local_moment(day, policy.nudge_time, tz)
    return NudgeSlot(day, due)


class _SweepRun:
    """One sweep's state shared by its pages."""

    def __init__(
        self, now: datetime, since: datetime, options: SweepOptions, report: SweepReport
    ) -> None:
        self.now, self.since, self.options, self.report = now, since, options, report
        self.names = _Names()

    async def page(self, uow: UnitOfWork, page: AudiencePage) -> None:
        """Produce, cap, store and reconcile the pushes of one page of students."""
        now, options, report, names = self.now, self.options, self.report, self.names
        window = SweepWindow(now, options.days_back, options.days_ahead)
        first, last = _utc_range(now, options.days_back, options.days_ahead)
        ids = [r.user.id for r in page.recipients]
        sessions = await uow.audience.sessions(ids, first, last) if ids else {}
        candidates: list[Notification] = []
        days: dict[int, set[date]] = {}
        for recipient in page.recipients:
            own = sessions.get(recipient.user.id, ())
            topic_names = await names.get(uow, recipient.user.locale)
            local_days = window.local_days(recipient)
            days[recipient.user.id] = set(local_days)
            candidates += reminders(recipient, own, window, topic_names, days=local_days)
            candidates += checkins(recipient, own, window, options.policy, days=local_days)
        reviews = await self.weekly_reviews(uow, page.recipients)
        nudges = await self.nudges(uow, page)
        report.reviews += len(reviews)
        report.nudges += len(nudges)
        candidates += reviews + nudges

        # Only days that can still take a push matter: from the earliest local "today" (later
        # rows are the ones a re-plan may supersede) or the earliest candidate still to send.
        open_days = [min(d) + timedelta(days=options.days_back) for d in days.values()]
        open_days += [c.local_date for c in candidates if not c.drop_reason]
        since_day = min(open_days, default=last)
        existing = await uow.outbox.day_rows(page.user_ids, since_day, last)
        desired = {c.dedupe_key for c in candidates}
        stale = [
            row.id
            for row in existing
            if row.status is OutboxStatus.QUEUED
            and row.kind in SWEPT_KINDS
            and first <= row.local_date <= last
            and (row.user_id not in days or row.local_date in days[row.user_id])
            and row.dedupe_key not in desired
            and row.due_at > now  # past-due rows are the dispatcher's to send or drop
        ]
        active: dict[tuple[int, date], set[str]] = defaultdict(set)
        stale_ids = set(stale)
        for row in existing:
            if row.id not in stale_ids:
                active[(row.user_id, row.local_date)].add(row.dedupe_key)
        caps = {r.user.id: r.profile.max_pushes_per_day for r in page.recipients}
        capped = apply_daily_cap(candidates, active, caps)
        report.written += await uow.outbox.enqueue(capped, now)
        if stale:
            report.superseded += await uow.outbox.drop_pending(SUPERSEDED, ids=stale)
        report.users += len(page.user_ids)
        for item in capped:
            report.by_kind[item.kind.value] = report.by_kind.get(item.kind.value, 0) + 1

    async def weekly_reviews(
        self, uow: UnitOfWork, recipients: Sequence[Recipient]
    ) -> list[Notification]:
        """Weekly reviews that fell due since the previous run."""
        now, since, names, policy = self.now, self.since, self.names, self.options.policy
        grace = timedelta(days=policy.weekly_review_grace_days)
        slots: dict[int, ReviewSlot] = {}
        for recipient in recipients:
            slot = latest_review_slot(recipient, now, policy)
            if _in_window(slot.due_at, since, now, grace):
                slots[recipient.user.id] = slot
        if not slots:
            return []
        ids = list(slots)
        first = min(s.week_start for s in slots.values())
        last = max(s.review_day for s in slots.values()) + timedelta(days=7)
        sessions = await uow.audience.sessions(ids, first, last)
        mastery = await uow.audience.mastery(ids)
        previous = await uow.outbox.latest_context(ids, NotificationKind.WEEKLY_REVIEW)
        baseline = await uow.audience.baseline_mastery(ids)
        produced: list[Notification] = []
        for recipient in recipients:
            uid = recipient.user.id
            if uid not in slots:
                continue
            slot = slots[uid]
            own = sessions.get(uid, ())
            snapshot = previous.get(uid, {}).get("mastery_snapshot")
            before = dict(snapshot) if isinstance(snapshot, dict) else dict(baseline.get(uid, {}))
            facts = WeekFacts(
                week_sessions=[s for s in own if slot.week_start <= s.date <= slot.review_day],
                next_week_sessions=[
                    s
                    for s in own
                    if slot.review_day < s.date <= slot.review_day + timedelta(days=7)
                ],
                mastery_before=before,
                mastery_now={topic: p.value for topic, p in mastery.get(uid, {}).items()},
            )
            topic_names = await names.get(uow, recipient.user.locale)
            review = weekly_review(recipient, slot, facts, topic_names, now, policy=policy)
            if review is None:
                continue
            suggestion = review.context.get("suggestion")
            if suggestion:
                week = [slot.review_day + timedelta(days=n) for n in range(1, 8)]
                proposer = self.options.propose_week
                proposal_id = (
                    await proposer(uow, uid, str(suggestion), week, now) if proposer else None
                )
                review = with_proposal(review, proposal_id)
            produced.append(review)
        return produced

    async def nudges(self, uow: UnitOfWork, page: AudiencePage) -> list[Notification]:
        """Nudges that fell due since the previous run (at most one per student and day)."""
        now, since, names, policy = self.now, self.since, self.names, self.options.policy
        grace = timedelta(hours=policy.checkin_grace_hours)
        slots = {
            r.user.id: slot
            for r in page.recipients
            if _in_window((slot := nudge_slot(r, now, policy)).due_at, since, now, grace)
        }
        if not slots:
            return []
        ids = list(slots)
        first = min(s.day for s in slots.values()) - timedelta(days=NUDGE_HISTORY_DAYS)
        last = max(s.day for s in slots.values()) + timedelta(days=2)
        sessions = await uow.audience.sessions(ids, first, last)
        mastery = await uow.audience.mastery(ids)
        quizzes = await uow.audience.quiz_scores(ids, now - timedelta(days=7))
        mocks = await uow.audience.mock_scores(ids)
        sent = await uow.outbox.recent_keys(ids, NUDGE_KINDS, first)
        produced: list[Notification] = []
        for recipient in page.recipients:
            uid = recipient.user.id
            if uid not in slots:
                continue
            points = mastery.get(uid, {})
            signals = ProgressSignals(
                sessions=sessions.get(uid, ()),
                plan_start=page.plan_starts.get(uid),
                quiz_scores=quizzes.get(uid, ()),
                mock_scores=mocks.get(uid, ()),
                mastery={topic: p.value for topic, p in points.items()},
                mastery_updated={topic: p.updated_at for topic, p in points.items()},
            )
            topic_names = await names.get(uow, recipient.user.locale)
            found = nudge(
                recipient, signals, slots[uid], topic_names, sent_keys=sent.get(uid, frozenset())
            )
            if found is not None:
                produced.append(found)
        return produced
