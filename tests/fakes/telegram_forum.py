"""Groups in the fake Bot API: supergroups with admins and members, forum topics
(createForumTopic), invite links that create join requests (createChatInviteLink), and the
answers to join requests (approveChatJoinRequest / declineChatJoinRequest), with the checks
the real server makes (rights, a forum chat, `creates_join_request` without `member_limit`);
basic groups with members; members writing in a group (`say_in_group`, only members can), and
the bot removed from a group (its sends then answer 403 as Telegram's do)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fakes.telegram_objects import ApiError, FakeUser, bad_request, utf16_length

if TYPE_CHECKING:
    from tests.fakes.telegram_api import ApiCall

TOPIC_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)


@dataclass
class FakeSupergroup:
    """A supergroup the test sets up: its admins, members and the bot's rights."""

    id: int
    title: str
    is_forum: bool = True
    admins: set[int] = field(default_factory=set)
    members: set[int] = field(default_factory=set)
    bot_rights: set[str] = field(default_factory=lambda: {"can_manage_topics", "can_invite_users"})
    topics: dict[int, dict[str, Any]] = field(default_factory=dict)  # ForumTopic objects
    closed_topics: set[int] = field(default_factory=set)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: set[int] = field(default_factory=set)  # users waiting for an answer

    def to_api(self) -> dict[str, Any]:
        """The `Chat` object."""
        data: dict[str, Any] = {"id": self.id, "type": "supergroup", "title": self.title}
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass
class FakeGroup:
    """A basic (non-super) group the bot is in: its members."""

    id: int
    title: str
    members: set[int] = field(default_factory=set)

    def to_api(self) -> dict[str, Any]:
        """The `Chat` object."""
        return {"id": self.id, "type": "group", "title": self.title}


