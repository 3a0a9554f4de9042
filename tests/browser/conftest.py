"""Fixtures of the browser tests: one chromium and one served coach per module (each test is a
new browser context, hence a new student).

Module, not session, scope: Playwright's synchronous API keeps its own event loop running in
this thread while it is started, and pytest-asyncio cannot run the next modules' async tests
until it is stopped.

Chromium is Debian's package (`make test` and `.ci/run` install it when missing). Without it
the tests are skipped with the reason; with LEARNCONNECT_TEST_REQUIRE_BROWSER=1 (as in
.ci/run) they fail instead, so CI never passes without having run them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.served import ServedCoach, served_coach
from tests.dbs import SqliteTemplate
from tests.e2e.web_student import MONDAY_MORNING
from tests.fakes import FixedClock

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[2] / ".artifacts" / "browser"


def browser_required() -> bool:
    """Whether a missing browser fails the tests (CI) instead of skipping them."""
    return os.environ.get("LEARNCONNECT_TEST_REQUIRE_BROWSER", "") not in ("", "0", "false")


def skip_or_fail_browser(reason: str) -> None:
    """Skip the browser tests locally, fail them in CI."""
    if browser_required():
        pytest.fail(f"the browser is required (LEARNCONNECT_TEST_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    """LEARNCONNECT_TEST_CHROMIUM if set, else Debian's chromium, else a chromium on PATH."""
    chosen = os.environ.get("LEARNCONNECT_TEST_CHROMIUM")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless chromium for the module's tests."""
    executable = chromium_path()
    if executable is None:
        skip_or_fail_browser(
            "chromium is not installed "
            "(apt-get install -y chromium, or set LEARNCONNECT_TEST_CHROMIUM)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail_browser("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def coach(
    sqlite_template: SqliteTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServedCoach]:
    """The coach served on a loopback port for the module's tests."""
    database = sqlite_template.clone(tmp_path_factory.mktemp("browser") / "coach.db")
    with served_coach(database, FixedClock(MONDAY_MORNING)) as served:
        yield served


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored); emptied once per session."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
