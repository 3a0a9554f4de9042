"""Thin per-channel handlers: native update -> InboundEvent -> engine -> replies sent."""
