"""The tutor console on the web: `/tutor/login?token=` (the one-time link the bot sends) sets a
session cookie; `/tutor` lists the tutor's own escalations; `/tutor/e/{id}` shows one (the
packet, the conversation, a send box, Close). Anything not theirs, and anything without a
valid session, is 403. Posts must come from our own pages (Origin or Referer checked) and the
cookie is HttpOnly and SameSite=Strict. Texts are templates `tutors/console/*`; every value is
escaped by jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.web.webchat_guard import is_https, read_body, same_origin
from coach.core.clock import Clock
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.packs.catalog import Catalog
from coach.tutors import console
from prompts import render

COOKIE = "lc_tutor"
TEMPLATES = Path(__file__).parent / "templates"
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
T = TypeVar("T")


def _forbidden() -> Response:
    return Response("forbidden", status_code=403, headers=HEADERS, media_type="text/plain")


class TutorConsole:
    """The console's handlers on the coach's units of work."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog, public_url: str | None
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._public_url = public_url
        self._env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"])
        )

    async def _work(self, job: Callable[[UnitOfWork], Awaitable[T]], commit: bool = False) -> T:
        async with self._uow() as uow:
            result = await job(uow)
            if commit:
                await uow.commit()
            return result

    async def _tutor(self, request: Request) -> tuple[int, str] | None:
        session = request.cookies.get(COOKIE, "")
        if not session or len(session) > 100:
            return None
        now = self._clock.now()

        async def find(uow: UnitOfWork) -> tuple[int, str] | None:
            tutor_id = await console.session_tutor(uow, now, session)
            user = await uow.users.get(tutor_id) if tutor_id is not None else None
            return (tutor_id, user.locale) if tutor_id is not None and user else None

        return await self._work(find)

    def _html(self, locale: str, body: str, **context: Any) -> HTMLResponse:
        texts = lambda name, **values: render(f"tutors/console/{name}", locale, **values)  # noqa: E731
        html = self._env.get_template("tutor.html").render(
            locale=locale, body=body, t=texts, **context
        )
        return HTMLResponse(html, headers=HEADERS)

    # ------------------------------------------------------------------ routes
    async def login(self, request: Request) -> Response:
        """Trade the one-time link for a session cookie."""
        token = request.query_params.get("token", "")[:100]
        now = self._clock.now()
        session = await self._work(lambda uow: console.log_in(uow, now, token), commit=True)
        if session is None:
            return _forbidden()
        response = RedirectResponse("/tutor", status_code=303, headers=HEADERS)
        response.set_cookie(
            COOKIE,
            session,
            max_age=console.SESSION_HOURS * 3600,
            httponly=True,
            samesite="strict",
            secure=is_https(request, self._public_url),
            path="/tutor",
        )
        return response

    async def home(self, request: Request) -> Response:
        """The tutor's own escalations."""
        found = await self._tutor(request)
        if found is None:
            return _forbidden()
        tutor_id, locale = found
        now = self._clock.now()
        items = await self._work(lambda uow: console.overview(uow, now, tutor_id))
        return self._html(locale, "list", items=items)

    async def escalation(self, request: Request) -> Response:
        """One escalation of the tutor: packet, conversation, send box, Close."""
        found = await self._tutor(request)
        escalation_id = _id(request)
        if found is None or escalation_id is None:
            return _forbidden()
        tutor_id, locale = found
        now = self._clock.now()
        shown = await self._work(
            lambda uow: console.page(uow, now, self._catalog, tutor_id, escalation_id)
        )
        if shown is None:
            return _forbidden()
        packet = render("tutors/packet", locale, p=shown.packet)
        return self._html(locale, "escalation", page=shown, packet=packet)

    async def _post(
        self, request: Request, act: Callable[[UnitOfWork, int, int, str], Awaitable[bool | None]]
    ) -> Response:
        found = await self._tutor(request)
        escalation_id = _id(request)
        if found is None or escalation_id is None or not same_origin(request, self._public_url):
            return _forbidden()
        fields = parse_qs((await read_body(request, 8192)).decode("utf-8", "replace"))
        text = (fields.get("text") or [""])[0]
        done = await self._work(lambda uow: act(uow, found[0], escalation_id, text), commit=True)
        if done is None:
            return _forbidden()
        return RedirectResponse(f"/tutor/e/{escalation_id}", status_code=303, headers=HEADERS)

    async def send(self, request: Request) -> Response:
        """Write to the student (active escalations only)."""
        now = self._clock.now()
        return await self._post(request, lambda uow, t, e, text: console.send(uow, now, t, e, text))

    async def close(self, request: Request) -> Response:
        """Close the escalation."""
        now = self._clock.now()
        return await self._post(request, lambda uow, t, e, _text: console.close(uow, now, t, e))


def _id(request: Request) -> int | None:
    raw = str(request.path_params.get("escalation_id", ""))
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def tutor_console_router(
    uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog, public_url: str | None
) -> APIRouter:
    """The console's routes."""
    handlers = TutorConsole(uow, clock, catalog, public_url)
    router = APIRouter()
    router.add_api_route("/tutor/login", handlers.login, methods=["GET"])
    router.add_api_route("/tutor", handlers.home, methods=["GET"])
    router.add_api_route("/tutor/e/{escalation_id}", handlers.escalation, methods=["GET"])
    router.add_api_route("/tutor/e/{escalation_id}/send", handlers.send, methods=["POST"])
    router.add_api_route("/tutor/e/{escalation_id}/close", handlers.close, methods=["POST"])
    return router
