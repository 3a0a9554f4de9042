"""Logging: secrets never reach the output, JSON lines when asked."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logging_setup import RedactSecrets, configure_logging
from bot.settings import Settings


@pytest.fixture
def captured() -> io.StringIO:
    return io.StringIO()


def test_tokens_are_redacted_everywhere(captured: io.StringIO) -> None:
    settings = Settings(
        telegram_token="987654:SECRET-discord-like-token-value",  # type: ignore[arg-type]
        discord_token="MTIzNDU2.discord.secret",  # type: ignore[arg-type]
    )
    configure_logging(settings, captured)
    log = logging.getLogger("httpx.test")
    log.warning("POST https://api.telegram.org/bot987654:SECRET-discord-like-token-value/getMe")
    log.warning("token %s", "MTIzNDU2.discord.secret")
    log.warning("unknown bot token 5555555:AAbbCCddEEffGGhhIIjjKKll in a message")
    try:
        raise RuntimeError("failed for MTIzNDU2.discord.secret")
    except RuntimeError:
        log.exception("boom")
    output = captured.getvalue()
    assert "SECRET" not in output
    assert "MTIzNDU2.discord.secret" not in output
    assert "AAbbCCddEEffGGhhIIjjKKll" not in output
    assert output.count("***") >= 4


def test_json_format(captured: io.StringIO) -> None:
    configure_logging(Settings(log_format="json"), captured)  # type: ignore[arg-type]
    logging.getLogger("learnconnect").info("hello %s", "world")
    line = captured.getvalue().strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "hello world"
    assert record["level"] == "INFO"
    assert record["time"].endswith("+00:00")


def test_redaction_keeps_ordinary_text() -> None:
    assert RedactSecrets(["abcd1234"]).redact("nothing secret here: 12:30") == (
        "nothing secret here: 12:30"
    )
