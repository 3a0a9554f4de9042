"""Settings: defaults, environment, .env, and one clear line for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("LEARNCONNECT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_are_the_embedded_setup() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///./data/learnconnect.db"
    assert (settings.web_host, settings.web_port) == ("127.0.0.1", 8000)
    assert settings.default_locale == "tr"
    assert settings.default_timezone == "Europe/Istanbul"
    assert settings.telegram_token is None
    assert settings.discord_token is None
    assert settings.content_packs == ["yks", "sat"]
    assert settings.web_base_url == "http://127.0.0.1:8000"


def test_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LEARNCONNECT_WEB_PORT=18431\nLEARNCONNECT_LOG_FORMAT=json\n")
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", "postgres://u@db:5432/lc")
    monkeypatch.setenv("LEARNCONNECT_CONTENT_PACKS", "yks, sat ,")
    monkeypatch.setenv("LEARNCONNECT_TELEGRAM_TOKEN", "123:ABC")
    settings = load_settings()
    assert settings.web_port == 18431
    assert settings.log_format == "json"
    assert settings.database_url == "postgresql+asyncpg://u@db:5432/lc"
    assert settings.content_packs == ["yks", "sat"]
    assert settings.telegram_token is not None
    assert "123:ABC" not in repr(settings)
    assert settings.secrets() == ["123:ABC"]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("WEB_PORT", "eighty", "LEARNCONNECT_WEB_PORT"),
        ("WEB_PORT", "70000", "LEARNCONNECT_WEB_PORT"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "LEARNCONNECT_DEFAULT_TIMEZONE"),
        ("DEFAULT_LOCALE", "de", "LEARNCONNECT_DEFAULT_LOCALE"),
        ("DATABASE_URL", "mysql://x", "LEARNCONNECT_DATABASE_URL"),
        ("LOG_FORMAT", "xml", "LEARNCONNECT_LOG_FORMAT"),
    ],
)
def test_a_bad_setting_names_itself_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(f"LEARNCONNECT_{name}", value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith(f"Invalid setting {expected}:")
    assert "\n" not in message


def test_every_setting_is_documented_in_env_example() -> None:
    from bot.jobs.notify_settings import NotifySettings

    example = (Path(__file__).parents[2] / ".env.example").read_text()
    for name in Settings.model_fields:
        assert f"LEARNCONNECT_{name.upper()}" in example, name
    for name in NotifySettings.model_fields:
        assert f"LEARNCONNECT_NOTIFY_{name.upper()}" in example, name
