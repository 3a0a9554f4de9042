"""Use cases of accountability partners: pairing, the evening report (with the quiet-week
unpairing), and sending an encouragement. Pushes go through the outbox in the same unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.community.comparison import Comparison, compare
from coach.community.partners import (
    CHEERS,
    QUIET_DAYS,
    cheer,
    did_today,
    evening_due,
    evening_report,
    pair,
    unpaired,
    went_quiet,
)
from coach.core.uow import UnitOfWork
from coach.notifications.pushes import push
from coach.notifications.reactions import PUSH_CHANNELS


@dataclass(frozen=True, slots=True)
class RunPairing:
    """Pair every waiting opted-in student who has a similar match."""


@dataclass(frozen=True, slots=True)
class EveningRun:
    """Send the due evening reports and unpair partners who went quiet."""


@dataclass(frozen=True, slots=True)
class EveningOutcome:
    """What an evening run did."""

    reports: int
    unpaired: int


@dataclass(frozen=True, slots=True)
class SendCheer:
    """A student sends their partner one of the fixed encouragements."""

    user_id: int
    partner_id: int
    code: str


async def run_pairing(uow: UnitOfWork, now: datetime, command: RunPairing) -> int:
    """Pair the waiting students; returns the number of new pairs."""
    pairs = pair(await uow.partners.candidates())
    for a, b in pairs:
        await uow.partners.add(a, b, now)
    return len(pairs)


async def evening(uow: UnitOfWork, now: datetime, command: EveningRun) -> EveningOutcome:
    """Each side hears yes/no about the other's day once its evening has come; a partner with
    no session done for a week ends the pair, and the other side gets a kind word."""
    reports = ended = 0
    pairs = list(await uow.partners.active())
    gone: set[frozenset[int]] = set()
    for side in pairs:
        key = frozenset({side.user_id, side.partner_id})
        if key in gone:
            continue
        recipient = await uow.audience.recipient(side.user_id, PUSH_CHANNELS)
        if recipient is None:
            continue
        week = await uow.audience.sessions(
            [side.partner_id], (now - timedelta(days=QUIET_DAYS)).date(), now.date()
        )
        theirs = list(week.get(side.partner_id, ()))
        cap = recipient.profile.max_pushes_per_day
        if went_quiet(theirs, side.created_at, now):
            await uow.partners.end(side.user_id, side.partner_id, now)
            await push(uow, unpaired(recipient, side.partner_name or "?", now), now, cap)
            gone.add(key)
            ended += 1
            continue
        day = evening_due(now, recipient.user.timezone)
        if day is None:
            continue
        today = [s for s in theirs if s.date == day]
        stored = await push(
            uow, evening_report(recipient, side, did_today(today), day, now), now, cap
        )
        reports += stored.drop_reason is None
    return EveningOutcome(reports, ended)


async def send_cheer(uow: UnitOfWork, now: datetime, command: SendCheer) -> bool:
    """Queue the encouragement for the partner; False when not partners or not a fixed one."""
    mine = await uow.partners.of(command.user_id)
    if mine is None or mine.partner_id != command.partner_id or command.code not in CHEERS:
        return False
    recipient = await uow.audience.recipient(command.partner_id, PUSH_CHANNELS)
    theirs = await uow.partners.of(command.partner_id)
    if recipient is None or theirs is None:
        return False
    sender = theirs.partner_name or "?"
    await push(
        uow, cheer(recipient, sender, command.code, now), now, recipient.profile.max_pushes_per_day
    )
    return True


@dataclass(frozen=True, slots=True)
class MyComparison:
    """The student who asks how successful peers study."""

    user_id: int


async def my_comparison(uow: UnitOfWork, now: datetime, query: MyComparison) -> Comparison | None:
    """The comparison of an opted-in student (None when not opted in, or too few peers)."""
    profile = await uow.profiles.get(query.user_id)
    if profile is None:
        return None
    records = await uow.comparison.records(profile.pack_id, now)
    me = next((r for r in records if r.user_id == query.user_id), None)
    return compare(me, records) if me is not None else None
