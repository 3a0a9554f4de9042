"""FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bot.bootstrap import Container


def create_app(container: Container) -> FastAPI:
    """The web app of one container; services start and stop with it."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await container.start()
        try:
            yield
        finally:
            await container.stop()

    app = FastAPI(title="LearnConnect Coach", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.container = container

    @app.get("/health")
    async def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/ready")
    async def ready() -> JSONResponse:
        """Readiness: the database answers too."""
        if await container.database_ready():
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "unavailable", "reason": "database"}, status_code=503)

    for router in container.routers:
        app.include_router(router())
    return app
