"""Use cases of study groups: a matching run, answering an invitation, leaving, expiring
invitations, and the community preferences. Each takes the unit of work, `now` and a frozen
command, and returns a frozen outcome; reactions (pushes, places) follow from the events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from coach.community.events import GroupFormed, GroupMemberJoined, GroupMemberLeft, GroupProposed
from coach.community.matching import DEFAULT_MATCH_POLICY, match
from coach.community.model import FocusMode, GroupStatus, GroupView, MatchPolicy, MemberStatus
from coach.community.policy import (
    DEFAULT_GROUP_POLICY,
    GroupPolicy,
    candidate_of,
    enough_joined,
    group_name,
    still_possible,
)
from coach.community.ports import Place, Preferences
from coach.core.uow import UnitOfWork

SYSTEM = 0  # the user id of events no student is behind (a job's run)


@dataclass(frozen=True, slots=True)
class RunMatching:
    """Match every waiting opted-in student; `names` names topics for the group names."""

    names: Mapping[str, str]
    policy: MatchPolicy = DEFAULT_MATCH_POLICY
    rules: GroupPolicy = DEFAULT_GROUP_POLICY


@dataclass(frozen=True, slots=True)
class MatchingOutcome:
    """Groups proposed by a run and how many students waited."""

    proposed: tuple[GroupView, ...]
    waiting: int


class Answer(StrEnum):
    """What a student answers to an invitation."""

    JOIN = "join"
    NOT_NOW = "no"
    OTHERS = "others"


@dataclass(frozen=True, slots=True)
class AnswerInvitation:
    """A student's answer to a group's invitation."""

    group_id: int
    user_id: int
    answer: Answer
    min_size: int = DEFAULT_MATCH_POLICY.min_size


class AnswerResult(StrEnum):
    """How an answer ended."""

    JOINED = "joined"  # in the group, which is still waiting for others
    FORMED = "formed"  # this yes made the group form
    DECLINED = "declined"
    GONE = "gone"  # no such invitation, or it expired or was answered already


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """The result of an answer, with the group as it is now."""

    result: AnswerResult
    view: GroupView | None = None


@dataclass(frozen=True, slots=True)
class LeaveGroup:
    """A member leaves a group (any time)."""

    group_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class ForStudent:
    """The student whose groups or preferences are read."""

    user_id: int


@dataclass(frozen=True, slots=True)
class SetFocus:
    """Whether a student prefers similar or complementary groups."""

    user_id: int
    focus: FocusMode


@dataclass(frozen=True, slots=True)
class RegisterPlace:
    """The operator registers a supergroup or server as the home of study groups."""

    place: Place


async def run_matching(uow: UnitOfWork, now: datetime, command: RunMatching) -> MatchingOutcome:
    """Propose groups for the waiting students and invite them (one open invitation each:
    students with one are not candidates)."""
    facts = await uow.community.candidates(now)
    suggestions = match((candidate_of(f, now, command.rules) for f in facts), command.policy)
    proposed: list[GroupView] = []
    for number, suggestion in enumerate(suggestions, start=1):
        name = group_name(suggestion.topics, command.names, number)
        view = await uow.community.add_group(suggestion, name, now, now + command.rules.invite_ttl)
        proposed.append(view)
        await uow.record(GroupProposed(user_id=SYSTEM, at=now, view=view))
    return MatchingOutcome(tuple(proposed), len(facts))


async def answer_invitation(
    uow: UnitOfWork, now: datetime, command: AnswerInvitation
) -> AnswerOutcome:
    """Join, "Not now" or "Show me others"; the group forms when enough have joined."""
    view = await uow.community.group(command.group_id)
    member = (
        None
        if view is None
        else next((m for m in view.members if m.user_id == command.user_id), None)
    )
    if view is None or member is None or view.group.status is GroupStatus.CLOSED:
        return AnswerOutcome(AnswerResult.GONE)
    if member.status is not MemberStatus.INVITED or not member.is_open(now):
        return AnswerOutcome(AnswerResult.GONE, view)
    if command.answer is Answer.JOIN:
        await uow.community.set_member(view.group.id, command.user_id, MemberStatus.JOINED, now)
        fresh = await _fresh(uow, view.group.id)
        result = AnswerResult.JOINED
        if fresh.group.status is GroupStatus.PROPOSED and enough_joined(fresh, command.min_size):
            await uow.community.set_status(fresh.group.id, GroupStatus.ACTIVE, now)
            fresh = await _fresh(uow, view.group.id)
            await uow.record(GroupFormed(user_id=command.user_id, at=now, view=fresh))
            result = AnswerResult.FORMED
        elif fresh.group.status is GroupStatus.ACTIVE:
            await uow.record(GroupMemberJoined(user_id=command.user_id, at=now, view=fresh))
        return AnswerOutcome(result, fresh)
    status = MemberStatus.OTHERS if command.answer is Answer.OTHERS else MemberStatus.DECLINED
    await uow.community.set_member(view.group.id, command.user_id, status, now)
    if command.answer is Answer.OTHERS:
        prefs = await uow.community.preferences(command.user_id)
        avoid = prefs.avoid | {m.user_id for m in view.members if m.user_id != command.user_id}
        await uow.community.save_preferences(
            Preferences(prefs.user_id, prefs.focus, frozenset(avoid)), now
        )
    fresh = await _fresh(uow, view.group.id)
    await _close_if_hopeless(uow, now, fresh, command.min_size)
    return AnswerOutcome(AnswerResult.DECLINED, fresh)


async def leave_group(uow: UnitOfWork, now: datetime, command: LeaveGroup) -> GroupView | None:
    """Leave a group; None when the student was not in it. A group nobody is left in closes."""
    view = await uow.community.group(command.group_id)
    if view is None or command.user_id not in {m.user_id for m in view.joined()}:
        return None
    await uow.community.set_member(view.group.id, command.user_id, MemberStatus.LEFT, now)
    fresh = await _fresh(uow, view.group.id)
    if not fresh.joined() and fresh.group.status is GroupStatus.ACTIVE:
        await uow.community.set_status(fresh.group.id, GroupStatus.CLOSED, now)
    await uow.record(GroupMemberLeft(user_id=command.user_id, at=now, view=fresh))
    return fresh


async def expire_invitations(
    uow: UnitOfWork, now: datetime, min_size: int = DEFAULT_MATCH_POLICY.min_size
) -> int:
    """Mark invitations past their 48 hours expired; close proposed groups that cannot form."""
    expired = await uow.community.expired_invitations(now)
    for group_id, user_id in expired:
        await uow.community.set_member(group_id, user_id, MemberStatus.EXPIRED, now)
    for group_id in sorted({g for g, _ in expired}):
        await _close_if_hopeless(uow, now, await _fresh(uow, group_id), min_size)
    return len(expired)


async def my_groups(uow: UnitOfWork, now: datetime, query: ForStudent) -> tuple[GroupView, ...]:
    """The groups a student is in or invited to (open ones only)."""
    views = await uow.community.groups_of(query.user_id)
    return tuple(
        v
        for v in views
        if v.group.status is not GroupStatus.CLOSED
        and any(m.user_id == query.user_id and m.is_open(now) for m in v.members)
    )


async def preferences(uow: UnitOfWork, now: datetime, query: ForStudent) -> Preferences:
    """A student's community preferences."""
    return await uow.community.preferences(query.user_id)


