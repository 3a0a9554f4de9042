"""Subscribers of the forum: the asker hears of a new answer through the outbox, written in
the transaction of the answer (a rolled-back answer tells nobody)."""

from __future__ import annotations

from coach.actions import FORUM_SHOW
from coach.core.uow import UnitOfWork
from coach.forum.events import ForumAnswerGiven
from coach.notifications.controls import is_paused, local_date, opted_out, schedule, zone
from coach.notifications.model import ChoiceSpec, Notification, NotificationKind, Recipient
from coach.notifications.pushes import push
from coach.notifications.reactions import PUSH_CHANNELS

PREVIEW = 80


def answer_notice(recipient: Recipient, event: ForumAnswerGiven) -> Notification | None:
    """The push telling the asker of an answer (one per answer); None when they opted out of
    forum pushes or paused."""
    user, profile = recipient.user, recipient.profile
    tz = zone(user.timezone)
    now = event.at
    if is_paused(user, local_date(now, tz)) or opted_out(profile, NotificationKind.FORUM):
        return None
    post = event.post
    text = post.text if len(post.text) <= PREVIEW else post.text[: PREVIEW - 1] + "…"
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.FORUM,
        template="notify/forum_answer",
        dedupe_key=f"forum:answer:{post.id}:{user.id}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context={"thread_id": post.thread_id, "preview": text},
        choices=((ChoiceSpec("notify/buttons/forum_show", FORUM_SHOW.payload(post.thread_id)),),),
        solicited=True,  # the student asked the question and was told they would hear
    )
    return schedule(item, profile, tz, now)


class ForumReactions:
    """Who hears of forum activity."""

    async def on_answer(self, uow: UnitOfWork, event: ForumAnswerGiven) -> None:
        """Tell the asker (not when they answered their own question)."""
        asker = event.asker_id
        if asker is None or asker == event.post.user_id:
            return
        recipient = await uow.audience.recipient(asker, PUSH_CHANNELS)
        if recipient is None:
            return
        item = answer_notice(recipient, event)
        if item is not None:
            await push(uow, item, event.at, recipient.profile.max_pushes_per_day)
