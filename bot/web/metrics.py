"""Prometheus metrics of the outbox at GET /metrics: queued, sent, failed, lag."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.notifications.model import OutboxStatus


class OutboxMetrics:
    """Gauges read from the outbox at each scrape (one registry per app, not the global one)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.rows = Gauge(
            "learnconnect_outbox_rows",
            "Outbox rows per status.",
            ["status"],
            registry=self.registry,
        )
        self.queued = Gauge(
            "learnconnect_outbox_queued", "Pushes waiting to be sent.", registry=self.registry
        )
        self.sent = Gauge("learnconnect_outbox_sent", "Pushes sent.", registry=self.registry)
        self.failed = Gauge(
            "learnconnect_outbox_failed",
            "Pushes that failed for good (unreachable or dead-lettered).",
            registry=self.registry,
        )
        self.due = Gauge(
            "learnconnect_outbox_due", "Pushes due now and not yet sent.", registry=self.registry
        )
        self.lag = Gauge(
            "learnconnect_outbox_lag_seconds",
            "How late the oldest due push is.",
            registry=self.registry,
        )
        self.sent_last_hour = Gauge(
            "learnconnect_outbox_sent_last_hour",
            "Pushes sent in the last hour.",
            registry=self.registry,
        )

    async def render(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> bytes:
        """Read the outbox and render every metric in the Prometheus text format."""
        async with uow_factory() as uow:
            stats = await uow.outbox.stats(clock.now())
        for status in OutboxStatus:
            self.rows.labels(status=status.value).set(stats.count(status))
        self.queued.set(stats.count(OutboxStatus.QUEUED) + stats.count(OutboxStatus.LEASED))
        self.sent.set(stats.count(OutboxStatus.SENT))
        self.failed.set(stats.count(OutboxStatus.FAILED) + stats.count(OutboxStatus.DEAD))
        self.due.set(stats.due_now)
        self.lag.set(stats.lag_seconds)
        self.sent_last_hour.set(stats.sent_last_hour)
        return generate_latest(self.registry)


def metrics_router(uow_factory: UnitOfWorkFactory, clock: Clock) -> APIRouter:
    """GET /metrics for Prometheus."""
    router = APIRouter()
    metrics = OutboxMetrics()

    @router.get("/metrics", include_in_schema=False)
    async def scrape() -> Response:
        """The outbox metrics."""
        return Response(await metrics.render(uow_factory, clock), media_type=CONTENT_TYPE_LATEST)

    return router
