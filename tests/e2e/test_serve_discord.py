"""`learnconnect serve` with a Discord token: a rejected token is one clear log line (without
the token), and the rest of the coach keeps answering."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_serve import LEARNCONNECT, free_port, serve_env, wait_for

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.not-a-real-token-0123456789abcdef"


class FakeDiscordApi(BaseHTTPRequestHandler):
    """Discord's REST API as it answers a bad token: 401 on every call."""

    seen: list[str] = []  # noqa: RUF012  (one server per test, reset by the fixture)

    def do_GET(self) -> None:
        self.seen.append(self.path)
        body = json.dumps({"message": "401: Unauthorized", "code": 0}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def discord_api() -> Iterator[str]:
    FakeDiscordApi.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDiscordApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_rejected_discord_token_is_one_line_and_the_rest_keeps_working(
    tmp_path: Path, discord_api: str
) -> None:
    port = free_port()
    env = serve_env(
        tmp_path,
        port,
        LEARNCONNECT_DISCORD_TOKEN=TOKEN,
        LEARNCONNECT_DISCORD_API_URL=discord_api,
        LEARNCONNECT_CONTENT_PACKS=str(MINI),
    )
    process = subprocess.Popen(
        [LEARNCONNECT, "serve"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")))  # type: ignore[union-attr]
    reader.start()
    try:
        assert wait_for(f"http://127.0.0.1:{port}/health", process).json() == {"status": "ok"}
        deadline = time.monotonic() + 30
        while not any("Discord" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert httpx.get(f"http://127.0.0.1:{port}/health").json() == {"status": "ok"}
        assert httpx.get(f"http://127.0.0.1:{port}/ready").status_code == 200
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        reader.join(timeout=10)
    output = "".join(lines)
    assert process.returncode == 0, output
    assert "/api/v10/users/@me" in FakeDiscordApi.seen
    assert TOKEN not in output and TOKEN.split(".", maxsplit=1)[0] not in output
    problems = [line for line in lines if ("ERROR" in line or "WARNING" in line)]
    discord_problems = [line for line in problems if "discord" in line.lower()]
    assert len(discord_problems) == 1, output
    assert "LEARNCONNECT_DISCORD_TOKEN was rejected" in discord_problems[0]
    assert "Traceback" not in output
