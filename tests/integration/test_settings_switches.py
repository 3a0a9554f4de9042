"""Every switch of /settings → notifications really stops its pushes. The flow stores the
switch's name in `Profile.opt_outs` ("weekly", "group", "nudge" ... — not always a kind's
value); the producers and the dispatcher's last check must read it as the kinds it names.

At send time (both backends): a student who switched one off gets none of that switch's
pushes already queued (dropped "opted out"), and still gets the others. At production: the
weekly review, the study group invitation, the weekly card and the celebrations are not even
queued for a student who switched theirs off."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.jobs.dispatcher import Dispatcher
from coach.community.model import (
    FocusMode,
    GroupStatus,
    GroupView,
    Member,
    MemberStatus,
    StudyGroup,
)
from coach.community.policy import invitation
from coach.dialogue.flows.settings import NOTIFICATION_KINDS
from coach.domain import SessionStatus, User
from coach.notifications import NotificationKind
from coach.notifications.controls import opted_out
from coach.notifications.model import Address, Recipient
from coach.notifications.weekly import ReviewSlot, WeekFacts, weekly_review
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FakeChannel, FixedClock
from tests.notify_support import add_student, profile_for, push, session

NOW = datetime(2027, 1, 12, 11, 0, tzinfo=UTC)  # noon in Berlin, outside quiet hours
K = NotificationKind
# What each switch of the settings screen (its label in buttons/toggle) stops, by kind.
# "group" ("Study group invitations") stops the invitations (`group_invitation`), not the
# messages of the groups and partners the student is in (`group_invite`: the welcome, their
# link, session reminders, partner reports), which the switch does not promise to stop.
SWITCHES: dict[str, frozenset[NotificationKind]] = {
    "reminder": frozenset({K.REMINDER}),
    "checkin": frozenset({K.CHECKIN}),
    "nudge": frozenset({K.MILESTONE, K.SLUMP}),
    "resource": frozenset({K.RESOURCE}),
    "weekly": frozenset({K.WEEKLY_REVIEW}),
    "group": frozenset({K.GROUP_INVITATION}),
    "live_qa": frozenset({K.LIVE_QA}),
    "celebration": frozenset({K.CELEBRATION}),
    "weekly_card": frozenset({K.WEEKLY_CARD}),
    "challenge": frozenset({K.CHALLENGE}),
}


def test_the_table_names_every_switch_of_the_settings_screen() -> None:
    assert set(SWITCHES) >= set(NOTIFICATION_KINDS)  # a new switch needs its row here


@pytest.mark.parametrize("switch", [s for s in NOTIFICATION_KINDS if s in SWITCHES])
def test_a_switch_names_its_kinds_and_no_other(switch: str) -> None:
    profile = profile_for(1, opt_outs=(switch,))
    stopped = {kind for kind in NotificationKind if opted_out(profile, kind)}
    assert stopped == SWITCHES[switch]


async def test_each_switch_stops_its_queued_pushes_at_send_time(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    kinds = sorted(set().union(*SWITCHES.values()))
    queued = []
    students: dict[str, int] = {}
    for number, switch in enumerate(NOTIFICATION_KINDS):
        user = await add_student(
            uow_factory, channel="web", opt_outs=(switch,), max_pushes_per_day=50
        )
        students[switch] = user
        queued += [
            push(user, f"{switch}:{kind.value}", NOW - timedelta(minutes=number), kind=kind,
                 channel="web", chat=f"c{user}")
            for kind in kinds
        ]  # fmt: skip
    async with uow_factory() as uow:
        await uow.outbox.enqueue(queued, NOW)
        await uow.commit()
    channel = FakeChannel(name="web")
    dispatcher = Dispatcher(uow_factory, channel, FixedClock(NOW))
    while (await dispatcher.run_once()).claimed:
        pass
    sent = {str(reply.meta["dedupe_key"]) for _, reply in channel.sent}
    for switch, _user in students.items():
        for kind in kinds:
            key = f"{switch}:{kind.value}"
            if kind in SWITCHES.get(switch, frozenset()):
                assert key not in sent, f"switch {switch!r} off, yet {kind.value} was sent"
            else:
                assert key in sent, f"switch {switch!r} off stopped {kind.value} as well"


async def test_what_the_student_asked_for_is_sent_whatever_the_switches(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """Resource links after /stuck are solicited: the resource switch (and every other) off,
    they are still sent; the same links unasked (after a failed quiz) are dropped."""
    user = await add_student(uow_factory, channel="web", opt_outs=tuple(NOTIFICATION_KINDS))
    asked = dataclasses.replace(
        push(user, "resource:stuck", NOW, kind=K.RESOURCE, channel="web", chat=f"c{user}"),
        solicited=True,
    )
    unasked = push(user, "resource:quiz", NOW, kind=K.RESOURCE, channel="web", chat=f"c{user}")
    async with uow_factory() as uow:
        await uow.outbox.enqueue([asked, unasked], NOW)
        await uow.commit()
    channel = FakeChannel(name="web")
    dispatcher = Dispatcher(uow_factory, channel, FixedClock(NOW))
    while (await dispatcher.run_once()).claimed:
        pass
    assert [reply.meta["dedupe_key"] for _, reply in channel.sent] == ["resource:stuck"]


def test_the_group_switch_stops_invitations() -> None:
    group = StudyGroup(5, "yks", "SAY", "en", False, FocusMode.SIMILAR, GroupStatus.PROPOSED,
                       0, (), NOW, "Türev")  # fmt: skip
    invited = Member(5, 1, MemberStatus.INVITED, NOW, NOW + timedelta(days=2))
    view = GroupView(group, (invited,))
    invite = invitation(_recipient(), view, {}, NOW)
    assert invite is not None and invite.kind is K.GROUP_INVITATION
    assert invitation(_recipient("group"), view, {}, NOW) is None


def _recipient(*opt_outs: str) -> Recipient:
    user = User(1, "en", "Europe/Berlin", datetime(2026, 1, 1, tzinfo=UTC), "Ada")
    return Recipient(user, profile_for(1, opt_outs=opt_outs), Address("telegram", "7", "7"))


def test_the_weekly_switch_stops_the_weekly_review() -> None:
    sunday = date(2027, 1, 17)
    week = [session(1, sunday - timedelta(days=n), time(18, 0), topic_id=f"t{n}",
                    status=SessionStatus.DONE) for n in range(3)]  # fmt: skip
    facts = WeekFacts(week, [], {}, {})
    slot = ReviewSlot(sunday, datetime(2027, 1, 17, 18, 0, tzinfo=UTC))
    assert weekly_review(_recipient(), slot, facts, {}, slot.due_at) is not None
    assert weekly_review(_recipient("weekly"), slot, facts, {}, slot.due_at) is None
