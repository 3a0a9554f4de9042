"""`learnconnect content import` and the start-up hook, on SQLite and PostgreSQL; `content
check-links` against an HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import re
import shutil
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.bootstrap import build
from bot.cli import app
from bot.settings import load_settings
from tests.fakes import FixedClock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
PACKS = Path(__file__).resolve().parents[1] / "fixtures" / "packs"
runner = CliRunner()


def test_import_command_is_idempotent_and_list_shows_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    mini = str(FIXTURES / "mini")
    first = runner.invoke(app, ["content", "import", mini])
    assert first.exit_code == 0, first.output
    assert "mini 1: added 17, updated 0, retired 0, unchanged 0" in first.output
    again = runner.invoke(app, ["content", "import", mini])
    assert "mini 1: unchanged (checksum matches), nothing written" in again.output
    changed = runner.invoke(app, ["content", "import", str(FIXTURES / "mini_v2")])
    assert "mini 2: added 1, updated 2, retired 1, unchanged 14" in changed.output
    listed = runner.invoke(app, ["content", "list"])
    assert "  mini   2        imported" in listed.output


def test_import_refuses_a_broken_pack(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    result = runner.invoke(app, ["content", "import", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    assert "[prerequisite-cycle]" in result.output


async def test_startup_hook_imports_configured_packs(database_url: str, clock: FixedClock) -> None:
    settings = load_settings(
        database_url=database_url,
        content_packs=[str(FIXTURES / "mini"), "no_such_pack"],
        scheduler_enabled=False,
    )
    container = build(settings, clock=clock)
    try:
        await container.prepare_database()  # the unknown pack is logged, not fatal
        await container.prepare_database()
        async with container.uow() as uow:
            [stored] = await uow.content.imported_packs()
            assert (stored.id, stored.imported_at) == ("mini", clock.now())
            assert await uow.content.item_ids("mini", "topics") == {"sayilar", "uslu", "kuvvet"}
    finally:
        await container.stop()


class _Links(BaseHTTPRequestHandler):
    """/ok 200, /redirect 302 -> /ok, /missing 404, /slow answers only when released."""

    server: _LinkServer

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.hits[self.path] += 1
            self.server.agents.add(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            self.server.release.wait(timeout=10)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
        else:
            self.send_response(200 if self.path in ("/ok", "/slow") else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return  # the tests read the hits, not a log on stderr


class _LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Links)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.agents: set[str] = set()
        self.release = threading.Event()


@pytest.fixture
def link_server() -> Iterator[_LinkServer]:
    server = _LinkServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _links_pack(tmp_path: Path, port: int, *, only_good: bool = False) -> Path:
    target = tmp_path / "links"
    shutil.copytree(PACKS / "links", target)
    topics = target / "topics" / "mat.yaml"
    text = topics.read_text().replace("DEADPORT", str(_closed_port())).replace("PORT", str(port))
    if only_good:  # /missing, /slow and the closed port's "/" all become /ok
        text = re.sub(
            r"http://127\.0\.0\.1:\d+/(missing|slow|)\"", f'http://127.0.0.1:{port}/ok"', text
        )
    topics.write_text(text)
    return target


def test_check_links_reports_dead_links_and_exits_1(
    tmp_path: Path, link_server: _LinkServer
) -> None:
    pack = _links_pack(tmp_path, link_server.server_address[1])
    result = runner.invoke(
        app, ["content", "check-links", str(pack), "--timeout", "0.5", "--concurrency", "2"]
    )
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    dead = sorted(line.split(":")[1].strip() for line in lines if line.startswith("dead: "))
    assert dead == [
        "links/sayilar sayilar_missing",
        "links/uslu uslu_slow",
        "links/uslu uslu_unreachable",
    ]
    assert any("sayilar_missing: HTTP 404 (" in line for line in lines)
    assert any("uslu_slow: no answer within 0.5 s" in line for line in lines)
    assert any("uslu_unreachable: ConnectError" in line for line in lines)
    assert lines[-1] == "checked 6 links: 3 ok, 3 dead"
    # The shared /ok address is fetched once (and once more at the end of the redirect).
    assert link_server.hits == {"/ok": 2, "/redirect": 1, "/missing": 1, "/slow": 1}
    assert all(agent.startswith("Mozilla/5.0 ") for agent in link_server.agents)


def test_check_links_exits_0_when_every_link_answers(
    tmp_path: Path, link_server: _LinkServer
) -> None:
    pack = _links_pack(tmp_path, link_server.server_address[1], only_good=True)
    result = runner.invoke(app, ["content", "check-links", str(pack)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["checked 6 links: 6 ok, 0 dead"]
