"""The Telegram webhook route: Telegram POSTs each update here in webhook mode.

The secret header is compared in constant time; a missing header is 401, a wrong one 403.
Malformed bodies are 400 and handler failures are logged, so the route never answers 500
(Telegram would redeliver the same broken update again and again).
"""

from __future__ import annotations

import hmac
import json

from fastapi import APIRouter, Request, Response

from bot.channels.telegram_service import TelegramService

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  (a header name)


def telegram_webhook_router(service: TelegramService) -> APIRouter:
    """A router with the webhook route at the path of the configured webhook URL."""
    router = APIRouter()
    expected = service.webhook_secret.encode()

    async def telegram_webhook(request: Request) -> Response:
        """Check the secret, parse the update, handle it, answer 200."""
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return Response(status_code=401)
        if not hmac.compare_digest(given.encode(), expected):
            return Response(status_code=403)
        if not service.accepting_updates:
            return Response(status_code=503)  # Telegram retries later; nothing is lost
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return Response(status_code=400)
        update = service.parse_update(data)
        if update is None:
            return Response(status_code=400)
        await service.process_update(update)
        return Response(status_code=200)

    # A plain Starlette route: no parameters to validate and nothing to serialise, so FastAPI's
    # per-request dependency machinery would only cost time on the busiest route.
    router.add_route(
        service.webhook_path, telegram_webhook, methods=["POST"], include_in_schema=False
    )
    return router
