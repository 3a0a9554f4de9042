"""Writing the XP ledger and reading a student's standing (async, on the unit of work).

Called by the subscribers in `coach.motivation.reactions`, inside the transaction of the event
that earned the XP; the ledger's unique (student, key) makes a repeated event earn nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from coach.core.clock import DAY_START, study_day
from coach.core.uow import UnitOfWork
from coach.domain import StudySession
from coach.motivation.badges import Stats
from coach.motivation.events import XpEarned
from coach.motivation.figures import stats
from coach.motivation.ports import StudyDayRecord
from coach.motivation.streaks import DayFacts, Streak, fold
from coach.motivation.xp import Award, LedgerEntry, capped, level_of
from coach.notifications.controls import zone
from coach.packs.catalog import Catalog

HISTORY_DAYS = 400  # how far back the streak fold looks


def moment(at: datetime, timezone: str, day_start: time = DAY_START) -> tuple[date, int]:
    """The study day and the local hour of a moment."""
    return study_day(at, zone(timezone).key, day_start), at.astimezone(zone(timezone)).hour


async def earn(
    uow: UnitOfWork,
    user_id: int,
    timezone: str,
    award: Award,
    at: datetime,
    *,
    day_start: time = DAY_START,
    totals: tuple[int, int] | None = None,
) -> XpEarned | None:
    """Append the award to the ledger under the daily cap and record `XpEarned`; None when
    this event earned before. `totals` (balance, XP of the award's study day), when the
    caller already read them in another statement, saves the read."""
    repo = uow.motivation
    day, hour = moment(at, timezone, day_start)
    # One read for both figures; a repeated key is refused by the append itself.
    before, today = totals if totals is not None else await repo.totals(user_id, day)
    amount = capped(award.requested, today)
    entry = LedgerEntry(award.key, award.reason, award.requested, amount, day, award.minutes, hour)
    if not await repo.append(user_id, entry, at):
        return None
    event = XpEarned(
        user_id=user_id,
        at=at,
        amount=amount,
        reason=award.reason,
        balance=before + amount,
        level=level_of(before + amount).number,
        level_before=level_of(before).number,
        capped=amount < award.requested,
    )
    await uow.record(event)
    return event


async def streak_of(uow: UnitOfWork, user_id: int, today: date) -> Streak:
    """The streak on the student's study day `today`, folded from the plan and study days."""
    plan = await uow.plans.active_for(user_id)
    if plan is None:
        return fold({}, today, today)
    first = history_start(plan.start_date, today)
    sessions = await uow.plans.sessions(plan.id, first, today)
    return await streak_with(uow, user_id, today, plan.start_date, sessions)


def history_start(plan_start: date, today: date) -> date:
    """The first day the streak fold looks at."""
    return min(max(plan_start, today - timedelta(days=HISTORY_DAYS)), today)


async def streak_with(
    uow: UnitOfWork,
    user_id: int,
    today: date,
    plan_start: date,
    sessions: Iterable[StudySession],
) -> Streak:
    """The same streak as `streak_of`, from the plan's sessions a caller already read (the
    Done button, /progress): one read of the study days."""
    first = history_start(plan_start, today)
    records = await uow.motivation.study_days(user_id, first, today)
    start = min([first, *(r.day for r in records)])
    kept = [s for s in sessions if first <= s.date <= today]
    return fold(day_facts(kept, records), start, today)


def day_facts(
    sessions: Iterable[StudySession], records: Iterable[StudyDayRecord]
) -> dict[date, DayFacts]:
    """The facts of each day: planned minutes and break days from the plan, what was done
    from the study days recorded."""
    planned: dict[date, int] = defaultdict(int)
    breaks: set[date] = set()
    for session in sessions:
        if session.kind == "break":
            breaks.add(session.date)
        else:
            planned[session.date] += session.minutes
    by_day = {r.day: r for r in records}
    facts: dict[date, DayFacts] = {}
    for day in set(planned) | breaks | set(by_day):
        record = by_day.get(day)
        facts[day] = DayFacts(
            planned_minutes=planned.get(day, 0),
            break_day=day in breaks and day not in planned,
            sessions_done=record.sessions if record else 0,
            minutes_done=record.minutes if record else 0,
            ill=record.ill if record else False,
        )
    return facts


async def figures_of(
    uow: UnitOfWork,
    catalog: Catalog,
    user_id: int,
    today: date,
    entries: Sequence[LedgerEntry] | None = None,
) -> tuple[Stats, Streak]:
    """Every badge figure of a student, and their streak."""
    ledger = list(entries) if entries is not None else list(await uow.motivation.ledger(user_id))
    streak = await streak_of(uow, user_id, today)
    plan = await uow.plans.active_for(user_id)
    mastery: dict[str, float] = {}
    subjects: dict[str, list[str]] = {}
    if plan is not None:
        mastery = dict(await uow.progress.mastery(user_id, plan.pack_id))
        pack = catalog.packs.get(plan.pack_id)
        for topic in pack.topics if pack else ():
            subjects.setdefault(topic.subject_id, []).append(topic.id)
    figures = stats(
        ledger,
        streak,
        today,
        plans_activated=1 if plan is not None else 0,
        mastery=mastery,
        subjects=subjects,
    )
    return figures, streak
