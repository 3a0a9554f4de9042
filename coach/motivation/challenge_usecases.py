"""Use cases of weekly challenges: the student's challenge of the week (offered from the plan
on first look), accept or swap it, and a group place's challenge: start or show it, join or
leave it.

A student's week is theirs: Monday to Sunday of study days in their time zone (a study day
starts at 04:00, as streaks count). A group place has no zone of its own, so its week is the
deployment's (the zone is stored with the challenge, so counting agrees with showing).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from coach.core.uow import UnitOfWork
from coach.motivation.challenge_ports import Challenge, Contribution, GroupChallenge
from coach.motivation.challenges import (
    ChallengeStatus,
    WeekFocus,
    group_target,
    offered_week,
    pick,
    still_ahead,
    swap,
)
from coach.motivation.league_usecases import week_of
from coach.motivation.ledger import moment
from coach.peers.usecases import ForStudent as PeerOf
from coach.peers.usecases import SetPseudonym, peer_profile, set_pseudonym

SHOWN_MEMBERS = 10  # lines of a group's progress; the rest count in the total only


def student_week(at: datetime, timezone: str) -> date:
    """The Monday of the student's week at `at` (their zone, their study day)."""
    day, _hour = moment(at, timezone)
    return week_of(day)


@dataclass(frozen=True, slots=True)
class ForStudent:
    """Which student."""

    user_id: int


@dataclass(frozen=True, slots=True)
class ChallengeView:
    """The student's challenge of this week; None when they have no plan to choose from."""

    challenge: Challenge | None
    today: date | None = None  # the student's study day (how many days the week has left)


async def _focus(uow: UnitOfWork, user_id: int, week: date, today: date) -> WeekFocus | None:
    """The plan's sessions of the week a challenge accepted today can still count, and the
    days to the exam; None without a plan."""
    plan = await uow.plans.active_for(user_id)
    if plan is None:
        return None
    sessions = await uow.plans.sessions(plan.id, week, week + timedelta(days=6))
    return WeekFocus(still_ahead(sessions, today), (plan.exam_date - today).days)


async def offer_challenge(
    uow: UnitOfWork, now: datetime, user_id: int, timezone: str
) -> tuple[Challenge | None, bool]:
    """The week's challenge, offered now from the plan when there is none: (challenge, new).
    Late in the week its goal fits the sessions left; on the last day it is next week's."""
    this_week = student_week(now, timezone)
    found = await uow.challenges.of_week(user_id, this_week)
    if found is not None:
        return found, False
    today, _hour = moment(now, timezone)
    focus = await _focus(uow, user_id, this_week, today)
    if focus is None:
        return None, False
    week = offered_week(this_week, today, focus.sessions)
    if week != this_week:
        found = await uow.challenges.of_week(user_id, week)
        if found is not None:
            return found, False
        focus = await _focus(uow, user_id, week, today)
    if focus is None:
        return None, False
    plan = await uow.plans.active_for(user_id)
    offered = Challenge(0, user_id, week, plan.pack_id if plan else None, pick(focus),
                        ChallengeStatus.OFFERED, offered_at=now)  # fmt: skip
    stored = await uow.challenges.add(offered)
    if stored is None:  # offered by a parallel turn or the Monday job a moment ago
        return await uow.challenges.of_week(user_id, week), False
    return stored, True


async def my_challenge(uow: UnitOfWork, now: datetime, query: ForStudent) -> ChallengeView:
    """The student's challenge of this week (offered now if the week has none yet)."""
    user = await uow.users.get(query.user_id)
    if user is None:
        return ChallengeView(None)
    challenge, _new = await offer_challenge(uow, now, user.id, user.timezone)
    return ChallengeView(challenge, moment(now, user.timezone)[0])


class Answer(StrEnum):
    """What an Accept / Swap tap came to."""

    ACCEPTED = "accepted"
    SWAPPED = "swapped"
    STALE = "stale"  # a button of a challenge swapped since (or of another week)
    ALREADY = "already"  # accepted before, or completed


@dataclass(frozen=True, slots=True)
class AnswerChallenge:
    """Accept or swap the challenge `challenge_id` as it was after `swaps` swaps."""

    user_id: int
    challenge_id: int
    swaps: int
    accept: bool


@dataclass(frozen=True, slots=True)
class Answered:
    """The outcome, and the challenge as it is now (None: the student has none)."""

    answer: Answer
    challenge: Challenge | None
    today: date | None = None


async def answer_challenge(uow: UnitOfWork, now: datetime, command: AnswerChallenge) -> Answered:
    """Accept (counting starts now) or swap (a different challenge, still to accept). A tap
    on the button of an older offer changes nothing and shows the current one."""
    view = await my_challenge(uow, now, ForStudent(command.user_id))
    current = view.challenge
    if current is None:
        return Answered(Answer.STALE, None, view.today)
    if current.id != command.challenge_id or current.swaps != command.swaps:
        return Answered(Answer.STALE, current, view.today)
    if current.status is not ChallengeStatus.OFFERED:
        return Answered(Answer.ALREADY, current, view.today)
    if command.accept:
        changed = dataclasses.replace(current, status=ChallengeStatus.ACCEPTED, accepted_at=now)
    else:
        today = view.today or current.week
        focus = await _focus(uow, command.user_id, current.week, today) or WeekFocus(())
        goal = swap(focus, current.goal, current.swaps + 1)
        changed = dataclasses.replace(current, goal=goal, swaps=current.swaps + 1)
    if not await uow.challenges.save(changed, expect_swaps=current.swaps):
        again = await uow.challenges.of_week(command.user_id, current.week)
        return Answered(Answer.STALE, again, view.today)  # a double tap: the first one won
    return Answered(Answer.ACCEPTED if command.accept else Answer.SWAPPED, changed, view.today)


