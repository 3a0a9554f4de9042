"""Routes of the web chat: the page at `/`, a form post for browsers without JavaScript, and the
small JSON API the page's script uses (`/chat/api/send`, `/chat/api/history`).

Handlers stay thin: identify the browser (signed cookie), check the request came from our page,
bound the input, hand it to `WebChat`, render the result. Every text the engine produced is
plain text: the page template escapes it, the script inserts it with `textContent`, and JSON
bodies escape `<`, `>` and `&` as well.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse

from bot.channels.textchat import TypedInput, bounded_input
from bot.channels.webchat import WebChat
from bot.settings import Settings
from bot.web.rate_limit import Throttled, WebChatLimits
from bot.web.webchat_guard import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    BodyTooLarge,
    SignerSource,
    browser_language,
    is_https,
    read_body,
    same_origin,
)
from bot.web.webchat_view import PageView, message_json, static_asset
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.contract import ConversationEngine
from prompts import render

POLL_SECONDS = 20
PostHandler = Callable[[Request, "Browser"], Awaitable[Response]]
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class SafeJSONResponse(JSONResponse):
    """JSON whose bytes never contain `<`, `>` or `&` (escaped as \\u003c …), so no sniffing
    browser or careless client can mistake engine text for markup."""

    def render(self, content: Any) -> bytes:
        """Serialise with HTML-significant characters escaped."""
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return text.encode()


class Browser:
    """The identity of the browser behind one request."""

    def __init__(self, web_id: str, is_new: bool) -> None:
        self.web_id = web_id
        self.is_new = is_new


class WebChatRoutes:
    """The handlers of the web chat; `webchat_router` registers them."""

    def __init__(
        self,
        settings: Settings,
        engine: ConversationEngine,
        uow: UnitOfWorkFactory,
        clock: Clock,
    ) -> None:
        self.settings = settings
        self.chat = WebChat(engine, uow, clock)
        self.signers = SignerSource(settings, uow, clock)
        self.view = PageView(Path(__file__).parent / "templates")
        self.limits = WebChatLimits(
            self.settings.web_messages_per_minute, self.settings.web_new_students_per_hour
        )

    # ------------------------------------------------------------------ identity and headers
    async def identify(self, request: Request) -> Browser:
        """The browser's identity from its cookie; a missing or forged cookie gets a new one."""
        signer = await self.signers.get()
        web_id = signer.verify(request.cookies.get(COOKIE_NAME))
        return Browser(web_id, False) if web_id else Browser(signer.new_id(), True)

    async def finish(self, request: Request, browser: Browser, response: Response) -> Response:
        """Set the identity cookie for a new browser, and the security headers."""
        if browser.is_new:
            response.set_cookie(
                COOKIE_NAME,
                (await self.signers.get()).sign(browser.web_id),
                max_age=COOKIE_MAX_AGE,
                path="/",
                httponly=True,
                samesite="lax",
                secure=is_https(request, self.settings.public_url),
            )
        response.headers.update(SECURITY_HEADERS)
        return response

    def guarded(
        self, handler: PostHandler, *, form: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        """A POST endpoint: origin check, identity, rate limits, bounded body, cookie."""

        async def endpoint(request: Request) -> Response:
            if not same_origin(request, self.settings.public_url):
                return SafeJSONResponse({"error": "cross_origin"}, status_code=403)
            browser = await self.identify(request)
            client = request.client.host if request.client else "unknown"
            throttled = await self.limits.check(browser.web_id, client, is_new=browser.is_new)
            if throttled is not None:
                response = await self.slow_down(request, browser, throttled, form=form)
                return await self.finish(request, browser, response)
            try:
                response = await handler(request, browser)
            except BodyTooLarge:
                response = SafeJSONResponse({"error": "too_large"}, status_code=413)
            return await self.finish(request, browser, response)

        return endpoint

    async def slow_down(
        self, request: Request, browser: Browser, throttled: Throttled, *, form: bool
    ) -> Response:
        """429 with a friendly notice in the student's language; nothing reaches the coach."""
        known = None if browser.is_new else browser.web_id
        hint = browser_language(request) or self.settings.default_locale
        seconds = throttled.retry_after_s
        notice = render("web/slow_down", await self.chat.locale(known, hint), seconds=seconds)
        headers = {"Retry-After": str(seconds)}
        if form:
            return PlainTextResponse(notice, status_code=429, headers=headers)
        body = {"error": "slow_down", "notice": notice, "retry_after": seconds}
        return SafeJSONResponse(body, status_code=429, headers=headers)

    # ------------------------------------------------------------------ handlers
    async def page(self, request: Request) -> Response:
        """The chat page, with this browser's recent messages."""
        browser = await self.identify(request)
        known = None if browser.is_new else browser.web_id
        messages = await self.chat.history(known, None) if known else []
        hint = browser_language(request) or self.settings.default_locale
        html = self.view.page(await self.chat.locale(known, hint), messages, POLL_SECONDS)
        return await self.finish(request, browser, HTMLResponse(html))

    async def send_form(self, request: Request, browser: Browser) -> Response:
        """A plain form post (no JavaScript): answer, then show the page again."""
        fields = parse_qs((await read_body(request)).decode("utf-8", "replace"))
        typed = bounded_input(_first(fields, "text"), _first(fields, "payload"))
        if not typed.is_empty:
            await self.chat.exchange(browser.web_id, typed, locale_hint=browser_language(request))
        return RedirectResponse("/#end", status_code=303)

    async def send_json(self, request: Request, browser: Browser) -> Response:
        """`{"text"}` or `{"payload"}` in, `{"student", "replies", "last_id"}` out."""
        if "application/json" not in request.headers.get("content-type", ""):
            return SafeJSONResponse({"error": "json_expected"}, status_code=415)
        typed = _typed_from_json(await read_body(request))
        if typed is None:
            return SafeJSONResponse({"error": "bad_request"}, status_code=400)
        hint = browser_language(request)
        if typed.is_empty:
            locale = await self.chat.locale(browser.web_id, hint or self.settings.default_locale)
            notice = render("web/empty", locale)
            return SafeJSONResponse({"student": None, "replies": [], "notice": notice})
        exchanged = await self.chat.exchange(browser.web_id, typed, locale_hint=hint)
        shown = [message_json(m) for m in exchanged]
        student = shown[0] if shown and shown[0]["role"] == "student" else None
        replies = shown[1:] if student else shown
        last_id = max((m["id"] for m in shown), default=0)
        return SafeJSONResponse({"student": student, "replies": replies, "last_id": last_id})

    async def history(self, request: Request, since: int | None = Query(None, ge=0)) -> Response:
        """Messages newer than `since` (the page polls this), or the latest page of them."""
        browser = await self.identify(request)
        messages = [] if browser.is_new else await self.chat.history(browser.web_id, since)
        body = {
            "messages": [message_json(m) for m in messages],
            "last_id": max((m.id for m in messages), default=since or 0),
        }
        return await self.finish(request, browser, SafeJSONResponse(body))

    async def download(self, request: Request, message_id: int) -> Response:
        """A document one of this browser's messages offers (e.g. the /export file)."""
        browser = await self.identify(request)
        found = None if browser.is_new else await self.chat.file(browser.web_id, message_id)
        if found is None:
            return SafeJSONResponse({"error": "not_found"}, status_code=404)
        filename, mime_type, content = found
        response = Response(content, media_type=mime_type)
        safe_name = "".join(c for c in filename if c.isascii() and (c.isalnum() or c in "._-"))
        # Pictures are shown in the page; everything else (an export) is saved.
        disposition = "inline" if mime_type == "image/png" else "attachment"
        response.headers["Content-Disposition"] = f'{disposition}; filename="{safe_name or "file"}"'
        return await self.finish(request, browser, response)

    async def static(self, name: str) -> Response:
        """The page's stylesheet and script (no build step: plain files)."""
        asset = static_asset(name)
        if asset is None:
            return Response(status_code=404)
        content, media_type = asset
        return Response(content, media_type=media_type, headers={"Cache-Control": "max-age=300"})


def webchat_router(
    settings: Settings, engine: ConversationEngine, uow: UnitOfWorkFactory, clock: Clock
) -> APIRouter:
    """The web chat's routes."""
    routes = WebChatRoutes(settings, engine, uow, clock)
    router = APIRouter()
    router.add_api_route("/", routes.page, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(
        "/chat/send", routes.guarded(routes.send_form, form=True), methods=["POST"]
    )
    router.add_api_route("/chat/api/send", routes.guarded(routes.send_json), methods=["POST"])
    router.add_api_route("/chat/api/history", routes.history, methods=["GET"])
    router.add_api_route("/chat/files/{message_id}", routes.download, methods=["GET"])
    router.add_api_route("/chat/static/{name}", routes.static, methods=["GET"])
    return router


def _first(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[0] if values else None


def _typed_from_json(body: bytes) -> TypedInput | None:
    """The input of a JSON request `{"text": ...}` or `{"payload": ...}`; None when malformed."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    text, payload = data.get("text"), data.get("payload")
    if not isinstance(text, str | None) or not isinstance(payload, str | None):
        return None
    return bounded_input(text, payload)
