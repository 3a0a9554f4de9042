"""Conversation flows: onboarding, assessment, plan preview, daily use, check-in, settings."""
