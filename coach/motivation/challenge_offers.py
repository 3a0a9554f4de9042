"""The week's challenge offered each Monday morning: a student's in their own week, a group
place's in the deployment's.

At `OFFER_TIME` on Monday in the student's time zone the week's challenge is chosen from their
plan (unless they already asked for it with /challenge) and pushed as kind `challenge` with
Accept / Swap buttons: quiet hours, a pause, the daily cap and the /settings switch apply.
Once per student and week (the challenge row, and the push's dedupe key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from coach.actions import CHALLENGE_ACCEPT, CHALLENGE_JOIN, CHALLENGE_SWAP
from coach.core.uow import UnitOfWork
from coach.motivation.boards import members_locale
from coach.motivation.challenge_ports import Challenge
from coach.motivation.challenge_usecases import ForPlace, group_challenge, offer_challenge
from coach.notifications.controls import is_paused, local_date, local_moment, opted_out, schedule
from coach.notifications.controls import zone as zone_of
from coach.notifications.model import (
    Address,
    ChoiceSpec,
    Notification,
    NotificationKind,
    Recipient,
)
from coach.notifications.pushes import push
from coach.packs.catalog import Catalog

OFFER_TIME = time(9, 0)
OFFER_GRACE = timedelta(days=1)  # after downtime an offer up to a day late still goes out
OFFER_TTL = timedelta(days=2)


def monday_slot(timezone: str, now: datetime) -> tuple[date, datetime]:
    """The latest Monday offer moment at or before `now` in the zone: (Monday, due)."""
    tz = zone_of(timezone)
    today = local_date(now, tz)
    monday = today - timedelta(days=today.weekday())
    due = local_moment(monday, OFFER_TIME, tz)
    if due > now:
        monday -= timedelta(days=7)
        due = local_moment(monday, OFFER_TIME, tz)
    return monday, due


def offer_context(challenge: Challenge, catalog: Catalog) -> dict[str, object]:
    """What the offer's template shows (topic names in both languages: rendered at send)."""
    pack = catalog.packs.get(challenge.pack_id or "")
    topic = pack.topics_by_id.get(challenge.goal.topic_id or "") if pack else None
    return {
        "kind": challenge.goal.kind.value,
        "target": challenge.goal.target,
        "topic_tr": topic.name if topic else "",
        "topic_en": (topic.name_en or topic.name) if topic else "",
    }


def offer_push(
    recipient: Recipient, challenge: Challenge, due: datetime, now: datetime, catalog: Catalog
) -> Notification:
    """The Monday push of a week's challenge, with its Accept / Swap buttons."""
    user, profile = recipient.user, recipient.profile
    tz = zone_of(user.timezone)
    version = (challenge.id, challenge.swaps)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.CHALLENGE,
        template="challenge/offer",
        dedupe_key=f"challenge:offer:{user.id}:{challenge.week.isoformat()}",
        due_at=due,
        local_date=local_date(due, tz),
        address=recipient.address,
        locale=user.locale,
        context=offer_context(challenge, catalog),
        choices=(
            (
                ChoiceSpec("buttons/challenge_accept", CHALLENGE_ACCEPT.payload(*version)),
                ChoiceSpec("buttons/challenge_swap", CHALLENGE_SWAP.payload(*version)),
            ),
        ),
        expires_at=due + OFFER_TTL,
    )
    return schedule(item, profile, tz, now)


@dataclass(frozen=True, slots=True)
class OfferChallenges:
    """The students to look at (a page of the job's run)."""

    user_ids: Sequence[int]
    channels: Sequence[str]


async def offer_weekly_challenges(
    uow: UnitOfWork, now: datetime, command: OfferChallenges, catalog: Catalog
) -> int:
    """Offer the week's challenge to each student whose Monday morning came in the last day,
    who has a plan and no challenge of the week yet; returns the offers pushed."""
    page = await uow.audience.recipients(command.user_ids, command.channels)
    pushed = 0
    for recipient in page.recipients:
        if recipient.plan_id is None:
            continue
        user, profile = recipient.user, recipient.profile
        _monday, due = monday_slot(user.timezone, now)
        if now - due > OFFER_GRACE:
            continue
        tz = zone_of(user.timezone)
        if is_paused(user, local_date(now, tz)) or opted_out(profile, NotificationKind.CHALLENGE):
            continue
        challenge, new = await offer_challenge(uow, now, user.id, user.timezone)
        if challenge is None or not new:
            continue  # asked for it already (or offered by an earlier run)
        stored = await push(uow, offer_push(recipient, challenge, due, now, catalog), now,
                            profile.max_pushes_per_day)  # fmt: skip
        pushed += 0 if stored.drop_reason else 1
    return pushed


async def offer_group_challenges(uow: UnitOfWork, now: datetime, timezone: str) -> int:
    """Monday morning in the deployment's zone (a place has none of its own): each place that
    had a challenge last week gets this week's, posted in the same chat with a Join button
    (owned by no student; once by its dedupe key). Returns the places offered one."""
    monday, due = monday_slot(timezone, now)
    if now - due > OFFER_GRACE:
        return 0
    posts: list[Notification] = []
    for last in await uow.challenges.groups_of_week(monday - timedelta(days=7)):
        joined = await uow.challenges.contributions(last.id)  # last week's people: their language
        locale = members_locale([m.locale for m in joined], last.locale)
        place = ForPlace(last.channel, last.place_key, last.chat_key, timezone, locale, 0)
        view = await group_challenge(uow, now, place)
        if not view.started:
            continue  # someone started it already with /challenge
        fresh = view.challenge
        posts.append(
            Notification(
                user_id=None,
                kind=NotificationKind.CHALLENGE,
                template="challenge/group_offer",
                dedupe_key=f"challenge:group_offer:{fresh.id}",
                due_at=due,
                local_date=monday,
                address=Address(fresh.channel, fresh.chat_key, fresh.chat_key, is_group=True),
                locale=locale,
                context={"target": fresh.target},
                choices=(
                    (ChoiceSpec("buttons/challenge_join", CHALLENGE_JOIN.payload(fresh.id)),),
                ),
                expires_at=due + OFFER_TTL,
            )
        )
    if posts:
        await uow.outbox.enqueue(posts, now)
    return len(posts)
