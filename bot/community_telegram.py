"""Study groups on Telegram. Bots cannot create groups, so the operator makes a forum
supergroup, adds the coach as an admin with "Manage topics" and "Invite users via link", and
sends `/setup` there. Then each formed study group gets one forum topic in it, and each member
a personal invite link that creates a join request; the coach approves a request only when
the link's owner is a member of that group (anyone else is declined).

`TelegramGroupPlaces.sync` is the job's run (topics and links for formed groups, links sent
to members privately through the outbox); `setup` and `on_join_request` answer the updates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    ChatJoinRequestHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from coach.community.model import GroupStatus
from coach.community.policy import may_enter, place_link
from coach.community.ports import GroupPlace, Place
from coach.community.usecases import RegisterPlace, register_place
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.notifications.pushes import push
from coach.notifications.reactions import PUSH_CHANNELS
from prompts import render

log = logging.getLogger(__name__)
CHANNEL = "telegram"
ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


@dataclass
class SyncReport:
    """What one run did."""

    topics: int = 0
    links: int = 0
    failed: int = 0


class TelegramGroupPlaces:
    """Forum topics, personal invite links and join requests for study groups."""

    def __init__(self, bot: Bot, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._bot = bot
        self._uow = uow
        self._clock = clock

    async def setup(self, chat_id: int, chat_type: str, user_id: int, locale: str) -> str:
        """`/setup` in a supergroup by one of its admins; returns the answer's template."""
        if chat_type != "supergroup":
            return "community_place/setup_supergroup_only"
        try:
            sender = await self._bot.get_chat_member(chat_id, user_id)
            if sender.status not in ADMINS:
                return "community_place/setup_admins_only"
            chat = await self._bot.get_chat(chat_id)
            if not chat.is_forum:
                return "community_place/setup_not_forum"
            me = await self._bot.get_chat_member(chat_id, self._bot.id)
        except TelegramError as error:
            log.warning("setup checks failed in %s: %s", chat_id, error)
            return "community_place/setup_rights"
        rights = (getattr(me, "can_manage_topics", False), getattr(me, "can_invite_users", False))
        if me.status not in ADMINS or not all(rights):
            return "community_place/setup_rights"
        async with self._uow() as uow:
            place = Place(CHANNEL, str(chat_id), locale)
            await register_place(uow, self._clock.now(), RegisterPlace(place))
            await uow.commit()
        return "community_place/setup_done"

    async def sync(self) -> SyncReport:
        """Give every active group of a registered language its topic, and every member with
        a Telegram account their personal link (sent privately through the outbox)."""
        report = SyncReport()
        async with self._uow() as uow:
            places = {p.locale: p for p in await uow.community.places(CHANNEL)}
            groups = await uow.community.active_groups()
        for group_id in groups:
            try:
                await self._sync_group(group_id, places, report)
            except TelegramError as error:
                report.failed += 1
                log.warning("study group %s on Telegram: %s", group_id, error)
        return report

    async def _sync_group(
        self, group_id: int, places: dict[str, Place], report: SyncReport
    ) -> None:
        async with self._uow() as uow:
            view = await uow.community.group(group_id)
            if view is None or view.group.status is not GroupStatus.ACTIVE:
                return
            place = places.get(view.group.locale) or next(iter(places.values()), None)
            if place is None:
                return
            members = [m.user_id for m in view.joined()]
            accounts = await uow.community.accounts(members, CHANNEL)
            if not accounts:
                return  # nobody of this group uses Telegram
            chat_id = int(place.place_key)
            existing = {p.channel: p for p in await uow.community.group_places(group_id)}
            topic = existing.get(CHANNEL)
            now = self._clock.now()
            if topic is None:
                created = await self._bot.create_forum_topic(chat_id, view.group.name[:128])
                topic = GroupPlace(
                    group_id, CHANNEL, place.place_key, str(created.message_thread_id)
                )
                await uow.community.save_group_place(topic)
                names = [m.pseudonym or "?" for m in view.joined()]
                hello = render("community_place/topic_hello", place.locale,
                               group=view.group.name, members=names)  # fmt: skip
                await self._bot.send_message(
                    chat_id, hello, message_thread_id=created.message_thread_id
                )
                report.topics += 1
                await uow.commit()  # the topic exists now: never create it twice
            links = await uow.community.links(group_id, CHANNEL)
            wanting = [u for u in members if u in accounts and u not in links]
            page = await uow.audience.recipients(wanting, PUSH_CHANNELS)
            for recipient in page.recipients:
                link = await self._bot.create_chat_invite_link(
                    chat_id, name=f"g{group_id}u{recipient.user.id}", creates_join_request=True
                )
                await uow.community.save_link(
                    group_id, recipient.user.id, CHANNEL, link.invite_link, now
                )
                item = place_link(recipient, view, CHANNEL, link.invite_link, now)
                await push(uow, item, now, recipient.profile.max_pushes_per_day)
                await uow.commit()  # one link, one row: a later failure keeps this one
                report.links += 1

    async def on_join_request(self, chat_id: int, user_id: int, link: str | None) -> bool:
        """Approve a join request made through a member's own link; decline any other."""
        async with self._uow() as uow:
            owner = await uow.community.link_owner(CHANNEL, link) if link else None
            student = await uow.community.user_of_account(CHANNEL, str(user_id))
            view = await uow.community.group(owner[0]) if owner else None
            allowed = owner is not None and owner[1] == student and may_enter(view, owner[1])
            if allowed and link:
                await uow.community.approved(CHANNEL, link, self._clock.now())
                await uow.commit()
        if allowed:
            await self._bot.approve_chat_join_request(chat_id, user_id)
        else:
            await self._bot.decline_chat_join_request(chat_id, user_id)
        return allowed


def register_community_handlers(application: Application, places: TelegramGroupPlaces) -> None:
    """`/setup` in a supergroup and join requests; in group -1 so they run before the
    engine's command handler (which would call /setup an unknown command)."""

    async def on_setup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or user is None or message is None:
            return
        locale = "tr" if (user.language_code or "tr").startswith("tr") else "en"
        answer = await places.setup(chat.id, chat.type, user.id, locale)
        await message.reply_text(render(answer, locale))
        raise ApplicationHandlerStop  # answered here; the engine does not see it

    async def on_join_request(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        request = update.chat_join_request
        if request is None:
            return
        link = request.invite_link.invite_link if request.invite_link else None
        await places.on_join_request(request.chat.id, request.from_user.id, link)

    setup = CommandHandler("setup", on_setup, filters=filters.ChatType.SUPERGROUP)
    application.add_handler(setup, group=-1)
    application.add_handler(ChatJoinRequestHandler(on_join_request), group=-1)