class ForumMethods:
    """Mixed into the fake server before `BotApiMethods`."""

    bot_user: dict[str, Any]
    bot_id: int
    next_message_id: Callable[[int], int]  # provided by BotApiMethods

    def __init__(self) -> None:
        super().__init__()
        self.supergroups: dict[int, FakeSupergroup] = {}
        self.groups: dict[int, FakeGroup] = {}
        self.left_groups: set[int] = set()  # chats the bot was removed from
        self._thread_ids = itertools.count(1001)
        self._link_ids = itertools.count(1)

    def handlers(self) -> dict[str, Any]:
        """The base methods plus the supergroup ones."""
        own = {
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "createforumtopic": self._create_forum_topic,
            "closeforumtopic": self._close_forum_topic,
            "sendphoto": self._send_photo_in_topic,
            "createchatinvitelink": self._create_invite_link,
            "approvechatjoinrequest": self._approve,
            "declinechatjoinrequest": self._decline,
        }
        base = super().handlers()  # type: ignore[misc]
        send = base["sendmessage"]

        async def send_message(call: ApiCall) -> dict[str, Any]:
            """sendMessage, with forum topics: the thread must exist, the message is marked."""
            thread_id = call.params.get("message_thread_id")
            group = self.supergroups.get(call.params.get("chat_id"))  # type: ignore[arg-type]
            if thread_id is not None and group is not None and thread_id not in group.topics:
                raise bad_request("message thread not found")
            message: dict[str, Any] = await send(call)
            if thread_id is not None:
                message.update(message_thread_id=thread_id, is_topic_message=True)
            return message

        sending = {**base, **own, "sendmessage": send_message}
        return {name: self._in_group(name, method) for name, method in sending.items()}

    def _in_group(self, name: str, method: Any) -> Any:
        """A send to a group the bot was removed from fails as Telegram's does."""
        if not name.startswith("send"):
            return method

        async def checked(call: ApiCall) -> Any:
            chat_id = call.params.get("chat_id")
            if chat_id in self.left_groups:
                kind = "supergroup" if chat_id in self.supergroups else "group"
                raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
            return await method(call)

        return checked

    def _chat(self, call: ApiCall) -> dict[str, Any]:
        """A known group's own `Chat` object (its type and title), else the base guess."""
        chat_id = call.params.get("chat_id")
        known = self.supergroups.get(chat_id) or self.groups.get(chat_id)  # type: ignore[arg-type]
        if known is not None:
            return known.to_api()
        return super()._chat(call)  # type: ignore[misc]

    def now(self) -> int:  # provided by the server
        """Unix seconds."""
        raise NotImplementedError

    async def inject(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Provided by the server."""
        raise NotImplementedError

    # ------------------------------------------------------------------ the test's side
    def add_supergroup(self, chat_id: int, title: str, **options: Any) -> FakeSupergroup:
        """A supergroup with the bot in it as an admin (rights can be narrowed)."""
        group = FakeSupergroup(chat_id, title, **options)
        self.supergroups[chat_id] = group
        return group

    def add_group(self, chat_id: int, title: str, members: set[int] | None = None) -> FakeGroup:
        """A basic group with the bot in it (a negative id above -10**12, as Telegram's)."""
        assert -(10**12) < chat_id < 0, "basic group ids are small negative numbers"
        group = FakeGroup(chat_id, title, set(members or ()))
        self.groups[chat_id] = group
        return group

    async def say_in_group(
        self, user: FakeUser, chat_id: int, text: str, *, thread: int | None = None
    ) -> dict[str, Any]:
        """A member writes in a group or supergroup (its General topic, or the forum topic
        `thread`); a command is marked as Telegram marks it, `/name@bot` in the entity."""
        group = self.supergroups.get(chat_id) or self.groups.get(chat_id)
        assert group is not None, f"no group {chat_id}"
        admins: set[int] = getattr(group, "admins", set())
        assert user.id in group.members or user.id in admins, "only members write in a group"
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": self.now(),
            "chat": group.to_api(),
            "from": user.to_api(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
            ]
        if thread is not None:
            topics = getattr(group, "topics", {})
            assert thread in topics, f"no topic {thread} in {chat_id}"
            message.update(message_thread_id=thread, is_topic_message=True)
        return await self.inject("message", message)

    async def remove_bot(self, chat_id: int, by: FakeUser) -> None:
        """An admin removes the bot from a group: a my_chat_member update, then 403s."""
        group = self.supergroups.get(chat_id) or self.groups.get(chat_id)
        assert group is not None, f"no group {chat_id}"
        self.left_groups.add(chat_id)
        change = {
            "chat": group.to_api(),
            "from": by.to_api(),
            "date": self.now(),
            "old_chat_member": {"user": self.bot_user, "status": "member"},
            "new_chat_member": {"user": self.bot_user, "status": "left"},
        }
        await self.inject("my_chat_member", change)

    async def request_join(self, user: FakeUser, link: str) -> None:
        """The user opens an invite link that creates a join request."""
        for group in self.supergroups.values():
            if link in group.links:
                group.requests.add(user.id)
                request = {
                    "chat": group.to_api(),
                    "from": user.to_api(),
                    "user_chat_id": user.id,
                    "date": self.now(),
                    "invite_link": group.links[link],
                }
                await self.inject("chat_join_request", request)
                return
        raise AssertionError(f"no such invite link {link}")

    async def reply_in_group(
        self, user: FakeUser, chat_id: int, replied: dict[str, Any], text: str
    ) -> dict[str, Any]:
        """The user replies in a supergroup to a message (in its topic, as Telegram does)."""
        group = self.supergroups[chat_id]
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": self.now(),
            "chat": group.to_api(),
            "from": user.to_api(),
            "text": text,
            "reply_to_message": replied,
        }
        if replied.get("message_thread_id") is not None:
            message.update(message_thread_id=replied["message_thread_id"], is_topic_message=True)
        return await self.inject("message", message)

    async def write_in_topic(
        self,
        user: FakeUser,
        chat_id: int,
        thread_id: int,
        text: str = "",
        *,
        photo: bytes | None = None,
    ) -> dict[str, Any]:
        """The user writes in a forum topic (text, a command, or a photo with a caption), as
        Telegram delivers it: in the thread, replying to the topic's creation message."""
        group = self.supergroups[chat_id]
        topic = group.topics[thread_id]
        if thread_id in group.closed_topics and user.id not in group.admins:
            raise AssertionError("Telegram lets only admins write in a closed topic")
        created = {
            "message_id": thread_id,
            "date": self.now(),
            "chat": group.to_api(),
            "from": self.bot_user,
            "message_thread_id": thread_id,
            "is_topic_message": True,
            "forum_topic_created": {"name": topic["name"], "icon_color": topic["icon_color"]},
        }
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": self.now(),
            "chat": group.to_api(),
            "from": user.to_api(),
            "message_thread_id": thread_id,
            "is_topic_message": True,
            "reply_to_message": created,
        }
        if photo is not None:
            file_id = f"USERPHOTO{next(self._file_ids)}"  # type: ignore[attr-defined]
            self.files[file_id] = photo  # type: ignore[attr-defined]
            size = {"file_id": file_id, "file_unique_id": f"U{file_id}", "width": 640,
                    "height": 480, "file_size": len(photo)}  # fmt: skip
            message["photo"] = [size]
            if text:
                message["caption"] = text
        else:
            message["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                length = utf16_length(command)
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self.inject("message", message)

    # ------------------------------------------------------------------ methods
    def _group(self, call: ApiCall) -> FakeSupergroup:
        chat_id = call.params.get("chat_id")
        group = self.supergroups.get(chat_id) if isinstance(chat_id, int) else None
        if group is None:
            raise bad_request("chat not found")
        return group

    def _need(self, group: FakeSupergroup, right: str) -> None:
        if right not in group.bot_rights:
            raise bad_request(
                "not enough rights to " + right.removeprefix("can_").replace("_", " ")
            )

    async def _get_chat(self, call: ApiCall) -> dict[str, Any]:
        group = self._group(call)
        return {**group.to_api(), "accent_color_id": 0, "max_reaction_count": 11}

    async def _get_chat_member(self, call: ApiCall) -> dict[str, Any]:
        group = self._group(call)
        user_id = call.params.get("user_id")
        if user_id == self.bot_id:
            rights = {r: r in group.bot_rights for r in ("can_manage_topics", "can_invite_users")}
            return {"status": "administrator", "user": self.bot_user, "can_be_edited": False,
                    "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": False,
                    "can_manage_video_chats": False, "can_restrict_members": False,
                    "can_promote_members": False, "can_change_info": False,
                    "can_post_stories": False, "can_edit_stories": False,
                    "can_delete_stories": False, "can_pin_messages": False, **rights}  # fmt: skip
        user = {"id": user_id, "is_bot": False, "first_name": "User"}
        if user_id in group.admins:
            return {"status": "administrator", "user": user, "can_be_edited": False,
                    "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
                    "can_manage_video_chats": True, "can_restrict_members": True,
                    "can_promote_members": True, "can_change_info": True,
                    "can_invite_users": True, "can_post_stories": False,
                    "can_edit_stories": False, "can_delete_stories": False,
                    "can_manage_topics": True}  # fmt: skip
        status = "member" if user_id in group.members else "left"
        return {"status": status, "user": user}

    async def _create_forum_topic(self, call: ApiCall) -> dict[str, Any]:
        group = self._group(call)
        if not group.is_forum:
            raise bad_request("the chat is not a forum")
        self._need(group, "can_manage_topics")
        name = str(call.params.get("name") or "")
        if not 1 <= len(name) <= 128:
            raise bad_request("topic name is invalid")
        color = call.params.get("icon_color", TOPIC_COLORS[0])
        if color not in TOPIC_COLORS:
            raise bad_request("invalid icon color")
        thread_id = next(self._thread_ids)
        topic = {"message_thread_id": thread_id, "name": name, "icon_color": color}
        group.topics[thread_id] = topic
        return topic

    async def _send_photo_in_topic(self, call: ApiCall) -> dict[str, Any]:
        """sendPhoto, with forum topics as sendMessage: the thread must exist, it is marked."""
        thread_id = call.params.get("message_thread_id")
        group = self.supergroups.get(call.params.get("chat_id"))  # type: ignore[arg-type]
        if thread_id is not None and group is not None and thread_id not in group.topics:
            raise bad_request("message thread not found")
        message: dict[str, Any] = await super()._send_photo(call)  # type: ignore[misc]
        if thread_id is not None:
            message.update(message_thread_id=thread_id, is_topic_message=True)
        return message

    async def _close_forum_topic(self, call: ApiCall) -> bool:
        """closeForumTopic: the right to manage topics, a known topic, not closed already."""
        group = self._group(call)
        if not group.is_forum:
            raise bad_request("the chat is not a forum")
        self._need(group, "can_manage_topics")
        thread_id = call.params.get("message_thread_id")
        if not isinstance(thread_id, int) or thread_id not in group.topics:
            raise bad_request("TOPIC_ID_INVALID")
        if thread_id in group.closed_topics:
            raise bad_request("TOPIC_NOT_MODIFIED")
        group.closed_topics.add(thread_id)
        return True

    async def _create_invite_link(self, call: ApiCall) -> dict[str, Any]:
        group = self._group(call)
        self._need(group, "can_invite_users")
        joins = bool(call.params.get("creates_join_request"))
        if joins and call.params.get("member_limit"):
            raise bad_request("member limit can't be specified for links requiring approval")
        link = f"https://t.me/+fake{next(self._link_ids):06d}"
        data = {
            "invite_link": link,
            "creator": self.bot_user,
            "creates_join_request": joins,
            "is_primary": False,
            "is_revoked": False,
        }
        if call.params.get("name"):
            data["name"] = call.params["name"]
        group.links[link] = data
        return data

    def _answer(self, call: ApiCall) -> tuple[FakeSupergroup, int]:
        group = self._group(call)
        self._need(group, "can_invite_users")
        user_id = call.params.get("user_id")
        if not isinstance(user_id, int) or user_id not in group.requests:
            raise ApiError(400, "Bad Request: HIDE_REQUESTER_MISSING")
        group.requests.discard(user_id)
        return group, user_id

    async def _approve(self, call: ApiCall) -> bool:
        group, user_id = self._answer(call)
        group.members.add(user_id)
        return True

    async def _decline(self, call: ApiCall) -> bool:
        self._answer(call)
        return True
