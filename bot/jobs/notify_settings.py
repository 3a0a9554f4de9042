"""Settings of the notification jobs (env prefix LEARNCONNECT_NOTIFY_), with safe defaults."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class NotifySettings(BaseSettings):
    """How often the producers and the dispatcher run, and how they lease, retry and elect."""

    model_config = SettingsConfigDict(
        env_prefix="LEARNCONNECT_NOTIFY_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    # Channels that may push, preferred first, when a student has several.
    channels: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["telegram", "discord", "web"]
    )
    sweep_interval_minutes: int = Field(default=5, ge=1, le=60)
    sweep_batch_size: int = Field(default=1000, ge=10, le=5000)
    dispatch_interval_s: float = Field(default=1.0, gt=0)
    dispatch_batch_size: int = Field(default=100, ge=1, le=1000)
    dispatch_concurrency: int = Field(default=16, ge=1, le=256)
    lease_seconds: float = Field(default=60.0, gt=0)
    max_attempts: int = Field(default=6, ge=1)
    backoff_base_s: float = Field(default=5.0, gt=0)
    backoff_max_s: float = Field(default=900.0, gt=0)
    leader_check_s: float = Field(default=5.0, gt=0)
    retention_days: int = Field(default=30, ge=1)

    @field_validator("channels", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value
