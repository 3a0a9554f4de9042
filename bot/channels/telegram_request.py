"""PTB's network layer on aiohttp.

python-telegram-bot sends through httpx by default. Under load, httpx's connection-pool
bookkeeping cost more CPU per request than the rest of answering an update, so the coach gives
PTB an aiohttp-based request object (aiohttp is already installed: discord.py uses it). Requests
carry a JSON body (the Bot API accepts JSON, form fields or multipart); multipart when files
are attached.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON = "application/json"


class AiohttpRequest(BaseRequest):
    """A `telegram.request.BaseRequest` backed by one `aiohttp.ClientSession`."""

    def __init__(
        self,
        *,
        connections: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._connections = connections
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds it to long-poll timeouts)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (PTB calls this on start-up)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        """Close the session."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(  # noqa: PLR0917  (the signature PTB calls)
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one Bot API request; map failures to PTB's TimedOut and NetworkError."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        body, content_type = _body(request_data)
        headers = {"User-Agent": self.USER_AGENT}
        if content_type is not None:
            headers["Content-Type"] = content_type
        timeout = aiohttp.ClientTimeout(
            sock_read=_value(read_timeout, self._read_timeout),
            sock_connect=_value(connect_timeout, self._connect_timeout),
            total=None,
        )
        try:
            async with self._session.request(
                method, url, data=body, timeout=timeout, headers=headers
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def _body(request_data: RequestData | None) -> tuple[Any, str | None]:
    """The request body and its content type: JSON, or multipart when files are attached."""
    if request_data is None:
        return None, None
    files = request_data.multipart_data
    if not files:
        # One JSON document rather than form fields: encoding each field as JSON and then
        # percent-encoding it was a measurable share of the CPU spent per reply.
        return json.dumps(request_data.parameters, separators=(",", ":")).encode(), JSON
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None


def _value(given: Any, default: float | None) -> float | None:
    return default if isinstance(given, DefaultValue) else given
