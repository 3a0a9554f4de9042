"""The Bot API methods of the fake server and the state they keep (messages, polls, files)."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from tests.fakes.telegram_objects import ApiError, bad_request, utf16_length, visible_text

if TYPE_CHECKING:
    from tests.fakes.telegram_api import ApiCall

Handler = Callable[["ApiCall"], Awaitable[Any]]
MESSAGE_LIMIT, CAPTION_LIMIT = 4096, 1024
POLL_QUESTION_LIMIT, POLL_OPTION_LIMIT, POLL_EXPLANATION_LIMIT = 300, 100, 200


class BotApiMethods:
    """Method implementations; the server mixes this in and routes `/bot<token>/<method>`."""

    token: str
    bot_user: dict[str, Any]
    pending: list[dict[str, Any]]

    def __init__(self) -> None:
        self.chat_messages: dict[int, list[dict[str, Any]]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.polls: dict[str, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        self.files_by_path: dict[str, bytes] = {}
        # What "the internet" serves at a URL: sendPhoto with an HTTP URL fetches from here
        # (the real Bot API downloads it; the fake has no network).
        self.web: dict[str, bytes] = {}
        self.open_queries: set[str] = set()
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] | None = None
        self._query_ids = itertools.count(900001)
        self._poll_ids = itertools.count(5_000_000_000_000_000_001)
        self._file_ids = itertools.count(1)

    def now(self) -> int:  # provided by the server
        """Unix seconds."""
        raise NotImplementedError

    async def wait_updates(self, offset: int | None, limit: int, poll_seconds: float) -> list[Any]:
        """Provided by the server."""
        raise NotImplementedError

    def handlers(self) -> dict[str, Handler]:
        """Lower-case method name to implementation."""
        return {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "sendpoll": self._send_poll,
            "stoppoll": self._stop_poll,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "getfile": self._get_file,
            "sendchataction": self._send_chat_action,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
        }

    # ------------------------------------------------------------------ reading
    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages the bot sent to a chat, as they look now (after edits)."""
        return list(self.chat_messages.get(chat_id, []))

    def next_message_id(self, chat_id: int) -> int:
        """Message ids count up per chat, shared by the user's and the bot's messages."""
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    @staticmethod
    def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button of a message, row after row."""
        markup = message.get("reply_markup") or {}
        return [
            (button["text"], button.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]

    # ------------------------------------------------------------------ helpers
    def _chat(self, call: ApiCall) -> dict[str, Any]:
        chat_id = call.params.get("chat_id")
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Student"}
        return {
            "id": chat_id,
            "type": "supergroup" if chat_id < -(10**12) else "group",
            "title": "G",
        }

    def _store(self, call: ApiCall, **content: Any) -> dict[str, Any]:
        chat = self._chat(call)
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat["id"]),
            "date": self.now(),
            "chat": chat,
            "from": self.bot_user,
            **content,
        }
        markup = call.params.get("reply_markup")
        if markup:
            _check_markup(markup)
            message["reply_markup"] = markup
        self.chat_messages.setdefault(chat["id"], []).append(message)
        return message

    def _find(self, call: ApiCall) -> dict[str, Any]:
        chat = self._chat(call)
        for message in self.chat_messages.get(chat["id"], []):
            if message["message_id"] == call.params.get("message_id"):
                return message
        raise bad_request("message to edit not found")

    @staticmethod
    def _text(call: ApiCall, key: str, limit: int, *, required: bool) -> str:
        raw = call.params.get(key) or ""
        shown = visible_text(raw, call.params.get("parse_mode"))
        if required and not shown.strip():
            raise bad_request("message text is empty")
        if utf16_length(shown) > limit:
            raise bad_request("message is too long" if key == "text" else f"{key} is too long")
        return shown

    def _upload(self, call: ApiCall, field: str) -> tuple[str, str, bytes]:
        if field not in call.files:
            raise bad_request(f"there is no {field} in the request")
        name, content = call.files[field]
        file_id = f"FILE{next(self._file_ids)}"
        self.files[file_id] = content
        return file_id, name, content

    # ------------------------------------------------------------------ methods
    async def _get_me(self, call: ApiCall) -> Any:
        return self.bot_user

    async def _get_updates(self, call: ApiCall) -> Any:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        limit = max(1, min(int(call.params.get("limit") or 100), 100))
        timeout = float(call.params.get("timeout") or 0)
        return await self.wait_updates(call.params.get("offset"), limit, timeout)

    async def _set_webhook(self, call: ApiCall) -> Any:
        if not str(call.params.get("url", "")).startswith(("http://", "https://")):
            raise bad_request("bad webhook: invalid URL")
        self.webhook = dict(call.params)
        if call.params.get("drop_pending_updates"):
            self.pending.clear()
        return True

    async def _delete_webhook(self, call: ApiCall) -> Any:
        self.webhook = None
        if call.params.get("drop_pending_updates"):
            self.pending.clear()
        return True

    async def _get_webhook_info(self, call: ApiCall) -> Any:
        info: dict[str, Any] = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending),
        }
        if self.webhook and self.webhook.get("allowed_updates"):
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    async def _send_message(self, call: ApiCall) -> Any:
        return self._store(call, text=self._text(call, "text", MESSAGE_LIMIT, required=True))

    async def _edit_message_text(self, call: ApiCall) -> Any:
        message = self._find(call)
        text = self._text(call, "text", MESSAGE_LIMIT, required=True)
        markup = call.params.get("reply_markup")
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise bad_request("message is not modified")
        message["text"] = text
        message["edit_date"] = self.now()
        if markup:
            message["reply_markup"] = markup
        else:  # as in Telegram: an edit without reply_markup removes the keyboard
            message.pop("reply_markup", None)
        return message

    async def _edit_reply_markup(self, call: ApiCall) -> Any:
        message = self._find(call)
        markup = call.params.get("reply_markup")
        if markup:
            _check_markup(markup)
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    async def _answer_callback_query(self, call: ApiCall) -> Any:
        query_id = call.params.get("callback_query_id", "")
        if query_id not in self.open_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(call.params.get("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.open_queries.discard(query_id)
        self.callback_answers[query_id] = dict(call.params)
        return True

    async def _send_poll(self, call: ApiCall) -> Any:
        params = call.params
        question = params.get("question") or ""
        options = [
            o if isinstance(o, str) else o.get("text", "") for o in params.get("options", [])
        ]
        if not 0 < utf16_length(question) <= POLL_QUESTION_LIMIT:
            raise bad_request("poll question length must not exceed 300")
        if not 2 <= len(options) <= 10:
            raise bad_request("poll must have 2-10 options")
        if any(not 0 < utf16_length(o) <= POLL_OPTION_LIMIT for o in options):
            raise bad_request("poll options length must not exceed 100")
        explanation = params.get("explanation") or ""
        if utf16_length(explanation) > POLL_EXPLANATION_LIMIT:
            raise bad_request("explanation is too long")
        poll_type = params.get("type") or "regular"
        correct = params.get("correct_option_ids")
        if correct is None and params.get("correct_option_id") is not None:
            correct = [params["correct_option_id"]]
        if poll_type == "quiz" and (not correct or any(not 0 <= c < len(options) for c in correct)):
            raise bad_request("wrong correct option ID specified")
        poll_id = str(next(self._poll_ids))
        poll = {
            "id": poll_id,
            "question": question,
            "options": [
                {"text": o, "voter_count": 0, "persistent_id": f"{poll_id}-{i}"}
                for i, o in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": bool(params.get("is_closed", False)),
            "is_anonymous": bool(params.get("is_anonymous", True)),
            "type": poll_type,
            "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
            "allows_revoting": bool(params.get("allows_revoting", False)),
            "members_only": bool(params.get("members_only", False)),
        }
        if poll_type == "quiz":
            poll["correct_option_ids"] = list(correct or [])
            if explanation:
                poll["explanation"] = explanation
        self.polls[poll_id] = poll
        return self._store(call, poll=poll)

    async def _stop_poll(self, call: ApiCall) -> Any:
        message = self._find(call)
        if "poll" not in message:
            raise bad_request("message with poll to stop not found")
        message["poll"]["is_closed"] = True
        return message["poll"]

    async def _send_document(self, call: ApiCall) -> Any:
        file_id, name, content = self._upload(call, "document")
        caption = self._text(call, "caption", CAPTION_LIMIT, required=False)
        document = {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "file_name": name,
            "file_size": len(content),
        }
        return self._store(call, document=document, **({"caption": caption} if caption else {}))

    async def _send_photo(self, call: ApiCall) -> Any:
        known = call.params.get("photo")
        if "photo" not in call.files and isinstance(known, str) and known.startswith("http"):
            if known not in self.web:  # the real API could not download it
                raise bad_request("wrong file identifier/HTTP URL specified")
            file_id, content = f"FILE{next(self._file_ids)}", self.web[known]
            self.files[file_id] = content
        elif "photo" not in call.files and isinstance(known, str):
            if known not in self.files:  # the real API: a file id it never issued
                raise bad_request("wrong file identifier/HTTP URL specified")
            file_id, content = known, self.files[known]
        else:
            file_id, _name, content = self._upload(call, "photo")
        width, height = _png_size(content) or (640, 480)  # Telegram reports the real size
        size = {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "width": width,
            "height": height,
        }
        caption = self._text(call, "caption", CAPTION_LIMIT, required=False)
        extra = {"caption": caption} if caption else {}
        return self._store(call, photo=[{**size, "file_size": len(content)}], **extra)

    async def _get_file(self, call: ApiCall) -> Any:
        file_id = call.params.get("file_id", "")
        if file_id not in self.files:
            raise bad_request("invalid file_id")
        path = f"documents/{file_id}"
        self.files_by_path[path] = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": path,
        }

    async def _send_chat_action(self, call: ApiCall) -> Any:
        self._chat(call)
        if call.params.get("action") not in {"typing", "upload_document", "upload_photo"}:
            raise bad_request("wrong parameter action in request")
        return True

    @staticmethod
    def _command_key(call: ApiCall) -> tuple[str, str]:
        scope = call.params.get("scope") or {"type": "default"}
        return scope.get("type", "default"), call.params.get("language_code") or ""

    async def _set_my_commands(self, call: ApiCall) -> Any:
        commands = call.params.get("commands") or []
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32 and name.islower() and 1 <= len(description) <= 256):
                raise bad_request("BOT_COMMAND_INVALID")
        self.commands[self._command_key(call)] = commands
        return True

    async def _get_my_commands(self, call: ApiCall) -> Any:
        return self.commands.get(self._command_key(call), [])

    async def _delete_my_commands(self, call: ApiCall) -> Any:
        self.commands.pop(self._command_key(call), None)
        return True


def _check_markup(markup: Any) -> None:
    """Inline keyboards as Telegram checks them: callback data of 1-64 bytes."""
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")


def _png_size(content: bytes) -> tuple[int, int] | None:
    """A PNG's width and height from its IHDR chunk; None for anything else."""
    if content[:8] != b"\x89PNG\r\n\x1a\n" or content[12:16] != b"IHDR":
        return None
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
