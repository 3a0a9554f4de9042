"""Signed callback data for Telegram inline buttons.

Anyone can send a `callback_query` with any data (a modified client, a forwarded keyboard), so
every button carries an HMAC over its kind, its chat and its payload, keyed by a secret derived
from the bot token. Layout, all ASCII: `<kind:1><signature:12><payload>`, at most 64 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

CALLBACK_DATA_LIMIT = 64  # bytes Telegram accepts in `callback_data`
SIGNATURE_CHARS = 12  # 9 HMAC bytes in base64url: 72 bits, plenty for a button
MAX_CALLBACK_PAYLOAD_BYTES = CALLBACK_DATA_LIMIT - 1 - SIGNATURE_CHARS  # 51
# The engine keeps its payloads within 40 bytes (coach.dialogue payloads), which leaves room for
# the quiz fallback's `<question_key>:<option>` and for a longer signature later.
ENGINE_PAYLOAD_BUDGET = 40
_KEY_LABEL = b"learnconnect/telegram/callback-data/v1"


class CallbackKind(StrEnum):
    """What pressing the button means."""

    CHOICE = "c"  # a reply choice: becomes a CHOICE event with the payload
    QUIZ = "q"  # an option of a quiz shown as buttons: becomes a POLL_ANSWER event


class CallbackPayloadTooLong(ValueError):
    """A payload would not fit Telegram's 64-byte callback data once signed (an engine bug)."""


@dataclass(frozen=True, slots=True)
class VerifiedCallback:
    """Callback data whose signature matched."""

    kind: CallbackKind
    payload: str


class CallbackSigner:
    """Signs and verifies callback data for one bot token."""

    def __init__(self, token: str) -> None:
        # A derived key, so the token itself never enters a MAC that users can probe.
        self._key = hmac.new(token.encode(), _KEY_LABEL, hashlib.sha256).digest()

    def _signature(self, kind: str, chat_key: str, payload: str) -> str:
        message = f"{kind}\x1f{chat_key}\x1f{payload}".encode()
        # The one-shot form: a keyboard signs a dozen buttons on every reply.
        digest = hmac.digest(self._key, message, "sha256")
        return base64.urlsafe_b64encode(digest[:9]).decode("ascii")

    def sign(self, kind: CallbackKind, chat_key: str, payload: str) -> str:
        """Callback data for a button shown in `chat_key`; raises CallbackPayloadTooLong."""
        if not payload.isascii() or not payload:
            raise CallbackPayloadTooLong(f"callback payload must be non-empty ASCII: {payload!r}")
        if len(payload) > MAX_CALLBACK_PAYLOAD_BYTES:
            raise CallbackPayloadTooLong(
                f"callback payload is {len(payload)} bytes, at most "
                f"{MAX_CALLBACK_PAYLOAD_BYTES} fit (engine budget {ENGINE_PAYLOAD_BUDGET}): "
                f"{payload!r}"
            )
        return f"{kind.value}{self._signature(kind.value, chat_key, payload)}{payload}"

    def verify(self, data: str | None, chat_key: str) -> VerifiedCallback | None:
        """The kind and payload when `data` was signed by us for this chat; otherwise None."""
        if not data or not data.isascii() or len(data) > CALLBACK_DATA_LIMIT:
            return None
        kind_char, signature = data[:1], data[1 : 1 + SIGNATURE_CHARS]
        payload = data[1 + SIGNATURE_CHARS :]
        try:
            kind = CallbackKind(kind_char)
        except ValueError:
            return None
        if not payload:
            return None
        expected = self._signature(kind.value, chat_key, payload)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            return None
        return VerifiedCallback(kind, payload)
