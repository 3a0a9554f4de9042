"""Runs the whole coach in one process: uvicorn serving the web app, with every service."""

from __future__ import annotations

import logging

import uvicorn

from bot.bootstrap import build
from bot.settings import Settings
from bot.web.app import create_app

log = logging.getLogger(__name__)


async def run_server(settings: Settings) -> None:
    """Prepare the database, then serve until SIGINT/SIGTERM (uvicorn handles both)."""
    container = build(settings)
    await container.prepare_database()
    app = create_app(container)
    config = uvicorn.Config(
        app,
        host=settings.web_host,
        port=settings.web_port,
        log_config=None,  # keep our logging configuration (and its secret filter)
        access_log=False,
        lifespan="on",
    )
    log.info("LearnConnect Coach on %s", settings.web_base_url)
    await uvicorn.Server(config).serve()
    log.info("stopped")
