"""Who a browser is and whether to trust its request: signed cookies, origin checks, bounds.

The cookie holds a random id and an HMAC-SHA256 signature of it, so a student cannot pick
another student's id: a cookie whose signature does not verify is ignored and the browser gets a
fresh identity. The key is `LEARNCONNECT_WEB_SECRET` or, when that is unset, a random secret
generated once and kept in the database (table `instance_secrets`), so cookies survive restarts
and every process sharing the database accepts them.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request

from bot.settings import Settings
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory

COOKIE_NAME = "lc_chat"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept
COOKIE_KEY_ROW = "web_cookie_key"
ID_BYTES = 18
SIGNATURE_CHARS = 43  # an unpadded base64 SHA-256 digest
MAX_BODY_BYTES = 256 * 1024  # 10,000 characters even as JSON \u escapes fit easily


class BodyTooLarge(Exception):
    """The request body is longer than the chat accepts."""


class CookieSigner:
    """Makes and checks web chat identity cookies."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _signature(self, web_id: str) -> str:
        digest = hmac.new(self._key, f"web-chat:{web_id}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def new_id(self) -> str:
        """A fresh random identity."""
        return secrets.token_urlsafe(ID_BYTES)

    def sign(self, web_id: str) -> str:
        """The cookie value for an identity."""
        return f"{web_id}.{self._signature(web_id)}"

    def verify(self, cookie: str | None) -> str | None:
        """The identity in a cookie, or None when it is missing, malformed or forged."""
        if not cookie or len(cookie) > 100:
            return None
        web_id, _, signature = cookie.partition(".")
        if not web_id or len(signature) != SIGNATURE_CHARS or not web_id.isascii():
            return None
        if not hmac.compare_digest(signature, self._signature(web_id)):
            return None
        return web_id


class SignerSource:
    """Provides the cookie signer, reading or creating the secret once, on first use."""

    def __init__(self, settings: Settings, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._settings = settings
        self._uow = uow
        self._clock = clock
        self._signer: CookieSigner | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> CookieSigner:
        """The signer (the first call may touch the database)."""
        if self._signer is None:
            async with self._lock:
                if self._signer is None:
                    self._signer = CookieSigner(await self._key())
        return self._signer

    async def _key(self) -> bytes:
        configured = self._settings.web_secret
        if configured is not None and configured.get_secret_value():
            return configured.get_secret_value().encode()
        async with self._uow() as uow:
            value = await uow.secrets.get_or_create(
                COOKIE_KEY_ROW, lambda: secrets.token_urlsafe(32), self._clock.now()
            )
            await uow.commit()
        return value.encode()


def same_origin(request: Request, public_url: str | None) -> bool:
    """Whether a state-changing request comes from our own page (CSRF defence).

    The Origin header decides when present (browsers send it on every POST); otherwise the
    Referer. A request with neither is refused: our page always produces one of them.
    """
    allowed = {request.headers.get("host", "")}
    if public_url:
        allowed.add(urlsplit(public_url).netloc)
    allowed.discard("")
    origin = request.headers.get("origin")
    source = origin if origin is not None else request.headers.get("referer")
    if not source or source == "null":
        return False
    return urlsplit(source).netloc in allowed


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refusing to read more than `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def browser_language(request: Request) -> str | None:
    """The first language the browser asks for ("tr-TR,tr;q=0.9" -> "tr-TR")."""
    header = request.headers.get("accept-language", "")
    first = header.split(",")[0].split(";")[0].strip()
    return first[:16] or None


def is_https(request: Request, public_url: str | None) -> bool:
    """Whether the browser talks to us over HTTPS (then the cookie is marked Secure)."""
    if public_url:
        return public_url.startswith("https://")
    return request.url.scheme == "https"
