"""A fake Telegram Bot API server for python-telegram-bot 22.8, on 127.0.0.1 in the test loop.

It speaks the wire protocol: `POST /bot<token>/<method>` with form-encoded (JSON-encoded
non-string values) or multipart bodies, answers `{"ok": true, "result": ...}` with Unix-second
dates, long-polls `getUpdates` and, once `setWebhook` was called, POSTs updates to the webhook
with the secret header. Tests play users (`send_text`, `press`, `answer_poll`, `block`), read
what the bot sent per chat (`messages`), wait for calls (`wait_for`) and inject failures
(`fail`) or enforce Telegram's rate limits (`rate_limits`).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web

from tests.fakes.telegram_forum import ForumMethods
from tests.fakes.telegram_methods import BotApiMethods
from tests.fakes.telegram_objects import (
    SENDING_METHODS,
    ApiError,
    FakeChat,
    FakeUser,
    Fault,
    RateLimits,
    decode_form,
    utf16_length,
)

DEFAULT_TOKEN = "7000001:AAF-fake_token_for_tests_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class ApiCall:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    status: int = 200  # 0: not answered (yet, or dropped, or stalled past the client)
    content_type: str = ""  # how the parameters came: JSON, form fields or multipart

    @property
    def chat_id(self) -> int | None:
        """The chat the call was about, if any."""
        value = self.params.get("chat_id")
        return value if isinstance(value, int) else None


class FakeTelegramServer(ForumMethods, BotApiMethods):
    """The fake server; `async with FakeTelegramServer() as fake:` starts and stops it."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "LearnConnectTestBot",
        rate_limits: RateLimits | None = None,
        webhook_transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.rate_limits = rate_limits
        self.webhook_transport = webhook_transport
        self.clock = clock
        self.calls: list[ApiCall] = []
        self.faults: list[Fault] = []
        self.blocked: set[int] = set()
        self.pending: list[dict[str, Any]] = []
        self.webhook_statuses: list[int] = []
        self.waiting_polls = 0  # getUpdates calls waiting right now
        self._update_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle
    async def __aenter__(self) -> FakeTelegramServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listen on a random loopback port."""
        app = web.Application()
        app.router.add_route("*", "/file/bot{token}/{path:.+}", self._file)
        app.router.add_route("*", "/{prefix}/{method}", self._api)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_url(self) -> str:
        """The base URL to give PTB (`.../bot`; PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's own `User` object (getMe)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "LearnConnect Coach",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def now(self) -> int:
        """Unix seconds, as every Bot API date."""
        return int(self.clock())

    # ------------------------------------------------------------------ HTTP
    async def _api(self, request: web.Request) -> web.StreamResponse:
        prefix, method = request.match_info["prefix"], request.match_info["method"]
        if not prefix.startswith("bot") or prefix[3:] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        params, files = await self._read_params(request)
        call = ApiCall(method, params, files, status=0, content_type=request.content_type)
        self.calls.append(call)
        try:
            result = await self._dispatch(method.lower(), call)
        except ApiError as error:
            call.status = error.code
            await self._notify()
            return web.json_response(error.body(), status=error.code)
        except _DropConnection:
            await self._notify()
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError from None
        call.status = 200
        await self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _read_params(
        self, request: web.Request
    ) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        values: dict[str, str] = dict(request.query)
        files: dict[str, tuple[str, bytes]] = {}
        if request.content_type == "application/json":
            body = await request.json()
            return {**decode_form(values), **body}, files
        if request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.filename, value.file.read())
                else:
                    values[key] = str(value)
        return decode_form(values), files

    async def _dispatch(self, method: str, call: ApiCall) -> Any:
        handler = self.handlers().get(method)
        if handler is None:
            raise ApiError(400, "Bad Request: method not found")  # 404 would read as a bad token
        chat_id = call.chat_id
        for fault in self.faults:
            if fault.matches(method, chat_id):
                error = fault.error()
                if fault.kind == "stall":  # answer late, after the client gave up
                    await asyncio.sleep(fault.stall_seconds)
                    break
                if error is None:
                    raise _DropConnection
                raise error
        if chat_id is not None and chat_id in self.blocked and method != "getchat":
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.rate_limits is not None and method in SENDING_METHODS:
            self.rate_limits.check(chat_id)
        return await handler(call)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        stored = self.files_by_path.get(request.match_info["path"])
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored)

    # ------------------------------------------------------------------ updates
    async def wait_updates(self, offset: int | None, limit: int, poll_seconds: float) -> list[Any]:
        """getUpdates: confirm updates below `offset`, then wait up to `poll_seconds` for some."""
        deadline = asyncio.get_running_loop().time() + poll_seconds
        async with self._changed:
            if offset is not None:
                self.pending = [u for u in self.pending if u["update_id"] >= offset]
            self.waiting_polls += 1
            self._changed.notify_all()
            try:
                while not self.pending:
                    remaining = deadline - asyncio.get_running_loop().time()
                    if remaining <= 0:
                        break
                    try:
                        await asyncio.wait_for(self._changed.wait(), remaining)
                    except TimeoutError:
                        break
            finally:
                self.waiting_polls -= 1
        return self.pending[:limit]

    async def inject(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (polling) or POST it to the webhook; returns the update."""
        update = {"update_id": next(self._update_ids), kind: payload}
        if self.webhook is not None:
            await self._post_webhook(update)
        else:
            self.pending.append(update)
            await self._notify()
        return update

    async def _post_webhook(self, update: dict[str, Any]) -> None:
        assert self.webhook is not None
        headers = {}
        if self.webhook.get("secret_token"):
            headers[SECRET_HEADER] = self.webhook["secret_token"]
        async with httpx.AsyncClient(transport=self.webhook_transport, timeout=30) as client:
            response = await client.post(self.webhook["url"], json=update, headers=headers)
        self.webhook_statuses.append(response.status_code)
        if response.status_code != 200:
            self.pending.append(update)  # Telegram keeps it and tries again later

    # ------------------------------------------------------------------ playing users
    def private_chat(self, user: FakeUser) -> FakeChat:
        """The private chat with a user (its id is the user's id)."""
        return FakeChat(user.id, "private", first_name=user.first_name)

    async def send_text(
        self, user: FakeUser, text: str, chat: FakeChat | None = None
    ) -> dict[str, Any]:
        """The user writes `text` (a command when it starts with /)."""
        chat = chat or self.private_chat(user)
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat.id),
            "date": self.now(),
            "chat": chat.to_api(),
            "from": user.to_api(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
            ]
        return await self.inject("message", message)

    async def send_photo(self, user: FakeUser, content: bytes, caption: str = "") -> dict[str, Any]:
        """The user sends a photo in the private chat (Telegram keeps it under a file id)."""
        chat = self.private_chat(user)
        file_id = f"USERPHOTO{next(self._file_ids)}"
        self.files[file_id] = content
        size = {"file_id": file_id, "file_unique_id": f"U{file_id}", "width": 640, "height": 480}
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat.id),
            "date": self.now(),
            "chat": chat.to_api(),
            "from": user.to_api(),
            "photo": [{**size, "file_size": len(content)}],
        }
        if caption:
            message["caption"] = caption
        return await self.inject("message", message)

    async def press(self, user: FakeUser, message: dict[str, Any], callback_data: str) -> str:
        """The user presses a button of a bot message; returns the callback query id."""
        query_id = str(next(self._query_ids))
        self.open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.to_api(),
            "chat_instance": f"ci{message['chat']['id']}",
            "message": message,
            "data": callback_data,
        }
        await self.inject("callback_query", query)
        return query_id

    async def answer_poll(self, user: FakeUser, poll_id: str, option_ids: list[int]) -> None:
        """The user votes in a poll."""
        poll = self.polls[poll_id]
        persistent = [poll["options"][i]["persistent_id"] for i in option_ids]
        answer = {
            "poll_id": poll_id,
            "user": user.to_api(),
            "option_ids": option_ids,
            "option_persistent_ids": persistent,
        }
        await self.inject("poll_answer", answer)

    async def block(self, user: FakeUser) -> None:
        """The user blocks the bot: sends answer 403 and a my_chat_member update arrives."""
        self.blocked.add(user.id)
        await self._member_change(user, "member", "kicked")

    async def unblock(self, user: FakeUser) -> None:
        """The user restarts the bot."""
        self.blocked.discard(user.id)
        await self._member_change(user, "kicked", "member")

    async def _member_change(self, user: FakeUser, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"user": self.bot_user, "status": status}
            if status == "kicked":
                data["until_date"] = 0
            return data

        change = {
            "chat": self.private_chat(user).to_api(),
            "from": user.to_api(),
            "date": self.now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        await self.inject("my_chat_member", change)

    # ------------------------------------------------------------------ reading and waiting
    def fail(self, kind: str, **options: Any) -> Fault:
        """Inject a failure (see `Fault`), e.g. `fail("429", method="sendMessage")`."""
        fault = Fault(kind, **options)
        self.faults.append(fault)
        return fault

    def calls_to(self, method: str) -> list[ApiCall]:
        """Calls of one method (any case), in order."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    async def wait_for(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until `predicate()` holds (checked after every call and update)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), within)

    async def wait_for_messages(self, chat_id: int, count: int, within: float = 10.0) -> list[Any]:
        """Wait until the bot has sent at least `count` messages to a chat; returns them."""
        await self.wait_for(lambda: len(self.messages(chat_id)) >= count, within)
        return self.messages(chat_id)


class _DropConnection(Exception):
    """Close the connection without answering."""
