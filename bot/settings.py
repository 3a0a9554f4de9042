"""Configuration from the environment (prefix LEARNCONNECT_) and an optional .env file."""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.db import DEFAULT_POOL_SIZE, async_database_url

ENV_PREFIX = "LEARNCONNECT_"
SUPPORTED_LOCALES = ("tr", "en")


class LogFormat(StrEnum):
    """How log lines look."""

    TEXT = "text"
    JSON = "json"


class Settings(BaseSettings):
    """Every setting of the coach; each is listed, with a comment, in `.env.example`."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # an empty line copied from .env.example means "not set"
        extra="ignore",
    )

    database_url: str = "sqlite+aiosqlite:///./data/learnconnect.db"
    database_pool_size: int = Field(default=DEFAULT_POOL_SIZE, ge=1)  # PostgreSQL connections
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8000, ge=1, le=65535)
    public_url: str | None = None
    web_secret: SecretStr | None = None  # signs web chat cookies; unset = kept in the database
    web_messages_per_minute: int = Field(default=60, ge=0)  # per browser; 0 = no limit
    web_new_students_per_hour: int = Field(default=100, ge=0)  # per client address; 0 = no limit

    telegram_token: SecretStr | None = None
    telegram_api_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    discord_token: SecretStr | None = None
    discord_api_url: str | None = None

    default_locale: str = "tr"
    default_timezone: str = "Europe/Istanbul"
    content_packs: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["yks", "sat"])

    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str = "gpt-4o-mini"
    # The AI tutor waits at most this long for the model, then answers from the pack.
    llm_tutor_timeout_s: float = Field(default=8.0, gt=0, le=10)
    llm_tutor_daily_calls: int = Field(default=40, ge=0)  # per student per day; 0 = pack only

    # The Q&A forum: Discord forum channels questions are mirrored into (one per server; the
    # bot then needs the Message Content intent to read the answers written there).
    forum_discord_channels: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # ... and the Telegram forum supergroup questions are mirrored into, one topic a subject
    # (the coach an admin there with "Manage topics"); None = not mirrored on Telegram.
    forum_telegram_chat: int | None = None
    # Tutors: an operator's forum supergroup (the coach an admin with "Manage topics", the
    # tutors members) where each escalation gets its own topic the tutor talks from; None =
    # tutors talk from their private chat with the bot.
    tutor_supergroup_id: int | None = None

    log_format: LogFormat = LogFormat.TEXT
    log_level: str = "INFO"
    scheduler_enabled: bool = True
    # When a student's study day starts (their own time zone): study at 01:30 counts for the
    # evening before. Streaks, the daily XP cap and the weekly card read days this way.
    streak_day_start: time = time(4, 0)
    # Study groups: how many members a matched group has (the 3 to 6); a proposed group
    # forms once the minimum said Join.
    group_min_size: int = Field(default=3, ge=3, le=6)
    group_max_size: int = Field(default=6, ge=3, le=6)

    @field_validator("group_max_size")
    @classmethod
    def _group_sizes_ordered(cls, value: int, info: ValidationInfo) -> int:
        # min is declared first, so it is validated (and in info.data) when it was valid
        if value < info.data.get("group_min_size", 3):
            raise ValueError("must not be smaller than LEARNCONNECT_GROUP_MIN_SIZE")
        return value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("must be an IANA time zone such as Europe/Istanbul") from error
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return async_database_url(value)

    @field_validator("content_packs", "forum_discord_channels", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @property
    def web_base_url(self) -> str:
        """The address students open in a browser."""
        return self.public_url or f"http://{self.web_host}:{self.web_port}"

    def secrets(self) -> list[str]:
        """Secret values, so the log filter can redact them wherever they appear."""
        values = [self.telegram_token, self.telegram_webhook_secret, self.discord_token]
        values.append(self.web_secret)
        values.append(self.llm_api_key)
        return [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]


class SettingsError(Exception):
    """A setting is invalid; the message names it in one line."""


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, turning validation errors into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise SettingsError(
            f"Invalid setting {ENV_PREFIX}{field.upper()}: {first['msg']}"
        ) from None
