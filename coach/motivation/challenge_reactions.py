"""Challenges in reaction to domain events: a completed session or a recorded mock moves the
student's accepted challenge and the group challenges they joined (never a tap); reaching a
target records `ChallengeCompleted`, which is celebrated through the outbox.

The student's celebration is a push of kind `challenge`: quiet hours, a pause, the daily push
cap and its /settings switch apply. A group's completion is posted in the chat it was started
in (a channel, a group, a forum topic), owned by no student, once by its dedupe key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.learning.events import MockRecorded
from coach.motivation.boards import members_locale
from coach.motivation.challenge_ports import Contribution
from coach.motivation.challenge_usecases import shown_members
from coach.motivation.challenges import (
    ChallengeCompleted,
    ChallengeProgressed,
    Step,
    gain,
    in_week,
    step_of_mock,
    step_of_session,
)
from coach.motivation.ledger import moment
from coach.notifications.controls import is_paused, local_date, opted_out, schedule, zone
from coach.notifications.model import Address, Notification, NotificationKind
from coach.notifications.pushes import push
from coach.notifications.reactions import PUSH_CHANNELS
from coach.packs.catalog import Catalog
from coach.sessions.events import SessionCompleted

TTL = timedelta(hours=36)  # a celebration two days late is no celebration


class ChallengeReactions:
    """Moves challenges on learning events and celebrates the ones completed."""

    def __init__(self, catalog: Catalog, channels: Sequence[str] = PUSH_CHANNELS) -> None:
        self._catalog = catalog
        self._channels = tuple(channels)

    async def on_session_completed(self, uow: UnitOfWork, event: SessionCompleted) -> None:
        """A planned session done counts for sessions, minutes and its topic."""
        minutes = event.minutes_spent or event.planned_minutes
        step = step_of_session(event.kind, event.topic_id, minutes)
        if step.sessions and event.in_challenge:
            await self._count(uow, event.user_id, event.at, event.timezone, step)

    async def on_mock_recorded(self, uow: UnitOfWork, event: MockRecorded) -> None:
        """A mock exam's results entered counts for a mock challenge."""
        await self._count(uow, event.user_id, event.at, None, step_of_mock())

    async def _count(
        self, uow: UnitOfWork, user_id: int, at: datetime, timezone: str | None, step: Step
    ) -> None:
        """Move every challenge the step counts for; one read when none does (the Done path)."""
        if timezone is None:
            user = await uow.users.get(user_id)
            if user is None:
                return
            timezone = user.timezone
        day, _hour = moment(at, timezone)
        for line in await uow.challenges.counting(user_id, day - timedelta(days=7)):
            added = gain(line.goal, step)
            # a group's week is counted in its zone, the student's in theirs
            local_day = moment(at, line.timezone)[0] if line.timezone else day
            if not added or not in_week(line.week, local_day):
                continue
            if line.group:
                counted = await uow.challenges.add_to_group(line.challenge_id, user_id, added, at)
                if counted is None:
                    continue
                group, completed = counted
                progress, target = group.progress, group.target
            else:
                moved = await uow.challenges.add_progress(line.challenge_id, added, at)
                if moved is None:
                    continue
                (progress, completed), target = moved, line.goal.target
            kind = line.goal.kind.value
            await uow.record(ChallengeProgressed(
                user_id=user_id, at=at, challenge_id=line.challenge_id, group=line.group,
                progress=progress, target=target, kind=kind,
            ))  # fmt: skip
            if completed:
                await uow.record(ChallengeCompleted(
                    user_id=user_id, at=at, challenge_id=line.challenge_id, group=line.group,
                    kind=kind, target=target, week=line.week, pack_id=line.pack_id,
                    topic_id=line.goal.topic_id,
                ))  # fmt: skip

    async def on_completed(self, uow: UnitOfWork, event: ChallengeCompleted) -> None:
        """Celebrate: the student's push, or the group's post in its chat."""
        if event.group:
            await self._post_group(uow, event)
        else:
            await self._push_student(uow, event)

    def _topic_names(self, pack_id: str | None, topic_id: str | None) -> dict[str, str]:
        pack = self._catalog.packs.get(pack_id or "")
        topic = pack.topics_by_id.get(topic_id or "") if pack else None
        if topic is None:
            return {"topic_tr": "", "topic_en": ""}
        return {"topic_tr": topic.name, "topic_en": topic.name_en or topic.name}

    async def _push_student(self, uow: UnitOfWork, event: ChallengeCompleted) -> None:
        recipient = await uow.audience.recipient(event.user_id, self._channels)
        if recipient is None:
            return
        user, profile = recipient.user, recipient.profile
        tz = zone(user.timezone)
        if is_paused(user, local_date(event.at, tz)) or opted_out(
            profile, NotificationKind.CHALLENGE
        ):
            return
        context = {"kind": event.kind, "target": event.target,
                   **self._topic_names(event.pack_id, event.topic_id)}  # fmt: skip
        item = schedule(
            Notification(
                user_id=user.id,
                kind=NotificationKind.CHALLENGE,
                template="challenge/completed",
                dedupe_key=f"challenge:done:{event.challenge_id}",
                due_at=event.at,
                local_date=local_date(event.at, tz),
                address=recipient.address,
                locale=user.locale,
                context=context,
                expires_at=event.at + TTL,
            ),
            profile,
            tz,
            event.at,
        )
        await push(uow, item, event.at, profile.max_pushes_per_day)

    async def _post_group(self, uow: UnitOfWork, event: ChallengeCompleted) -> None:
        group = await uow.challenges.group_by_id(event.challenge_id)
        if group is None:
            return
        members: Sequence[Contribution] = await uow.challenges.contributions(group.id)
        names = [m.name for m in shown_members(members) if m.name]
        post = Notification(
            user_id=None,
            kind=NotificationKind.CHALLENGE,
            template="challenge/group_completed",
            dedupe_key=f"challenge:group:{group.id}",
            due_at=event.at,
            local_date=local_date(event.at, zone(group.timezone)),
            address=Address(group.channel, group.chat_key, group.chat_key, is_group=True),
            locale=members_locale([m.locale for m in members], group.locale),
            context={"target": group.target, "names": names},
            expires_at=event.at + TTL,
        )
        await push(uow, post, event.at, 0)