@dataclass(frozen=True, slots=True)
class ForPlace:
    """A group place (`place_key`: the server, the group) and the chat asked from."""

    channel: str
    place_key: str
    chat_key: str
    timezone: str
    locale: str
    reader: int


@dataclass(frozen=True, slots=True)
class GroupView:
    """A place's challenge of the week and the joined members shown (display names only)."""

    challenge: GroupChallenge
    shown: tuple[Contribution, ...]
    joined: bool  # the reader joined it
    started: bool = False  # started by this call
    bad_name: bool = False
    left: bool = False  # the reader left it by this call


def shown_members(members: Sequence[Contribution]) -> tuple[Contribution, ...]:
    """Who a place's progress lists: joined members with a display name; minors only when
    every joined member is a minor (the community's "minors only with minors"), as boards."""
    minors_only = bool(members) and all(m.minor for m in members)
    shown = [m for m in members if m.name and (minors_only or not m.minor)]
    shown.sort(key=lambda m: (-m.count, (m.name or "").casefold(), m.user_id))
    return tuple(shown[:SHOWN_MEMBERS])


async def _group_view(
    uow: UnitOfWork, challenge: GroupChallenge, reader: int, **flags: bool
) -> GroupView:
    members = await uow.challenges.contributions(challenge.id)
    joined = any(m.user_id == reader for m in members)
    return GroupView(challenge, shown_members(members), joined, **flags)


async def group_challenge(uow: UnitOfWork, now: datetime, query: ForPlace) -> GroupView:
    """The place's challenge of this week, started now when it has none."""
    week = week_of(moment(now, query.timezone)[0])
    found = await uow.challenges.group_of_week(query.channel, query.place_key, week)
    if found is not None:
        return await _group_view(uow, found, query.reader)
    fresh = GroupChallenge(0, query.channel, query.place_key, query.chat_key, week,
                           query.timezone, query.locale, group_target(0))  # fmt: skip
    stored, started = await uow.challenges.add_group(fresh, now)
    return await _group_view(uow, stored, query.reader, started=started)


@dataclass(frozen=True, slots=True)
class JoinGroup:
    """Join a place's challenge (a display name is needed, as for leagues)."""

    challenge_id: int
    user_id: int
    place: ForPlace
    name: str = ""


async def join_group(uow: UnitOfWork, now: datetime, command: JoinGroup) -> GroupView:
    """Join the place's challenge of this week; each member raises the shared target."""
    view = await group_challenge(uow, now, command.place)
    if view.challenge.id != command.challenge_id or view.challenge.completed_at is not None:
        return view  # a button of last week's challenge: show this week's
    if command.name:
        await set_pseudonym(uow, now, SetPseudonym(command.user_id, command.name))
    profile = await peer_profile(uow, now, PeerOf(command.user_id))
    if profile.pseudonym is None:
        return dataclasses.replace(view, bad_name=True)
    if await uow.challenges.join(view.challenge.id, command.user_id, now):
        members = len(await uow.challenges.contributions(view.challenge.id))
        target = max(view.challenge.target, group_target(members))
        await uow.challenges.set_group_target(view.challenge.id, target)
        challenge = dataclasses.replace(view.challenge, target=target)
        return await _group_view(uow, challenge, command.user_id)
    return await _group_view(uow, view.challenge, command.user_id)


@dataclass(frozen=True, slots=True)
class LeaveGroup:
    """Leave a place's challenge (the Leave button, `/challenge leave`)."""

    challenge_id: int
    user_id: int
    place: ForPlace


def target_after_leaving(members: int, progress: int) -> int:
    """The shared target once a member left: what the members still in would be asked for,
    never reached by the leaving itself (only finished sessions complete a challenge)."""
    return max(group_target(members), progress + 1)


async def leave_group(uow: UnitOfWork, now: datetime, command: LeaveGroup) -> GroupView:
    """Leave the place's challenge of this week: the sessions the member counted leave the
    shared progress with them, and the target is recounted for the members still in."""
    view = await group_challenge(uow, now, command.place)
    if view.challenge.id != command.challenge_id or view.challenge.completed_at is not None:
        return view  # a button of last week's challenge, or a finished one: nothing to leave
    if not await uow.challenges.leave(view.challenge.id, command.user_id):
        return view
    members = len(await uow.challenges.contributions(view.challenge.id))
    fresh = await uow.challenges.group_by_id(view.challenge.id)
    progress = fresh.progress if fresh is not None else 0
    target = target_after_leaving(members, progress)
    await uow.challenges.set_group_target(view.challenge.id, target)
    challenge = dataclasses.replace(view.challenge, target=target, progress=progress)
    return dataclasses.replace(await _group_view(uow, challenge, command.user_id), left=True)