async def set_focus(uow: UnitOfWork, now: datetime, command: SetFocus) -> Preferences:
    """Prefer groups on the same weak topics, or where members can teach each other."""
    prefs = await uow.community.preferences(command.user_id)
    changed = Preferences(prefs.user_id, command.focus, prefs.avoid)
    await uow.community.save_preferences(changed, now)
    return changed


async def register_place(uow: UnitOfWork, now: datetime, command: RegisterPlace) -> Place:
    """Keep a supergroup or server as the home of study groups of its language."""
    await uow.community.register_place(command.place, now)
    return command.place


async def _fresh(uow: UnitOfWork, group_id: int) -> GroupView:
    view = await uow.community.group(group_id)
    if view is None:  # pragma: no cover - the group was read in this same unit of work
        raise LookupError(f"no group {group_id}")
    return view


async def _close_if_hopeless(
    uow: UnitOfWork, now: datetime, view: GroupView, min_size: int
) -> None:
    if view.group.status is GroupStatus.PROPOSED and not still_possible(view, min_size, now):
        await uow.community.set_status(view.group.id, GroupStatus.CLOSED, now)
        for member in view.members:
            if member.status is MemberStatus.JOINED:
                await uow.community.set_member(
                    view.group.id, member.user_id, MemberStatus.EXPIRED, now
                )
