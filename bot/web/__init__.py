"""The FastAPI app: health, readiness, web chat, dashboard, webhooks and calendar feeds."""
